"""The public directory: search with filters, opening hours, staleness, search text upkeep."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.holidays import is_public_holiday
from app.models import (
    Closure,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TaxonomyTerm,
    utcnow,
)
from app.models.directory import LOCALES

WARSAW = ZoneInfo("Europe/Warsaw")
STALE_AFTER = timedelta(days=180)
MAX_QUERY_WORDS = 8


def fold(text: str | None) -> str:
    """Lower-case, without diacritics (ł → l, ó → o), for matching whatever people type."""
    text = (text or "").replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # keep Cyrillic letters whole (й, ї) but drop Latin combining marks
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", fold(text))


def refresh_search_text(service: Service) -> None:
    """Rebuild the folded words a search matches: names, texts, organisation and categories."""
    names = [getattr(service, f"name_{locale}") for locale in LOCALES]
    rest = [getattr(service, f"{f}_{locale}") for f in ("description", "audience") for locale in LOCALES]
    rest.append(service.organisation.name if service.organisation else "")
    for term in service.taxonomy_terms:
        rest.extend(term.all_synonyms())
        if term.parent is not None:
            rest.extend(term.parent.all_synonyms())
    service.search_text = " " + " ".join(_words(" ".join(n or "" for n in names + rest))) + " "
    service.search_name = " " + " ".join(_words(" ".join(n or "" for n in names))) + " "


def is_stale(service: Service, now: datetime | None = None) -> bool:
    """Not confirmed for 180 days: residents are told the information may be out of date."""
    if service.last_verified_at is None:
        return True
    return (now or utcnow()) - service.last_verified_at > STALE_AFTER


def local_now() -> datetime:
    """The current time in Europe/Warsaw."""
    return utcnow().astimezone(WARSAW)


def is_open_at(service: Service, moment: datetime) -> bool:
    """Whether the service is open at a Europe/Warsaw moment (closures and holidays respected)."""
    if service.status != ServiceStatus.ACTIVE:
        return False
    day = moment.date()
    if any(c.starts_on <= day <= c.ends_on for c in service.closures):
        return False
    if service.closed_on_holidays and is_public_holiday(day):
        return False
    if service.always_open:
        return True
    at = moment.time().replace(tzinfo=None)
    return any(s.weekday == moment.weekday() and s.opens_at <= at < s.closes_at for s in service.schedules)


def hours_by_day(service: Service) -> list[tuple[int, list[tuple[time, time]]]]:
    """The weekly hours as (weekday, [(opens, closes), …]) for Monday to Sunday."""
    days = {n: [] for n in range(7)}
    for row in service.schedules:
        days[row.weekday].append((row.opens_at, row.closes_at))
    return [(n, sorted(days[n])) for n in range(7)]


def upcoming_closures(service: Service, today: date, days: int = 60) -> list[Closure]:
    """Closures that are on now or begin within ``days``."""
    horizon = today + timedelta(days=days)
    return [c for c in service.closures if c.ends_on >= today and c.starts_on <= horizon]


@dataclass
class SearchQuery:
    """What a resident asked for; every field optional. Built from the URL by the search form."""

    text: str = ""
    category: str = ""
    district: str = ""
    open_now: bool = False
    open_at: datetime | None = None
    always_open: bool = False
    free_only: bool = False
    language: str = ""
    step_free: bool = False
    age: int | None = None
    group: str = ""
    sort: str = "relevance"
    words: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.words = _words(self.text)[:MAX_QUERY_WORDS]


def _category_ids(code: str) -> list[int]:
    term = db.session.execute(select(TaxonomyTerm).where(TaxonomyTerm.code == code)).scalar_one_or_none()
    if term is None:
        return []
    return [term.id, *db.session.execute(
        select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == term.id)).scalars()]


def search_services(query: SearchQuery):
    """The SELECT for a search: published services matching every word and every filter."""
    statement = select(Service).join(Service.organisation).where(Organisation.is_active.is_(True))
    for word in query.words:
        statement = statement.where(Service.search_text.like(f"% {_escape_like(word)}%", escape="\\"))
    if query.category:
        ids = _category_ids(query.category)
        statement = statement.where(exists().where(
            ServiceTaxonomy.service_id == Service.id, ServiceTaxonomy.taxonomy_term_id.in_(ids or [-1])))
    if query.district:
        from app.models import District

        statement = statement.where(or_(
            exists().where(ServiceArea.service_id == Service.id, ServiceArea.district_id == District.id,
                           District.code == query.district),
            exists().where(ServiceAtLocation.service_id == Service.id, ServiceAtLocation.location_id == Location.id,
                           Location.district_id == District.id, District.code == query.district),
        ))
    if query.always_open:
        statement = statement.where(Service.always_open.is_(True), Service.status == ServiceStatus.ACTIVE)
    if query.free_only:
        statement = statement.where(Service.is_free.is_(True))
    if query.language:
        statement = statement.where(Service.languages.like(f"% {_escape_like(query.language)} %", escape="\\"))
    if query.step_free:
        statement = statement.where(exists().where(
            ServiceAtLocation.service_id == Service.id, ServiceAtLocation.location_id == Location.id,
            Location.step_free.is_(True)))
    if query.age is not None:
        statement = statement.where(
            or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age),
            or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age))
    if query.group:
        statement = statement.where(Service.target_groups.like(f"% {_escape_like(query.group)} %", escape="\\"))
    moment = query.open_at or (local_now() if query.open_now else None)
    if moment is not None:
        statement = statement.where(_open_at_clause(moment))
    return statement.order_by(*_ordering(query))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _open_at_clause(moment: datetime):
    day, at = moment.date(), moment.time().replace(tzinfo=None, microsecond=0)
    closed_today = exists().where(Closure.service_id == Service.id, Closure.starts_on <= day, Closure.ends_on >= day)
    open_by_hours = exists().where(Schedule.service_id == Service.id, Schedule.weekday == moment.weekday(),
                                   Schedule.opens_at <= at, Schedule.closes_at > at)
    conditions = [Service.status == ServiceStatus.ACTIVE, not_(closed_today),
                  or_(Service.always_open.is_(True), open_by_hours)]
    if is_public_holiday(day):
        conditions.append(Service.closed_on_holidays.is_(False))
    return and_(*conditions)


def _ordering(query: SearchQuery):
    if query.sort == "name" or not query.words:
        return (Service.always_open.desc(), Service.name_pl, Service.id) if query.sort != "name" else (
            Service.name_pl, Service.id)
    in_name = [Service.search_name.like(f"% {_escape_like(w)}%", escape="\\") for w in query.words]
    score = sum((case((cond, 1), else_=0) for cond in in_name), start=0)
    return (score.desc(), Service.name_pl, Service.id)


def load_for_listing(services: list[Service]) -> list[Service]:
    """Load what a results page shows in a fixed number of queries, whatever the page size."""
    if not services:
        return services
    ids = [s.id for s in services]
    db.session.execute(
        select(Service).where(Service.id.in_(ids)).options(
            selectinload(Service.phones), selectinload(Service.schedules), selectinload(Service.closures),
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
            selectinload(Service.taxonomy_links),
        ).execution_options(populate_existing=True)
    ).scalars().all()
    return services


def service_count(statement) -> int:
    """How many services a search finds."""
    return db.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
