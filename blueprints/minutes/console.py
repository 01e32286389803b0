"""Minutes in the department's console: every network's minutes, the record page of its admins and officers
(attendance, minutes, decisions, actions, approval), and the read-only minutes with their PDF."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from blueprints.minutes import pages

bp = Blueprint("minutes_console", __name__, url_prefix="/console/minutes", template_folder="templates")
menu_entry("console", "minutes_console.index", _l("Minutes"), permission=Permission.NETWORKS_VIEW, order=47,
           current=("minutes_console.",))
AUDIENCE = "console"


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def index():
    """Department staff: the approved minutes of every network's meetings; for its admins and officers also the
    meetings that started and wait for their minutes. An organisation's member is sent to the workspace."""
    return pages.index(AUDIENCE)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires(Permission.MEETINGS_MANAGE)
def record(meeting_id: int):
    """The department's admins and officers (coordinators of every network): record attendance, minutes per agenda
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
    """Department staff: the approved minutes (admins and officers also the draft), printable."""
    return pages.read(AUDIENCE, minutes_id)


@bp.get("/<int:minutes_id>.pdf")
@requires(Permission.NETWORKS_VIEW)
def pdf(minutes_id: int):
    """Department staff: the approved minutes as a PDF (admins and officers also the draft)."""
    return pages.pdf(AUDIENCE, minutes_id)
