"""What the console and the workspace share: loading a report through its agreement, the pages and the actions.

A report is always reached through its agreement (read in the reader's scope: another organisation's is a
404, a draft agreement is the department's alone) and the report due it answers (a child of that agreement).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models import Agreement, AgreementStatus, ReportDue
from app.models.reports import Report, ReportAttachment, ReportStatus
from app.permissions import Permission, can
from app.services.agreements.reading import read_terms
from app.services.reports import content, review, writing
from app.services.reports.schedule import DueState, due_rows
from app.tenancy import get_child_or_404, get_or_404
from blueprints.attachments import send_attachment
from blueprints.forms import attempt, form_status
from blueprints.reports.forms import AttachmentForm, ReportForm, ReviewForm

STATE_LABELS_KEYS = [state.value for state in DueState]


@dataclass(frozen=True)
class Audience:
    """One audience of the reports' pages: its blueprint, and who writes or decides there."""

    name: str  # "console" or "workspace"
    blueprint: str
    acts: Permission  # writes (workspace) or reviews (console)


CONSOLE = Audience("console", "reports_console", Permission.REPORTS_REVIEW)
WORKSPACE = Audience("workspace", "reports_workspace", Permission.REPORTS_WRITE)


def agreement_for(audience: Audience, agreement_id: int) -> Agreement:
    """The agreement through the reader's scope; a draft is the department's alone (404 to the organisation)."""
    agreement = get_or_404(Agreement, agreement_id)
    if audience is WORKSPACE and agreement.status == AgreementStatus.DRAFT:
        abort(404)
    return agreement


def due_for(agreement: Agreement, report_due_id: int) -> ReportDue:
    """A report due of this agreement (another agreement's is a 404)."""
    return get_child_or_404(agreement, ReportDue, report_due_id)


def layout_of(agreement: Agreement, due: ReportDue) -> content.Layout:
    terms = read_terms(agreement)
    return content.layout_for(agreement, due, terms.offer, terms.revised)


def _to_report(audience: Audience, agreement: Agreement, due: ReportDue, anchor: str = ""):
    return redirect(url_for(f"{audience.blueprint}.report", agreement_id=agreement.id, report_due_id=due.id)
                    + anchor, code=303)


# -- lists ----------------------------------------------------------------------------------------------------

def list_page(audience: Audience):
    """Every report the reader's scope asks for, by state: overdue, soon due, waiting for review, later, accepted."""
    chosen = request.args.get("state", "")
    rows = due_rows()
    groups = {state: [row for row in rows if row.state == state] for state in DueState}
    if chosen in STATE_LABELS_KEYS:
        shown = [DueState(chosen)]
    else:
        chosen, shown = "", [DueState.OVERDUE, DueState.SOON, DueState.IN_REVIEW, DueState.UPCOMING,
                             DueState.ACCEPTED]
    return render_template("reports/list.html", audience=audience.name, blueprint=audience.blueprint,
                           groups=groups, shown=shown, chosen=chosen)


def agreement_page(audience: Audience, agreement: Agreement):
    """The agreement's reporting schedule with each report's state."""
    return render_template("reports/agreement.html", audience=audience.name, blueprint=audience.blueprint,
                           agreement=agreement, rows=due_rows(agreement_id=agreement.id))


# -- one report -------------------------------------------------------------------------------------------------

def _may_write(audience: Audience, report: Report | None) -> bool:
    return audience is WORKSPACE and can(Permission.REPORTS_WRITE) and (
        report is None or report.status in writing.EDITABLE)


