"""Forms of networks: a network, its members, what a member brings, an organisation's contact for a network."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from app.labels import KIND_LABELS
from blueprints.forms import BaseForm, MultiCheckboxField


def _organisation_label(organisation) -> str:
    return f"{organisation.name} ({KIND_LABELS.get(organisation.kind, organisation.kind)})"


class NetworkForm(BaseForm):
    """A network's name, purpose and coordinating organisation."""

    name = StringField(_l("Name of the network"), validators=[DataRequired(_l("Enter the network's name.")),
                                                              Length(max=200)])
    purpose = TextAreaField(_l("Purpose"), validators=[Optional(), Length(max=2000)])
    coordinator_organisation_id = SelectField(_l("Coordinating organisation"), validators=[
        DataRequired(_l("Choose the coordinating organisation."))], validate_choice=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator_organisation_id.choices = [("", _l("Choose…"))] + [
            (str(o.id), _l("%(name)s (the department itself)", name=o.name) if o.is_department
             else _organisation_label(o)) for o in organisations]


class AddMembersForm(BaseForm):
    """Organisations to add to a network at once, and what they bring."""

    organisations = MultiCheckboxField(_l("Organisations to add"), validate_choice=False)
    role_in_network = StringField(_l("What they bring to the network (optional)"),
                                  validators=[Optional(), Length(max=200)])

    def __init__(self, *args, organisations=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = [
            (str(o.id), _l("%(name)s — already in the network", name=_organisation_label(o)) if o.id in members
             else _organisation_label(o)) for o in organisations if not o.is_department]


class MemberRoleForm(BaseForm):
    """What one member brings to the network."""

    role_in_network = StringField(_l("What it brings"), validators=[Optional(), Length(max=200)])


class ContactForm(BaseForm):
    """The contact an organisation gives a network: a person or an office, an e-mail, a phone."""

    contact_name = StringField(_l("Contact person or office"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), Email(
        _l("Enter an e-mail address like name@example.org."), check_deliverability=False), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40), Regexp(
        r"^[0-9 +()-]{5,40}$", message=_l("Use digits, spaces and + ( ) - only."))])
