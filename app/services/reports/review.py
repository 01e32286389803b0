"""The department reviews a submitted report: accepts it, or returns it with a comment per section.

Accepting marks the report due accepted, so a tranche waiting for this partial report may be approved
(``payments.waits_for``); the figures count on the dashboards from then on; accepting the final report
completes the agreement. Returning keeps the version and its comments; the organisation corrects the
draft and submits the next version.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l

from app.database import lock
from app.extensions import db
from app.labels import REPORT_KIND_LABELS
from app.mail import send_mail
from app.models import AgreementStatus, ReportKind, Tranche, TrancheState
from app.models.base import utcnow
from app.models.reports import Report, ReportDecision, ReportStatus
from app.services import ServiceError, clean_text
from app.services.agreements.lifecycle import complete
from app.services.audit.log import record_event
from app.services.moderation.review import organisation_contacts
from app.services.reports.content import SECTIONS, TEXT_MAX


def _comments(sent: dict) -> dict[str, str]:
    """The officer's comment per section, as typed (empty ones left out)."""
    comments = {}
    for section in (*SECTIONS, "attachments", "general"):
        text = clean_text(sent.get(section), TEXT_MAX, section)
        if text:
            comments[section] = text
    return comments


def _waiting(report: Report) -> Report:
    report = lock(Report, report.id)  # two officers deciding at once: the second finds it decided
    if report.status != ReportStatus.SUBMITTED or not report.versions:
        raise ServiceError(_l("This report is not waiting for review."))
    return report


def accept_report(report: Report, comments: dict, *, actor) -> Report:
    """Department admin or officer: accept the submitted version (with optional comments). The report due is
    accepted — a tranche waiting for it can be approved — its figures count, and a final report completes the
    agreement in force."""
    notes = _comments(comments)
    report = _waiting(report)
    version = report.versions[-1]
    now = utcnow()
    version.decision, version.decided_at, version.decided_by_id = ReportDecision.ACCEPTED, now, actor.id
    version.comments = notes
    report.status, report.decided_at = ReportStatus.ACCEPTED, now
    report.due.accepted_at = now
    for figure in report.figures:
        figure.accepted = True
    db.session.flush()
    released = db.session.execute(db.select(db.func.count(Tranche.id)).where(
        Tranche.report_due_id == report.report_due_id, Tranche.state == TrancheState.SCHEDULED)).scalar_one()
    record_event("report.accepted", actor=actor, organisation_id=report.organisation_id, target=report.agreement,
                 details={"report": report.id, "kind": report.due.kind.value, "version": version.number,
                          "tranches_released": released})
    agreement = report.agreement
    completed = report.due.kind == ReportKind.FINAL and agreement.status == AgreementStatus.IN_FORCE
    if completed:
        complete(agreement, actor=actor)
    _tell(report, _l("A report was accepted: %(number)s", number=agreement.number), "report_accepted",
          completed=completed)
    return report


def return_report(report: Report, comments: dict, *, actor) -> Report:
    """Department admin or officer: return the submitted version to the organisation with comments (at least
    one, per section) saying what to correct. The version stays as it was sent."""
    notes = _comments(comments)
    if not notes:
        raise ServiceError(_l("Say what the organisation should correct, in at least one section."),
                           field="general")
    report = _waiting(report)
    version = report.versions[-1]
    now = utcnow()
    version.decision, version.decided_at, version.decided_by_id = ReportDecision.RETURNED, now, actor.id
    version.comments = notes
    report.status, report.decided_at = ReportStatus.RETURNED, now
    db.session.flush()
    record_event("report.returned", actor=actor, organisation_id=report.organisation_id, target=report.agreement,
                 details={"report": report.id, "version": version.number, "sections": sorted(notes)})
    _tell(report, _l("A report was returned for correction: %(number)s", number=report.agreement.number),
          "report_returned")
    return report


def report_link(report: Report) -> str | None:
    """The report's page in the organisation's workspace (acting for its organisation), for e-mails sent during
    a request; None outside one."""
    if not has_request_context():
        return None
    page = url_for("reports_workspace.report", agreement_id=report.agreement_id, report_due_id=report.report_due_id)
    return url_for("account.act_for", organisation=report.organisation_id, next=page, _external=True)


def _tell(report: Report, subject, template: str, **context) -> None:
    """E-mail the organisation's admins and coordinators (each in their language) once the decision commits."""
    for user in organisation_contacts(report.organisation_id):
        send_mail(user.email, subject, template, user.locale or "pl", agreement=report.agreement,
                  kind=REPORT_KIND_LABELS[report.due.kind], due_on=report.due.due_on, link=report_link(report),
                  **context)
