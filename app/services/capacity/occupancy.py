"""A unit's counts and their history: every change under the unit's row lock, so that none is lost.

Staff change the occupancy from a phone — one more place taken (+1), one freed (−1), or the number set after a
head count — and may confirm that nothing changed. A referral accepted for a unit holds a place
(``reserve_place``) until the person arrives (the place becomes occupied) or does not (it is free again:
``end_reservation``). Every change locks the unit's row first (``app.database.lock``: FOR UPDATE on PostgreSQL,
the write lock on SQLite), checks the counts against the total, and writes the counts after it as an
``OccupancyUpdate`` with its time and author, keeps the day's ``OccupancyDay`` (highest and last occupancy,
Europe/Warsaw days) and the audit log. Two changes at once are applied one after the other, so the final counts
are the sum of the changes.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from app.database import lock
from app.extensions import db
from app.localtime import to_local
from app.models import CapacityUnit, OccupancyChange, OccupancyDay, OccupancyUpdate, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event

PLACES_MAX = 10_000  # no unit in a city keeps more places
STAFF_CHANGES = (OccupancyChange.PLUS, OccupancyChange.MINUS, OccupancyChange.SET, OccupancyChange.CONFIRMED)
NOTHING_TO_FREE = _l("No place is occupied now: there is nothing to free.")
NOT_NEGATIVE = _l("The number of occupied places cannot be below zero.")
NO_FREE_PLACE = _l("There is no free place left in this unit: it may have been taken a moment ago.")


def _no_room(unit: CapacityUnit) -> ServiceError:
    """Every place is taken: say how, so the person sees why (field ``occupied``)."""
    return ServiceError(lazy_ngettext(
        "All %(num)d place is taken: %(occupied)d occupied, %(reserved)d held for referrals, %(out)d out of service.",
        "All %(num)d places are taken: %(occupied)d occupied, %(reserved)d held for referrals, %(out)d out of service.",
        unit.total, occupied=unit.occupied, reserved=unit.reserved, out=unit.out_of_service), field="occupied")


def record_counts(unit: CapacityUnit, change: OccupancyChange, author, *, note: str | None = None) -> OccupancyUpdate:
    """Write the unit's counts as they stand now (after ``change``) to its history and its day; the unit is locked.

    The caller has already changed the unit's counts and checked them; this marks the unit counted now, adds the
    ``OccupancyUpdate`` and keeps today's ``OccupancyDay`` (its highest occupancy counts the occupancy the day
    started with, carried from the last update).
    """
    now = utcnow()
    unit.counted_at = now
    unit.counted_by_id = getattr(author, "id", None)
    update = OccupancyUpdate(unit_id=unit.id, organisation_id=unit.organisation_id, at=now,
                             author_id=unit.counted_by_id, change=change, total=unit.total,
                             occupied=unit.occupied, reserved=unit.reserved,
                             out_of_service=unit.out_of_service, note=note)
    db.session.add(update)
    _keep_day(unit, to_local(now).date())
    return update


def _keep_day(unit: CapacityUnit, day) -> None:
    row = db.session.execute(select(OccupancyDay).where(OccupancyDay.unit_id == unit.id, OccupancyDay.day == day)
                             ).scalar_one_or_none()
    if row is None:
        previous = db.session.execute(
            select(OccupancyDay.occupied_last).where(OccupancyDay.unit_id == unit.id, OccupancyDay.day < day)
            .order_by(OccupancyDay.day.desc()).limit(1)).scalar_one_or_none()
        row = OccupancyDay(unit_id=unit.id, organisation_id=unit.organisation_id, day=day,
                           occupied_max=max(previous or 0, unit.occupied), occupied_last=unit.occupied,
                           in_service_last=unit.in_service)
        db.session.add(row)
    else:
        row.occupied_max = max(row.occupied_max, unit.occupied)
        row.occupied_last = unit.occupied
        row.in_service_last = unit.in_service


def check_counts(unit: CapacityUnit) -> None:
    """Refuse counts below zero or beyond the unit's places (the message names the field)."""
    if unit.occupied < 0:
        raise ServiceError(NOT_NEGATIVE, field="occupied")
    if unit.occupied + unit.reserved + unit.out_of_service > unit.total:
        raise _no_room(unit)


def change_occupancy(actor, unit_id: int, change: OccupancyChange, value: int | None = None) -> CapacityUnit:
    """+1, −1, set (``value``) or confirm the occupancy of one of the actor's organisation's units, under its lock.

    The unit is read through the actor's scope (another organisation's is a 404). A change that would take the
    occupancy below zero or beyond the places in service is refused with the reason and changes nothing.
    """
    if change not in STAFF_CHANGES:
        raise ValueError(f"{change} is not a change staff make by hand")
    unit = lock(CapacityUnit, unit_id)
    if not unit.is_active:
        raise ServiceError(_l("This unit is no longer in use: its counts cannot change."), field="occupied")
    before = unit.occupied
    if change is OccupancyChange.PLUS:
        unit.occupied += 1
    elif change is OccupancyChange.MINUS:
        if unit.occupied == 0:
            raise ServiceError(NOTHING_TO_FREE, field="occupied")
        unit.occupied -= 1
    elif change is OccupancyChange.SET:
        if value is None:
            raise ServiceError(_l("Enter the number of occupied places."), field="occupied")
        if value < 0:
            raise ServiceError(NOT_NEGATIVE, field="occupied")
        unit.occupied = min(value, PLACES_MAX + 1)
    if unit.occupied + unit.reserved + unit.out_of_service > unit.total:
        unit.occupied = before
        raise _no_room(unit)
    record_counts(unit, change, actor.user)
    record_event("capacity.counted", actor=actor.user, organisation_id=unit.organisation_id, target=unit,
                 details={"change": change.value, "occupied": unit.occupied, "before": before})
    return unit


def reserve_place(unit_id: int, author) -> CapacityUnit:
    """Hold one free place of the unit for an accepted referral, under the unit's lock; refused when none is free.

    Fifty acceptances at once for the last place: the lock lets them in one at a time, the first takes it and
    every other one finds no free place (``NO_FREE_PLACE``) and changes nothing.
    """
    unit = lock(CapacityUnit, unit_id)
    if not unit.is_active or unit.free < 1:
        raise ServiceError(NO_FREE_PLACE)
    unit.reserved += 1
    record_counts(unit, OccupancyChange.RESERVED, author)
    return unit


def end_reservation(unit_id: int, author, *, arrived: bool) -> CapacityUnit:
    """A held place is no longer held: the person arrived (the place is occupied now) or did not (it is free)."""
    unit = lock(CapacityUnit, unit_id)
    if unit.reserved < 1:  # the counts were set by hand since: nothing is held any more
        return unit
    unit.reserved -= 1
    if arrived:
        unit.occupied += 1
    record_counts(unit, OccupancyChange.ARRIVED if arrived else OccupancyChange.RELEASED, author)
    return unit
