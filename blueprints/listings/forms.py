"""Forms of the listing editor: a service, its weekly hours and closures, a location."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.labels import GROUP_LABELS, LANGUAGE_LABELS, WEEKDAY_LABELS
from app.models import ServiceStatus, TargetGroup
from app.services.listings.values import (
    CONTACT_NAME_LIMIT,
    EMAIL_PATTERN,
    HOURS_CLOSES_TOO_EARLY,
    HOURS_CLOSING_MISSING,
    HOURS_OPENING_MISSING,
    HOURS_SECOND_TOO_EARLY,
    HOURS_TIME_FORMAT,
    LOCALES,
    MAX_AGE,
    MAX_PHONES,
    PHONE_PATTERN,
    STATUS_LABELS,
    URL_PATTERN,
    hours_error,
)
from app.validators import POSTAL_CODE
from blueprints.forms import BaseForm, MultiCheckboxField

CHOOSE_FROM_LIST = _l("Choose from the list.")
AGE_MESSAGE = _l("Give an age from 0 to 120.")
TIME_MESSAGE = _l("Give the time like 08:30.")
DATE_MESSAGE = _l("Give the date like 2026-05-01.")


def _pattern(pattern, message):
    def check(_form, field):
        if field.data and not pattern.match(field.data.strip()):
            raise ValidationError(message)
    return check


class PhoneRow(Form):
    """One phone number of a service (a sub-form: the outer form carries the CSRF token)."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field  # typed text cleaned of control characters, as everywhere

    number = StringField(_l("Phone number"), validators=[Length(max=40), _pattern(
        PHONE_PATTERN, _l("Use digits, spaces and + ( ) - only."))])
    description_pl = StringField(_l("What this number is for, in Polish"), validators=[Optional(), Length(max=200)])
    description_uk = StringField(_l("What this number is for, in Ukrainian"), validators=[Optional(), Length(max=200)])
    description_en = StringField(_l("What this number is for, in English"), validators=[Optional(), Length(max=200)])
    is_24h = BooleanField(_l("Answered 24 hours a day"))

    def validate_number(self, field):
        """A description without a number is a half-filled row."""
        if not (field.data or "").strip() and any((self[f"description_{loc}"].data or "").strip() for loc in LOCALES):
            raise ValidationError(_l("Give the phone number, or clear the description."))


