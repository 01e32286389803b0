"""Forms of the department console."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from app.labels import KIND_LABELS, ROLE_LABELS
from app.models import DEPARTMENT_ROLES, ORGANISATION_ROLES, OrganisationKind
from app.validators import digits_only, is_valid_krs, is_valid_nip, is_valid_regon
from blueprints.forms import BaseForm


def _identifier(check, message):
    def validator(_form, field):
        if field.data:
            field.data = digits_only(field.data)
            if not check(field.data):
                raise ValidationError(message)
    return validator


class OrganisationProfileForm(BaseForm):
    """What an organisation says about itself; also used in the workspace."""

    name = StringField(_l("Organisation name"), validators=[DataRequired(_l("Enter the organisation's name.")),
                                                    Length(max=255)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=80)])
    krs = StringField(_l("KRS number"), validators=[Optional(), _identifier(
        is_valid_krs, _l("A KRS number has exactly 10 digits."))])
    nip = StringField(_l("NIP"), validators=[Optional(), _identifier(
        is_valid_nip, _l("This is not a valid NIP: check the digits."))])
    regon = StringField(_l("REGON"), validators=[Optional(), _identifier(
        is_valid_regon, _l("This is not a valid REGON: check the digits."))])
    street = StringField(_l("Street and number"), validators=[Optional(), Length(max=200)])
    postal_code = StringField(_l("Postal code"), validators=[Optional(), Regexp(
        r"^\d{2}-\d{3}$", message=_l("Write the postal code like 41-500."))])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    email = EmailField(_l("Contact e-mail"), validators=[Optional(), Email(
        _l("Enter an e-mail address like name@example.org."), check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40), Regexp(
        r"^[0-9 +()-]{5,40}$", message=_l("Use digits, spaces and + ( ) - only."))])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300), URL(
        require_tld=True, message=_l("Enter a full address starting with https://"))])
    description_pl = TextAreaField(_l("Description in Polish"), validators=[Optional(), Length(max=5000)])
    description_uk = TextAreaField(_l("Description in Ukrainian"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=5000)])


class OrganisationRegistryForm(OrganisationProfileForm):
    """The registry adds the kind, which only the department sets."""

    kind = SelectField(_l("Kind of organisation"),
                       choices=[(kind.value, label) for kind, label in KIND_LABELS.items()
                                if kind != OrganisationKind.DEPARTMENT],
                       validators=[DataRequired(_l("Choose the kind."))])
    admin_email = EmailField(_l("E-mail of the organisation's admin (optional)"), validators=[
        Optional(), Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False),
        Length(max=254)])


class InviteForm(BaseForm):
    """Invite a person by e-mail with a role."""

    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Enter an e-mail address.")),
        Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False),
        Length(max=254)])
    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])

    def __init__(self, *args, department: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = DEPARTMENT_ROLES if department else ORGANISATION_ROLES
        self.role.choices = [(role.value, ROLE_LABELS[role]) for role in roles]


class RegistryFilterForm(BaseForm):
    """Search and filters of the organisation registry (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or number"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), validators=[Optional()],
                       choices=[("", _l("All kinds")), *[(k.value, label) for k, label in KIND_LABELS.items()]])
    status = SelectField(_l("Status"), validators=[Optional()], choices=[
        ("", lazy_pgettext("organisations filter", "All")),
        ("active", lazy_pgettext("organisation status", "Active")),
        ("inactive", lazy_pgettext("organisation status", "Deactivated")),
        ("verified", lazy_pgettext("organisation status", "Verified")),
        ("unverified", lazy_pgettext("organisation status", "Not verified"))])


class UserFilterForm(BaseForm):
    """Search of users (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=100)])


class AuditFilterForm(BaseForm):
    """Filters of the audit log (GET, no CSRF)."""

    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisation"), validators=[Optional()], coerce=str)
    user = StringField(_l("User's e-mail"), validators=[Optional(), Length(max=254)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=80)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
