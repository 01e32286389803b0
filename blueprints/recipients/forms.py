"""The filters of the public "who received what" page (a GET form, no token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms.validators import Optional

from blueprints.forms import BaseForm, LongSelectField

CHOOSE = _l("Choose from the list: this value is not offered, so the list is not narrowed by it.")


class RecipientFilterForm(BaseForm):
    """Year (running in it), programme, organisation and kind of the signed agreements listed (choices set by the
    view)."""

    class Meta:
        csrf = False

    year = LongSelectField(_l("In force in the year"), validators=[Optional()], invalid_choice_message=CHOOSE)
    programme = LongSelectField(_l("Programme"), validators=[Optional()], invalid_choice_message=CHOOSE)
    organisation = LongSelectField(_l("Organisation"), validators=[Optional()], invalid_choice_message=CHOOSE)
    kind = LongSelectField(lazy_pgettext("agreement", "Kind"), validators=[Optional()], invalid_choice_message=CHOOSE)
