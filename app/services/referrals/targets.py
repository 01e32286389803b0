"""What an organisation may refer to: other organisations' public services and their active capacity units.

Read in the named scope ``referrals.targets`` (the units of other organisations are not public when their
availability is hidden, yet a referring worker needs them): only names, kinds and free places leave it, never a
unit's or a location's address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, true
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import CapacityUnit, Organisation, Service
from app.models.directory import ServiceStatus
from app.sql import contains
from app.tenancy import system_scope

LIMIT = 100


@dataclass(frozen=True)
class UnitChoice:
    """A unit one may refer to, with its free places."""

    id: int
    name: str
    kind: str
    free: int


@dataclass(frozen=True)
class ServiceChoice:
    """A service one may refer to, its organisation, and its units."""

    id: int
    name: str
    organisation_id: int
    organisation_name: str
    units: list[UnitChoice] = field(default_factory=list)


def _services(actor, search: str = "", service_id: int | None = None):
    statement = (select(Service).join(Organisation, Organisation.id == Service.organisation_id)
                 .where(Service.organisation_id != actor.organisation_id, Service.is_published == true(),
                        Service.status != ServiceStatus.INACTIVE, Organisation.is_active == true())
                 .options(joinedload(Service.organisation)).order_by(Service.name_pl, Service.id))
    if service_id is not None:
        statement = statement.where(Service.id == service_id)
    if search.strip():
        term = search.strip()[:100]
        statement = statement.where(contains(Service.name_pl, term) | contains(Organisation.name, term))
    return statement.limit(LIMIT)


def list_targets(actor, search: str = "", locale: str = "pl") -> list[ServiceChoice]:
    """Other organisations' public services (matching ``search``) with their active units and free places."""
    with system_scope("referrals.targets"):
        services = list(db.session.execute(_services(actor, search)).unique().scalars())
        units = _units([service.id for service in services])
    return [ServiceChoice(service.id, service.text("name", locale), service.organisation_id,
                          service.organisation.name, units.get(service.id, [])) for service in services]


def _units(service_ids: list[int]) -> dict[int, list[UnitChoice]]:
    found: dict[int, list[UnitChoice]] = {}
    if not service_ids:
        return found
    for unit in db.session.execute(select(CapacityUnit).where(CapacityUnit.service_id.in_(service_ids),
                                                              CapacityUnit.is_active == true())
                                   .order_by(CapacityUnit.name, CapacityUnit.id)).unique().scalars():
        found.setdefault(unit.service_id, []).append(UnitChoice(unit.id, unit.name, unit.kind.value, unit.free))
    return found


def find_target(actor, service_id: int | None, unit_id: int | None = None,
                locale: str = "pl") -> tuple[ServiceChoice, UnitChoice | None] | None:
    """One target the actor may refer to — the service and, when named, one of its active units — else None."""
    if service_id is None:
        return None
    with system_scope("referrals.targets"):
        service = db.session.execute(_services(actor, service_id=service_id)).unique().scalar_one_or_none()
        if service is None:
            return None
        units = _units([service.id]).get(service.id, [])
    choice = ServiceChoice(service.id, service.text("name", locale), service.organisation_id,
                           service.organisation.name, units)
    if unit_id is None:
        return choice, None
    unit = next((u for u in units if u.id == unit_id), None)
    return (choice, unit) if unit is not None else None


def is_own_service(actor, service_id: int) -> bool:
    """Whether the service is the actor's organisation's own (read in the actor's own scope)."""
    return db.session.execute(select(Service.id).where(Service.id == service_id,
                                                       Service.organisation_id == actor.organisation_id)
                              ).first() is not None
