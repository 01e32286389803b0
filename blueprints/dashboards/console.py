"""The department's dashboards: what the money achieved per programme and year, and per organisation over years,
with a chart beside each table, a summary in words and every table as CSV or XLSX (all of them in one workbook).

Department admin, officer and analyst read them (``DASHBOARDS_VIEW``); organisations do not see the console.
The figures are kept per worker under the agreements' and the reports' data versions and the day."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.fragment_cache import cached_fragment, cached_value
from app.i18n import current_language
from app.localtime import local_today
from app.menus import menu_entry
from app.models import Organisation
from app.permissions import Permission, requires
from app.services.agreements import register
from app.services.agreements import versions as agreement_versions
from app.services.reports import dashboard
from app.services.reports import versions as report_versions
from app.services.reports.dashboard import DashboardFilter
from app.table_export import csv_response, xlsx_response
from app.tenancy import get_or_404, parse_id
from blueprints.dashboards import tables
from blueprints.dashboards.forms import DashboardFilterForm

bp = Blueprint("dashboards", __name__, url_prefix="/console/dashboard", template_folder="templates")
menu_entry("console", "dashboards.department", _l("Dashboard"), permission=Permission.DASHBOARDS_VIEW, order=27,
           current=("dashboards.",))


def _versions() -> tuple:
    return agreement_versions.version(), report_versions.version(), local_today(), current_language()


def export(found: list, filename: str, arguments: dict):
    """The download a table's link asks for (``table`` and ``format``), or None to draw the page: a table as CSV or
    XLSX, or every table in one workbook (``format=xlsx`` alone). An unknown table is a 404."""
    kind = request.args.get("format")
    if kind not in ("csv", "xlsx"):
        return None
    name = request.args.get("table")
    if not name:
        return xlsx_response(found, filename) if kind == "xlsx" else None
    table = next((one for one in found if one.name == name), None)
    if table is None:
        abort(404)
    return (csv_response if kind == "csv" else lambda one, file: xlsx_response([one], file))(
        table, f"{filename}-{name}")


def _chosen(form: DashboardFilterForm) -> DashboardFilter:
    """The valid filters; with no year asked, this year (an invalid one too, said beside the field)."""
    year = form.chosen_int("year")
    if "year" not in request.args or form.year.errors:
        year = local_today().year
        form.year.data = str(year) if not form.year.errors else form.year.data
    return DashboardFilter(year=year, programme_id=form.chosen_int("programme"),
                           district_id=form.chosen_int("district"), category_id=form.chosen_int("category"))


def _arguments(chosen: DashboardFilter) -> dict:
    values = {"year": chosen.year if chosen.year is not None else "", "programme": chosen.programme_id,
              "district": chosen.district_id, "category": chosen.category_id}
    return {name: value for name, value in values.items() if value is not None}


@bp.get("")
@requires(Permission.DASHBOARDS_VIEW)
def department():
    """Department staff: per programme and year (this year and every programme by default; district and category
    too) — budget by source, agreements by status, reports due by state, targets against what the accepted reports
    achieved, people reached by group, district, age and sex; a chart beside each table and a summary. Each table
    downloads as CSV or XLSX (``table``, ``format``), all of them as one workbook. A filter value not offered is
    said beside its field and ignored. Choosing an organisation opens its page. Reads only."""
    key = _versions()
    language = key[-1]
    organisation = parse_id(request.args.get("organisation"))
    if organisation is not None:
        return redirect(url_for("dashboards.organisation", organisation_id=organisation), code=303)
    options = cached_value(("dashboard-choices", *key), lambda: dashboard.choices(language))
    form = DashboardFilterForm(request.args, years=options.years, programmes=options.programmes,
                               districts=options.districts, categories=options.categories)
    form.validate()
    chosen = _chosen(form)
    data = cached_value(("dashboard", *key, chosen), lambda: dashboard.department_dashboard(chosen, key[2]))
    arguments = _arguments(chosen)
    if request.args.get("format"):
        download = export(tables.dashboard_tables(data), f"dashboard-{chosen.year or 'all'}", arguments)
        if download is not None:
            return download
    body = cached_fragment(("dashboard-body", *key, chosen), lambda: render_template(
        "dashboards/_department_body.html", tables=tables.dashboard_tables(data), charts=tables.dashboard_charts(data),
        summary=tables.dashboard_summary(data), arguments=arguments, organisations=register.organisation_choices()))
    return render_template("dashboards/department.html", form=form, body=body)


@bp.get("/organisations/<int:organisation_id>")
@requires(Permission.DASHBOARDS_VIEW)
def organisation(organisation_id: int):
    """Department staff: one organisation over years — its agreements with their value and payments, how punctually
    its reports came (the first version on or before the due date), and its results against its targets; charts,
    and each table as CSV or XLSX. Reads only."""
    found_organisation = get_or_404(Organisation, organisation_id)
    key = _versions()
    data = cached_value(("dashboard-organisation", organisation_id, *key),
                        lambda: dashboard.organisation_dashboard(found_organisation, key[2]))
    if request.args.get("format"):
        download = export(tables.organisation_tables(data), f"organisation-{organisation_id}", {})
        if download is not None:
            return download
    body = cached_fragment(("dashboard-organisation-body", organisation_id, *key), lambda: render_template(
        "dashboards/_organisation_body.html", organisation=found_organisation, tables=tables.organisation_tables(data),
        charts=tables.organisation_charts(data)))
    return render_template("dashboards/organisation.html", organisation=found_organisation, body=body)