class ServiceForm(BaseForm):
    """Everything a resident reads about a service, except its hours and closures (own pages)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):  # no filters: the rows clean their own text
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    name_pl = StringField(_l("Name in Polish"), validators=[DataRequired(_l("Give the name in Polish.")),
                                                          Length(max=200)])
    name_uk = StringField(_l("Name in Ukrainian"), validators=[Optional(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[
        DataRequired(_l("Describe the service in Polish.")), Length(max=5000)])
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=5000)])
    audience_pl = TextAreaField(_l("Who it is for, in Polish"), validators=[
        DataRequired(_l("Say in Polish who the service is for.")), Length(max=2000)])
    audience_uk = TextAreaField(_l("Who it is for, in Ukrainian"), validators=[Optional(), Length(max=2000)])
    audience_en = TextAreaField(_l("Who it is for, in English"), validators=[Optional(), Length(max=2000)])
    status = SelectField(_l("Status"), choices=[(s.value, STATUS_LABELS[s]) for s in ServiceStatus],
                         validators=[DataRequired(CHOOSE_FROM_LIST)])
    walk_in = BooleanField(_l("Come in without an appointment"))
    by_appointment = BooleanField(_l("By appointment"))
    by_referral = BooleanField(_l("With a referral (for example from a social worker)"))
    is_free = BooleanField(_l("Free of charge"))
    fees_pl = TextAreaField(_l("Fees, in Polish"), validators=[Length(max=1000)])  # required unless free
    fees_uk = TextAreaField(_l("Fees, in Ukrainian"), validators=[Optional(), Length(max=1000)])
    fees_en = TextAreaField(_l("Fees, in English"), validators=[Optional(), Length(max=1000)])
    minimum_age = IntegerField(_l("Minimum age"), validators=[
        Optional(), NumberRange(min=0, max=MAX_AGE, message=AGE_MESSAGE)])
    maximum_age = IntegerField(_l("Maximum age"), validators=[
        Optional(), NumberRange(min=0, max=MAX_AGE, message=AGE_MESSAGE)])
    target_groups = MultiCheckboxField(_l("Groups it is meant for"),
                                    choices=[(g.value, GROUP_LABELS.get(g.value, g.value)) for g in TargetGroup])
    languages = MultiCheckboxField(_l("Languages spoken"), choices=list(LANGUAGE_LABELS.items()))
    always_open = BooleanField(_l("Open 24 hours a day, 7 days a week"))
    closed_on_holidays = BooleanField(_l("Closed on public holidays"))
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254), _pattern(
        EMAIL_PATTERN, _l("Enter an e-mail address like name@example.org."))])
    url = StringField(_l("Website"), validators=[Optional(), Length(max=300), _pattern(
        URL_PATTERN, _l("Enter a full address starting with https:// or http://"))])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=CONTACT_NAME_LIMIT)])
    contact_title_pl = StringField(_l("Contact person's role, in Polish"),
                                   validators=[Optional(), Length(max=CONTACT_NAME_LIMIT)])
    contact_title_uk = StringField(_l("Contact person's role, in Ukrainian"),
                                   validators=[Optional(), Length(max=CONTACT_NAME_LIMIT)])
    contact_title_en = StringField(_l("Contact person's role, in English"),
                                   validators=[Optional(), Length(max=CONTACT_NAME_LIMIT)])
    contact_email = StringField(_l("Contact person's e-mail"), validators=[Optional(), Length(max=254), _pattern(
        EMAIL_PATTERN, _l("Enter an e-mail address like name@example.org."))])
    contact_phone = StringField(_l("Contact person's phone"), validators=[Optional(), Length(max=40), _pattern(
        PHONE_PATTERN, _l("Use digits, spaces and + ( ) - only."))])
    categories = MultiCheckboxField(_l("Categories"), coerce=int)
    districts = MultiCheckboxField(_l("Districts served"), coerce=int)
    locations = MultiCheckboxField(_l("Where it is given"), coerce=int)
    phones = FieldList(FormField(PhoneRow), min_entries=3, max_entries=MAX_PHONES)

    def __init__(self, *args, categories=(), districts=(), locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = list(categories)
        self.districts.choices = list(districts)
        self.locations.choices = list(locations)
        self.relaxed: set[str] = set()

    def relax(self, names) -> None:
        """Stop requiring the named values: this older record already lacks them (a later rule must not
        block unrelated edits); the listing editor still refuses clearing a value that is there."""
        self.relaxed = set(names)
        for name in self.relaxed:
            field = self[name]
            field.validators = [v for v in field.validators if not isinstance(v, DataRequired)]
            field.flags.required = False

    def validate_fees_pl(self, field):
        """A paid service says what it costs."""
        if "fees_pl" not in self.relaxed and not self.is_free.data and not (field.data or "").strip():
            raise ValidationError(_l("Say in Polish what it costs, or tick “Free of charge”."))

    def validate_maximum_age(self, field):
        """The age range is a range."""
        low = self.minimum_age.data
        if field.data is not None and low is not None and not self.minimum_age.errors and field.data < low:
            raise ValidationError(_l("The maximum age cannot be lower than the minimum age."))

    def validate_contact_name(self, field):
        """Details of a contact person need the person's name."""
        details = ("contact_title_pl", "contact_title_uk", "contact_title_en", "contact_email", "contact_phone")
        if not (field.data or "").strip() and any((self[name].data or "").strip() for name in details):
            raise ValidationError(_l("Give the contact person's name, or clear their details."))

    def add_phone_rows(self, spare: int = 2) -> None:
        """Offer empty rows after the numbers already given (at least three rows in all)."""
        filled = sum(1 for row in self.phones if (row.form.number.data or "").strip())
        while len(self.phones) < min(MAX_PHONES, max(3, filled + spare)):
            self.phones.append_entry()

    def values(self) -> dict:
        """The submitted service as the values the listing editor takes."""
        data = {name: self[name].data for name in self._fields if name not in ("csrf_token", "phones")}
        data["phones"] = [dict(row.data) for row in self.phones]
        return data


class HoursForm(BaseForm):
    """Weekly opening hours: up to two spans a day (for example 8:00–12:00 and 13:00–16:00)."""

    def days(self):
        """(weekday, label, [(opens field, closes field), …]) for the template."""
        return [(day, WEEKDAY_LABELS[day], [(self[f"d{day}_{s}_opens"], self[f"d{day}_{s}_closes"]) for s in (1, 2)])
                for day in range(7)]

    @classmethod
    def data_from(cls, hours: list[dict]) -> dict:
        """Form data from the listing's hours."""
        from datetime import time

        data: dict = {}
        counts: dict[int, int] = {}
        for item in hours:
            day = int(item["weekday"])
            counts[day] = counts.get(day, 0) + 1
            if counts[day] > 2:
                continue
            data[f"d{day}_{counts[day]}_opens"] = time.fromisoformat(item["opens"])
            data[f"d{day}_{counts[day]}_closes"] = time.fromisoformat(item["closes"])
        return data

    def validate(self, extra_validators=None):
        """Each span has both times, closes after it opens, and the second starts after the first.

        Every message names the day, and the row when the day has a second one filled in.
        """
        valid = super().validate(extra_validators)
        for day in range(7):
            previous_close = None
            two_rows = any(self[f"d{day}_2_{end}"].raw_data and self[f"d{day}_2_{end}"].raw_data[0]
                           for end in ("opens", "closes"))
            for span in (1, 2):
                opens, closes = self[f"d{day}_{span}_opens"], self[f"d{day}_{span}_closes"]
                row = span if two_rows else None
                if opens.errors or closes.errors:
                    for field in (opens, closes):
                        if field.errors:
                            field.errors = [hours_error(HOURS_TIME_FORMAT, day, row)]
                    valid = False
                    continue
                if opens.data is None and closes.data is None:
                    continue
                if opens.data is None:
                    opens.errors = [hours_error(HOURS_OPENING_MISSING, day, row)]
                elif closes.data is None:
                    closes.errors = [hours_error(HOURS_CLOSING_MISSING, day, row)]
                elif closes.data <= opens.data:
                    closes.errors = [hours_error(HOURS_CLOSES_TOO_EARLY, day, row)]
                elif previous_close is not None and opens.data < previous_close:
                    opens.errors = [hours_error(HOURS_SECOND_TOO_EARLY, day, row)]
                else:
                    previous_close = closes.data
                    continue
                valid = False
        return valid

    def hours(self) -> list[dict]:
        """The spans as the listing editor takes them."""
        result = []
        for day in range(7):
            for span in (1, 2):
                opens, closes = self[f"d{day}_{span}_opens"].data, self[f"d{day}_{span}_closes"].data
                if opens is not None and closes is not None:
                    result.append({"weekday": day, "opens": opens.strftime("%H:%M"),
                                   "closes": closes.strftime("%H:%M")})
        return result


