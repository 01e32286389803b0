"""Residents' feedback in the department console: every report from residents, by status and organisation."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.menus import menu_entry
from app.models import Feedback, Organisation, OrganisationKind
from app.permissions import Permission, requires
from app.tenancy import get_or_404, parse_id
from blueprints.feedback import inbox
from blueprints.feedback.forms import FeedbackFilterForm, HandleFeedbackForm

bp = Blueprint("feedback_console", __name__, url_prefix="/console/feedback", template_folder="templates")
menu_entry("console", "feedback_console.inbox_list", _l("Residents' reports"), permission=Permission.DIRECTORY_VIEW,
           order=40, current=("feedback_console.",))


@bp.get("")
@requires(Permission.DIRECTORY_VIEW)
def inbox_list():
    """Department staff: every report from residents, by status and organisation."""
    form = FeedbackFilterForm(request.args)
    form.organisation.choices = [("", _("All organisations"))] + [
        (str(o_id), name) for o_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.kind != OrganisationKind.DEPARTMENT)
            .order_by(Organisation.name)).all()]
    page, titles = inbox.filtered(form, parse_id(form.organisation.data) if not form.organisation.errors else None)
    return render_template("feedback/inbox.html", area="console", form=form, page=page, titles=titles)


@bp.get("/<int:feedback_id>")
@requires(Permission.DIRECTORY_VIEW)
def detail(feedback_id: int):
    """Department staff: one report, with its handling."""
    item = get_or_404(Feedback, feedback_id)
    return inbox.render_item("console", item, HandleFeedbackForm(formdata=None))


@bp.post("/<int:feedback_id>/handle")
@requires(Permission.DIRECTORY_MODERATE)
def handle(feedback_id: int):
    """Department admin or officer: mark a report resolved or dismissed, with a note."""
    return inbox.handle("console", get_or_404(Feedback, feedback_id), as_department=True)
