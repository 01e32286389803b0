"""An organisation keeps its capacity units: what they are, where, for whom, how many places, and which are broken.

A unit belongs to the organisation that runs it and names one of its own services and locations. Its kind is a
built-in ``CapacityKindCode`` or OTHER with one of the department's active ``CapacityKind`` rows. The number of
places and those out of service change under the unit's lock and are written to its history (the occupancy
itself changes only through ``app.services.capacity.occupancy``), so that a total below the places in use is
refused beside the field and a staff member's +1 at the same moment is never lost.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.database import lock
from app.extensions import db
from app.models import (
    CapacityKind,
    CapacityKindCode,
    CapacityUnit,
    CountedBy,
    Location,
    OccupancyChange,
    PublicAvailability,
    Serves,
    Service,
    utcnow,
)
from app.services import CombinedServiceError, ServiceError, clean_text
from app.services.audit.log import record_event
from app.services.capacity import occupancy
from app.services.capacity.occupancy import PLACES_MAX
from app.unit_of_work import unique

NAME_MAX = 120
REASON_MAX = 300
NAME_TAKEN = _l("Your organisation already has a unit with this name.")
unique("uq_capacity_unit_name", NAME_TAKEN, field="name")

UNIT_FIELDS = ("name", "kind", "custom_kind_id", "service_id", "location_id", "counted_by", "serves", "total",
               "out_of_service", "out_of_service_reason", "public_availability")


def _own(model, object_id, organisation_id: int):
    if object_id is None:
        return None
    return db.session.execute(select(model).where(model.id == object_id, model.organisation_id == organisation_id)
                              ).unique().scalar_one_or_none()


def _number(value, field: str) -> int:
    if value is None or isinstance(value, bool):
        raise ServiceError(_l("Enter a whole number."), field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_l("Enter a whole number."), field=field) from None
    if number < 0:
        raise ServiceError(_l("The number cannot be below zero."), field=field)
    if number > PLACES_MAX:
        raise ServiceError(_l("Enter at most %(max)d places.", max=PLACES_MAX), field=field)
    return number


def _check(organisation_id: int, data: dict) -> dict:
    """The form's values checked against the rules; every problem at once, each beside its field."""
    errors: list[ServiceError] = []
    values: dict = {}

    def check(function):
        try:
            function()
        except ServiceError as error:
            errors.append(error)

    def name():
        text = clean_text(data.get("name"), NAME_MAX, "name", one_line=True)
        if not text:
            raise ServiceError(_l("Give the unit a name (for example “Night shelter – main room”)."), field="name")
        values["name"] = text

    def kind():
        try:
            code = CapacityKindCode(data.get("kind"))
        except ValueError:
            raise ServiceError(_l("Choose from the list."), field="kind") from None
        values["kind"], values["custom_kind_id"] = code, None
        if code is CapacityKindCode.OTHER:
            custom = db.session.execute(select(CapacityKind).where(
                CapacityKind.id == (data.get("custom_kind_id") or 0), CapacityKind.is_active.is_(True))
            ).scalar_one_or_none()
            if custom is None:
                raise ServiceError(_l("Choose one of the department's kinds of places."), field="custom_kind_id")
            values["custom_kind_id"] = custom.id

    def service():
        if _own(Service, data.get("service_id"), organisation_id) is None:
            raise ServiceError(_l("Choose one of your organisation's services."), field="service_id")
        values["service_id"] = int(data["service_id"])

    def location():
        if _own(Location, data.get("location_id"), organisation_id) is None:
            raise ServiceError(_l("Choose one of your organisation's locations."), field="location_id")
        values["location_id"] = int(data["location_id"])

    def choices():
        try:
            values["counted_by"] = CountedBy(data.get("counted_by") or CountedBy.BED)
        except ValueError:
            raise ServiceError(_l("Choose from the list."), field="counted_by") from None
        try:
            values["public_availability"] = PublicAvailability(data.get("public_availability")
                                                               or PublicAvailability.COARSE)
        except ValueError:
            raise ServiceError(_l("Choose from the list."), field="public_availability") from None

    def serves():
        codes = list(data.get("serves") or ())
        if any(code not in set(Serves) for code in codes):
            raise ServiceError(_l("Choose from the list."), field="serves")
        if not codes:
            raise ServiceError(_l("Say whom the places are for."), field="serves")
        values["serves"] = [Serves(code).value for code in Serves if code in codes]

    def counts():
        values["total"] = _number(data.get("total"), "total")
        out = _number(data.get("out_of_service") or 0, "out_of_service")
        reason = clean_text(data.get("out_of_service_reason"), REASON_MAX, "out_of_service_reason", one_line=True)
        if out and not reason:
            raise ServiceError(_l("Say why places are out of service (for example “repair of room 4”)."),
                               field="out_of_service_reason")
        values["out_of_service"], values["out_of_service_reason"] = out, reason if out else None

    for function in (name, kind, service, location, choices, serves, counts):
        check(function)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CombinedServiceError(errors)
    return values


