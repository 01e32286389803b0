"""Programmes and budgets in the department console: the council's programmes, their budget lines per
year, funding source and task, and the totals computed from them."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.localtime import local_today
from app.menus import menu_entry
from app.models import BudgetLine, Programme
from app.permissions import Permission, requires
from app.services.funding import budgets, calls, programmes
from app.tenancy import get_child_or_404, get_or_404
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.funding.forms import BudgetLineForm, ProgrammeForm

bp = Blueprint("funding", __name__, url_prefix="/console/programmes", template_folder="templates")
menu_entry("console", "funding.programme_list", _l("Programmes and budgets"), permission=Permission.FUNDING_VIEW,
           order=25, current=("funding.",))


@bp.get("/")
@requires(Permission.FUNDING_VIEW)
def programme_list():
    """Department staff: every programme with what it plans and what awards commit, and the city's budget for one
    year by source."""
    years = budgets.budget_years()
    year = request.args.get("year", type=int)
    if year not in years:
        year = local_today().year if local_today().year in years else (years[0] if years else None)
    items = programmes.list_programmes()
    return render_template("funding/list.html", programmes=items, planned=budgets.planned_totals(),
                           committed=budgets.committed_totals(), years=years,
                           year=year, table=budgets.city_budget(year) if year else None,
                           names={p.id: p for p in items})


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def programme_new():
    """Department admin or officer: record a programme the council adopted."""
    form = ProgrammeForm()
    if request.method == "GET":
        form.first_year.data = form.last_year.data = local_today().year
    done = submit(form, lambda: programmes.create_programme(
        form_data(form, programmes.PROGRAMME_FIELDS), department=g.membership.organisation, actor=current_user))
    if done:
        flash(_("The programme has been saved. Now plan its budget."), "success")
        return redirect(url_for("funding.programme_detail", programme_id=done.value.id), code=303)
    return render_template("funding/programme_form.html", form=form, programme=None), form_status()


@bp.get("/<int:programme_id>")
@requires(Permission.FUNDING_VIEW)
def programme_detail(programme_id: int):
    """Department staff: a programme, its budget per year and source, and its budget lines with what calls set
    aside, what awards and service contracts commit, what was paid on agreements and what is left."""
    programme = get_or_404(Programme, programme_id)
    figures, totals = budgets.line_figures(programme)
    return render_template("funding/programme.html", programme=programme,
                           table=budgets.programme_budget(programme), calls=calls.calls_of(programme),
                           figures=figures, totals=totals, committed=budgets.programme_committed(programme),
                           stage_of=calls.stage_of)


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def programme_edit(programme_id: int):
    """Department admin or officer: correct a programme's name, purpose, resolution or years."""
    programme = get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=programme) if request.method == "GET" else ProgrammeForm()
    done = submit(form, lambda: programmes.update_programme(
        programme, form_data(form, programmes.PROGRAMME_FIELDS), actor=current_user))
    if done:
        flash(_("The programme has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("funding.programme_detail", programme_id=programme.id), code=303)
    return render_template("funding/programme_form.html", form=form, programme=programme), form_status()


@bp.post("/<int:programme_id>/delete")
@requires(Permission.FUNDING_MANAGE)
def programme_delete(programme_id: int):
    """Department admin or officer: remove a programme recorded by mistake (it must have no budget lines)."""
    programme = get_or_404(Programme, programme_id)
    name = programme.name_pl
    if attempt(lambda: programmes.delete_programme(programme, actor=current_user)):
        flash(_("The programme “%(name)s” has been removed.", name=name), "success")
        return redirect(url_for("funding.programme_list"), code=303)
    return redirect(url_for("funding.programme_detail", programme_id=programme_id), code=303)


def _line_page(form: BudgetLineForm, programme: Programme, line: BudgetLine | None):
    return render_template("funding/line_form.html", form=form, programme=programme, line=line), form_status()


@bp.route("/<int:programme_id>/lines/new", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def line_new(programme_id: int):
    """Department admin or officer: plan an amount for a year, a funding source and a task."""
    programme = get_or_404(Programme, programme_id)
    form = BudgetLineForm(programme=programme)
    done = submit(form, lambda: programmes.add_budget_line(
        programme, form_data(form, programmes.LINE_FIELDS), actor=current_user))
    if done:
        flash(_("The budget line has been added."), "success")
        return redirect(url_for("funding.programme_detail", programme_id=programme.id), code=303)
    return _line_page(form, programme, None)


@bp.route("/<int:programme_id>/lines/<int:line_id>/edit", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def line_edit(programme_id: int, line_id: int):
    """Department admin or officer: change a budget line's year, source, task, amount or note."""
    programme = get_or_404(Programme, programme_id)
    line = get_child_or_404(programme, BudgetLine, line_id)
    if request.method == "GET":
        form = BudgetLineForm(obj=line, programme=programme)
        form.year.data, form.source.data = str(line.year), line.source.value
    else:
        form = BudgetLineForm(programme=programme)
    done = submit(form, lambda: programmes.update_budget_line(
        line, form_data(form, programmes.LINE_FIELDS), actor=current_user))
    if done:
        flash(_("The budget line has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("funding.programme_detail", programme_id=programme.id), code=303)
    return _line_page(form, programme, line)


@bp.post("/<int:programme_id>/lines/<int:line_id>/remove")
@requires(Permission.FUNDING_MANAGE)
def line_remove(programme_id: int, line_id: int):
    """Department admin or officer: remove a budget line planned by mistake."""
    programme = get_or_404(Programme, programme_id)
    line = get_child_or_404(programme, BudgetLine, line_id)
    if attempt(lambda: programmes.remove_budget_line(line, actor=current_user)):
        flash(_("The budget line has been removed."), "success")
    return redirect(url_for("funding.programme_detail", programme_id=programme.id), code=303)
