"""Calls for offers in the department console: draft, publish, change with a reason, annul, copy."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language, money
from app.labels import FUNDING_SOURCE_LABELS
from app.menus import menu_entry
from app.models import Call, Programme
from app.permissions import Permission, requires
from app.services.funding import calls, results
from app.services.funding.programmes import list_programmes
from app.tenancy import get_or_404
from blueprints.calls.forms import CallForm, ReasonForm
from blueprints.forms import attempt, form_data, form_status, submit

bp = Blueprint("calls_console", __name__, url_prefix="/console", template_folder="templates")
menu_entry("console", "calls_console.call_list", _l("Calls for offers"), permission=Permission.FUNDING_VIEW,
           order=26, current=("calls_console.",))


def _lines(programme: Programme) -> list[tuple[str, str]]:
    """The programme's budget lines as choices: year, source, task and amount."""
    return [(str(line.id), f"{line.year} · {FUNDING_SOURCE_LABELS[line.source]} · "
                           f"{line.text('task', current_language())} · {money(line.amount)}")
            for line in programme.budget_lines]


def _new_criteria() -> list[dict]:
    """The statutory criteria in every language, as a new call starts with them."""
    def said(locale, label):
        with force_locale(locale):
            return str(label)
    return calls.statutory_criteria(said)


def _form_page(form: CallForm, *, programme: Programme, call: Call | None, copied_from: Call | None = None):
    form.add_empty_criteria()
    return render_template("calls/form.html", form=form, programme=programme, call=call,
                           copied_from=copied_from), form_status()


@bp.get("/calls/")
@requires(Permission.FUNDING_VIEW)
def call_list():
    """Department staff: every call with its stage, programme, money and deadline."""
    items = calls.list_calls()
    return render_template("calls/console_list.html", calls=items, stage_of=calls.stage_of,
                           programmes=[p for p in list_programmes() if p.budget_lines])


@bp.route("/programmes/<int:programme_id>/calls/new", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def call_new(programme_id: int):
    """Department admin or officer: draft a call of a programme (nothing is public until it is published)."""
    programme = get_or_404(Programme, programme_id)
    if not programme.budget_lines:
        flash(_("A call is paid from a programme's budget line: plan a programme's budget first."), "error")
        return redirect(url_for("funding.programme_detail", programme_id=programme.id), code=303)
    if request.method == "GET":
        form = CallForm(lines=_lines(programme), data={"criteria": _new_criteria(), "in_kind_counts": True,
                                                        "grant_mode": "support"})
    else:
        form = CallForm(lines=_lines(programme))
    done = submit(form, lambda: calls.create_call(programme, form_data(form, calls.FIELDS), form.criteria_rows(),
                                                  department=g.membership.organisation, actor=current_user))
    if done:
        flash(_("The call has been saved as a draft. Publish it when it is ready."), "success")
        return redirect(url_for("calls_console.call_detail", call_id=done.value.id), code=303)
    return _form_page(form, programme=programme, call=None)


@bp.route("/calls/<int:call_id>/copy", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def call_copy(call_id: int):
    """Department admin or officer: start a new draft from an earlier call (dates and title to set anew)."""
    source = get_or_404(Call, call_id)
    programme = source.programme
    if request.method == "GET":
        values, criteria = calls.copy_values(source)
        form = CallForm(lines=_lines(programme), data={**values, "criteria": criteria,
                                                        "budget_line_id": str(values["budget_line_id"])})
    else:
        form = CallForm(lines=_lines(programme))
    done = submit(form, lambda: calls.create_call(programme, form_data(form, calls.FIELDS), form.criteria_rows(),
                                                  department=g.membership.organisation, actor=current_user,
                                                  copied_from=source))
    if done:
        flash(_("The copy has been saved as a draft."), "success")
        return redirect(url_for("calls_console.call_detail", call_id=done.value.id), code=303)
    return _form_page(form, programme=programme, call=None, copied_from=source)


@bp.get("/calls/<int:call_id>")
@requires(Permission.FUNDING_VIEW)
def call_detail(call_id: int):
    """Department staff: a call as announced, where it stands, and its history of versions."""
    call = get_or_404(Call, call_id)
    return render_template("calls/console_detail.html", call=call, stage=calls.stage_of(call),
                           history=calls.history(call), annul_form=ReasonForm(), changeable=calls.changeable(call),
                           figures=results.call_money(call), awards_shown=results.results_shown(call))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def call_edit(call_id: int):
    """Department admin or officer: change a draft; a published call changes only with a reason, as a new version."""
    call = get_or_404(Call, call_id)
    if not calls.changeable(call):
        flash(_("Offers have closed: the call can no longer be changed."), "error")
        return redirect(url_for("calls_console.call_detail", call_id=call.id), code=303)
    if request.method == "GET":
        values, criteria = calls.copy_values(call)
        values.update(opens_at=call.opens_at, closes_at=call.closes_at, decision_by=call.decision_by,
                      task_starts_on=call.task_starts_on, task_ends_on=call.task_ends_on,
                      title_pl=call.title_pl, budget_line_id=str(call.budget_line_id))
        form = CallForm(lines=_lines(call.programme), data={**values, "criteria": criteria})
    else:
        form = CallForm(lines=_lines(call.programme))
    done = submit(form, lambda: calls.update_call(call, form_data(form, calls.FIELDS), form.criteria_rows(),
                                                  actor=current_user, reason=form.reason.data))
    if done:
        flash(_("The call has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("calls_console.call_detail", call_id=call.id), code=303)
    return _form_page(form, programme=call.programme, call=call)


@bp.route("/calls/<int:call_id>/publish", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def call_publish(call_id: int):
    """Department admin or officer: announce a draft call (after a page that says what that means)."""
    call = get_or_404(Call, call_id)
    if request.method == "GET":
        return render_template("calls/confirm.html", call=call, action="publish")
    if attempt(lambda: calls.publish_call(call, actor=current_user)):
        flash(_("The call has been published."), "success")
    return redirect(url_for("calls_console.call_detail", call_id=call.id), code=303)


@bp.post("/calls/<int:call_id>/annul")
@requires(Permission.FUNDING_MANAGE)
def call_annul(call_id: int):
    """Department admin or officer: annul a published call with the reason, which is published with it."""
    call = get_or_404(Call, call_id)
    form = ReasonForm()
    if submit(form, lambda: calls.annul_call(call, form.reason.data, actor=current_user)):
        flash(_("The call has been annulled."), "success")
        return redirect(url_for("calls_console.call_detail", call_id=call.id), code=303)
    return render_template("calls/console_detail.html", call=call, stage=calls.stage_of(call),
                           history=calls.history(call), annul_form=form, changeable=False,
                           figures=results.call_money(call), awards_shown=results.results_shown(call)), form_status()


@bp.route("/calls/<int:call_id>/delete", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def call_delete(call_id: int):
    """Department admin or officer: throw away a draft that was never published (after a page that asks)."""
    call = get_or_404(Call, call_id)
    if request.method == "GET":
        return render_template("calls/confirm.html", call=call, action="delete")
    title = call.title_pl
    if attempt(lambda: calls.delete_draft(call, actor=current_user)):
        flash(_("The draft “%(title)s” has been deleted.", title=title), "success")
        return redirect(url_for("calls_console.call_list"), code=303)
    return redirect(url_for("calls_console.call_detail", call_id=call_id), code=303)
