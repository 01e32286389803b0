"""The form that makes a query that found little a synonym of a category."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired

from blueprints.forms import BaseForm


class SynonymForm(BaseForm):
    """A query (as the search folded it, editable) added to one category's synonyms in one language.

    The service checks the length, the category and the language, with its own messages.
    """

    synonym = StringField(_l("Synonym"), validators=[DataRequired(_l("Enter the words to add."))])
    category = SelectField(_l("Category"), coerce=str, validate_choice=False)
    language = SelectField(_l("Language of the synonym"), coerce=str, validate_choice=False)
    period = HiddenField()
