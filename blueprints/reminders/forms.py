"""The filters of the reminders' log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms.validators import Optional

from app.services.reports.reminders import KIND_LABELS
from blueprints.forms import BaseForm, LongSelectField

CHOOSE = _l("Choose from the list.")


class FilterForm(BaseForm):
    """Filter by organisation and occasion (GET, no CSRF): a value not among the choices is ignored, with a
    message."""

    class Meta:
        csrf = False

    organisation = LongSelectField(_l("Organisation"), validators=[Optional()], invalid_choice_message=CHOOSE)
    kind = LongSelectField(lazy_pgettext("reminder", "Occasion"), validators=[Optional()],
                           invalid_choice_message=CHOOSE)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", str(_l("All organisations"))), *organisations]
        self.kind.choices = [("", str(_l("Every occasion"))),
                             *[(kind, str(label)) for kind, label in KIND_LABELS.items()]]

    def chosen(self, name: str) -> str:
        """The value of one filter, or "" when it was refused."""
        field = self[name]
        return "" if field.errors else (field.data or "")
