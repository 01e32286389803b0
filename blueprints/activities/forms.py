"""Forms of events and volunteering: the residents' filters (GET) and the organisation's editors."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from app.labels import EVENT_KIND_LABELS, GROUP_LABELS, RECURRENCE_LABELS
from app.services.activities.calendar import DEFAULT_WEEKS, MAX_WEEKS, start_is_sensible
from blueprints.forms import BaseForm, MultiCheckboxField

PHONE = Regexp(r"^[0-9 +()-]{5,40}$", message=_l("Use digits, spaces and + ( ) - only."))
EMAIL = Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False)


def _sensible_start(_form, field):
    if field.data is not None and not start_is_sensible(field.data):
        raise ValidationError(_l("Choose a date within a year back and two years ahead."))


def _optional_id(value):
    """A select's value as an id, None for the empty choice, -1 (matching no row) for junk."""
    if value in (None, "", "None"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number < 2**31 else -1


class EventFilterForm(BaseForm):
    """What residents can narrow the calendar to (GET, bookmarkable, no CSRF)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of event"), validators=[Optional()],
                       choices=[("", _l("All kinds")), *((k.value, label) for k, label in EVENT_KIND_LABELS.items())])
    district = SelectField(_l("District"), validators=[Optional()])
    group = SelectField(_l("Who is it for"), validators=[Optional()],
                        choices=[("", _l("Anyone")), *GROUP_LABELS.items()])
    free = BooleanField(_l("Free of charge only"))
    start = DateField(_l("From"), validators=[Optional(), _sensible_start])
    weeks = IntegerField(_l("For how many weeks"), default=DEFAULT_WEEKS, validators=[
        Optional(), NumberRange(min=1, max=MAX_WEEKS, message=_l("Choose from 1 to %(max)d weeks.", max=MAX_WEEKS))])


class VolunteeringFilterForm(BaseForm):
    """The district filter of the volunteering list (GET, no CSRF)."""

    class Meta:
        csrf = False

    district = SelectField(_l("District"), validators=[Optional()])


class EventForm(BaseForm):
    """An organisation's event: what, when (Europe/Warsaw), where, for whom, how to sign up."""

    kind = SelectField(_l("Kind of event"), validators=[DataRequired(_l("Choose the kind of event."))],
                       choices=[(k.value, label) for k, label in EVENT_KIND_LABELS.items()])
    title_pl = StringField(_l("Title in Polish"), validators=[DataRequired(_l("Give the event a title.")),
                                                              Length(max=200)])
    title_uk = StringField(_l("Title in Ukrainian"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[
        DataRequired(_l("Describe the event.")), Length(max=5000)])
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=5000)])
    day = DateField(_l("Date"), validators=[DataRequired(_l("Give the date, like 2026-03-14."))])
    starts_time = TimeField(_l("Starts at"), validators=[DataRequired(_l("Give the starting time, like 17:30."))])
    ends_time = TimeField(_l("Ends at"), validators=[DataRequired(_l("Give the ending time, like 19:00."))])
    ends_day = DateField(_l("Ends on another day (optional)"), validators=[Optional()])
    recurrence = RadioField(_l("Repeats"), default="once",
                            choices=[(r.value, label) for r, label in RECURRENCE_LABELS.items()],
                            validators=[DataRequired(_l("Choose whether the event repeats."))])
    repeat_until = DateField(_l("Every week until"), validators=[Optional()])
    location_id = SelectField(_l("Location"), coerce=_optional_id, validate_choice=False)
    place_pl = StringField(_l("Place in Polish"), validators=[Optional(), Length(max=200)])
    place_uk = StringField(_l("Place in Ukrainian"), validators=[Optional(), Length(max=200)])
    place_en = StringField(_l("Place in English"), validators=[Optional(), Length(max=200)])
    service_id = SelectField(_l("Related service"), coerce=_optional_id, validate_choice=False)
    target_groups = MultiCheckboxField(_l("Who it is for"), choices=list(GROUP_LABELS.items()),
                                       validators=[Optional()])
    is_free = BooleanField(_l("Free of charge"), default=True)
    registration_pl = TextAreaField(_l("How to sign up, in Polish"), validators=[Optional(), Length(max=2000)])
    registration_uk = TextAreaField(_l("How to sign up, in Ukrainian"), validators=[Optional(), Length(max=2000)])
    registration_en = TextAreaField(_l("How to sign up, in English"), validators=[Optional(), Length(max=2000)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40), PHONE])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), EMAIL, Length(max=254)])
    is_published = BooleanField(_l("Show on the public pages"), default=True)

    def set_choices(self, locations, services) -> None:
        """Only the organisation's own locations and services can be chosen."""
        self.location_id.choices = [("", _l("No address (describe the place below)"))] + [
            (str(loc.id), loc.name + ("" if loc.public_address is None else f" – {loc.public_address}"))
            for loc in locations]
        self.service_id.choices = [("", _l("None"))] + [(str(s.id), s.name_pl) for s in services]


class OpportunityForm(BaseForm):
    """An organisation's volunteering opportunity."""

    title_pl = StringField(_l("Title in Polish"), validators=[DataRequired(_l("Give the offer a title.")),
                                                              Length(max=200)])
    title_uk = StringField(_l("Title in Ukrainian"), validators=[Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=200)])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[
        DataRequired(_l("Describe what volunteers will do.")), Length(max=5000)])
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=5000)])
    requirements_pl = TextAreaField(_l("Requirements in Polish"), validators=[Optional(), Length(max=2000)])
    requirements_uk = TextAreaField(_l("Requirements in Ukrainian"), validators=[Optional(), Length(max=2000)])
    requirements_en = TextAreaField(_l("Requirements in English"), validators=[Optional(), Length(max=2000)])
    commitment_pl = StringField(_l("Time commitment in Polish"), validators=[Optional(), Length(max=200)])
    commitment_uk = StringField(_l("Time commitment in Ukrainian"), validators=[Optional(), Length(max=200)])
    commitment_en = StringField(_l("Time commitment in English"), validators=[Optional(), Length(max=200)])
    district_id = SelectField(_l("District"), coerce=_optional_id, validate_choice=False)
    starts_on = DateField(_l("From (optional)"), validators=[Optional()])
    ends_on = DateField(_l("Until (optional)"), validators=[Optional()])
    minimum_age = IntegerField(_l("Minimum age (optional)"), validators=[
        Optional(), NumberRange(min=0, max=99, message=_l("Give an age from 0 to 99."))])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40), PHONE])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), EMAIL, Length(max=254)])
    is_published = BooleanField(_l("Show on the public pages"), default=True)

    def set_choices(self, districts) -> None:
        self.district_id.choices = [("", _l("Whole city"))] + [(str(d.id), d.name) for d in districts]
