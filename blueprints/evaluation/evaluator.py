"""The commission member's pages: my commissions and assigned offers, the declaration of conflicts, scoring,
and — once the commission has closed — the ranking.

Any signed-in person may open them; a person who sits on no commission sees an empty list, and
any assignment or call not theirs is a 404. Members from organisations act in their own
organisation's scope: the pages are read and drawn inside ``scoring.evaluator_view`` (their changes audited).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.menus import menu_entry
from app.models import OfferAttachment
from app.permissions import Permission, requires, signed_in
from app.services.funding import commission, scoring
from app.tenancy import get_child_or_404
from blueprints.attachments import send_attachment
from blueprints.evaluation.forms import DeclarationForm, ScoreForm
from blueprints.evaluation.tables import ranking_table
from blueprints.forms import add_error, form_status, submit

bp = Blueprint("evaluation", __name__, url_prefix="/evaluation", template_folder="templates")


# The list is reached from the workspace's and the console's menus too (a menu entry names a permission).
menu_entry("workspace", "evaluation.workspace_list", _l("Evaluation of offers"), permission=Permission.WORKSPACE_VIEW,
           order=85, current=("evaluation.",))
menu_entry("console", "evaluation.console_list", _l("My evaluations"), permission=Permission.CONSOLE_VIEW,
           order=27, current=("evaluation.",))


def _my_list(area: str | None):
    seats = scoring.seats_of(current_user)
    if not seats:
        return render_template("evaluation/mine.html", seats=[], state_of=scoring.state_of, area=area)
    with scoring.evaluator_view(current_user, "list"):
        return render_template("evaluation/mine.html", seats=scoring.my_seats(seats), state_of=scoring.state_of,
                               area=area)


@bp.get("/")
@signed_in
def my_evaluations():
    """A signed-in person: the commissions they sit on and the offers assigned to them, with where each stands."""
    return _my_list(None)


@bp.get("/workspace")
@requires(Permission.WORKSPACE_VIEW)
def workspace_list():
    """A member of an organisation: the same list, in the workspace (its menu entry)."""
    return _my_list("workspace")


@bp.get("/console")
@requires(Permission.CONSOLE_VIEW)
def console_list():
    """Department staff: the same list, in the console (its menu entry)."""
    return _my_list("console")


@bp.get("/calls/<int:call_id>")
@signed_in
def seat(call_id: int):
    """A commission member: their offers in one call; the chair and the secretary also who has not finished;
    once the commission has closed, the ranking."""
    seats = scoring.seats_of(current_user)
    with scoring.evaluator_view(current_user, "call"):
        place = scoring.seat_on(call_id, seats)
        call = place.call
        closed = call.commission_closed_at is not None
        return render_template(
            "evaluation/seat.html", place=place, call=call, state_of=scoring.state_of,
            progress=commission.progress(call) if scoring.may_see_progress(place.member) else None,
            ranking_table=ranking_table(call) if closed else None)


def _assignment_page(assignment, *, declaration: DeclarationForm | None = None, form: ScoreForm | None = None):
    call = assignment.member.call
    scores = scoring.my_scores(assignment)
    if form is None:
        form = ScoreForm(data={"criteria": [
            {"points": _points_text(scores[c.id].points) if c.id in scores else "",
             "justification": scores[c.id].justification if c.id in scores else ""} for c in call.criteria]})
    def attachment_url(attachment):
        return url_for("evaluation.attachment", assignment_id=assignment.id, file_id=attachment.id)

    return render_template("evaluation/assignment.html", assignment=assignment, call=call,
                           offer=assignment.offer, state=scoring.state_of(assignment), attachment_url=attachment_url,
                           declaration=declaration or DeclarationForm(), form=form,
                           rows=list(zip(call.criteria, form.criteria, strict=False)),
                           closed=call.commission_closed_at is not None), form_status()


def _points_text(points) -> str:
    """Points as typed: 12, 12.5."""
    return format(points.normalize(), "f")


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
@signed_in
def assignment(assignment_id: int):
    """A commission member: one offer assigned to them — the declaration first; then the offer and the scoring
    form (save, or save and finish)."""
    seats = scoring.seats_of(current_user)
    with scoring.evaluator_view(current_user, "assignment", writes=request.method == "POST"):
        found = scoring.assignment_of(assignment_id, seats)
        if request.method == "GET":
            return _assignment_page(found)
        form = ScoreForm()
        while len(form.criteria) < len(found.member.call.criteria):  # a row for every criterion, sent or not
            form.criteria.append_entry()
        finish = request.form.get("action") == "finish"
        done = submit(form, lambda: scoring.save_scores(found, form.rows(), finish=finish, actor=current_user))
        if done:
            flash(_("Your scores have been saved and the offer finished.") if finish
                  else _("Your scores have been saved."), "success")
            return redirect(url_for("evaluation.assignment", assignment_id=found.id), code=303)
        _beside_rows(form, done.error)
        return _assignment_page(found, form=form)


def _beside_rows(form: ScoreForm, error) -> None:
    """Show each refusal of a criterion's points or justification beside that row's field, and in the summary
    under the criterion's name (assignment.html) rather than as a message of the whole form."""
    for one in getattr(error, "errors", None) or ([error] if error else []):
        parts = (one.field or "").split("-")
        if len(parts) == 3 and parts[0] == "criteria" and parts[1].isdigit() and int(parts[1]) < len(form.criteria) \
                and parts[2] in ("points", "justification"):
            add_error(form.criteria[int(parts[1])][parts[2]], one.message)
            message = str(one.message)
            form.form_errors = [kept for kept in form.form_errors if str(kept) != message]


@bp.post("/assignments/<int:assignment_id>/declare")
@signed_in
def declare(assignment_id: int):
    """A commission member: declare, before seeing the offer, a conflict of interest (excluded) or none."""
    seats = scoring.seats_of(current_user)
    with scoring.evaluator_view(current_user, "declaration", writes=True):
        found = scoring.assignment_of(assignment_id, seats)
        form = DeclarationForm()
        if submit(form, lambda: scoring.declare(found, form.conflict.data == "conflict", actor=current_user)):
            if form.conflict.data == "conflict":
                flash(_("You are excluded from this offer."), "success")
                return redirect(url_for("evaluation.seat", call_id=found.member.call_id), code=303)
            flash(_("Thank you: you may now read and score the offer."), "success")
            return redirect(url_for("evaluation.assignment", assignment_id=found.id), code=303)
        return _assignment_page(found, declaration=form)


@bp.get("/assignments/<int:assignment_id>/attachments/<int:file_id>")
@signed_in
def attachment(assignment_id: int, file_id: int):
    """A commission member who declared no conflict: download an attachment of the offer assigned to them."""
    seats = scoring.seats_of(current_user)
    with scoring.evaluator_view(current_user, "attachment"):
        found = scoring.assignment_of(assignment_id, seats)
        if scoring.state_of(found) in (scoring.State.DECLARE, scoring.State.EXCLUDED):
            abort(404)
        return send_attachment(get_child_or_404(found.offer, OfferAttachment, file_id))
