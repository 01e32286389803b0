"""The city's own indicators in the department console: each indicator's chart over the years with its table,
source note and downloads; the forms to add or change an indicator and to record a year's figure."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.localtime import local_today
from app.menus import menu_entry
from app.models import CityIndicator, IndicatorValue
from app.permissions import Permission, requires
from app.services.reports import indicators
from app.tenancy import get_child_or_404, get_or_404
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.indicators.figures import download, figure_of
from blueprints.indicators.forms import IndicatorForm, ValueForm

bp = Blueprint("indicators_console", __name__, url_prefix="/console/indicators", template_folder="templates")
menu_entry("console", "indicators_console.indicator_list", _l("City indicators"),
           permission=Permission.INDICATORS_VIEW, order=27, current=("indicators_console.",))


@bp.get("/")
@requires(Permission.INDICATORS_VIEW)
def indicator_list():
    """Department staff: every indicator the department keeps, each with its chart over the years, its figures
    in a table beside it, its source note and whether residents see it; ``?format=csv|xlsx`` (``&indicator=<id>``
    for one) downloads them. Reads only."""
    figures = [figure_of(indicator, current_language()) for indicator in indicators.list_indicators()]
    answer = download(figures, "city-indicators", key=lambda indicator: str(indicator.id))
    if answer is not None:
        return answer
    return render_template("indicators/console_list.html", figures=figures)


def _indicator_page(form: IndicatorForm, indicator: CityIndicator | None):
    return render_template("indicators/indicator_form.html", form=form, indicator=indicator), form_status()


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.INDICATORS_MANAGE)
def indicator_new():
    """Department admin or officer: start keeping a yearly figure of the city (adds an indicator)."""
    form = IndicatorForm()
    if request.method == "GET":
        form.is_public.data = True
    done = submit(form, lambda: indicators.create_indicator(
        form_data(form, indicators.INDICATOR_FIELDS), department=g.membership.organisation, actor=current_user))
    if done:
        flash(_("The indicator has been added. Now record its figures."), "success")
        return redirect(url_for("indicators_console.value_new", indicator_id=done.value.id), code=303)
    return _indicator_page(form, None)


@bp.route("/<int:indicator_id>/edit", methods=["GET", "POST"])
@requires(Permission.INDICATORS_MANAGE)
def indicator_edit(indicator_id: int):
    """Department admin or officer: change an indicator's names, units, source note, place or publication."""
    indicator = get_or_404(CityIndicator, indicator_id)
    form = IndicatorForm(obj=indicator) if request.method == "GET" else IndicatorForm()
    done = submit(form, lambda: indicators.update_indicator(
        indicator, form_data(form, indicators.INDICATOR_FIELDS), actor=current_user))
    if done:
        flash(_("The indicator has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("indicators_console.indicator_list", _anchor=f"indicator-{indicator.id}"), code=303)
    return _indicator_page(form, indicator)


@bp.route("/<int:indicator_id>/values/new", methods=["GET", "POST"])
@requires(Permission.INDICATORS_MANAGE)
def value_new(indicator_id: int):
    """Department admin or officer: record an indicator's figure for a year (a year already recorded is changed);
    ``?year=`` fills in that year's figure to change it."""
    indicator = get_or_404(CityIndicator, indicator_id)
    form = ValueForm()
    if request.method == "GET":
        chosen = request.args.get("year", type=int)
        existing = next((value for value in indicator.values if value.year == chosen), None)
        if existing is not None:
            form.year.data, form.note.data = str(existing.year), existing.note
            form.value.data = format(existing.value.normalize(), "f").replace(".", ",") \
                if current_language() != "en" else format(existing.value.normalize(), "f")
        else:
            form.year.data = str(local_today().year - 1)
    done = submit(form, lambda: indicators.record_value(indicator, form_data(form, indicators.VALUE_FIELDS),
                                                        actor=current_user))
    if done:
        flash(_("The figure for %(year)d has been recorded.", year=done.value.year), "success")
        return redirect(url_for("indicators_console.indicator_list", _anchor=f"indicator-{indicator.id}"), code=303)
    return render_template("indicators/value_form.html", form=form, indicator=indicator,
                           name=indicator.text("name", current_language()), first_year=indicators.FIRST_YEAR,
                           last_year=indicators.last_year()), form_status()


@bp.post("/<int:indicator_id>/values/<int:value_id>/delete")
@requires(Permission.INDICATORS_MANAGE)
def value_delete(indicator_id: int, value_id: int):
    """Department admin or officer: delete a year's figure recorded by mistake."""
    indicator = get_or_404(CityIndicator, indicator_id)
    value = get_child_or_404(indicator, IndicatorValue, value_id)
    year = value.year
    if attempt(lambda: indicators.delete_value(value, actor=current_user)):
        flash(_("The figure for %(year)d has been deleted.", year=year), "success")
    return redirect(url_for("indicators_console.indicator_list", _anchor=f"indicator-{indicator.id}"), code=303)
