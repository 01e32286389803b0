"""All models, imported here so that Alembic and the app see the whole schema."""

from app.models.activities import Event, EventKind, Recurrence, VolunteerOpportunity
from app.models.alerts import Alert, AlertLevel
from app.models.audit import AuditEvent
from app.models.auth import LoginAttempt, OneTimeToken, RecoveryCode, TokenPurpose, UserSession
from app.models.base import DepartmentOnly, TenantOwned, utcnow
from app.models.directory import (
    Closure,
    ConfidentialAddress,
    District,
    ListingKind,
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
from app.models.feedback import Feedback, FeedbackStatus
from app.models.funding import BudgetLine, FundingSource, Programme
from app.models.search import SearchWord
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
from app.models.workflow import ChangeAction, Revision, RevisionStatus

__all__ = [
    "DEPARTMENT_ROLES",
    "ORGANISATION_ROLES",
    "Alert",
    "AlertLevel",
    "AuditEvent",
    "BudgetLine",
    "ChangeAction",
    "Closure",
    "ConfidentialAddress",
    "DepartmentOnly",
    "District",
    "Event",
    "EventKind",
    "Feedback",
    "FeedbackStatus",
    "FundingSource",
    "Invitation",
    "ListingKind",
    "Location",
    "LoginAttempt",
    "Membership",
    "OneTimeToken",
    "Organisation",
    "OrganisationKind",
    "Phone",
    "Programme",
    "RecoveryCode",
    "Recurrence",
    "Revision",
    "RevisionStatus",
    "Role",
    "Schedule",
    "SearchWord",
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
    "VolunteerOpportunity",
    "roles_for",
    "utcnow",
]