def _beyond_total(unit: CapacityUnit, field: str) -> ServiceError:
    return ServiceError(_l(
        "The unit cannot have fewer places than are in use: %(occupied)d occupied, %(reserved)d held for referrals "
        "and %(out)d out of service make %(sum)d.", occupied=unit.occupied, reserved=unit.reserved,
        out=unit.out_of_service, sum=unit.occupied + unit.reserved + unit.out_of_service), field=field)


def create_unit(actor, organisation_id: int, data: dict) -> CapacityUnit:
    """Add a unit of the organisation with its places (nobody in them yet) and write its first counts."""
    values = _check(organisation_id, data)
    if values["out_of_service"] > values["total"]:
        raise ServiceError(_l("More places cannot be out of service than the unit has."), field="out_of_service")
    serves = values.pop("serves")
    unit = CapacityUnit(organisation_id=organisation_id, occupied=0, reserved=0, counted_at=utcnow(),
                        counted_by_id=getattr(actor.user, "id", None), **values)
    unit.serves_list = serves
    db.session.add(unit)
    db.session.flush()
    occupancy.record_counts(unit, OccupancyChange.TOTAL, actor.user, note=unit.out_of_service_reason)
    record_event("capacity_unit.created", actor=actor.user, organisation_id=organisation_id, target=unit,
                 details={"name": unit.name, "total": unit.total})
    return unit


def update_unit(actor, unit: CapacityUnit, data: dict) -> bool:
    """Change a unit; the number of places and those out of service change under its lock and go to its history.

    A total below the places occupied, held and out of service is refused beside ``total``; more places out of
    service than are free beside ``out_of_service``. True when anything changed.
    """
    values = _check(unit.organisation_id, data)
    unit = lock(CapacityUnit, unit.id)
    serves = values.pop("serves")
    total, out = values.pop("total"), values.pop("out_of_service")
    reason = values.pop("out_of_service_reason")
    changed = [name for name, value in values.items() if getattr(unit, name) != value]
    for name in changed:
        setattr(unit, name, values[name])
    if unit.serves_list != serves:
        unit.serves_list = serves
        changed.append("serves")
    if total != unit.total:
        before = unit.total
        unit.total = total
        if unit.occupied + unit.reserved + unit.out_of_service > unit.total:
            unit.total = before
            raise _beyond_total(unit, "total")
        occupancy.check_counts(unit)
        occupancy.record_counts(unit, OccupancyChange.TOTAL, actor.user)
        changed.append("total")
    if out != unit.out_of_service or (out and reason != unit.out_of_service_reason):
        before = unit.out_of_service
        unit.out_of_service, unit.out_of_service_reason = out, reason
        if unit.occupied + unit.reserved + unit.out_of_service > unit.total:
            unit.out_of_service = before
            raise ServiceError(_l(
                "Only %(free)d places are free to take out of service: the others are occupied or held.",
                free=unit.total - unit.occupied - unit.reserved), field="out_of_service")
        occupancy.check_counts(unit)
        occupancy.record_counts(unit, OccupancyChange.OUT_OF_SERVICE, actor.user, note=reason)
        record_event("capacity.out_of_service", actor=actor.user, organisation_id=unit.organisation_id,
                     target=unit, details={"out_of_service": out, "before": before, "reason": reason})
        changed.append("out_of_service")
    elif not out and unit.out_of_service_reason:
        unit.out_of_service_reason = None
    if changed:
        record_event("capacity_unit.updated", actor=actor.user, organisation_id=unit.organisation_id, target=unit,
                     details={"fields": changed})
    return bool(changed)


def retire_unit(actor, unit: CapacityUnit) -> CapacityUnit:
    """Take a unit out of use (its history stays); a unit with places held for referrals cannot be retired."""
    unit = lock(CapacityUnit, unit.id)
    if not unit.is_active:
        return unit
    if unit.reserved:
        raise ServiceError(_l("Places of this unit are held for accepted referrals: end them first."))
    unit.is_active = False
    record_event("capacity_unit.retired", actor=actor.user, organisation_id=unit.organisation_id, target=unit)
    return unit


def reinstate_unit(actor, unit: CapacityUnit) -> CapacityUnit:
    """Put a retired unit back in use."""
    unit = lock(CapacityUnit, unit.id)
    if not unit.is_active:
        unit.is_active = True
        record_event("capacity_unit.reinstated", actor=actor.user, organisation_id=unit.organisation_id,
                     target=unit)
    return unit


def units_of(organisation_id: int, *, active_only: bool = False) -> list[CapacityUnit]:
    """The organisation's units, in use first, by name."""
    statement = select(CapacityUnit).where(CapacityUnit.organisation_id == organisation_id)
    if active_only:
        statement = statement.where(CapacityUnit.is_active.is_(True))
    return list(db.session.execute(statement.order_by(CapacityUnit.is_active.desc(), CapacityUnit.name)
                                   ).unique().scalars())


def stale_units(organisation_id: int, now=None) -> list[CapacityUnit]:
    """The organisation's units in use whose counts nobody confirmed for ``STALE_HOURS`` hours, oldest first."""
    now = now or utcnow()
    return sorted((unit for unit in units_of(organisation_id, active_only=True) if unit.is_stale(now)),
                  key=lambda unit: unit.counted_at)
