"""Forms for the city's indicators and their yearly figures. The service checks the values (and says what is
wrong beside the field); the forms keep what was typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.reports.indicators import NAME_MAX, NOTE_MAX, SOURCE_MAX, UNIT_MAX
from blueprints.forms import BaseForm, CheckedByService


class IndicatorForm(BaseForm):
    """An indicator: its name and unit in three languages, where its figures come from, its place, publication."""

    name_pl = StringField(_l("Name in Polish"), validators=[CheckedByService(), Length(max=NAME_MAX)])
    name_uk = StringField(_l("Name in Ukrainian"), validators=[Optional(), Length(max=NAME_MAX)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=NAME_MAX)])
    unit_pl = StringField(_l("Unit in Polish"), validators=[Optional(), Length(max=UNIT_MAX)])
    unit_uk = StringField(_l("Unit in Ukrainian"), validators=[Optional(), Length(max=UNIT_MAX)])
    unit_en = StringField(_l("Unit in English"), validators=[Optional(), Length(max=UNIT_MAX)])
    source_note = TextAreaField(_l("Where the figures come from"), validators=[CheckedByService(),
                                                                               Length(max=SOURCE_MAX)])
    position = StringField(_l("Place in the list"), validators=[Optional()])
    is_public = BooleanField(_l("Show it to residents on “The city in figures”"))


class ValueForm(BaseForm):
    """A year's figure of an indicator."""

    year = StringField(_l("Year"), validators=[CheckedByService()])
    value = StringField(_l("Figure"), validators=[CheckedByService()])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])
