"""What a listing page says about a service besides its own fields: staleness, crisis, what to load."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Service, utcnow

STALE_AFTER = timedelta(days=180)


def is_stale(service: Service, now: datetime | None = None) -> bool:
    """Not confirmed for 180 days: residents are told the information may be out of date."""
    if service.last_verified_at is None:
        return True
    return (now or utcnow()) - service.last_verified_at > STALE_AFTER


def is_crisis(service: Service) -> bool:
    """A service in a violence or crisis category: its page carries the quick-exit button."""
    return any(t.is_crisis or (t.parent is not None and t.parent.is_crisis) for t in service.taxonomy_terms)


LISTING_LOADS = (
    selectinload(Service.phones), selectinload(Service.schedules), selectinload(Service.closures),
    selectinload(Service.service_at_locations),  # with each location and its district, joined
)


def load_for_listing(services: list[Service]) -> list[Service]:
    """Load what a results page shows in a fixed number of queries, whatever the page size."""
    if not services:
        return services
    ids = [s.id for s in services]
    db.session.execute(
        select(Service).where(Service.id.in_(ids)).options(
            *LISTING_LOADS, selectinload(Service.taxonomy_links),
        ).execution_options(populate_existing=True)
    ).scalars().all()
    return services

