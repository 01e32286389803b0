"""Reports in the department's console: what is due and waiting city-wide, and the review of one report."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.reports import pages
from blueprints.reports.pages import CONSOLE

bp = Blueprint("reports_console", __name__, url_prefix="/console", template_folder="templates")
menu_entry("console", "reports_console.reports", _l("Reports"), permission=Permission.AGREEMENTS_VIEW, order=29,
           current=("reports_console.",))

REPORT = "/agreements/<int:agreement_id>/reports/<int:report_due_id>"


@bp.get("/reports/")
@requires(Permission.AGREEMENTS_VIEW)
def reports():
    """Department staff: every report the city's agreements ask for — overdue, soon due, waiting for review,
    later, accepted."""
    return pages.list_page(CONSOLE)


@bp.get("/agreements/<int:agreement_id>/reports")
@requires(Permission.AGREEMENTS_VIEW)
def agreement_reports(agreement_id: int):
    """Department staff: one agreement's reporting schedule with each report's state."""
    return pages.agreement_page(CONSOLE, pages.agreement_for(CONSOLE, agreement_id))


@bp.get(REPORT)
@requires(Permission.AGREEMENTS_VIEW)
def report(agreement_id: int, report_due_id: int):
    """Department staff: one report as the organisation sent it, with every version; the review for admins and
    officers."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.report_page(CONSOLE, agreement, pages.due_for(agreement, report_due_id))


@bp.post(REPORT + "/accept")
@requires(Permission.REPORTS_REVIEW)
def report_accept(agreement_id: int, report_due_id: int):
    """Department admin or officer: accept the submitted report (a waiting tranche is released; the final report
    completes the agreement)."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.decide_action(CONSOLE, agreement, pages.due_for(agreement, report_due_id), "accept")


@bp.post(REPORT + "/return")
@requires(Permission.REPORTS_REVIEW)
def report_return(agreement_id: int, report_due_id: int):
    """Department admin or officer: return the submitted report with comments per section."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.decide_action(CONSOLE, agreement, pages.due_for(agreement, report_due_id), "return")


@bp.get(REPORT + "/attachments/<int:report_attachment_id>")
@requires(Permission.AGREEMENTS_VIEW)
def attachment(agreement_id: int, report_due_id: int, report_attachment_id: int):
    """Department staff: download one of the report's files."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.download(agreement, pages.due_for(agreement, report_due_id), report_attachment_id)


@bp.get(REPORT + "/compare")
@requires(Permission.AGREEMENTS_VIEW)
def compare(agreement_id: int, report_due_id: int):
    """Department staff: two versions of the report side by side."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.compare_page(CONSOLE, agreement, pages.due_for(agreement, report_due_id))