for _day in range(7):
    for _span in (1, 2):
        setattr(HoursForm, f"d{_day}_{_span}_opens", TimeField(
            _l("Opens") if _span == 1 else _l("Opens again"), validators=[Optional()],
            format=["%H:%M", "%H:%M:%S"], invalid_value_message=TIME_MESSAGE))
        setattr(HoursForm, f"d{_day}_{_span}_closes", TimeField(
            _l("Closes") if _span == 1 else _l("Closes again"), validators=[Optional()],
            format=["%H:%M", "%H:%M:%S"], invalid_value_message=TIME_MESSAGE))


class ClosureForm(BaseForm):
    """Closed from one day to another (a holiday, renovation…), with a note for residents."""

    starts_on = DateField(_l("First day closed"), validators=[DataRequired(DATE_MESSAGE)])
    ends_on = DateField(_l("Last day closed"), validators=[Optional()])
    note_pl = StringField(_l("Note in Polish"), validators=[Optional(), Length(max=200)])
    note_uk = StringField(_l("Note in Ukrainian"), validators=[Optional(), Length(max=200)])
    note_en = StringField(_l("Note in English"), validators=[Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self[name].invalid_value_message = DATE_MESSAGE  # not a date at all

    def validate_ends_on(self, field):
        """The last day is not before the first."""
        if field.data is not None and self.starts_on.data is not None and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class RemoveClosureForm(BaseForm):
    """Which closure to remove (its place on the list and first day, against a stale page)."""

    index = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=1000)])
    starts_on = StringField(validators=[DataRequired(), Length(max=10)])


class LocationForm(BaseForm):
    """A place where an organisation gives help."""

    name = StringField(_l("Name of the place"), validators=[DataRequired(_l("Give the place a name.")),
                                                            Length(max=200)])
    street = StringField(_l("Street and number"), validators=[Optional(), Length(max=200)])
    postal_code = StringField(_l("Postal code"), validators=[Optional(), Regexp(
        POSTAL_CODE, message=_l("Write the postal code like 41-500."))])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    district_id = SelectField(_l("District"), validators=[Optional()])
    latitude = StringField(_l("Latitude (optional)"), validators=[Optional(), Length(max=20)])
    longitude = StringField(_l("Longitude (optional)"), validators=[Optional(), Length(max=20)])
    is_confidential = BooleanField(_l("Confidential address (a shelter for people experiencing violence, a "
                                      "protected flat)"))
    intake_pl = TextAreaField(_l("How to reach the place, in Polish"),
                              validators=[Length(max=2000)])  # required when confidential
    intake_uk = TextAreaField(_l("How to reach the place, in Ukrainian"), validators=[Optional(), Length(max=2000)])
    intake_en = TextAreaField(_l("How to reach the place, in English"), validators=[Optional(), Length(max=2000)])
    step_free = BooleanField(_l("Step-free access"))
    accessible_toilet = BooleanField(_l("Accessible toilet"))
    induction_loop = BooleanField(_l("Induction loop"))
    sign_language = BooleanField(_l("Sign language"))

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = [("", _l("Not given"))] + [(str(key), name) for key, name in districts]

    def validate_intake_pl(self, field):
        """A confidential place says how to reach it instead of its address."""
        if self.is_confidential.data and not (field.data or "").strip():
            raise ValidationError(_l("A confidential place needs a way to reach it, in Polish (for example a "
                                     "phone number to call first)."))

    def values(self) -> dict:
        """The submitted location as the values the listing editor takes."""
        return {name: self[name].data for name in self._fields if name != "csrf_token"}
