"""What the capacity tests share: a unit of one organisation with its service and location, and an actor."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import CapacityKindCode, CapacityUnit, Location, Membership, Service, User
from app.permissions import Actor
from app.tenancy import organisation_scope, system_scope
from app.unit_of_work import unit_of_work


def make_unit(app, org, *, total: int, occupied: int = 0, name: str = "Sala A",
              service_name: str = "Noclegownia", location_name: str = "Dom") -> int:
    """A night-shelter unit of ``org`` (with a service and a location of its own), committed; its id."""
    with app.app_context(), unit_of_work(), organisation_scope(org.id):
        service = Service(organisation_id=org.id, name_pl=service_name, description_pl="Nocleg")
        location = Location(organisation_id=org.id, name=location_name)
        db.session.add_all([service, location])
        db.session.flush()
        unit = CapacityUnit(organisation_id=org.id, name=name, kind=CapacityKindCode.NIGHT_SHELTER,
                            service_id=service.id, location_id=location.id, total=total, occupied=occupied)
        db.session.add(unit)
        db.session.flush()
        return unit.id


def actor_of(org, person) -> Actor:
    """``person`` acting for ``org`` (their membership there), as a request's actor would be."""
    with system_scope("test"):
        user = db.session.get(User, person.id)
        membership = db.session.scalars(select(Membership).where(Membership.user_id == person.id,
                                                                 Membership.organisation_id == org.id)).one()
        return Actor(user, membership)
