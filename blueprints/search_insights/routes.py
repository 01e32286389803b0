"""Search queries in the department console: what residents searched that found nothing or little (counted per
week and language, never tied to a person), a query made a category's synonym from there, and a query tested
against the taxonomy."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.localtime import local_today
from app.menus import menu_entry
from app.models.directory import LOCALES
from app.permissions import Permission, requires
from app.services.directory import explain, insights, taxonomy
from app.table_export import Column, Table, csv_response, xlsx_response
from blueprints.forms import form_status, submit, typed_query
from blueprints.search_insights.forms import SynonymForm

bp = Blueprint("search_insights", __name__, url_prefix="/console/search", template_folder="templates")
menu_entry("console", "search_insights.queries", _l("Search queries"), permission=Permission.DIRECTORY_VIEW,
           order=62, current=("search_insights.",))

DEFAULT_PERIOD = "4"
SPANS = {"this": (0, 0), "last": (1, 1), "4": (3, 0), "12": (11, 0)}  # weeks back: (first, last)
TEST_QUERY_MAX = 200


def _language_names() -> dict[str, str]:
    return {"pl": _("Polish"), "uk": _("Ukrainian"), "en": _("English")}


def _periods(recorded: list[date]) -> list[tuple[str, str]]:
    """The periods to choose from: spans of weeks, then each recorded week before this one."""
    this_week = insights.week_of(local_today())
    spans = [("4", _("The last 4 weeks")), ("this", _("This week")), ("last", _("Last week")),
             ("12", _("The last 12 weeks"))]
    weeks = [(week.isoformat(), _("The week of %(day)s", day=format_date(week, "d MMMM yyyy")))
             for week in recorded if week < this_week - timedelta(weeks=1)]
    return spans + weeks


def _weeks(period: str) -> tuple[date, date]:
    """The first and last Monday of a period (a span, or one recorded week); ValueError for anything else."""
    this_week = insights.week_of(local_today())
    if period in SPANS:
        back_first, back_last = SPANS[period]
        return this_week - timedelta(weeks=back_first), this_week - timedelta(weeks=back_last)
    week = date.fromisoformat(period)  # ValueError when it is not a date
    if week.weekday() != 0 or not date(2000, 1, 1) <= week <= this_week:
        raise ValueError(period)
    return week, week


def _category_choices() -> list[tuple[str, str]]:
    """Every category, sub-categories after their top one ("Shelter › Night shelter")."""
    locale = current_language()
    choices = []
    for top, children in taxonomy.term_tree():
        top_label = top.text("label", locale)
        choices.append((str(top.id), top_label))
        choices += [(str(child.id), f"{top_label} › {child.text('label', locale)}") for child in children]
    return choices


def _choices(form: SynonymForm) -> None:
    form.category.choices = [("", _("Choose a category")), *_category_choices()]
    form.language.choices = list(_language_names().items())


def _table(figures: list[insights.QueryFigure], caption: str) -> Table:
    languages = _language_names()
    return Table("search-queries", caption, [
        Column("query", _("Query")), Column("language", _("Language")), Column("searches", _("Searches"), "int"),
        Column("results", _("Results found"), "int"), Column("weeks", _("Weeks searched"), "int"),
        Column("last_week", _("Last searched in the week of"), "date"),
    ], [{"query": f.query, "language": languages.get(f.locale, f.locale), "searches": f.searches,
         "results": f.results, "weeks": f.weeks, "last_week": f.last_week} for f in figures])


@bp.get("/")
@requires(Permission.DIRECTORY_VIEW)
def queries():
    """Department staff: the queries that found nothing or little in the chosen weeks, most searched first, with
    CSV/XLSX downloads; admins and officers may add one as a category's synonym."""
    period = (request.args.get("period") or DEFAULT_PERIOD)[:20]
    period_error = None
    try:
        first, last = _weeks(period)
    except ValueError:
        period_error = _("Choose a period from the list.")
        period = DEFAULT_PERIOD
        first, last = _weeks(period)
    figures = insights.low_result_queries(first, last)
    caption = _("Queries that found at most %(num)d services, from the week of %(first)s to the week of %(last)s",
                num=insights.LOW_RESULTS, first=format_date(first, "d MMMM yyyy"),
                last=format_date(last, "d MMMM yyyy"))
    table = _table(figures, caption)
    download = request.args.get("format")
    if download == "csv":
        return csv_response(table, f"search-queries-{first.isoformat()}-{last.isoformat()}")
    if download == "xlsx":
        return xlsx_response([table], f"search-queries-{first.isoformat()}-{last.isoformat()}")
    return render_template("search_insights/queries.html", table=table, figures=figures, period=period,
                           periods=_periods(insights.recorded_weeks()), period_error=period_error,
                           categories=_category_choices(), language_names=_language_names(),
                           low_results=insights.LOW_RESULTS,
                           page_cache_seconds=current_app.config.get("PAGE_CACHE_SECONDS", 0))


@bp.post("/synonym")
@requires(Permission.DIRECTORY_MANAGE)
def add_synonym():
    """Department admin or officer: add a query that found little to a category's synonyms in one language."""
    form = SynonymForm()
    _choices(form)
    done = submit(form, lambda: insights.add_synonym(form.category.data, form.language.data, form.synonym.data,
                                                     actor=current_user))
    if done:
        language = _language_names()[form.language.data]
        flash(_("Added “%(synonym)s” to the synonyms of “%(category)s” (%(language)s). Search uses it at once.",
                synonym=" ".join(form.synonym.data.split()), category=done.value.text("label", current_language()),
                language=language), "success")
        period = form.period.data if form.period.data in dict(_periods(insights.recorded_weeks())) else None
        return redirect(url_for("search_insights.queries", period=period), code=303)
    return render_template("search_insights/synonym.html", form=form), form_status()


@bp.get("/test")
@requires(Permission.DIRECTORY_VIEW)
def test_query():
    """Department staff: what the public search makes of a query in one language — its words, the categories they
    reach, and the first results with where each word was found."""
    text = typed_query("q", TEST_QUERY_MAX)
    language = request.args.get("lang") or current_language()
    errors: dict[str, str] = {}
    if language not in LOCALES:
        errors["lang"] = _("Choose a language from the list.")
        language = current_language()
    if len(request.args.get("q") or "") > TEST_QUERY_MAX:
        errors["q"] = _("Only the first %(max)d characters were tested.", max=TEST_QUERY_MAX)
    result = explain.explain_query(text, language) if text else None
    return render_template("search_insights/test.html", text=text, language=language, result=result,
                           errors=errors, language_names=_language_names(), explain=explain,
                           term_labels={term.id: term.text("label", language) for term, _words in result.categories}
                           if result else {},
                           synonym_form=_prefilled(text, language) if result else None)


def _prefilled(text: str, language: str) -> SynonymForm:
    """The "add as a synonym" form under a tested query: its folded words, its language."""
    form = SynonymForm(formdata=None, synonym=insights.counted_query(text), language=language)
    _choices(form)
    return form

