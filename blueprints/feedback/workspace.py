"""Residents' feedback in the organisation workspace: what residents said about the organisation's listings."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.models import Feedback
from app.permissions import Permission, requires
from app.tenancy import get_or_404
from blueprints.feedback import inbox
from blueprints.feedback.forms import FeedbackFilterForm, HandleFeedbackForm

bp = Blueprint("feedback_workspace", __name__, url_prefix="/workspace/feedback", template_folder="templates")
menu_entry("workspace", "feedback_workspace.inbox_list", _l("Residents' reports"), permission=Permission.LISTINGS_VIEW,
           order=60, current=("feedback_workspace.",))


@bp.get("")
@requires(Permission.LISTINGS_VIEW)
def inbox_list():
    """Organisation members: what residents reported about the organisation's listings."""
    form = FeedbackFilterForm(request.args)
    del form.organisation
    page, titles = inbox.filtered(form, g.membership.organisation_id)
    return render_template("feedback/inbox.html", area="workspace", form=form, page=page, titles=titles)


@bp.get("/<int:feedback_id>")
@requires(Permission.LISTINGS_VIEW)
def detail(feedback_id: int):
    """Organisation members: one piece of feedback about the organisation's listing."""
    item = get_or_404(Feedback, feedback_id)
    return inbox.render_item("workspace", item, HandleFeedbackForm(formdata=None))


@bp.post("/<int:feedback_id>/handle")
@requires(Permission.LISTINGS_EDIT)
def handle(feedback_id: int):
    """Organisation admin or coordinator: mark feedback resolved or dismissed, with a note."""
    return inbox.handle("workspace", get_or_404(Feedback, feedback_id), as_department=False)
