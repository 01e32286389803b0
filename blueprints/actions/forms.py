"""The forms of actions: the responsible organisation's update, and the filter of the overdue list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.networks.actions import ACTION_STATUS_LABELS, NEXT_STATUSES
from blueprints.forms import BaseForm, CheckedByService
from blueprints.minutes.forms import CONFIRM_LABEL


class UpdateForm(BaseForm):
    """How the action goes: a new status and a note (the reason, when it is dropped)."""

    status = SelectField(lazy_pgettext("action", "Status"), validators=[CheckedByService()], validate_choice=False)
    note = TextAreaField(_l("Note (why, when the action is dropped)"), validators=[Optional(), Length(max=1000)])
    no_personal_data = BooleanField(CONFIRM_LABEL)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [action.status, *NEXT_STATUSES[action.status]] if action is not None else list(NEXT_STATUSES)
        self.status.choices = [(status.value, ACTION_STATUS_LABELS[status]) for status in statuses]
        if action is not None and not self.is_submitted():
            self.status.data = action.status.value
            self.note.data = action.status_note or ""


class NetworkFilter(BaseForm):
    """Which network's overdue actions to show."""

    class Meta:
        csrf = False

    network = SelectField(_l("Network"), validators=[Optional()], validate_choice=False)

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.network.choices = [("", _l("All networks"))] + [(str(network.id), network.name) for network in networks]
