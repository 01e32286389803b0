"""What residents see of a unit's free places: a level, a word in their language, and how fresh the count is.

Read only in the public scope: ``CapacityUnit.public_criteria`` already leaves out hidden and retired units and
the units of a service residents cannot see. A unit's ``public_availability`` says how much it tells:

- EXACT: the number of free places ("3 free places"), or "Full";
- COARSE: only a word — "Places now", "Few places" (free ≤ ``FEW_PLACES`` or ≤ ``FEW_SHARE`` of the places in
  service), "Full, call";
- a unit nobody counted for more than ``STALE_HOURS`` shows neither a number nor a word, only "Not confirmed
  today — call before you come": an old "places now" sends a person across the city in the night for nothing.

Each level has a symbol as well as a colour (✓ ! ✕ ?), so that it reads without colour. A confidential
location's address is never read here (``Location.public_address`` is None for it).

"Places tonight" lists the services with places for the night: the kinds in ``TONIGHT_KINDS`` and every
department-defined kind (the department defines kinds such as "hostel for women in crisis", all of them
overnight so far). Day-club places (a club closes in the evening) and social welfare home places (a long stay
decided by an administrative referral, not a bed for tonight) are not "tonight"; they still show on their
services' pages.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.fragment_cache import cached_value
from app.labels import CAPACITY_KIND_LABELS
from app.localtime import to_local
from app.models import CapacityKindCode, CapacityUnit, Location, Service, ServiceStatus, utcnow
from app.models.capacity import PublicAvailability, Serves
from app.services.capacity import versions  # noqa: F401 - the capacity data version is watched from here on
from app.services.directory.listing import load_for_listing

FEW_PLACES = 2  # free places at most, or …
FEW_SHARE = 0.2  # … this share of the places in service at most: "few places"
TONIGHT_KINDS = (CapacityKindCode.NIGHT_SHELTER, CapacityKindCode.SHELTER_BED, CapacityKindCode.CRISIS_HOTEL,
                 CapacityKindCode.PROTECTED_FLAT, CapacityKindCode.OTHER)
# Who a resident may look for on "places tonight" (seniors are not a filter there, but are shown on a unit).
SERVES_FILTERS = (Serves.WOMEN, Serves.MEN, Serves.MOTHERS_WITH_CHILDREN, Serves.FAMILIES, Serves.YOUTH,
                  Serves.WHEELCHAIR_USERS)


class Level(enum.StrEnum):
    """A unit's availability as residents see it, best first (the order of "places tonight")."""

    FREE = "free"
    FEW = "few"
    FULL = "full"
    UNCONFIRMED = "unconfirmed"


MARKERS = {Level.FREE: "✓", Level.FEW: "!", Level.FULL: "✕", Level.UNCONFIRMED: "?"}
RANK = {Level.FREE: 0, Level.FEW: 1, Level.FULL: 2, Level.UNCONFIRMED: 3}


@dataclass(frozen=True)
class Availability:
    """What one unit tells residents now."""

    level: Level
    label: str  # "3 free places", "Few places", "Not confirmed today — call before you come"
    free: int | None  # the number shown (EXACT units with a fresh count), else None
    updated: str  # "updated 2 hours ago"
    counted_at: datetime  # Europe/Warsaw

    @property
    def marker(self) -> str:
        return MARKERS[self.level]

    @property
    def has_places(self) -> bool:
        return self.level in (Level.FREE, Level.FEW)


@dataclass(frozen=True)
class PublicUnit:
    """A unit as a resident sees it: its name, kind, who it serves, its availability."""

    unit: CapacityUnit
    kind: str
    serves: tuple[str, ...]
    availability: Availability


@dataclass
class PlacesEntry:
    """A service on "places tonight" with its units (those matching the filter)."""

    service: Service
    units: list[PublicUnit] = field(default_factory=list)

    @property
    def best(self) -> Availability:
        return min((u.availability for u in self.units), key=lambda a: RANK[a.level])

    @property
    def is_closed(self) -> bool:
        """The service is temporarily closed: whatever its units say, nobody is taken in now."""
        return self.service.status == ServiceStatus.TEMPORARILY_CLOSED

    @property
    def has_places(self) -> bool:
        return not self.is_closed and any(u.availability.has_places for u in self.units)

    @property
    def locations(self) -> list[Location]:
        """The places of its units, each once, in the order of the units."""
        return list({u.unit.location_id: u.unit.location for u in self.units}.values())


def level_of(unit: CapacityUnit, now: datetime) -> Level:
    """The level of a unit: unconfirmed when stale, otherwise by its free places."""
    if unit.is_stale(now):
        return Level.UNCONFIRMED
    free = unit.free
    if free <= 0:
        return Level.FULL
    if free <= FEW_PLACES or free <= FEW_SHARE * unit.in_service:
        return Level.FEW
    return Level.FREE


