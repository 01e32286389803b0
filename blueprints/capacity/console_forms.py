"""The department board's filters (a GET form, no token) and the department-defined kind's form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.labels import SERVES_LABELS
from app.services.capacity.board import DAYS_CHOICES
from app.services.capacity.kinds import CODE_MAX
from blueprints.forms import BaseForm, LongSelectField

CHOOSE = _l("Choose from the list: this value is not offered, so the board is not narrowed by it.")
TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")
LABEL_MAX = 120


class BoardFilterForm(BaseForm):
    """Kind, who the places serve, district, only units with free places now, only stale units, and the days shown."""

    class Meta:
        csrf = False

    kind = LongSelectField(lazy_pgettext("capacity filter", "Kind"), validators=[Optional()],
                           invalid_choice_message=CHOOSE)
    serves = LongSelectField(_l("Who the places are for"), validators=[Optional()], invalid_choice_message=CHOOSE)
    district = LongSelectField(_l("District"), validators=[Optional()], invalid_choice_message=CHOOSE)
    free = BooleanField(_l("Only units with a free place now"))
    stale = BooleanField(_l("Only units not counted for 24 hours"))
    days = LongSelectField(_l("Occupancy over"), validators=[Optional()], invalid_choice_message=CHOOSE)

    def __init__(self, *args, kinds=(), districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", str(lazy_pgettext("capacity filter", "All kinds"))), *kinds]
        self.serves.choices = [("", str(_l("Everyone"))),
                               *[(code.value, str(label)) for code, label in SERVES_LABELS.items()]]
        self.district.choices = [("", str(_l("All districts"))), *[(str(key), name) for key, name in districts]]
        self.days.choices = [(str(days), str(_l("the last %(num)d days", num=days))) for days in DAYS_CHOICES]

    def chosen(self, name: str) -> str | None:
        """The valid value of a select, or None (any, or refused)."""
        field = self[name]
        if field.errors or not field.data:
            return None
        return field.data


class KindForm(BaseForm):
    """A department-defined kind of places; the code is asked only when it is added."""

    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter a code.")), Length(max=CODE_MAX, message=TOO_LONG),
        Regexp(r"^[a-z0-9]+([._-][a-z0-9]+)*$",
               message=_l("Use lower-case letters, digits, and . - _ between them, at most %(max)d characters "
                          "(for example crisis.shelter).", max=CODE_MAX))])
    label_pl = StringField(_l("Name in Polish"), validators=[DataRequired(_l("Enter the name in Polish.")),
                                                             Length(max=LABEL_MAX, message=TOO_LONG)])
    label_uk = StringField(_l("Name in Ukrainian"), validators=[Optional(), Length(max=LABEL_MAX, message=TOO_LONG)])
    label_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=LABEL_MAX, message=TOO_LONG)])
    position = StringField(_l("Position in the list (optional)"), validators=[
        Optional(), Regexp(r"^\d{1,5}$", message=_l("Enter a whole number from 0 to 10000."))])
    is_active = BooleanField(_l("Offered to organisations for their units"), default=True)

    def for_service(self) -> dict:
        data = {name: self[name].data for name in ("code", "label_pl", "label_uk", "label_en", "is_active")
                if name in self}
        data["position"] = int(self.position.data) if self.position.data else 0
        return data
