"""The filters of the public "who received what" page (a GET form, no token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import SelectField
from wtforms.validators import Optional

from blueprints.forms import BaseForm, LongSelectField


class RecipientFilterForm(BaseForm):
    """Year (running in it), programme, organisation and kind of the signed agreements listed (choices set by the
    view)."""

    class Meta:
        csrf = False

    year = SelectField(_l("In force in the year"), validators=[Optional()])
    programme = SelectField(_l("Programme"), validators=[Optional()])
    organisation = LongSelectField(_l("Organisation"), validators=[Optional()])
    kind = SelectField(lazy_pgettext("agreement", "Kind"), validators=[Optional()])
