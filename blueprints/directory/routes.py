"""The residents' directory: search with filters and the service page. Always the public view."""

from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from app.fragment_cache import KeptParts
from app.i18n import current_language
from app.localtime import WARSAW, local_now
from app.models import District, TaxonomyTerm
from app.page_cache import cacheable
from app.permissions import public
from app.services import kept_exports
from app.services.capacity import availability as capacity_availability
from app.services.capacity import versions as capacity_versions
from app.services.directory import exports, insights, listing, nearby
from app.services.directory import hours as opening_hours
from app.services.directory import search as planner
from app.services.directory import versions as directory_versions
from app.tenancy import parse_id, public_scope
from blueprints.directory import service_page
from blueprints.directory.cards import ResultCards
from blueprints.directory.forms import DEFAULT_PER_PAGE, SearchForm
from blueprints.forms import add_error
from blueprints.paging import page_number

bp = Blueprint("directory", __name__, template_folder="templates")

FILTER_FIELDS = ("category", "district", "tonight", "open_now", "always", "day", "hour", "free", "language",
                 "step_free", "age", "group")
LISTED = ("category", "district")  # filters whose value must be a code from the list


KEPT_FILTERS = ("category", "district", "group", "age", "language", "day", "hour", "tonight", "open_now", "always",
                "free", "step_free", "sort", "per_page", "near")
_filter_parts = KeptParts(300)  # one per language, taxonomy version and filters' values: 6–10 kB each


def _filter_fields(form: SearchForm, locale: str, taxonomy_version: int) -> Markup:
    """The filter fields, drawn once per language, taxonomy version and the filters' values while no field has an
    error and no position is given (a position is the reader's own)."""
    def draw() -> Markup:
        return Markup(render_template("directory/_filter_fields.html", form=form))  # noqa: S704 - autoescaped

    if form.errors or not taxonomy_version or request.args.get("lat") or request.args.get("lon"):
        return draw()
    values = tuple(tuple(request.args.getlist(name)) for name in KEPT_FILTERS)
    return _filter_parts.value(("search-filters", taxonomy_version, locale, values), draw)


def _choices(form: SearchForm, locale: str) -> tuple[list[TaxonomyTerm], list[District], int]:
    """Fill the category and district lists; return the top categories, the districts and the taxonomy version.

    Built once per language and taxonomy version (``app.services.directory.versions``): the categories and
    districts come back as plain values with the same attributes the pages read (``code``, ``text()``, ``name``,
    ``latitude`` …)."""
    lists = directory_versions.filter_lists(locale)
    form.category.choices = list(lists.categories)
    form.district.choices = list(lists.districts)
    form.near.choices = list(lists.near)
    return lists.snapshot.top, list(lists.snapshot.districts), lists.snapshot.version


def _origin(form: SearchForm, districts: list[District]) -> nearby.Origin | None:
    """Where distances are measured from: the browser's position if it is valid, else the chosen district.

    A bad position or an unknown district is ignored with a message beside the district list.
    """
    code = _valid(form, "near")
    if form.lat.data or form.lon.data:
        position = nearby.parse_position(form.lat.data, form.lon.data)
        if position is not None:
            return nearby.Origin(*position)
        add_error(form.near, _("Your position could not be read. Choose a district instead."))
    if not code:
        return None
    district = next((d for d in districts if d.code == code), None)
    if district is None:
        add_error(form.near, _("Choose a district from the list."))
        return None
    return nearby.district_origin(district)


def _valid(form: SearchForm, name: str):
    field = form[name]
    return None if field.errors else field.data


def _moment(form: SearchForm) -> datetime | None:
    """The chosen day and hour (noon when no hour is chosen; today when only an hour is), or None."""
    hour = form.hour.data if form.hour.data and form.hour.data.isdigit() and int(form.hour.data) < 24 else None
    day = _valid(form, "day") or (local_now().date() if hour is not None and not form.day.errors else None)
    if not day:
        return None
    at = time(int(hour)) if hour is not None else time(12)
    return datetime.combine(day, at, WARSAW)


@bp.app_template_global()
def organisation_abbreviation(organisation) -> str | None:
    """The organisation's short name when it is an abbreviation ("OIK", "SnRR"), to follow its full name.

    Cards write the name out: an abbreviation alone means nothing to most residents. A short name
    that is itself words ("Fundacja Razem") adds nothing after the full name and is left out.
    """
    short = (organisation.short_name or "").strip()
    if not short or " " in short or len(short) > 10 or short == organisation.name:
        return None
    return short if sum(char.isupper() for char in short) >= 2 else None


def _unknown(form: SearchForm, name: str) -> str | None:
    """A code in the URL that is not in the field's list (``?category=nonexistent``): dropped, and returned
    so that the page can say it is unknown instead of finding nothing."""
    value = form[name].data
    if value and value not in {code for code, _label in form[name].choices}:
        form[name].data = ""
        return "".join(char for char in value if char.isprintable())[:60]
    return None


