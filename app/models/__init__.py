"""All models, imported here so that Alembic and the app see the whole schema."""

from app.models.audit import AuditEvent
from app.models.auth import LoginAttempt, OneTimeToken, RecoveryCode, TokenPurpose, UserSession
from app.models.base import DepartmentOnly, TenantOwned, utcnow
from app.models.directory import (
    Closure,
    District,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TargetGroup,
    TaxonomyTerm,
)
from app.models.tenancy import (
    DEPARTMENT_ROLES,
    ORGANISATION_ROLES,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
    roles_for,
)

__all__ = [
    "DEPARTMENT_ROLES",
    "ORGANISATION_ROLES",
    "AuditEvent",
    "Closure",
    "DepartmentOnly",
    "District",
    "Invitation",
    "Location",
    "LoginAttempt",
    "Membership",
    "OneTimeToken",
    "Organisation",
    "OrganisationKind",
    "Phone",
    "RecoveryCode",
    "Role",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "ServiceTaxonomy",
    "TargetGroup",
    "TaxonomyTerm",
    "TenantOwned",
    "TokenPurpose",
    "User",
    "UserSession",
    "roles_for",
    "utcnow",
]
