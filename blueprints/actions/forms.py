"""The forms of actions: the responsible organisation's update, and the filters of the lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.networks.actions import ACTION_STATUS_LABELS, NEXT_STATUSES, status_filter
from blueprints.forms import BaseForm, CheckedByService, LongSelectField
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
    """Which network's actions to show (a value not among the networks shows every network's)."""

    class Meta:
        csrf = False

    network = LongSelectField(_l("Network"), validators=[Optional()], validate_choice=False)

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.network.choices = [("", _l("All networks"))] + [(str(network.id), network.name) for network in networks]


STATUS_FILTER_LABELS = {
    "open": lazy_pgettext("actions filter", "Open and in progress"),
    "closed": lazy_pgettext("actions filter", "Done or dropped"),
    "all": lazy_pgettext("actions filter", "All"),
}


class ActionFilter(NetworkFilter):
    """An organisation's list: which network's actions, and open, closed or all of them (junk shows the open ones)."""

    status = LongSelectField(lazy_pgettext("action", "Status"), validators=[Optional()], validate_choice=False,
                             choices=list(STATUS_FILTER_LABELS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.data = status_filter(self.status.data)
