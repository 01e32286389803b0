"""Minutes in the organisation's workspace: the list of its networks' minutes, the coordinator's record page
(attendance, minutes, decisions, actions, approval), and the read-only minutes with their PDF."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.minutes import pages

bp = Blueprint("minutes_workspace", __name__, url_prefix="/workspace/minutes", template_folder="templates")
menu_entry("workspace", "minutes_workspace.index", _l("Minutes"), permission=Permission.NETWORKS_VIEW, order=47,
           current=("minutes_workspace.",))
AUDIENCE = "workspace"


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def index():
    """Organisation members: the approved minutes of their networks' meetings; for a network's coordinator also
    the meetings that started and wait for their minutes."""
    return pages.index(AUDIENCE)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def record(meeting_id: int):
    """The network's coordinator (its organisation's admin or coordinator): record attendance, minutes per agenda
    item, decisions and general notes (saving moves the meeting to held). Anyone else: 404."""
    return pages.record(AUDIENCE, meeting_id)


@bp.post("/<int:meeting_id>/actions")
@requires(Permission.MEETINGS_MANAGE)
def add_action(meeting_id: int):
    """The network's coordinator: add an action at the meeting (responsible organisation, due date)."""
    return pages.add_action(AUDIENCE, meeting_id)


@bp.post("/<int:meeting_id>/approve")
@requires(Permission.MEETINGS_MANAGE)
def approve(meeting_id: int):
    """The network's coordinator: approve the minutes; they become read-only and every member reads them."""
    return pages.approve(AUDIENCE, meeting_id)


@bp.get("/<int:minutes_id>")
@requires(Permission.NETWORKS_VIEW)
def read(minutes_id: int):
    """Members of the network's organisations: the approved minutes (the coordinator also the draft), printable."""
    return pages.read(AUDIENCE, minutes_id)


@bp.get("/<int:minutes_id>.pdf")
@requires(Permission.NETWORKS_VIEW)
def pdf(minutes_id: int):
    """Members of the network's organisations: the approved minutes as a PDF (the coordinator also the draft)."""
    return pages.pdf(AUDIENCE, minutes_id)
