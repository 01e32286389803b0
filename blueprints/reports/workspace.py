"""Reports in the organisation's workspace: what is due, writing and submitting a report, its versions."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.reports import pages
from blueprints.reports.pages import WORKSPACE

bp = Blueprint("reports_workspace", __name__, url_prefix="/workspace", template_folder="templates")
menu_entry("workspace", "reports_workspace.reports", _l("Reports"), permission=Permission.AGREEMENTS_VIEW, order=31,
           current=("reports_workspace.",))

REPORT = "/agreements/<int:agreement_id>/reports/<int:report_due_id>"


@bp.get("/reports/")
@requires(Permission.AGREEMENTS_VIEW)
def reports():
    """Organisation members: every report their agreements ask for — overdue, soon due, waiting for review, later,
    accepted."""
    return pages.list_page(WORKSPACE)


@bp.get("/agreements/<int:agreement_id>/reports")
@requires(Permission.AGREEMENTS_VIEW)
def agreement_reports(agreement_id: int):
    """Organisation members: one agreement's reporting schedule with each report's state."""
    return pages.agreement_page(WORKSPACE, pages.agreement_for(WORKSPACE, agreement_id))


@bp.get(REPORT)
@requires(Permission.AGREEMENTS_VIEW)
def report(agreement_id: int, report_due_id: int):
    """Organisation members: one report — the form for the admin and coordinators while it may change, else what
    was sent, with the department's comments and every version."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.report_page(WORKSPACE, agreement, pages.due_for(agreement, report_due_id))


@bp.post(REPORT)
@requires(Permission.REPORTS_WRITE)
def report_save(agreement_id: int, report_due_id: int):
    """Organisation admin or coordinator: save the draft, or save and submit it (every problem shown beside its
    field, the draft kept)."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.save_action(WORKSPACE, agreement, pages.due_for(agreement, report_due_id))


@bp.post(REPORT + "/attachments")
@requires(Permission.REPORTS_WRITE)
def attachment_add(agreement_id: int, report_due_id: int):
    """Organisation admin or coordinator: attach a file to the report while it may change."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.attach_action(WORKSPACE, agreement, pages.due_for(agreement, report_due_id))


@bp.get(REPORT + "/attachments/<int:report_attachment_id>")
@requires(Permission.AGREEMENTS_VIEW)
def attachment(agreement_id: int, report_due_id: int, report_attachment_id: int):
    """Organisation members: download one of the report's files."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.download(agreement, pages.due_for(agreement, report_due_id), report_attachment_id)


@bp.post(REPORT + "/attachments/<int:report_attachment_id>/delete")
@requires(Permission.REPORTS_WRITE)
def attachment_delete(agreement_id: int, report_due_id: int, report_attachment_id: int):
    """Organisation admin or coordinator: remove a file while the report may change."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.delete_attachment_action(WORKSPACE, agreement, pages.due_for(agreement, report_due_id),
                                          report_attachment_id)


@bp.get(REPORT + "/compare")
@requires(Permission.AGREEMENTS_VIEW)
def compare(agreement_id: int, report_due_id: int):
    """Organisation members: two versions of the report side by side."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.compare_page(WORKSPACE, agreement, pages.due_for(agreement, report_due_id))
