"""Network meetings in the department's console: every network's meetings; its admins and officers convene, change
and cancel any of them. The pages are shared with the workspace (``blueprints/meetings/pages.py``); an
organisation's member who opens a console page is sent to the workspace's."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.meetings import pages

AUDIENCE = pages.CONSOLE
bp = Blueprint("meetings_console", __name__, url_prefix="/console/meetings", template_folder="templates")
menu_entry("console", "meetings_console.meetings", _l("Meetings"), permission=Permission.NETWORKS_VIEW,
           order=38, current=("meetings_console.",))


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def meetings():
    """Department staff: every network's meetings — coming first, then past (``?network=`` narrows to one
    network)."""
    return pages.list_page(AUDIENCE)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def new():
    """Department admin or officer: convene a meeting of any network (``?network=``); invitations are e-mailed with
    an iCalendar file."""
    return pages.new_page(AUDIENCE)


@bp.get("/<int:meeting_id>")
@requires(Permission.NETWORKS_VIEW)
def detail(meeting_id: int):
    """Department staff: the meeting, its agenda and the invited organisations' answers."""
    return pages.detail_page(AUDIENCE, meeting_id)


@bp.get("/<int:meeting_id>/meeting.ics")
@requires(Permission.NETWORKS_VIEW)
def calendar(meeting_id: int):
    """Those who may read the meeting: its iCalendar file."""
    return pages.calendar_download(AUDIENCE, meeting_id)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def edit(meeting_id: int):
    """Department admin or officer: change the planned meeting; every invitee is sent the change."""
    return pages.edit_page(AUDIENCE, meeting_id)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def cancel(meeting_id: int):
    """Department admin or officer: cancel the planned meeting with a reason; every invitee is sent the
    cancellation."""
    return pages.cancel_page(AUDIENCE, meeting_id)
