"""Forms of the organisation workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired

from app.labels import PUBLIC_SPHERE_LABELS, ROLE_LABELS
from app.models import ORGANISATION_ROLES
from blueprints.console.forms import InviteForm, OrganisationProfileForm
from blueprints.forms import BaseForm, MultiCheckboxField

__all__ = ["FollowedSpheresForm", "InviteForm", "OrganisationProfileForm", "RoleForm"]


class RoleForm(BaseForm):
    """A member's new role."""

    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))],
                       choices=[(role.value, ROLE_LABELS[role]) for role in ORGANISATION_ROLES])


class FollowedSpheresForm(BaseForm):
    """The spheres of public tasks whose new calls for offers the organisation hears of by e-mail."""

    spheres = MultiCheckboxField(_l("Spheres of public tasks"), choices=[(s.value, label) for s, label in
                                                                         PUBLIC_SPHERE_LABELS.items()])
