"""The public results page: per programme and year, what the city's signed agreements cost and what their accepted
reports say they achieved, with charts, tables and downloads — aggregates only, in Polish, Ukrainian and English."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.fragment_cache import cached_fragment, cached_value
from app.i18n import current_language
from app.localtime import local_today
from app.page_cache import cacheable
from app.permissions import public
from app.services.agreements import versions as agreement_versions
from app.services.reports import public_results
from app.services.reports import versions as report_versions
from blueprints.dashboards import tables
from blueprints.dashboards.console import export
from blueprints.dashboards.forms import ResultsFilterForm

bp = Blueprint("results", __name__, template_folder="templates")


@bp.get("/results")
@public
@cacheable(with_query=True)
def results():
    """Anyone: for a year (this year, or the latest with a signed agreement, by default) and a programme (all by
    default), the money contracted and paid per programme, targets against what the accepted reports achieved and
    the people reached by group and district — a chart beside each table, a summary, each table as CSV or XLSX
    (``table``, ``format``). Nothing of a draft, a returned report or a person. Reads only."""
    language, today = current_language(), local_today()
    key = (agreement_versions.version(), report_versions.version(), language)
    options = cached_value(("results-choices", *key), lambda: public_results.choices(language))
    form = ResultsFilterForm(request.args, years=options.years, programmes=options.programmes)
    form.validate()
    year = form.chosen_int("year")
    if "year" not in request.args or form.year.errors:
        year = public_results.default_year(options.years, today)
        if not form.year.errors:
            form.year.data = str(year) if year else ""
    programme = form.chosen_int("programme")
    data = cached_value(("results", *key, year, programme), lambda: public_results.results(year, programme, language))
    arguments = {name: value for name, value in (("year", year if year else ""), ("programme", programme))
                 if value is not None}
    if request.args.get("format"):
        download = export(tables.public_tables(data), f"results-{year or 'all'}", arguments)
        if download is not None:
            return download
    body = cached_fragment(("results-page", *key, year, programme),
                           lambda: render_template("dashboards/_results_body.html", tables=tables.public_tables(data),
                                                   charts=tables.public_charts(data),
                                                   summary=tables.public_summary(data), arguments=arguments))
    return render_template("dashboards/results.html", form=form, body=body, year=year)
