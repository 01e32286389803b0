"""An organisation keeps its directory listings current."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Service, utcnow
from app.services.audit import record_event
from app.services.directory import is_stale


def confirm_listing(service: Service, *, actor) -> None:
    """Say the listing is still right: resets the 180-day staleness clock."""
    service.last_verified_at = utcnow()
    record_event("service.confirmed", actor=actor, organisation_id=service.organisation_id, target=service)
    db.session.flush()


def listings_of(organisation_id: int) -> list[tuple[Service, bool]]:
    """The organisation's services with whether each is stale, stale ones first."""
    services = db.session.execute(
        select(Service).where(Service.organisation_id == organisation_id).order_by(Service.name_pl)
    ).scalars().all()
    now = utcnow()
    rows = [(service, is_stale(service, now)) for service in services]
    return sorted(rows, key=lambda row: not row[1])
