"""The form of a message: the audience (network, kind, district, category, programme) and the texts in three
languages, with the one-time key that makes a double submit send once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from app.services.networks.messages import BODY_MAX, SUBJECT_MAX
from app.services.networks.privacy import CONFIRM_FIELD
from blueprints.forms import BaseForm, CheckedByService, MultiCheckboxField

AUDIENCE = ("networks", "kinds", "districts", "categories", "programmes")
TEXTS = ("subject_pl", "body_pl", "subject_uk", "body_uk", "subject_en", "body_en")


class MessageForm(BaseForm):
    """Who receives the message and what it says; the service checks the audience and the texts."""

    submission_key = HiddenField()
    networks = MultiCheckboxField(_l("Networks"))
    kinds = MultiCheckboxField(_l("Kinds of organisation"))
    districts = MultiCheckboxField(_l("Districts (a location of the organisation in it)"))
    categories = MultiCheckboxField(_l("Categories of their services (with their sub-categories)"))
    programmes = MultiCheckboxField(_l("Programmes (an agreement or an offer in it)"))
    subject_pl = StringField(_l("Subject in Polish"), validators=[CheckedByService(), Length(max=SUBJECT_MAX)])
    body_pl = TextAreaField(_l("Message in Polish"), validators=[CheckedByService(), Length(max=BODY_MAX)])
    subject_uk = StringField(_l("Subject in Ukrainian"), validators=[Length(max=SUBJECT_MAX)])
    body_uk = TextAreaField(_l("Message in Ukrainian"), validators=[Length(max=BODY_MAX)])
    subject_en = StringField(_l("Subject in English"), validators=[Length(max=SUBJECT_MAX)])
    body_en = TextAreaField(_l("Message in English"), validators=[Length(max=BODY_MAX)])
    no_personal_data = BooleanField(_l("I confirm the message holds no person's data"))

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AUDIENCE:
            self[name].choices = choices.get(name, [])
            self[name].validate_choice = False  # the service checks every value against what the sender may choose

    def data_for_service(self) -> dict:
        """The form's values as the service takes them."""
        data = {name: (self[name].data or "").strip() for name in TEXTS}
        data.update({name: self[name].data or [] for name in AUDIENCE})
        data["submission_key"] = self.submission_key.data
        data[CONFIRM_FIELD] = self.no_personal_data.data
        return data
