"""The category form: code and place in the tree, names and synonyms in three languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.services.directory.taxonomy import CODE_MAX, LABEL_MAX, SYNONYMS_MAX
from blueprints.forms import BaseForm

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")


class TermForm(BaseForm):
    """A category. ``code`` and ``position`` are asked only when it is created."""

    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter a code.")),
                                               Length(max=CODE_MAX, message=TOO_LONG)])
    # The service checks the choice (a top category, not itself), with a clearer message than WTForms'.
    parent_id = SelectField(_l("Belongs to"), coerce=str, validate_choice=False, validators=[Optional()])
    position = StringField(_l("Position among its siblings (optional)"), validators=[
        Optional(), Regexp(r"^\d{1,5}$", message=_l("Enter a whole number from 0 to 10000."))])
    label_pl = StringField(_l("Name in Polish"), validators=[DataRequired(_l("Enter the name in Polish.")),
                                                             Length(max=LABEL_MAX, message=TOO_LONG)])
    label_uk = StringField(_l("Name in Ukrainian"), validators=[Optional(), Length(max=LABEL_MAX, message=TOO_LONG)])
    label_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=LABEL_MAX, message=TOO_LONG)])
    synonyms_pl = TextAreaField(_l("Synonyms in Polish"), validators=[Optional(), Length(max=SYNONYMS_MAX,
                                                                                         message=TOO_LONG)])
    synonyms_uk = TextAreaField(_l("Synonyms in Ukrainian"), validators=[Optional(), Length(max=SYNONYMS_MAX,
                                                                                             message=TOO_LONG)])
    synonyms_en = TextAreaField(_l("Synonyms in English"), validators=[Optional(), Length(max=SYNONYMS_MAX,
                                                                                          message=TOO_LONG)])
    is_crisis = BooleanField(_l("Crisis category: its services' pages carry the quick-exit button"))

    def data_for_service(self, names) -> dict:
        """The typed values for app.services.taxonomy, position as a number."""
        data = {name: self[name].data for name in names if name in self}
        if "position" in data:
            data["position"] = int(data["position"]) if data["position"] else None
        return data
