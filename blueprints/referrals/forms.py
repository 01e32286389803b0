"""The forms of referrals: sending one (the allow-listed fields and the consent), and the answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from app.labels import (
    AGE_BAND_LABELS,
    CANCEL_REASON_LABELS,
    CONSENT_GIVEN_BY_LABELS,
    CONSENT_METHOD_LABELS,
    DECLINE_REASON_LABELS,
    NEED_LABELS,
    REFERRAL_OUTCOME_LABELS,
    URGENCY_LABELS,
)
from blueprints.forms import BaseForm, CheckedByService, MultiCheckboxField, WarsawDateTimeField

CHOOSE = _l("Choose from the list.")


def _choices(labels: dict, blank=None) -> list[tuple[str, str]]:
    items = [(key.value, label) for key, label in labels.items()]
    return [("", blank), *items] if blank is not None else items


class ReferralForm(BaseForm):
    """Refer a person: the case code (never a name), needs, age band, children, urgency, consent, the contact."""

    service_id = HiddenField()
    capacity_unit_id = HiddenField()
    case_code = StringField(_l("Case code"), validators=[CheckedByService(), Length(max=40)])
    needs = MultiCheckboxField(_l("Needs"), validators=[CheckedByService()])
    age_band = SelectField(_l("Age band"), validators=[Optional()])
    with_children = BooleanField(_l("Children come along"))
    children_count = IntegerField(_l("How many children"), validators=[Optional(), NumberRange(
        min=1, max=20, message=_l("Enter how many children come along (1 to 20)."))])
    urgency = RadioField(_l("Urgency"), validators=[InputRequired(_l("Choose how urgent the referral is."))])
    consent = BooleanField(_l("The person (or their guardian) consents to this referral"),
                           validators=[CheckedByService()])
    consent_given_by = SelectField(_l("Consent given by"), validators=[Optional()])
    consent_method = SelectField(_l("How the consent was given"), validators=[Optional()])
    consent_at = WarsawDateTimeField(_l("When the consent was given"), validators=[Optional()])
    contact_name = StringField(_l("Your name (the referring worker)"),
                               validators=[InputRequired(_l("Enter your name.")), Length(max=120)])
    contact_phone = StringField(_l("Your phone"), validators=[Optional(), Length(max=40)])
    contact_email = StringField(_l("Your e-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")),
                                                               Length(max=254)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs.choices = _choices(NEED_LABELS)
        self.age_band.choices = _choices(AGE_BAND_LABELS, blank=lazy_pgettext("age band", "Not given"))
        self.urgency.choices = _choices(URGENCY_LABELS)
        self.consent_given_by.choices = _choices(CONSENT_GIVEN_BY_LABELS, blank=lazy_pgettext("choice", "Choose"))
        self.consent_method.choices = _choices(CONSENT_METHOD_LABELS, blank=lazy_pgettext("choice", "Choose"))
        self.age_band.validate_choice = False  # blank allowed; any other value is checked below
        self.consent_given_by.validate_choice = False
        self.consent_method.validate_choice = False

    def validate_age_band(self, field):
        _check_choice(field)

    def validate_consent_given_by(self, field):
        _check_choice(field)

    def validate_consent_method(self, field):
        _check_choice(field)


def _check_choice(field) -> None:
    if field.data and field.data not in {value for value, _label in field.choices}:
        from wtforms.validators import StopValidation

        raise StopValidation(str(CHOOSE))


class DeclineForm(BaseForm):
    """Decline with a reason from the list."""

    reason = SelectField(_l("Why the referral is declined"),
                         validators=[InputRequired(_l("Choose why the referral is declined."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = _choices(DECLINE_REASON_LABELS, blank=lazy_pgettext("choice", "Choose"))
        self.reason.validate_choice = False

    def validate_reason(self, field):
        _check_choice(field)


class CompleteForm(BaseForm):
    """How the referral ended."""

    outcome = RadioField(_l("How the referral ended"),
                         validators=[InputRequired(_l("Choose how the referral ended."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = _choices(REFERRAL_OUTCOME_LABELS)


class CancelForm(BaseForm):
    """The sender withdraws the referral, with a reason from the list."""

    reason = SelectField(_l("Why the referral is cancelled"),
                         validators=[InputRequired(_l("Choose why the referral is cancelled."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = _choices(CANCEL_REASON_LABELS, blank=lazy_pgettext("choice", "Choose"))
        self.reason.validate_choice = False

    def validate_reason(self, field):
        _check_choice(field)
