"""What each audit action code means to people: the one registry of the codes the portal records.

``record_event`` checks every code against it (app/services/audit/log.py), so a feature that
starts recording a new code names it here in the same change; the audit log shows the name in
the reader's language and keeps the code beside it, small, for searching.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    # signing in and out
    "auth.sign_in": _l("Signed in"),
    "auth.sign_in_failed": _l("Sign-in failed: wrong e-mail or password"),
    "auth.sign_in_throttled": _l("Sign-in blocked after too many attempts"),
    "auth.second_factor_failed": _l("Sign-in failed: wrong code from the authenticator app"),
    "auth.failures_notice_sent": _l("Holder told of repeated failed sign-ins"),
    "auth.sign_out": _l("Signed out"),
    # accounts
    "user.created": _l("Account created"),
    "user.profile_updated": _l("Account details changed"),
    "user.password_changed": _l("Password changed"),
    "user.password_reset_requested": _l("Password reset link requested"),
    "user.password_reset_requested_unknown": _l("Password reset requested for an address with no account"),
    "user.password_reset": _l("New password set with a reset link"),
    "user.password_reset_limited": _l("Password reset link not sent: too many asked for recently"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account activated again"),
    "user.two_factor_enabled": _l("Two-factor sign-in turned on"),
    "user.two_factor_disabled": _l("Two-factor sign-in turned off or reset"),
    "user.recovery_codes_regenerated": _l("New recovery codes made"),
    "user.recovery_code_used": _l("Signed in with a recovery code"),
    # the registry of organisations and their people
    "organisation.registered": _l("Organisation added to the registry"),
    "organisation.updated": _l("Organisation details changed"),
    "organisation.verified": _l("Organisation marked as verified"),
    "organisation.unverified": _l("Verified mark withdrawn"),
    "organisation.deactivated": _l("Organisation deactivated"),
    "organisation.reactivated": _l("Organisation activated again"),
    "organisation.spheres_followed": _l("Spheres followed for new calls changed"),
    "invitation.sent": _l("Invitation sent"),
    "invitation.accepted": _l("Invitation accepted"),
    "invitation.revoked": _l("Invitation withdrawn"),
    "membership.role_changed": _l("Member's role changed"),
    "membership.removed": _l("Member removed from the organisation"),
    # the directory
    "service.created": _l("Service added"),
    "service.updated": _l("Service changed"),
    "service.confirmed": _l("Service confirmed as current"),
    "service.unpublished": _l("Service taken down by the department"),
    "service.republished": _l("Service published again"),
    "location.created": _l("Location added"),
    "location.updated": _l("Location changed"),
    "location.made_confidential": _l("Location's address made confidential"),
    "event.created": _l("Event added"),
    "event.updated": _l("Event changed"),
    "event.deleted": _l("Event deleted"),
    "event.cancelled": _l("Event cancelled"),
    "event.reinstated": _l("Cancelled event reinstated"),
    "volunteering.created": _l("Volunteering offer added"),
    "volunteering.updated": _l("Volunteering offer changed"),
    "volunteering.deleted": _l("Volunteering offer deleted"),
    # changes waiting for the department (the workflow)
    "revision.submitted": _l("Change sent to the department for approval"),
    "revision.withdrawn": _l("Change withdrawn or replaced by a newer one"),
    "revision.approved": _l("Change approved"),
    "revision.rejected": _l("Change rejected"),
    "revision.returned": _l("Change returned for correction"),
    # residents' reports of a mistake
    "feedback.received": _l("Resident's report received"),
    "feedback.resolved": _l("Resident's report resolved"),
    "feedback.dismissed": _l("Resident's report dismissed"),
    # what the department manages
    "taxonomy_term.created": _l("Category added"),
    "taxonomy_term.updated": _l("Category changed"),
    "taxonomy_term.moved": _l("Category moved"),
    "taxonomy_term.deleted": _l("Category deleted"),
    "taxonomy_term.loaded": _l("Missing categories added from a file"),
    "alert.created": _l("Alert added"),
    "alert.updated": _l("Alert changed"),
    "alert.withdrawn": _l("Alert withdrawn"),
    # programmes and budgets
    "programme.created": _l("Programme added"),
    "programme.updated": _l("Programme changed"),
    "programme.deleted": _l("Programme removed"),
    "budget_line.added": _l("Budget line added"),
    "budget_line.updated": _l("Budget line changed"),
    "budget_line.removed": _l("Budget line removed"),
    # the city's own indicators over years
    "indicator.created": _l("City indicator added"),
    "indicator.updated": _l("City indicator changed"),
    "indicator.recorded": _l("Yearly figure of a city indicator recorded"),
    "indicator.value_deleted": _l("Yearly figure of a city indicator deleted"),
    # calls for offers
    "call.created": _l("Call drafted"),
    "call.updated": _l("Call changed"),
    "call.published": _l("Call published"),
    "call.annulled": _l("Call annulled"),
    "call.deleted": _l("Draft call deleted"),
    # formal check and evaluation
    "call.formal_check_started": _l("Formal check of a call's offers started"),
    "call.evaluation_started": _l("Evaluation of a call's offers started"),
    "offer.formal_checked": _l("Offer formally checked"),
    "commission.member_added": _l("Commission member named"),
    "commission.member_removed": _l("Commission member removed"),
    "commission.assigned": _l("Offers assigned to every commission member"),
    "commission.assignments_changed": _l("A commission member's offers changed"),
    "commission.closed": _l("Commission closed"),
    "assignment.declared": _l("Conflict of interest declared (or none)"),
    "assignment.finished": _l("Scoring of an offer finished"),
    "score.entered": _l("Scores entered"),
    # awards and results
    "award.decided": _l("Award decided"),
    "award.withdrawn": _l("Award withdrawn"),
    "award.update_accepted": _l("Updated budget of a reduced award accepted"),
    "award.update_returned": _l("Updated budget of a reduced award sent back"),
    "offer.outcome_reason_written": _l("Reason for not funding an offer written"),
    "call.results_published": _l("Results of a call published"),
    # small grants without a competition (art. 19a)
    "small_grant.drafted": _l("Small grant offer drafted"),
    "small_grant.updated": _l("Small grant offer changed"),
    "offer.submitted": _l("Offer submitted"),
    "offer.withdrawn": _l("Offer withdrawn"),
    "offer.published_for_comments": _l("Offer published for comments"),
    "offer.commented": _l("Comment on an offer received"),
    "offer.refused": _l("Offer refused"),
    # offers (the organisation's side)
    "offer.created": _l("Offer started"),
    "offer.saved": _l("Offer draft saved"),
    "offer.reopened": _l("Withdrawn offer reopened as a draft"),
    "offer.correction_saved": _l("Offer corrected after the formal check"),
    "offer.corrected": _l("Correction of an offer sent"),
    "offer.attachment_added": _l("Attachment added to an offer"),
    "offer.attachment_deleted": _l("Attachment removed from an offer"),
    "offer.partner_added": _l("Joint applicant named"),
    "offer.partner_removed": _l("Joint applicant taken off"),
    "offer.partner_confirmed": _l("Joint applicant confirmed"),
    "award.update_submitted": _l("Updated budget sent within an award"),
    # agreements
    "agreement.created": _l("Agreement drafted"),
    "agreement.saved": _l("Draft agreement changed"),
    "agreement.deleted": _l("Draft agreement deleted"),
    "agreement.sent": _l("Agreement sent to the organisation"),
    "agreement.accepted": _l("Agreement accepted by the organisation"),
    "agreement.declined": _l("Agreement sent back by the organisation"),
    "agreement.signed": _l("Signing of an agreement recorded"),
    "agreement.document_added": _l("Signed scan of an agreement added"),
    "agreement.terminated": _l("Agreement terminated"),
    "agreement.completed": _l("Agreement completed"),
    "tranche.scheduled": _l("Tranche scheduled"),
    "tranche.changed": _l("Scheduled tranche changed"),
    "tranche.removed": _l("Scheduled tranche removed"),
    "tranche.approved": _l("Tranche approved for payment"),
    "tranche.paid": _l("Tranche paid"),
    "refund.recorded": _l("Return of unused money recorded"),
    "statement.saved": _l("Monthly statement prepared"),
    "statement.submitted": _l("Monthly statement submitted"),
    "statement.approved": _l("Monthly statement approved"),
    "report.submitted": _l("Report submitted"),
    "report.returned": _l("Report returned for correction"),
    "report.accepted": _l("Report accepted"),
    "report.attachment_added": _l("File attached to a report"),
    "report.attachment_deleted": _l("File removed from a report"),
    "statement.returned": _l("Monthly statement returned for correction"),
    "amendment.proposed": _l("Amendment proposed"),
    "amendment.approved": _l("Amendment approved"),
    "amendment.rejected": _l("Amendment rejected"),
    "amendment.withdrawn": _l("Amendment withdrawn"),
    # capacity and referrals
    "capacity_unit.created": _l("Capacity unit added"),
    "capacity_unit.updated": _l("Capacity unit changed"),
    "capacity_unit.retired": _l("Capacity unit taken out of use"),
    "capacity_unit.reinstated": _l("Capacity unit back in use"),
    "capacity.counted": _l("Occupancy updated"),
    "capacity.out_of_service": _l("Places taken out of service or back into it"),
    "capacity_kind.created": _l("Kind of places added"),
    "capacity_kind.updated": _l("Kind of places changed"),
    "referral.sent": _l("Referral sent"),
    "referral.viewed": _l("Referral viewed"),
    "referral.accepted": _l("Referral accepted"),
    "referral.declined": _l("Referral declined"),
    "referral.completed": _l("Referral completed"),
    "referral.cancelled": _l("Referral cancelled"),
    # networks of partner organisations
    "network.created": _l("Network created"),
    "network.updated": _l("Network details changed"),
    "network.archived": _l("Network archived"),
    "network.reactivated": _l("Network made active again"),
    "network.member_added": _l("Organisation added to a network"),
    "network.member_removed": _l("Organisation removed from a network"),
    "network.member_updated": _l("What an organisation brings to a network changed"),
    "network.contact_updated": _l("An organisation's contact for a network changed"),
    "retention.purged": _l("Personal data of closed referrals deleted after the retention period"),
    # network meetings
    "meeting.convened": _l("Network meeting convened"),
    "meeting.changed": _l("Network meeting changed"),
    "meeting.cancelled": _l("Network meeting cancelled"),
    "meeting.answered": _l("Invitation to a network meeting answered"),
    # a network's meetings: minutes and actions
    "minutes.saved": _l("Meeting minutes and attendance saved"),
    "minutes.approved": _l("Meeting minutes approved"),
    "action.added": _l("Action added at a meeting"),
    "action.updated": _l("Action updated"),
    # coordination: messages to the network
    "message.sent": _l("Message sent to organisations"),
    # the system
    "tenancy.scope_widened": _l("Data beyond one organisation read for a task"),
    "demo.loaded": _l("Demo data loaded"),
}

# Codes older entries of the log carry: their rows were renamed since (ids kept by the migrations).
FORMER_ACTIONS = {
    "change_request.submitted": "revision.submitted",
    "change_request.withdrawn": "revision.withdrawn",
    "change_request.approved": "revision.approved",
    "change_request.rejected": "revision.rejected",
    "listing_report.received": "feedback.received",
    "listing_report.resolved": "feedback.resolved",
    "listing_report.dismissed": "feedback.dismissed",
}


def is_registered(action: str) -> bool:
    """Whether ``action`` is a code the portal may record (it has a name for people)."""
    return action in ACTION_LABELS


def is_named(action: str) -> bool:
    """Whether the log can say ``action`` in words (a code recorded today or by an earlier version)."""
    return FORMER_ACTIONS.get(action, action) in ACTION_LABELS


def action_label(action: str) -> str:
    """What happened, in the reader's language; an unknown code is shown as it is."""
    label = ACTION_LABELS.get(FORMER_ACTIONS.get(action, action))
    return str(label) if label is not None else action
