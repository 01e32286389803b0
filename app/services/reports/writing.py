"""The organisation writes its report: a draft saved at any time, submitted when it checks out whole, resubmitted
after it was returned; attachments beside it.

Saving keeps exactly what was typed, even half-typed or wrong, so nothing is lost. Submitting saves first,
then checks the whole report: when something is wrong the draft stays saved and every problem is given
back beside its field (``Submission.errors``); when all is right the content is frozen as the next numbered
version, its figures are written for the dashboards, and the report waits for the department.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Agreement, ReportDue
from app.models.base import utcnow
from app.models.reports import Report, ReportAttachment, ReportFigure, ReportStatus, ReportVersion
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.funding.attachments import folder, store_upload
from app.services.reports.content import Layout, check, read_values
from app.services.reports.schedule import REPORTING
from app.unit_of_work import after_commit

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
ATTACHMENTS_MAX = 20


@dataclass(frozen=True)
class Submission:
    """What a submission gave: the report, and the problems beside their fields (none when it was submitted)."""

    report: Report
    errors: dict[str, str]

    @property
    def submitted(self) -> bool:
        return not self.errors


def report_of(due: ReportDue) -> Report | None:
    """The report answering a report due, if one was started (read in the caller's scope)."""
    return db.session.execute(db.select(Report).where(Report.report_due_id == due.id)).scalar_one_or_none()


def _writable(agreement: Agreement, due: ReportDue, report: Report | None) -> Report:
    if due.agreement_id != agreement.id:
        raise ServiceError(_l("This report is not one of the agreement's."))
    if agreement.status not in REPORTING:
        raise ServiceError(_l("Reports are written once the agreement is in force."))
    if report is None:
        report = Report(organisation_id=agreement.organisation_id, agreement_id=agreement.id, report_due_id=due.id,
                        status=ReportStatus.DRAFT, content={})
        db.session.add(report)
    elif report.status == ReportStatus.ACCEPTED:
        raise ServiceError(_l("This report has been accepted: it can no longer change."))
    elif report.status == ReportStatus.SUBMITTED:
        raise ServiceError(_l("This report waits for the department's review: it changes only if it is returned."))
    return report


def save_draft(layout: Layout, sent, *, actor) -> Report:
    """Organisation admin or coordinator: keep what was typed in the report (any values, checked only on
    submission). A submitted or accepted report does not change."""
    report = _writable(layout.agreement, layout.due, report_of(layout.due))
    report.content = read_values(layout, sent)
    report.saved_at = utcnow()
    report.saved_by_id = getattr(actor, "id", None)
    db.session.flush()
    return report


def submit_report(layout: Layout, sent, *, actor) -> Submission:
    """Organisation admin or coordinator: save the report, then check it whole; when it checks out, freeze it as
    the next version (its figures replace the previous version's) and send it for review."""
    report = save_draft(layout, sent, actor=actor)
    checked = check(layout, report.content)
    if checked.errors:
        return Submission(report, checked.errors)
    number = len(report.versions) + 1
    report.versions.append(ReportVersion(organisation_id=report.organisation_id, number=number,
                                         content=dict(report.content), submitted_at=utcnow(),
                                         submitted_by_id=getattr(actor, "id", None), comments={}))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = utcnow()
    report.figures.clear()
    db.session.flush()
    for kind, key, value in checked.figures:
        report.figures.append(ReportFigure(organisation_id=report.organisation_id, agreement_id=report.agreement_id,
                                           kind=kind, key=key, value=value, accepted=False))
    db.session.flush()
    record_event("report.submitted", actor=actor, organisation_id=report.organisation_id, target=layout.agreement,
                 details={"report": report.id, "kind": layout.due.kind.value, "version": number,
                          "due_on": layout.due.due_on.isoformat()})
    return Submission(report, {})


def add_attachment(layout: Layout, upload, label: str, *, actor) -> ReportAttachment:
    """Organisation admin or coordinator: attach a file (type read from its content, capped, kept outside the
    web root) to a report that may still change."""
    report = _writable(layout.agreement, layout.due, report_of(layout.due))
    label = " ".join(str(label or "").split())
    if not label or len(label) > 300:
        raise ServiceError(_l("Say what the file is (at most 300 characters)."), field="label")
    if len(report.attachments) >= ATTACHMENTS_MAX:
        raise ServiceError(_l("A report has at most %(max)d attachments.", max=ATTACHMENTS_MAX), field="file")
    stored = store_upload(upload, folder())
    attachment = ReportAttachment(organisation_id=report.organisation_id, report=report, label=label,
                                  uploaded_by_id=getattr(actor, "id", None), **stored.columns())
    db.session.add(attachment)
    stored.flush_or_remove()
    record_event("report.attachment_added", actor=actor, organisation_id=report.organisation_id,
                 target=layout.agreement, details={"report": report.id, "label": label, "size": stored.size})
    return attachment


def delete_attachment(layout: Layout, attachment: ReportAttachment, *, actor) -> None:
    """Organisation admin or coordinator: remove an attachment while the report may change (the file goes once
    the change is committed)."""
    report = _writable(layout.agreement, layout.due, report_of(layout.due))
    if attachment.report_id != report.id:
        raise ServiceError(_l("This file is not attached to this report."))
    path = folder() / attachment.stored_name
    record_event("report.attachment_deleted", actor=actor, organisation_id=report.organisation_id,
                 target=layout.agreement, details={"report": report.id, "label": attachment.label})
    report.attachments.remove(attachment)
    db.session.flush()
    after_commit(path.unlink, missing_ok=True)
