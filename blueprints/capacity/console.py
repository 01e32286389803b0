"""The department's capacity board: every unit in use in the city with its free places, the totals and the city's
occupancy over the last days (a chart and its table, both as CSV); one unit's recent history; the kinds of places
the department defines beyond the built-in ones.

Department admin, officer and analyst read the board (``CAPACITY_VIEW``); admin and officer keep the kinds
(``CAPACITY_MANAGE``). Organisations hold ``CAPACITY_VIEW`` for their own units, in the workspace: here they are
sent there (another organisation's unit is a 404 first), as the agreements' console does.
A unit's confidential address is never shown: the location's name only.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.charts import Series, line_chart
from app.extensions import db
from app.fragment_cache import cached_fragment, cached_value
from app.i18n import current_language, format_day, format_moment
from app.labels import SERVES_LABELS
from app.localtime import local_today
from app.menus import menu_entry
from app.models import CapacityKind, CapacityUnit, OccupancyDay, OccupancyUpdate, Organisation, utcnow
from app.permissions import Permission, current_actor, requires
from app.services.capacity import board as capacity_board
from app.services.capacity import kinds as capacity_kinds
from app.services.capacity import versions as capacity_versions
from app.table_export import Column, Table, csv_response, xlsx_response
from app.tenancy import get_or_404
from blueprints.capacity.console_forms import BoardFilterForm, KindForm
from blueprints.forms import form_status, submit
from blueprints.paging import page_number

bp = Blueprint("capacity_console", __name__, url_prefix="/console/capacity", template_folder="templates")
menu_entry("console", "capacity_console.board", _l("Places"), permission=Permission.CAPACITY_VIEW, order=28,
           current=("capacity_console.",))

HISTORY_ROWS = 50
STALE_WINDOW_MINUTES = 10  # how soon a unit turning stale shows as stale on the board
UNITS_PER_PAGE = 100  # the units table's page (the totals, the chart and the CSV stay city-wide)
HISTORY_DAYS = 30


def _to_workspace(unit: CapacityUnit | None = None):
    """Organisations see their own units in the workspace (the console is the department's): the page there that
    shows this unit, or their units, or the workspace's start."""
    if unit is not None and "capacity_workspace.unit" in current_app.view_functions:
        return redirect(url_for("capacity_workspace.unit", capacity_unit_id=unit.id), code=303)
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith("capacity_workspace.") and not rule.arguments and "GET" in rule.methods:
            return redirect(url_for(rule.endpoint), code=303)
    return redirect(url_for("workspace.dashboard"), code=303)


def _chosen(form: BoardFilterForm) -> capacity_board.BoardFilter:
    district = form.chosen("district")
    days = form.chosen("days")
    return capacity_board.BoardFilter(
        kind=form.chosen("kind"), serves=form.chosen("serves"), district_id=int(district) if district else None,
        free_now=bool(form.free.data), stale=bool(form.stale.data),
        days=int(days) if days else capacity_board.DAYS_CHOICES[0])


def _arguments(chosen: capacity_board.BoardFilter) -> dict:
    values = {"kind": chosen.kind, "serves": chosen.serves, "district": chosen.district_id,
              "free": "y" if chosen.free_now else None, "stale": "y" if chosen.stale else None, "days": chosen.days}
    return {name: value for name, value in values.items() if value}


def units_table(units: list[capacity_board.BoardUnit], totals: capacity_board.Totals) -> Table:
    """The filtered units as a table (the CSV download; the page draws its own with links and flags)."""
    rows = [{"organisation": unit.organisation, "unit": unit.name, "kind": unit.kind,
             "serves": ", ".join(str(SERVES_LABELS.get(code, code)) for code in unit.serves),
             "location": unit.location, "district": unit.district or "", "free": unit.free,
             "occupied": unit.occupied, "reserved": unit.reserved, "out_of_service": unit.out_of_service,
             "total": unit.total, "counted_at": format_moment(unit.counted_at),
             "stale": _("Yes") if unit.stale else _("No")} for unit in units]
    columns = [Column("organisation", _("Organisation")), Column("unit", pgettext("capacity column", "Unit")),
               Column("kind", pgettext("capacity column", "Kind")), Column("serves", _("Who the places are for")),
               Column("location", _("Location")), Column("district", _("District")),
               Column("free", pgettext("places", "Free"), "int"), Column("occupied", _("Occupied"), "int"),
               Column("reserved", _("Held for referrals"), "int"),
               Column("out_of_service", _("Out of service"), "int"), Column("total", _("Places"), "int"),
               Column("counted_at", _("Last counted")), Column("stale", _("Not counted for 24 hours"))]
    totals_row = {"free": totals.free, "occupied": totals.occupied, "reserved": totals.reserved,
                  "out_of_service": totals.out_of_service, "total": totals.places}
    return Table("capacity-units", _("Units"), columns, rows, totals_row)


def days_table(series: list[capacity_board.DayPoint]) -> Table:
    """The city's occupancy per day: the chart's data."""
    rows = [{"day": point.day, "occupied": point.occupied, "in_service": point.in_service,
             "percent": point.percent, "units": point.units} for point in series]
    columns = [Column("day", _("Day"), "date"), Column("occupied", _("Occupied (highest in the day)"), "int"),
               Column("in_service", _("Places in service"), "int"), Column("percent", _("Occupancy"), "percent"),
               Column("units", _("Units counted"), "int")]
    return Table("capacity-days", _("Occupancy per day"), columns, rows)


def _chart(series: list[capacity_board.DayPoint]):
    if not series:
        return None
    last = series[-1]
    if last.in_service:
        summary = _("On %(day)s, %(occupied)d of %(places)d places in service were occupied at the day's highest "
                    "(%(percent)s %%).", day=format_day(last.day), occupied=last.occupied, places=last.in_service,
                    percent=format_decimal(last.percent))
    else:
        summary = _("No places were in service on %(day)s.", day=format_day(last.day))
    return line_chart(title=_("Occupied places and places in service per day"),
                      labels=[format_day(point.day, "short")[:5] for point in series],
                      series=[Series(_("Occupied (highest in the day)"), [point.occupied for point in series]),
                              Series(_("Places in service"), [point.in_service for point in series])],
                      summary=summary)


@bp.get("/")
@requires(Permission.CAPACITY_VIEW)
def board():
    """Department staff: every unit in use in the city, filtered by kind, who it serves, district, free places now
    and stale counts; the totals; the city's occupancy per day over the last 14, 30 or 90 days as a chart with its
    table; the units table shows ``UNITS_PER_PAGE`` units a page (``page``). ``format=csv`` or ``format=xlsx``
    downloads all the units (``table=units``, the default) or the days (``table=days``). A filter value not offered
    is said beside its field and ignored. Reads only."""
    if not current_actor().in_department:
        return _to_workspace()
    language, today, now = current_language(), local_today(), utcnow()
    # Kept per worker under the data version of the places (raised by every change of a count: a change is on the
    # next board drawn), the day, and the ten minutes (a unit turns stale as time passes: its flag and the "stale"
    # filter follow within ``STALE_WINDOW_MINUTES``, and the board is drawn again only that often, not each minute).
    window = now.replace(minute=now.minute - now.minute % STALE_WINDOW_MINUTES, second=0, microsecond=0)
    key = (capacity_versions.version(), language, today, window)
    kinds, districts = cached_value(("capacity-board-choices", *key), lambda: (
        tuple(capacity_board.kind_choices(language)), tuple(capacity_board.district_choices())))
    form = BoardFilterForm(request.args, kinds=kinds, districts=districts)
    form.validate()
    chosen = _chosen(form)
    if not form.days.data or form.days.errors:
        form.days.data = str(chosen.days)
    found = cached_value(("capacity-board", *key, chosen), lambda: capacity_board.board(chosen, language, today, now))
    download = request.args.get("format")
    if download in ("csv", "xlsx"):
        if request.args.get("table", "units") == "days":
            table, name = days_table(found.series), f"capacity-days-{today.isoformat()}"
        else:
            table, name = units_table(found.units, found.totals), f"capacity-units-{today.isoformat()}"
        return csv_response(table, name) if download == "csv" else xlsx_response([table], name)
    arguments = _arguments(chosen)
    pages = max((len(found.units) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE, 1)
    page = min(page_number(), pages)
    body = cached_fragment(("capacity-board-body", *key, chosen, page), lambda: render_template(
        "capacity/console/_board_body.html", board=found, chart=_chart(found.series), days=days_table(found.series),
        units=found.units[(page - 1) * UNITS_PER_PAGE:page * UNITS_PER_PAGE], page=page, pages=pages,
        page_urls={number: url_for("capacity_console.board", page=number, **arguments) for number in
                   (page - 1, page + 1) if 1 <= number <= pages},
        units_csv=url_for("capacity_console.board", format="csv", table="units", **arguments),
        days_url=url_for("capacity_console.board", table="days", **arguments)))
    # The filters depend on the query string alone (no token, nothing personal): kept like the body.
    filters = cached_fragment(("capacity-board-form", *key, tuple(sorted(request.args.items(multi=True)))),
                              lambda: render_template("capacity/console/_board_form.html", form=form))
    return render_template("capacity/console/board.html", filters=filters, body=body)


@bp.get("/units/<int:capacity_unit_id>")
@requires(Permission.CAPACITY_VIEW)
def unit(capacity_unit_id: int):
    """Department staff: one unit's counts now, its last changes (when, who, what) and its last 30 days. Reads
    only; the location's name, never its address."""
    found = get_or_404(CapacityUnit, capacity_unit_id)  # another organisation's unit is a 404
    if not current_actor().in_department:
        return _to_workspace(found)
    updates = db.session.execute(
        select(OccupancyUpdate).options(joinedload(OccupancyUpdate.author))
        .where(OccupancyUpdate.unit_id == found.id).order_by(OccupancyUpdate.at.desc(), OccupancyUpdate.id.desc())
        .limit(HISTORY_ROWS)).scalars().all()
    since = local_today() - timedelta(days=HISTORY_DAYS - 1)
    days = db.session.execute(
        select(OccupancyDay).where(OccupancyDay.unit_id == found.id, OccupancyDay.day >= since)
        .order_by(OccupancyDay.day.desc())).scalars().all()
    kind = capacity_board.kind_label(found.kind, found.custom_kind, current_language())
    organisation = get_or_404(Organisation, found.organisation_id)
    return render_template("capacity/console/unit.html", unit=found, kind=kind, updates=updates, days=days,
                           organisation=organisation,
                           stale=found.is_stale(utcnow()))


# -- the department's kinds of places ---------------------------------------------------------------------------

@bp.get("/kinds/")
@requires(Permission.CAPACITY_MANAGE)
def kinds():
    """Department admin or officer: the kinds of places the department defined beyond the built-in ones."""
    if not current_actor().in_department:
        return _to_workspace()
    return render_template("capacity/console/kinds.html", kinds=capacity_kinds.kinds())


@bp.route("/kinds/new", methods=["GET", "POST"])
@requires(Permission.CAPACITY_MANAGE)
def kind_new():
    """Department admin or officer: add a kind of places (code, names in three languages, position, offered)."""
    if not current_actor().in_department:
        return _to_workspace()
    form = KindForm()
    done = submit(form, lambda: capacity_kinds.create_kind(current_actor(), form.for_service()))
    if done:
        flash(_("The kind of places “%(name)s” has been added.", name=done.value.label_pl), "success")
        return redirect(url_for("capacity_console.kinds"), code=303)
    return render_template("capacity/console/kind_form.html", form=form, kind=None), form_status()


@bp.route("/kinds/<int:capacity_kind_id>/edit", methods=["GET", "POST"])
@requires(Permission.CAPACITY_MANAGE)
def kind_edit(capacity_kind_id: int):
    """Department admin or officer: a kind's names, position, and whether organisations may still choose it."""
    kind = get_or_404(CapacityKind, capacity_kind_id)
    if not current_actor().in_department:
        return _to_workspace()
    form = KindForm(obj=kind) if request.method == "GET" else KindForm()
    del form.code
    done = submit(form, lambda: capacity_kinds.update_kind(current_actor(), kind, form.for_service()))
    if done:
        flash(_("The kind of places has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("capacity_console.kinds"), code=303)
    return render_template("capacity/console/kind_form.html", form=form, kind=kind), form_status()
