"""The department's capacity board: every unit in use in the city, filtered, with its totals and the city's
occupancy over the last days.

The units come in one query (the unit with its organisation, location, district and kind joined); the totals are
summed from those rows. The daily series reads ``OccupancyDay`` in two queries: the rows inside the window and each
unit's last row before it, so that a unit with no row on a day (nobody changed anything) carries its last counts
forward. Reads only, across organisations: the caller is in the department's scope (``require_department_view``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.labels import CAPACITY_KIND_LABELS
from app.models import (
    CapacityKind,
    CapacityKindCode,
    CapacityUnit,
    District,
    Location,
    OccupancyDay,
    Organisation,
    utcnow,
)
from app.models.capacity import STALE_HOURS
from app.tenancy import require_department_view

DAYS_CHOICES = (14, 30, 90)
CUSTOM_PREFIX = "custom-"  # a department-defined kind in the kind filter: "custom-<id>"


@dataclass(frozen=True)
class BoardFilter:
    """What the board is narrowed to; None or False: no narrowing."""

    kind: str | None = None  # a built-in CapacityKindCode value or "custom-<CapacityKind id>"
    serves: str | None = None  # a Serves value
    district_id: int | None = None
    free_now: bool = False
    stale: bool = False
    days: int = 14


@dataclass
class BoardUnit:
    """One row of the board."""

    id: int
    organisation_id: int
    organisation: str
    name: str
    kind: str  # the kind's label in the reader's language
    serves: list[str]
    location: str  # the location's name only: never a (confidential) address
    district: str | None
    total: int
    occupied: int
    reserved: int
    out_of_service: int
    counted_at: datetime
    stale: bool

    @property
    def in_service(self) -> int:
        return self.total - self.out_of_service

    @property
    def free(self) -> int:
        return max(self.total - self.occupied - self.reserved - self.out_of_service, 0)


@dataclass
class Totals:
    units: int = 0
    places: int = 0
    in_service: int = 0
    occupied: int = 0
    reserved: int = 0
    out_of_service: int = 0
    free: int = 0
    stale: int = 0


@dataclass
class DayPoint:
    day: date
    occupied: int
    in_service: int
    units: int  # units with counts known on that day

    @property
    def percent(self) -> float | None:
        return round(100 * self.occupied / self.in_service, 1) if self.in_service else None


@dataclass
class Board:
    units: list[BoardUnit]
    totals: Totals
    series: list[DayPoint] = field(default_factory=list)


def kind_label(kind: CapacityKindCode, custom: CapacityKind | None, language: str) -> str:
    """A unit's kind in the reader's language: the department's kind when it names one."""
    if kind is CapacityKindCode.OTHER and custom is not None:
        return custom.text("label", language)
    return str(CAPACITY_KIND_LABELS[kind])


def kind_choices(language: str) -> list[tuple[str, str]]:
    """The kind filter's values: the built-in kinds, then the department's (inactive ones too: old units keep them)."""
    builtin = [(code.value, str(CAPACITY_KIND_LABELS[code])) for code in CapacityKindCode
               if code is not CapacityKindCode.OTHER]
    custom = db.session.execute(select(CapacityKind).order_by(CapacityKind.position, CapacityKind.code)).scalars()
    return builtin + [(f"{CUSTOM_PREFIX}{kind.id}", kind.text("label", language)) for kind in custom]


def district_choices() -> list[tuple[int, str]]:
    return [(row.id, row.name) for row in db.session.execute(
        select(District.id, District.name).order_by(District.position, District.name))]


def _criteria(chosen: BoardFilter, now: datetime) -> list:
    criteria = [CapacityUnit.is_active.is_(True)]
    if chosen.kind:
        if chosen.kind.startswith(CUSTOM_PREFIX):
            criteria.append(CapacityUnit.custom_kind_id == int(chosen.kind.removeprefix(CUSTOM_PREFIX)))
        else:
            criteria.append(CapacityUnit.kind == CapacityKindCode(chosen.kind))
    if chosen.serves:
        criteria.append(CapacityUnit.serves.like(f"% {chosen.serves} %"))
    if chosen.district_id is not None:
        criteria.append(Location.district_id == chosen.district_id)
    if chosen.free_now:
        criteria.append(CapacityUnit.total - CapacityUnit.occupied - CapacityUnit.reserved
                        - CapacityUnit.out_of_service > 0)
    if chosen.stale:
        criteria.append(CapacityUnit.counted_at < now - timedelta(hours=STALE_HOURS))
    return criteria


