"""Amendments in the department's console: propose one, approve or reject the organisation's, read every version."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.models import Side
from app.permissions import Permission, requires
from app.services.agreements import amendments
from blueprints.amendments import pages
from blueprints.amendments.pages import CONSOLE

bp = Blueprint("amendments_console", __name__, url_prefix="/console/agreements", template_folder="templates")
menu_entry("console", "amendments_console.waiting", _l("Amendments to decide"), permission=Permission.AGREEMENTS_VIEW,
           order=26)


@bp.get("/amendments")
@requires(Permission.AGREEMENTS_VIEW)
def waiting():
    """Department staff: the amendments organisations proposed that wait for the department's decision, and the
    department's own waiting for the organisations'."""
    return render_template("amendments/waiting.html", to_decide=amendments.waiting_for(Side.DEPARTMENT),
                           proposed=amendments.waiting_for(Side.ORGANISATION), side_labels=pages.SIDE_LABELS)


@bp.get("/<int:agreement_id>/amendments", endpoint="amendments")
@requires(Permission.AGREEMENTS_VIEW)
def amendment_list(agreement_id: int):
    """Department staff: an agreement's amendments (who proposed each, when, why, where it stands) and every
    version of the agreement."""
    return pages.list_page(CONSOLE, pages.agreement_for(CONSOLE, agreement_id))


@bp.route("/<int:agreement_id>/amendments/new", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_MANAGE)
def amendment_new(agreement_id: int):
    """Department admin or officer: propose an amendment of an accepted or signed agreement (the form shows the
    current terms); the organisation is told by e-mail and its admin decides. Nothing else changes."""
    return pages.form_page(CONSOLE, pages.agreement_for(CONSOLE, agreement_id))


@bp.get("/<int:agreement_id>/amendments/<int:amendment_id>")
@requires(Permission.AGREEMENTS_VIEW)
def amendment_detail(agreement_id: int, amendment_id: int):
    """Department staff: one amendment with its before/after table; admins and officers decide on the
    organisation's, or withdraw the department's."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.detail_page(CONSOLE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/approve")
@requires(Permission.AGREEMENTS_MANAGE)
def amendment_approve(agreement_id: int, amendment_id: int):
    """Department admin or officer: approve the organisation's amendment — the agreement takes its terms (checked
    again under the agreement's lock)."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.approve_action(CONSOLE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/reject")
@requires(Permission.AGREEMENTS_MANAGE)
def amendment_reject(agreement_id: int, amendment_id: int):
    """Department admin or officer: reject the organisation's amendment with a reason (the agreement stays)."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.reject_action(CONSOLE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/withdraw")
@requires(Permission.AGREEMENTS_MANAGE)
def amendment_withdraw(agreement_id: int, amendment_id: int):
    """Department admin or officer: withdraw the department's amendment while it waits (it keeps its number)."""
    agreement = pages.agreement_for(CONSOLE, agreement_id)
    return pages.withdraw_action(CONSOLE, agreement, pages.amendment_for(agreement, amendment_id))