def updated_ago(counted_at: datetime, now: datetime) -> str:
    """ "updated just now", "updated 5 minutes ago", "updated 2 hours ago", "updated 3 days ago"."""
    minutes = max(int((now - counted_at).total_seconds() // 60), 0)
    if minutes < 1:
        return _("updated just now")
    if minutes < 60:
        return ngettext("updated %(num)d minute ago", "updated %(num)d minutes ago", minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("updated %(num)d hour ago", "updated %(num)d hours ago", hours)
    return ngettext("updated %(num)d day ago", "updated %(num)d days ago", hours // 24)


def availability(unit: CapacityUnit, now: datetime | None = None) -> Availability:
    """What ``unit`` tells residents at ``now`` (UTC)."""
    now = now or utcnow()
    level = level_of(unit, now)
    free = None
    if level is Level.UNCONFIRMED:
        label = _("Not confirmed today — call before you come")
    elif unit.public_availability == PublicAvailability.EXACT:
        if level is Level.FULL:
            label = pgettext("capacity level", "Full")
        else:
            free = unit.free
            label = ngettext("%(num)d free place", "%(num)d free places", free)
    elif level is Level.FULL:
        label = _("Full, call")
    elif level is Level.FEW:
        label = _("Few places")
    else:
        label = _("Places now")
    return Availability(level=level, label=label, free=free, updated=updated_ago(unit.counted_at, now),
                        counted_at=to_local(unit.counted_at))


def kind_label(unit: CapacityUnit, locale: str) -> str:
    """The unit's kind in ``locale``: a built-in label, or the department's own kind's name."""
    if unit.kind == CapacityKindCode.OTHER and unit.custom_kind is not None:
        return unit.custom_kind.text("label", locale)
    return str(CAPACITY_KIND_LABELS[unit.kind])


def _public_unit(unit: CapacityUnit, locale: str, now: datetime) -> PublicUnit:
    return PublicUnit(unit=unit, kind=kind_label(unit, locale), serves=tuple(unit.serves_list),
                      availability=availability(unit, now))


def _units(*conditions) -> list[CapacityUnit]:
    """Public units (the scope's criteria apply) with their location and district, by service then name."""
    statement = (select(CapacityUnit).where(*conditions)
                 .options(selectinload(CapacityUnit.location))
                 .order_by(CapacityUnit.service_id, CapacityUnit.name, CapacityUnit.id))
    return list(db.session.execute(statement).unique().scalars().all())


def service_units(service: Service, locale: str, now: datetime | None = None, *,
                  capacity_version: int | None = None) -> list[PublicUnit]:
    """The public units of one service, with what each tells residents now (public scope).

    Given the capacity version this request read, a service with no public unit costs no statement: which services
    have any is read once per version and worker (most services have none; with the fragment cache off, as in the
    test suite, the units are read every time instead)."""
    kept = capacity_version and current_app.config.get("FRAGMENT_CACHE", True)
    if kept and service.id not in _services_with_units(capacity_version):
        return []
    now = now or utcnow()
    return [_public_unit(unit, locale, now) for unit in _units(CapacityUnit.service_id == service.id)]


def _services_with_units(capacity_version: int) -> frozenset[int]:
    """The ids of the services with a public unit, kept per worker under the capacity version (public scope)."""
    def read() -> frozenset[int]:
        return frozenset(db.session.execute(select(CapacityUnit.service_id).distinct()).scalars())

    return cached_value(("services-with-units", capacity_version), read)


def units_by_service(service_ids: Iterable[int]) -> dict[int, list[CapacityUnit]]:
    """The public units of several services at once (one query), by service id (public scope)."""
    ids = list(service_ids)
    found: dict[int, list[CapacityUnit]] = {}
    if ids:
        for unit in _units(CapacityUnit.service_id.in_(ids)):
            found.setdefault(unit.service_id, []).append(unit)
    return found


def serves_condition(code: str):
    """Units serving ``code`` (codes are kept space-delimited: a portable LIKE)."""
    return CapacityUnit.serves.like(f"% {code} %")


def places_tonight(locale: str, serves: str | None = None, now: datetime | None = None) -> list[PlacesEntry]:
    """Services with places for the night (public scope): 24/7 services with free places first, then other
    services with free places that a person can walk into, then those with free places only a referral opens
    (protected flats), then the full and the not-confirmed ones, a temporarily closed service last; ``serves``
    keeps the units for them."""
    now = now or utcnow()
    conditions = [CapacityUnit.kind.in_(TONIGHT_KINDS)]
    if serves:
        conditions.append(serves_condition(serves))
    units = _units(*conditions)
    if not units:
        return []
    services = db.session.execute(
        select(Service).where(Service.id.in_({u.service_id for u in units}))).unique().scalars().all()
    load_for_listing(list(services))
    by_id = {s.id: PlacesEntry(service=s) for s in services}
    for unit in units:
        if unit.service_id in by_id:
            by_id[unit.service_id].units.append(_public_unit(unit, locale, now))
    entries = [e for e in by_id.values() if e.units]

    def order(entry: PlacesEntry):
        referral_only = entry.service.by_referral and not entry.service.walk_in  # a protected flat: not for tonight
        if entry.has_places:
            group = 2 if referral_only else 0 if entry.service.always_open else 1
        else:
            group = 4 if entry.is_closed else 3
        return group, RANK[entry.best.level], entry.service.text("name", locale).casefold()

    return sorted(entries, key=order)


def parse_serves(value: str | None) -> str | None:
    """A ``serves`` filter from the query string: one of ``SERVES_FILTERS``, else None (junk is ignored)."""
    return value if value in {code.value for code in SERVES_FILTERS} else None