def report_page(audience: Audience, agreement: Agreement, due: ReportDue, *, values: dict | None = None,
                errors: dict | None = None, attachment_form: AttachmentForm | None = None,
                review_form: ReviewForm | None = None, status: int = 200):
    """One report: the form while the organisation may write it, else the latest version as sent, with the
    department's comments; every version listed; the review for the department."""
    layout = layout_of(agreement, due)
    report = writing.report_of(due)
    may_write = _may_write(audience, report) and agreement.status in (
        AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
    if values is None:
        values = (report.content if report and report.content else layout.initial()) if may_write else \
            (report.latest.content if report and report.latest else {})
    latest = report.latest if report else None
    returned = [version for version in (report.versions if report else []) if version.comments]
    return render_template(
        "reports/report.html", audience=audience.name, blueprint=audience.blueprint, agreement=agreement, due=due,
        layout=layout, report=report, latest=latest, values=values, errors=errors or {}, may_write=may_write,
        shares=content.shares(values), form=ReportForm(), attachment_form=attachment_form or AttachmentForm(),
        review_form=review_form or ReviewForm(), last_comments=returned[-1].comments if returned else {},
        field_labels=content.field_labels(layout),
        may_review=audience is CONSOLE and can(Permission.REPORTS_REVIEW) and report is not None
        and report.status == ReportStatus.SUBMITTED,
        c=content), status


def save_action(audience: Audience, agreement: Agreement, due: ReportDue):
    """Save the draft, or (the "submit" button) save and submit it; a failed check keeps the draft and shows every
    problem beside its field."""
    form = ReportForm()
    if not form.validate_on_submit():
        return report_page(audience, agreement, due, values=dict(request.form), status=400)
    layout = layout_of(agreement, due)
    if request.form.get("action") == "submit":
        done = attempt(lambda: writing.submit_report(layout, request.form, actor=current_user))
        if done and done.value.submitted:
            flash(_("The report is submitted: the department reviews it."), "success")
            return _to_report(audience, agreement, due)
        if done:
            flash(_("The draft is saved, but the report is not submitted yet: correct the marked fields."), "error")
            return report_page(audience, agreement, due, values=done.value.report.content, errors=done.value.errors,
                               status=400)
        return report_page(audience, agreement, due, values=dict(request.form), status=400)
    if attempt(lambda: writing.save_draft(layout, request.form, actor=current_user)):
        flash(_("The draft is saved. Submit it when it is complete."), "success")
        return _to_report(audience, agreement, due)
    return report_page(audience, agreement, due, values=dict(request.form), status=400)


def attach_action(audience: Audience, agreement: Agreement, due: ReportDue):
    """Attach a file to the report (its draft is kept as it was last saved)."""
    form = AttachmentForm()
    if form.validate_on_submit():
        layout = layout_of(agreement, due)
        done = attempt(lambda: writing.add_attachment(layout, form.file.data, form.label.data, actor=current_user),
                       form=form, default_field="file")
        if done:
            flash(_("The file is attached."), "success")
            return _to_report(audience, agreement, due, "#attachments-heading")
    return report_page(audience, agreement, due, attachment_form=form, status=form_status())


def attachment_for(agreement: Agreement, due: ReportDue, report_attachment_id: int) -> ReportAttachment:
    """An attachment of this report (any other is a 404)."""
    report = writing.report_of(due)
    if report is None:
        abort(404)
    attachment = get_child_or_404(report, ReportAttachment, report_attachment_id)
    return attachment


def download(agreement: Agreement, due: ReportDue, report_attachment_id: int):
    """The attachment's file, read through the report's agreement."""
    return send_attachment(attachment_for(agreement, due, report_attachment_id))


def delete_attachment_action(audience: Audience, agreement: Agreement, due: ReportDue,
                             report_attachment_id: int):
    """Remove an attachment while the report may change."""
    attachment = attachment_for(agreement, due, report_attachment_id)
    layout = layout_of(agreement, due)
    if attempt(lambda: writing.delete_attachment(layout, attachment, actor=current_user)):
        flash(_("The file is removed."), "success")
    return _to_report(audience, agreement, due, "#attachments-heading")


def decide_action(audience: Audience, agreement: Agreement, due: ReportDue, decision: str):
    """Accept the submitted version, or return it with comments per section."""
    report = writing.report_of(due)
    if report is None:
        abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        sent = form.comments()
        if decision == "accept":
            done = attempt(lambda: review.accept_report(report, sent, actor=current_user), form=form,
                           default_field="general")
            message = _("The report is accepted.")
        else:
            done = attempt(lambda: review.return_report(report, sent, actor=current_user), form=form,
                           default_field="general")
            message = _("The report is returned to the organisation with your comments.")
        if done:
            flash(message, "success")
            return _to_report(audience, agreement, due)
    return report_page(audience, agreement, due, review_form=form, status=form_status())


# -- versions ---------------------------------------------------------------------------------------------------

def compare_page(audience: Audience, agreement: Agreement, due: ReportDue):
    """Two versions side by side (by default the last two), field by field, differences marked."""
    report = writing.report_of(due)
    if report is None or not report.versions:
        abort(404)
    numbers = [version.number for version in report.versions]
    first, second = _chosen(request.args.get("a"), numbers, -2), _chosen(request.args.get("b"), numbers, -1)
    left = report.versions[numbers.index(first)]
    right = report.versions[numbers.index(second)]
    layout = layout_of(agreement, due)
    rows = [(name, layout.section_of(name), content.shown_value(name, left.content.get(name, "")),
             content.shown_value(name, right.content.get(name, ""))) for name in layout.field_names()]
    return render_template("reports/compare.html", audience=audience.name, blueprint=audience.blueprint,
                           agreement=agreement, due=due, report=report, layout=layout, left=left, right=right,
                           rows=rows, numbers=numbers, c=content, field_labels=content.field_labels(layout))


def _chosen(text: str | None, numbers: list[int], fallback: int) -> int:
    if text and text.isdigit() and int(text) in numbers:
        return int(text)
    return numbers[fallback] if len(numbers) >= -fallback else numbers[0]
