"""Translated labels for the values of enums shown to people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.models import (
    AgeBand,
    AgreementKind,
    AgreementStatus,
    AmendmentStatus,
    AwardState,
    CancelReason,
    CapacityKindCode,
    CommissionRole,
    ConsentGivenBy,
    ConsentMethod,
    CostKind,
    CountedBy,
    DeclineReason,
    EventKind,
    Exclusion,
    FormalOutcome,
    FundingSource,
    GrantMode,
    InvitationAnswer,
    MeetingStatus,
    Need,
    OccupancyChange,
    OfferStatus,
    OrganisationKind,
    PublicAvailability,
    PublicSphere,
    Recurrence,
    ReferralOutcome,
    ReferralStatus,
    ReportKind,
    Role,
    Serves,
    ServiceUnit,
    SigningMethod,
    StatementStatus,
    TrancheState,
    Urgency,
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
    OrganisationKind.SOCIAL_WELFARE_CENTRE: _l("Social welfare centre"),
    OrganisationKind.POLICE: _l("Police station"),
    OrganisationKind.COURT: _l("Court"),
    OrganisationKind.SCHOOL: _l("School"),
    OrganisationKind.HEALTH_CLINIC: _l("Health clinic"),
    OrganisationKind.CITY_GUARD: _l("City guard"),
    OrganisationKind.LIBRARY: _l("Library"),
    OrganisationKind.CULTURE_CENTRE: _l("Culture centre"),
    OrganisationKind.SPORTS_CENTRE: _l("Sports centre"),
    OrganisationKind.MUNICIPAL_COMMISSION: _l("Municipal commission"),
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

# Capacity: kinds of places, who they serve, what residents see, what an update did.
CAPACITY_KIND_LABELS = {
    CapacityKindCode.PROTECTED_FLAT: _l("Protected flat"),
    CapacityKindCode.SHELTER_BED: _l("Shelter bed"),
    CapacityKindCode.CRISIS_HOTEL: _l("Crisis-hotel place"),
    CapacityKindCode.NIGHT_SHELTER: _l("Night-shelter place"),
    CapacityKindCode.DAY_CLUB: _l("Day-club place"),
    CapacityKindCode.SOCIAL_WELFARE_HOME: _l("Social welfare home place"),
    CapacityKindCode.OTHER: lazy_pgettext("capacity kind", "Other"),
}

COUNTED_BY_LABELS = {
    CountedBy.BED: _l("By bed"),
    CountedBy.ROOM: _l("By room"),
}

SERVES_LABELS = {
    Serves.WOMEN: lazy_pgettext("capacity serves", "Women"),
    Serves.MEN: lazy_pgettext("capacity serves", "Men"),
    Serves.MOTHERS_WITH_CHILDREN: _l("Mothers with children"),
    Serves.FAMILIES: lazy_pgettext("capacity serves", "Families"),
    Serves.YOUTH: lazy_pgettext("capacity serves", "Young people"),
    Serves.SENIORS: lazy_pgettext("capacity serves", "Older people"),
    Serves.WHEELCHAIR_USERS: _l("Wheelchair users"),
}

PUBLIC_AVAILABILITY_LABELS = {
    PublicAvailability.EXACT: _l("Show the number of free places"),
    PublicAvailability.COARSE: _l("Show only \"places now\", \"few places\" or \"full, call\""),
    PublicAvailability.HIDDEN: _l("Do not show residents anything"),
}

OCCUPANCY_CHANGE_LABELS = {
    OccupancyChange.PLUS: _l("One more place taken"),
    OccupancyChange.MINUS: _l("One place freed"),
    OccupancyChange.SET: _l("Occupancy set after a count"),
    OccupancyChange.CONFIRMED: _l("Counted again, no change"),
    OccupancyChange.OUT_OF_SERVICE: _l("Places out of service changed"),
    OccupancyChange.TOTAL: _l("Number of places changed"),
    OccupancyChange.RESERVED: _l("Place held for an accepted referral"),
    OccupancyChange.RELEASED: _l("Held place freed: the person did not come"),
    OccupancyChange.ARRIVED: _l("Referred person arrived"),
}

# Referrals: where one stands, how urgent, the allow-listed fields, and how it ended.
REFERRAL_STATUS_LABELS = {
    ReferralStatus.SENT: lazy_pgettext("referral", "Sent, waiting for an answer"),
    ReferralStatus.ACCEPTED: lazy_pgettext("referral", "Accepted"),
    ReferralStatus.DECLINED: lazy_pgettext("referral", "Declined"),
    ReferralStatus.COMPLETED: lazy_pgettext("referral", "Completed"),
    ReferralStatus.CANCELLED: lazy_pgettext("referral", "Cancelled"),
}

URGENCY_LABELS = {
    Urgency.IMMEDIATE: _l("Immediate — tonight (answer within 4 hours)"),
    Urgency.URGENT: _l("Urgent (answer within 24 hours)"),
    Urgency.ROUTINE: _l("Routine (answer within 5 days)"),
}

NEED_LABELS = {
    Need.SHELTER: _l("A place to stay"),
    Need.CRISIS_SUPPORT: _l("Crisis support"),
    Need.VIOLENCE: _l("Safety from violence"),
    Need.ADDICTION: _l("Addiction support"),
    Need.MENTAL_HEALTH: _l("Mental health support"),
    Need.FOOD: _l("Food"),
    Need.CHILD_CARE: _l("Care for children"),
    Need.DAY_ACTIVITY: _l("Day activities"),
    Need.LONG_TERM_CARE: _l("Long-term care"),
    Need.LEGAL_ADVICE: _l("Legal advice"),
}

AGE_BAND_LABELS = {
    AgeBand.UNDER_18: _l("Under 18"),
    AgeBand.AGE_18_25: _l("18–25"),
    AgeBand.AGE_26_59: _l("26–59"),
    AgeBand.AGE_60_PLUS: _l("60 or older"),
}

CONSENT_GIVEN_BY_LABELS = {
    ConsentGivenBy.PERSON: _l("The person referred"),
    ConsentGivenBy.GUARDIAN: _l("A parent or legal guardian"),
}

CONSENT_METHOD_LABELS = {
    ConsentMethod.WRITTEN: _l("In writing"),
    ConsentMethod.ORAL: _l("Orally, noted by the worker"),
    ConsentMethod.ELECTRONIC: _l("Electronically"),
}

DECLINE_REASON_LABELS = {
    DeclineReason.NO_FREE_PLACE: _l("No free place"),
    DeclineReason.NOT_ELIGIBLE: _l("The person does not meet the service's criteria"),
    DeclineReason.OUTSIDE_AREA: _l("Outside the area we serve"),
    DeclineReason.NEEDS_OTHER_HELP: _l("The person needs other help than ours"),
    DeclineReason.CANNOT_REACH_REFERRER: _l("We could not reach the referring worker"),
    DeclineReason.OTHER: lazy_pgettext("decline reason", "Another reason"),
}

REFERRAL_OUTCOME_LABELS = {
    ReferralOutcome.HELPED: _l("Helped"),
    ReferralOutcome.DID_NOT_ARRIVE: _l("Did not arrive"),
    ReferralOutcome.MOVED_ON: _l("Moved on elsewhere"),
}

CANCEL_REASON_LABELS = {
    CancelReason.NO_LONGER_NEEDED: _l("No longer needed"),
    CancelReason.FOUND_ELSEWHERE: _l("Help found elsewhere"),
    CancelReason.CONSENT_WITHDRAWN: _l("The person withdrew consent"),
    CancelReason.SENT_BY_MISTAKE: _l("Sent by mistake"),
    CancelReason.OTHER: lazy_pgettext("cancel reason", "Another reason"),
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


# network meetings: where a meeting stands, an invited organisation's answer
MEETING_STATUS_LABELS = {
    MeetingStatus.PLANNED: lazy_pgettext("meeting status", "Planned"),
    MeetingStatus.HELD: lazy_pgettext("meeting status", "Held"),
    MeetingStatus.APPROVED: lazy_pgettext("meeting status", "Minutes approved"),
    MeetingStatus.CANCELLED: lazy_pgettext("meeting status", "Cancelled"),
}
INVITATION_ANSWER_LABELS = {
    InvitationAnswer.PENDING: lazy_pgettext("invitation answer", "Not answered yet"),
    InvitationAnswer.ATTENDING: lazy_pgettext("invitation answer", "Attending"),
    InvitationAnswer.TENTATIVE: lazy_pgettext("invitation answer", "Maybe"),
    InvitationAnswer.DECLINED: lazy_pgettext("invitation answer", "Not attending"),
}


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
    app.jinja_env.globals.update(capacity_kind_labels=CAPACITY_KIND_LABELS, counted_by_labels=COUNTED_BY_LABELS,
                                 serves_labels=SERVES_LABELS, public_availability_labels=PUBLIC_AVAILABILITY_LABELS,
                                 occupancy_change_labels=OCCUPANCY_CHANGE_LABELS,
                                 referral_status_labels=REFERRAL_STATUS_LABELS, urgency_labels=URGENCY_LABELS,
                                 need_labels=NEED_LABELS, age_band_labels=AGE_BAND_LABELS,
                                 consent_given_by_labels=CONSENT_GIVEN_BY_LABELS,
                                 consent_method_labels=CONSENT_METHOD_LABELS,
                                 decline_reason_labels=DECLINE_REASON_LABELS,
                                 referral_outcome_labels=REFERRAL_OUTCOME_LABELS,
                                 cancel_reason_labels=CANCEL_REASON_LABELS)
    app.jinja_env.globals.update(meeting_status_labels=MEETING_STATUS_LABELS,
                                 invitation_answer_labels=INVITATION_ANSWER_LABELS)
