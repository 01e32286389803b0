"""Network meetings in an organisation's workspace: the meetings it is invited to, coordinates or whose network it
is in; convening and changing them (the network's coordinator); answering an invitation (the invited organisation's
admin or coordinator). The pages are shared with the console (``blueprints/meetings/pages.py``)."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.meetings import pages

AUDIENCE = pages.WORKSPACE
bp = Blueprint("meetings_workspace", __name__, url_prefix="/workspace/meetings", template_folder="templates")
menu_entry("workspace", "meetings_workspace.meetings", _l("Meetings"), permission=Permission.NETWORKS_VIEW,
           order=38, current=("meetings_workspace.",))


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def meetings():
    """Organisation members: the meetings of the organisation's networks — coming first, then past (``?network=``
    narrows to one network)."""
    return pages.list_page(AUDIENCE)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def new():
    """The coordinating organisation's admin or coordinator: convene a meeting of the network (``?network=``);
    invitations are e-mailed with an iCalendar file."""
    return pages.new_page(AUDIENCE)


@bp.get("/<int:meeting_id>")
@requires(Permission.NETWORKS_VIEW)
def detail(meeting_id: int):
    """Members of an organisation invited to the meeting, coordinating it, or in its network: the meeting, its
    agenda and the answers; the answer form for the invited organisation's admin or coordinator."""
    return pages.detail_page(AUDIENCE, meeting_id)


@bp.get("/<int:meeting_id>/meeting.ics")
@requires(Permission.NETWORKS_VIEW)
def calendar(meeting_id: int):
    """Those who may read the meeting: its iCalendar file."""
    return pages.calendar_download(AUDIENCE, meeting_id)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def edit(meeting_id: int):
    """The network coordinator's admin or coordinator: change the planned meeting; every invitee is sent the
    change."""
    return pages.edit_page(AUDIENCE, meeting_id)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def cancel(meeting_id: int):
    """The network coordinator's admin or coordinator: cancel the planned meeting with a reason; every invitee is
    sent the cancellation."""
    return pages.cancel_page(AUDIENCE, meeting_id)


@bp.post("/<int:meeting_id>/answer")
@requires(Permission.NETWORK_RESPOND)
def answer(meeting_id: int):
    """The invited organisation's admin or coordinator: attending, maybe or not, and who will come."""
    return pages.answer(meeting_id)
