"""The organisation's forms on an agreement sent to it: its admin accepts it, or sends it back with what should
change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from app.services.agreements.lifecycle import REASON_MAX
from blueprints.forms import BaseForm, CheckedByService

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")


class AcceptForm(BaseForm):
    """The admin's explicit acceptance (the service refuses it, beside the box, when the box is not ticked)."""

    confirm = BooleanField(_l("I have read the agreement and accept it on behalf of the organisation"))


class DeclineForm(BaseForm):
    """The agreement back to the department with what should change (the service asks for it when left blank)."""

    reason = TextAreaField(_l("What should change in the agreement"),
                           validators=[CheckedByService(), Length(max=REASON_MAX, message=TOO_LONG)])
