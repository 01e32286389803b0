"""Translated labels for the values of enums shown to people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.models import (
    AgreementKind,
    AgreementStatus,
    AmendmentStatus,
    AwardState,
    CommissionRole,
    CostKind,
    EventKind,
    Exclusion,
    FormalOutcome,
    FundingSource,
    GrantMode,
    OfferStatus,
    OrganisationKind,
    PublicSphere,
    Recurrence,
    ReportKind,
    Role,
    ServiceUnit,
    SigningMethod,
    StatementStatus,
    TrancheState,
)

KIND_LABELS = {
    OrganisationKind.DEPARTMENT: _l("City department"),
    OrganisationKind.NGO: _l("Non-governmental organisation"),
    OrganisationKind.FOUNDATION: _l("Foundation"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.CHURCH: _l("Church or religious organisation"),
    OrganisationKind.PUBLIC_INSTITUTION: _l("Public institution"),
    OrganisationKind.SHELTER: _l("Shelter"),
    OrganisationKind.CRISIS_CENTRE: _l("Crisis intervention centre"),
    OrganisationKind.DAY_CLUB: _l("Day club"),
    OrganisationKind.WELFARE_HOME: _l("Social welfare home"),
    OrganisationKind.SELF_HELP_GROUP: _l("Self-help group"),
}

ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.OFFICER: _l("Officer"),
    Role.ANALYST: _l("Analyst (read only)"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.STAFF: _l("Staff"),
}


GROUP_LABELS = {
    "children": _l("Children"),
    "youth": _l("Young people"),
    "families": _l("Families"),
    "women": _l("Women"),
    "men": _l("Men"),
    "seniors": _l("Seniors"),
    "disabilities": _l("People with disabilities"),
    "homelessness": _l("People experiencing homelessness"),
    "addictions": _l("People with addictions"),
    "violence": _l("People experiencing violence"),
    "refugees": _l("Refugees"),
}

LANGUAGE_LABELS = {
    "pl": _l("Polish"),
    "uk": _l("Ukrainian"),
    "en": _l("English"),
    "ru": _l("Russian"),
    "de": _l("German"),
}

EVENT_KIND_LABELS = {
    EventKind.SUPPORT_GROUP: _l("Support group"),
    EventKind.WORKSHOP: _l("Workshop"),
    EventKind.HOLIDAY_ACTIVITY: _l("Holiday activities"),
    EventKind.MEETING: _l("Meeting"),
    EventKind.OTHER: _l("Other event"),
}

RECURRENCE_LABELS = {
    Recurrence.ONCE: _l("Once"),
    Recurrence.WEEKLY: _l("Every week"),
}

WEEKDAY_LABELS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
                  _l("Sunday"))


FEEDBACK_STATUS_LABELS = {
    "new": lazy_pgettext("feedback status", "Waiting"),
    "resolved": lazy_pgettext("feedback status", "Resolved"),
    "dismissed": lazy_pgettext("feedback status", "Dismissed"),
}

ALERT_LEVEL_LABELS = {
    "info": _l("Information"),
    "warning": _l("Warning"),
    "danger": _l("Danger"),
}

FUNDING_SOURCE_LABELS = {
    FundingSource.CITY_BUDGET: _l("City budget"),
    FundingSource.EU_FUNDS: _l("EU funds"),
    FundingSource.STATE_BUDGET: _l("State budget"),
    FundingSource.STATE_FUND: _l("State funds (such as PFRON)"),
    FundingSource.SPONSOR: _l("Sponsors"),
}

PUBLIC_SPHERE_LABELS = {
    PublicSphere.SOCIAL_ASSISTANCE: _l("Social assistance"),
    PublicSphere.FAMILY_SUPPORT: _l("Support for families and foster care"),
    PublicSphere.HEALTH: _l("Health protection and promotion"),
    PublicSphere.DISABILITY: _l("People with disabilities"),
    PublicSphere.ADDICTIONS: _l("Preventing addictions"),
    PublicSphere.DOMESTIC_VIOLENCE: _l("Preventing domestic violence"),
    PublicSphere.SENIORS: _l("Older people"),
    PublicSphere.CHILDREN_RECREATION: _l("Holidays and leisure for children and young people"),
    PublicSphere.SOCIAL_INCLUSION: _l("Social and vocational integration"),
    PublicSphere.VOLUNTEERING: _l("Volunteering"),
}

GRANT_MODE_LABELS = {
    GrantMode.ENTRUSTING: _l("Full financing (powierzenie)"),
    GrantMode.SUPPORT: _l("Co-financing (wsparcie)"),
}

CALL_STAGE_LABELS = {
    "draft": lazy_pgettext("call", "Draft"),
    "upcoming": lazy_pgettext("call", "Announced, not open yet"),
    "open": lazy_pgettext("call", "Open for offers"),
    "closed": lazy_pgettext("call", "Closed, offers being checked"),
    "in_evaluation": lazy_pgettext("call", "Offers being evaluated"),
    "decided": lazy_pgettext("call", "Decided"),
    "annulled": lazy_pgettext("call", "Annulled"),
}

OFFER_STATUS_LABELS = {
    OfferStatus.DRAFT: lazy_pgettext("offer", "Draft"),
    OfferStatus.SUBMITTED: lazy_pgettext("offer", "Submitted"),
    OfferStatus.WITHDRAWN: lazy_pgettext("offer", "Withdrawn"),
}

FORMAL_OUTCOME_LABELS = {
    FormalOutcome.PASSED: _l("Formally correct"),
    FormalOutcome.TO_CORRECT: _l("To be corrected"),
    FormalOutcome.REJECTED: _l("Rejected on formal grounds"),
}

# The items of the formal check of an offer (what the department ticks); "on time" cannot be corrected.
FORMAL_ITEM_LABELS = {
    "on_time": _l("Submitted on time"),
    "complete": _l("The form is complete"),
    "signed": _l("Signed by the people entitled to represent the organisation (per KRS)"),
    "attachments": _l("The required attachments are there"),
}

COST_KIND_LABELS = {
    CostKind.ACTIVITY: _l("Cost of the activities"),
    CostKind.ADMINISTRATIVE: _l("Administrative cost"),
}

COMMISSION_ROLE_LABELS = {
    CommissionRole.CHAIR: _l("Chair"),
    CommissionRole.MEMBER: lazy_pgettext("commission", "Member"),
    CommissionRole.SECRETARY: _l("Secretary"),
}

EXCLUSION_LABELS = {
    Exclusion.APPLICANT: _l("Belongs to the applicant"),
    Exclusion.DECLARED: _l("Declared a conflict of interest"),
}

AWARD_STATE_LABELS = {
    AwardState.AWARDED: _l("Awarded"),
    AwardState.UPDATE_REQUESTED: _l("Reduced: updated budget requested"),
    AwardState.UPDATE_SUBMITTED: _l("Updated budget sent, to be accepted"),
    AwardState.ACCEPTED: _l("Updated budget accepted"),
}

# Where a small grant offer (art. 19a) stands (app/services/funding/small_grants.py, Stage).
SMALL_GRANT_STAGE_LABELS = {
    "draft": lazy_pgettext("small grant", "Draft"),
    "new": lazy_pgettext("small grant", "Submitted, not published yet"),
    "comments": lazy_pgettext("small grant", "Open for comments"),
    "to_decide": lazy_pgettext("small grant", "Comments closed, to be decided"),
    "funded": lazy_pgettext("small grant", "Funded"),
    "refused": lazy_pgettext("small grant", "Not funded"),
    "withdrawn": lazy_pgettext("small grant", "Withdrawn"),
}

AGREEMENT_KIND_LABELS = {
    AgreementKind.GRANT: _l("Grant agreement"),
    AgreementKind.SERVICE_CONTRACT: _l("Service contract"),
}

AGREEMENT_STATUS_LABELS = {
    AgreementStatus.DRAFT: lazy_pgettext("agreement", "Draft"),
    AgreementStatus.SENT: lazy_pgettext("agreement", "Sent to the organisation"),
    AgreementStatus.ACCEPTED: lazy_pgettext("agreement", "Accepted, to be signed"),
    AgreementStatus.IN_FORCE: lazy_pgettext("agreement", "In force"),
    AgreementStatus.COMPLETED: lazy_pgettext("agreement", "Completed"),
    AgreementStatus.TERMINATED: lazy_pgettext("agreement", "Terminated"),
}

# What a service contract pays for, as a unit and as a count ("341 place-days").
SERVICE_UNIT_LABELS = {
    ServiceUnit.PLACE_DAY: _l("place-day"),
    ServiceUnit.FLAT_MONTH: _l("flat-month"),
    ServiceUnit.PLACE_MONTH: _l("place-month"),
    ServiceUnit.HOUR: _l("hour of service"),
    ServiceUnit.MEAL: _l("meal"),
    ServiceUnit.SERVICE: _l("service delivered"),
}

SIGNING_METHOD_LABELS = {
    SigningMethod.PAPER: _l("On paper"),
    SigningMethod.QUALIFIED_SIGNATURE: _l("With qualified electronic signatures"),
}

REPORT_KIND_LABELS = {
    ReportKind.PARTIAL: _l("Partial report"),
    ReportKind.FINAL: _l("Final report"),
}

TRANCHE_STATE_LABELS = {
    TrancheState.SCHEDULED: lazy_pgettext("tranche", "Scheduled"),
    TrancheState.APPROVED: lazy_pgettext("tranche", "Approved, to be paid"),
    TrancheState.PAID: lazy_pgettext("tranche", "Paid"),
}

STATEMENT_STATUS_LABELS = {
    StatementStatus.DRAFT: lazy_pgettext("statement", "Being prepared"),
    StatementStatus.SUBMITTED: lazy_pgettext("statement", "Submitted"),
    StatementStatus.APPROVED: lazy_pgettext("statement", "Approved"),
    StatementStatus.RETURNED: lazy_pgettext("statement", "Returned for correction"),
}

AMENDMENT_STATUS_LABELS = {
    AmendmentStatus.PROPOSED: lazy_pgettext("amendment", "Proposed"),
    AmendmentStatus.APPROVED: lazy_pgettext("amendment", "Approved"),
    AmendmentStatus.REJECTED: lazy_pgettext("amendment", "Rejected"),
    AmendmentStatus.WITHDRAWN: lazy_pgettext("amendment", "Withdrawn"),
}


def kind_label(kind) -> str:
    """The translated name of an organisation kind."""
    try:
        return str(KIND_LABELS[OrganisationKind(kind)])
    except ValueError:
        return str(kind)


def role_label(role) -> str:
    """The translated name of a role."""
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return str(role)


def register(app) -> None:
    """Make the label helpers available in templates."""
    app.jinja_env.globals.update(kind_label=kind_label, role_label=role_label, group_labels=GROUP_LABELS,
                                 language_labels=LANGUAGE_LABELS, weekday_labels=WEEKDAY_LABELS,
                                 event_kind_labels=EVENT_KIND_LABELS)
    app.jinja_env.globals.update(feedback_status_labels=FEEDBACK_STATUS_LABELS, alert_level_labels=ALERT_LEVEL_LABELS,
                                 funding_source_labels=FUNDING_SOURCE_LABELS,
                                 public_sphere_labels=PUBLIC_SPHERE_LABELS, grant_mode_labels=GRANT_MODE_LABELS,
                                 call_stage_labels=CALL_STAGE_LABELS, kind_labels=KIND_LABELS)
    app.jinja_env.globals.update(offer_status_labels=OFFER_STATUS_LABELS, formal_outcome_labels=FORMAL_OUTCOME_LABELS,
                                 formal_item_labels=FORMAL_ITEM_LABELS, cost_kind_labels=COST_KIND_LABELS,
                                 commission_role_labels=COMMISSION_ROLE_LABELS, exclusion_labels=EXCLUSION_LABELS,
                                 award_state_labels=AWARD_STATE_LABELS)
    app.jinja_env.globals.update(small_grant_stage_labels=SMALL_GRANT_STAGE_LABELS)
    app.jinja_env.globals.update(agreement_kind_labels=AGREEMENT_KIND_LABELS,
                                 agreement_status_labels=AGREEMENT_STATUS_LABELS,
                                 service_unit_labels=SERVICE_UNIT_LABELS, signing_method_labels=SIGNING_METHOD_LABELS,
                                 report_kind_labels=REPORT_KIND_LABELS, tranche_state_labels=TRANCHE_STATE_LABELS,
                                 statement_status_labels=STATEMENT_STATUS_LABELS,
                                 amendment_status_labels=AMENDMENT_STATUS_LABELS)
