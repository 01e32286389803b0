"""What a listing page says about a service besides its own fields: staleness, crisis, what to load.

Also what the department follows across the city: the public services not confirmed for 180
days, and which listings (services, events, volunteering offers) residents may open.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from app.extensions import db
from app.models import Organisation, Service, ServiceStatus, ServiceTaxonomy, utcnow
from app.services.directory import versions
from app.tenancy import public_scope, require_department_view

STALE_AFTER = timedelta(days=180)


def is_stale(service: Service, now: datetime | None = None) -> bool:
    """Not confirmed for 180 days: residents are told the information may be out of date."""
    if service.last_verified_at is None:
        return True
    return (now or utcnow()) - service.last_verified_at > STALE_AFTER


def stale_criteria(now: datetime | None = None) -> list:
    """SQL of ``is_stale`` for the services residents see: published, still offered, of an active organisation.

    For a query of ``Service`` joined to its ``Organisation``.
    """
    cutoff = (now or utcnow()) - STALE_AFTER
    return [Service.is_published.is_(True), Service.status != ServiceStatus.INACTIVE, Organisation.is_active.is_(True),
            or_(Service.last_verified_at.is_(None), Service.last_verified_at < cutoff)]


def count_stale_services(now: datetime | None = None) -> int:
    """How many public services across the city residents are told may be out of date (department view)."""
    require_department_view()
    return db.session.execute(
        select(func.count(Service.id)).join(Organisation, Organisation.id == Service.organisation_id)
        .where(*stale_criteria(now))
    ).scalar_one()


def public_ids(model, ids) -> set[int]:
    """Which of these services, events or volunteering offers residents may open (read in the public scope)."""
    wanted = {row_id for row_id in ids if row_id is not None}
    if not wanted:
        return set()
    with public_scope():
        return set(db.session.execute(select(model.id).where(model.id.in_(wanted))).scalars())


def is_crisis(service: Service) -> bool:
    """A service in a violence or crisis category: its page carries the quick-exit button.

    Read from the service's category links and the taxonomy snapshot (built once per taxonomy version), so no
    statement per category or parent."""
    snapshot = versions.taxonomy_snapshot()
    return any(snapshot.is_crisis(link.taxonomy_term_id) for link in service.taxonomy_links)


def is_crisis_category(code: str | None) -> bool:
    """A crisis category, or a sub-category of one (from the taxonomy snapshot: no statement once it is built;
    False for no or an unknown code)."""
    if not code:
        return False
    snapshot = versions.taxonomy_snapshot()
    term = next((t for t in snapshot.terms if t.code == code), None)
    return term is not None and snapshot.is_crisis(term.id)


def crisis_results(page, query) -> bool:
    """Search results that carry the quick exit: the query reached a crisis category through its words (the search
    sets ``page.crisis``) or chose one as its category filter."""
    return bool(getattr(page, "crisis", False)) or is_crisis_category(getattr(query, "category", ""))


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


def service_page(service_id: int) -> Service | None:
    """One service with everything its page shows, in a fixed number of statements (read through the active scope).

    The service, then its phones, hours, closures, places (with their district) and category links, one statement
    each, whatever it holds (joining them all to the service's row made SQLite plan the scope's checks badly:
    70 ms instead of 1). The category links carry only the term's id: labels and crisis come from the taxonomy
    snapshot."""
    statement = select(Service).where(Service.id == service_id).options(
        selectinload(Service.phones), selectinload(Service.schedules), selectinload(Service.closures),
        selectinload(Service.service_at_locations),
        selectinload(Service.taxonomy_links).options(lazyload(ServiceTaxonomy.term)))
    return db.session.execute(statement).unique().scalar_one_or_none()