def _moment_label(moment: datetime | None) -> str | None:
    """The chosen day and hour as the cards say it ("Wed 23 Dec at 13:00"), in the reader's language."""
    if moment is None:
        return None
    return _("%(day)s at %(time)s", day=format_date(moment.date(), "EEE d MMM"), time=f"{moment:%H:%M}")


def _chips(form: SearchForm, ignored: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(label, URL without that filter) for each filter in use, so each can be removed.

    ``ignored``: filters the page does not apply (an unknown category or district); they have no chip
    and are left out of every chip's link.
    """
    chips = []
    for name in FILTER_FIELDS:
        value = request.args.get(name)
        if not value or form[name].errors or name in ignored:
            continue
        field = form[name]
        shown = dict(field.choices).get(value, value) if getattr(field, "choices", None) else value
        if name == "day":
            shown = format_date(field.data, "EEE d MMM y")
        label = str(field.label.text) if field.type == "BooleanField" else f"{field.label.text}: {shown}"
        remaining = {k: v for k, v in request.args.items() if k not in (name, "page", *ignored)}
        chips.append((label, url_for("directory.search", **remaining)))
    return chips


@bp.get("/search")
@public
@cacheable(with_query=True)
def search():
    """Anyone: find services by words and filters, sorted by relevance, name or distance; the URL is the bookmark."""
    locale = current_language()
    with public_scope():
        form = SearchForm(request.args)
        top, districts, taxonomy_version = _choices(form, locale)
        form.validate()
        unknown = {name: code for name in LISTED if (code := _unknown(form, name))}
        origin = _origin(form, districts)
        sort = _valid(form, "sort") or "relevance"
        if sort == "distance" and origin is None and not form.near.errors:
            add_error(form.near, _("To sort by distance, choose a district or use your position."))
        query = planner.SearchQuery(
            text=_valid(form, "q") or "", category=_valid(form, "category") or "",
            district=_valid(form, "district") or "", open_now=bool(_valid(form, "open_now")),
            open_at=_moment(form), always_open=bool(_valid(form, "always")), free_only=bool(_valid(form, "free")),
            language=_valid(form, "language") or "",
            step_free=bool(_valid(form, "step_free")), age=_valid(form, "age"),
            group=_valid(form, "group") or "", tonight=bool(_valid(form, "tonight")), sort=sort, origin=origin,
            locale=locale)
        per_page = int(_valid(form, "per_page") or DEFAULT_PER_PAGE)
        now = local_now()
        moment_label = _moment_label(query.open_at)
        cards = ResultCards(locale, query.open_at or now.replace(second=0, microsecond=0), moment_label,
                            keep=query.origin is None)
        page = planner.search_page(query, page=page_number(), per_page=per_page, held=cards.held)
        insights.count_query(query.text, locale, page.total)
        without_position = url_for("directory.search", **{k: v for k, v in request.args.items()
                                                           if k not in ("lat", "lon", "page")})
        # a search made (words, a filter or a sort in the URL) folds the filters so that the results lead
        searched = any(value for name, value in request.args.items() if name != "page")
        return render_template("directory/search.html", form=form, page=page, query=query,
                               filter_fields=_filter_fields(form, locale, taxonomy_version),
                               chips=_chips(form, frozenset(unknown)), unknown=unknown, searched=searched,
                               categories=top, now=now, moment=query.open_at, moment_label=moment_label,
                               cards=cards.draw(page, query.open_at, opening_hours.is_open_at, listing.is_stale),
                               without_position=without_position, max_results=planner.MAX_RESULTS)


@bp.get("/directory.csv")
@public
def directory_csv():
    """Anyone: the whole public directory as CSV (confidential addresses left empty).

    Built once per change of the directory and language, kept on disk and streamed; a repeat with the ETag or
    the time gets 304 (``app.services.kept_exports``)."""
    locale = current_language()
    with public_scope():
        key = exports.export_key(locale)
        return kept_exports.send_kept(
            "directory", key, ".csv", lambda out: exports.write_directory_csv(out, locale), mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=siec-wsparcia-katalog.csv"})


@bp.get("/services/<int:service_id>")
@public
def service(service_id: int):
    """Anyone: everything public about one service and its places now; a confidential address is never shown.

    Not kept by the page cache: the places block must show a count the moment staff change it. The article is kept
    per directory version (``blueprints.directory.service_page``); the badge, the notice and the places are drawn
    for each request."""
    service_id = parse_id(service_id)
    if service_id is None:
        abort(404)
    with public_scope():
        now = local_now()
        locale = current_language()
        directory_version, capacity_version = directory_versions.versions(directory_versions.DIRECTORY,
                                                                          capacity_versions.CAPACITY)
        found = service_page.kept_article(service_id, directory_version, locale, now)
        if found is None:
            abort(404)
        return render_template(
            "directory/service.html", service=found, open_now=opening_hours.is_open_at(found, now),
            stale=listing.is_stale(found),
            capacity_units=capacity_availability.service_units(found, locale, capacity_version=capacity_version))
