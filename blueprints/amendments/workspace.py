"""Amendments in the organisation's workspace: its admin proposes one, approves or rejects the department's."""

from __future__ import annotations

from flask import Blueprint

from app.permissions import Permission, requires
from blueprints.amendments import pages
from blueprints.amendments.pages import WORKSPACE

bp = Blueprint("amendments_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")


@bp.get("/<int:agreement_id>/amendments", endpoint="amendments")
@requires(Permission.AGREEMENTS_VIEW)
def amendment_list(agreement_id: int):
    """Organisation members: their agreement's amendments (who proposed each, when, why, where it stands) and every
    version of the agreement (a draft is the department's: 404)."""
    return pages.list_page(WORKSPACE, pages.agreement_for(WORKSPACE, agreement_id))


@bp.route("/<int:agreement_id>/amendments/new", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_ACCEPT)
def amendment_new(agreement_id: int):
    """Organisation admin: propose an amendment of the accepted or signed agreement (the form shows the current
    terms); the department approves or rejects it. Nothing else changes."""
    return pages.form_page(WORKSPACE, pages.agreement_for(WORKSPACE, agreement_id))


@bp.get("/<int:agreement_id>/amendments/<int:amendment_id>")
@requires(Permission.AGREEMENTS_VIEW)
def amendment_detail(agreement_id: int, amendment_id: int):
    """Organisation members: one amendment with its before/after table; the admin decides on the department's,
    or withdraws the organisation's."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.detail_page(WORKSPACE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/approve")
@requires(Permission.AGREEMENTS_ACCEPT)
def amendment_approve(agreement_id: int, amendment_id: int):
    """Organisation admin: approve the department's amendment — the agreement takes its terms (checked again under
    the agreement's lock)."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.approve_action(WORKSPACE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/reject")
@requires(Permission.AGREEMENTS_ACCEPT)
def amendment_reject(agreement_id: int, amendment_id: int):
    """Organisation admin: reject the department's amendment with a reason (the agreement stays)."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.reject_action(WORKSPACE, agreement, pages.amendment_for(agreement, amendment_id))


@bp.post("/<int:agreement_id>/amendments/<int:amendment_id>/withdraw")
@requires(Permission.AGREEMENTS_ACCEPT)
def amendment_withdraw(agreement_id: int, amendment_id: int):
    """Organisation admin: withdraw the organisation's amendment while it waits (it keeps its number)."""
    agreement = pages.agreement_for(WORKSPACE, agreement_id)
    return pages.withdraw_action(WORKSPACE, agreement, pages.amendment_for(agreement, amendment_id))