def board_units(chosen: BoardFilter, language: str, now: datetime | None = None) -> tuple[list[BoardUnit], Totals]:
    """The filtered units (by organisation, then unit) and their totals, in one query."""
    require_department_view()
    now = now or utcnow()
    statement = (
        select(CapacityUnit.id, CapacityUnit.organisation_id, Organisation.name.label("organisation"),
               CapacityUnit.name, CapacityUnit.kind, CapacityUnit.serves, Location.name.label("location"),
               District.name.label("district"), CapacityUnit.total, CapacityUnit.occupied, CapacityUnit.reserved,
               CapacityUnit.out_of_service, CapacityUnit.counted_at, CapacityKind.id.label("custom_id"),
               CapacityKind.label_pl, CapacityKind.label_uk, CapacityKind.label_en)
        .join(Organisation, Organisation.id == CapacityUnit.organisation_id)
        .join(Location, Location.id == CapacityUnit.location_id)
        .outerjoin(District, District.id == Location.district_id)
        .outerjoin(CapacityKind, CapacityKind.id == CapacityUnit.custom_kind_id)
        .where(*_criteria(chosen, now))
        .order_by(Organisation.name, CapacityUnit.name)
    )
    stale_before = now - timedelta(hours=STALE_HOURS)
    units, totals = [], Totals()
    for row in db.session.execute(statement):
        if row.kind == CapacityKindCode.OTHER and row.custom_id is not None:
            kind = getattr(row, f"label_{language}", None) or row.label_pl
        else:
            kind = str(CAPACITY_KIND_LABELS[CapacityKindCode(row.kind)])
        unit = BoardUnit(id=row.id, organisation_id=row.organisation_id, organisation=row.organisation,
                         name=row.name, kind=kind, serves=row.serves.split(), location=row.location,
                         district=row.district, total=row.total, occupied=row.occupied, reserved=row.reserved,
                         out_of_service=row.out_of_service, counted_at=row.counted_at,
                         stale=row.counted_at < stale_before)
        units.append(unit)
        totals.units += 1
        totals.places += unit.total
        totals.in_service += unit.in_service
        totals.occupied += unit.occupied
        totals.reserved += unit.reserved
        totals.out_of_service += unit.out_of_service
        totals.free += unit.free
        totals.stale += unit.stale
    return units, totals


def daily_series(unit_ids: list[int], first: date, last: date) -> list[DayPoint]:
    """Per day from ``first`` to ``last``: the units' highest occupancy and places in service, summed; a unit with
    no row on a day counts as it stood at the end of its last earlier day (not at all before its first row).

    Two queries: the rows in the window, and each unit's last row before it.
    """
    require_department_view()
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    if not unit_ids or not days:
        return [DayPoint(day, 0, 0, 0) for day in days]
    carried, by_unit = unit_days(unit_ids, first, last)
    occupied = [0] * len(days)
    in_service = [0] * len(days)
    counted = [0] * len(days)
    for unit_id in set(carried) | set(by_unit):
        state = carried.get(unit_id)  # (occupied as the last day ended, in service)
        rows = by_unit.get(unit_id, [])
        position = 0
        for index, day in enumerate(days):
            if position < len(rows) and rows[position].day == day:
                row = rows[position]
                position += 1
                occupied[index] += row.occupied_max
                in_service[index] += row.in_service_last
                counted[index] += 1
                state = (row.occupied_last, row.in_service_last)
            elif state is not None:
                occupied[index] += state[0]
                in_service[index] += state[1]
                counted[index] += 1
    return [DayPoint(day, occupied[index], in_service[index], counted[index]) for index, day in enumerate(days)]


def unit_days(unit_ids, first: date, last: date) -> tuple[dict[int, tuple[int, int]], dict[int, list]]:
    """The units' day rows from ``first`` to ``last`` (by unit, in order of day) and, for each unit, its counts as
    its last day before ``first`` ended (occupied, in service): two queries, whatever the number of units."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}, {}
    # Each unit's last day before the window: one index probe per unit on (unit_id, day), not a scan of the year.
    inner = aliased(OccupancyDay)
    last_before = (select(func.max(inner.day)).where(inner.unit_id == CapacityUnit.id, inner.day < first)
                   .correlate(CapacityUnit).scalar_subquery())
    before = select(CapacityUnit.id.label("unit_id"), last_before.label("day")).where(
        CapacityUnit.id.in_(ids)).subquery()
    carried = {row.unit_id: (row.occupied_last, row.in_service_last) for row in db.session.execute(
        select(OccupancyDay.unit_id, OccupancyDay.occupied_last, OccupancyDay.in_service_last)
        .join(before, and_(before.c.unit_id == OccupancyDay.unit_id, before.c.day == OccupancyDay.day)))}
    by_unit: dict[int, list] = {}
    for row in db.session.execute(
            select(OccupancyDay.unit_id, OccupancyDay.day, OccupancyDay.occupied_max, OccupancyDay.occupied_last,
                   OccupancyDay.in_service_last)
            .where(OccupancyDay.unit_id.in_(ids), OccupancyDay.day >= first, OccupancyDay.day <= last)
            .order_by(OccupancyDay.unit_id, OccupancyDay.day)):
        by_unit.setdefault(row.unit_id, []).append(row)
    return carried, by_unit


def board(chosen: BoardFilter, language: str, today: date, now: datetime | None = None) -> Board:
    """The board: the filtered units, their totals and the last ``chosen.days`` days of their occupancy."""
    units, totals = board_units(chosen, language, now)
    days = chosen.days if chosen.days in DAYS_CHOICES else DAYS_CHOICES[0]
    series = daily_series([unit.id for unit in units], today - timedelta(days=days - 1), today)
    return Board(units, totals, series)
