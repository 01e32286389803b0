"""Forms for programmes and their budget lines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.labels import FUNDING_SOURCE_LABELS
from app.services.funding.programmes import FIRST_YEAR, LAST_YEAR, NAME_MAX, RESOLUTION_MAX, TASK_MAX, TEXT_MAX
from blueprints.forms import AmountField, BaseForm

YEAR_MESSAGE = _l("Give a year such as 2026.")


def _year_field(label):
    return IntegerField(label, validators=[InputRequired(YEAR_MESSAGE), NumberRange(FIRST_YEAR, LAST_YEAR,
                                                                                    YEAR_MESSAGE)])


class ProgrammeForm(BaseForm):
    """A programme: its name and purpose in three languages, the council's resolution, its years."""

    name_pl = StringField(_l("Name in Polish"), validators=[DataRequired(_l("Give the programme's name in Polish.")),
                                                          Length(max=NAME_MAX)])
    name_uk = StringField(_l("Name in Ukrainian"), validators=[Optional(), Length(max=NAME_MAX)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=NAME_MAX)])
    description_pl = TextAreaField(_l("What it is for, in Polish"), validators=[Optional(), Length(max=TEXT_MAX)])
    description_uk = TextAreaField(_l("What it is for, in Ukrainian"), validators=[Optional(), Length(max=TEXT_MAX)])
    description_en = TextAreaField(_l("What it is for, in English"), validators=[Optional(), Length(max=TEXT_MAX)])
    resolution = StringField(_l("Council resolution"), validators=[Optional(), Length(max=RESOLUTION_MAX)])
    first_year = _year_field(_l("First year"))
    last_year = _year_field(_l("Last year"))


class BudgetLineForm(BaseForm):
    """A budget line: a year of the programme, a funding source, a task and the amount planned."""

    year = SelectField(_l("Year"), coerce=str, validators=[DataRequired(_l("Choose a year of the programme."))])
    source = SelectField(_l("Funding source"), choices=[("", "")] + [(s.value, label) for s, label in
                                                                      FUNDING_SOURCE_LABELS.items()],
                         validators=[DataRequired(_l("Choose a source from the list."))])
    task_pl = StringField(_l("What the money is for, in Polish"), validators=[
        DataRequired(_l("Say in Polish what the money is for.")), Length(max=TASK_MAX)])
    task_uk = StringField(_l("What the money is for, in Ukrainian"), validators=[Optional(), Length(max=TASK_MAX)])
    task_en = StringField(_l("What the money is for, in English"), validators=[Optional(), Length(max=TASK_MAX)])
    amount = AmountField(_l("Amount planned (zł)"), validators=[InputRequired(_l("Give the amount planned."))])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=TEXT_MAX)])

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(programme.first_year, programme.last_year + 1) if programme is not None else ()
        self.year.choices = [(str(year), str(year)) for year in years]
