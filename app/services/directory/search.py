"""The query planner of the public directory: a resident's words and filters become one SELECT.

Each word is a range scan of the word index (``search_word``) or a match in the taxonomy;
category and district are index lookups. A search starts from the narrowest of these and
tests the others per service, so its cost follows the size of that set, not the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, case, func, not_, or_, select, union_all

from app.extensions import db
from app.holidays import is_public_holiday
from app.localtime import local_now
from app.models import (
    Closure,
    District,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from app.models.directory import LOCALES
from app.models.search import MAX_WORD_CHARS, SearchWord
from app.services.directory.index import STOPWORDS, _words
from app.services.directory.listing import LISTING_LOADS
from app.services.directory.nearby import Distance, Origin, distance_order, nearest
from app.sql import escape_like

# The planner's id sets and per-service tests read these tables by their Core columns, which the
# tenant scope's criteria do not reach (a named exception, app/tenancy.py): each only narrows the
# scoped ``Service`` query it is part of and returns nothing of its own, and residents' view of a
# service is decided there, once, instead of again for each of thousands of index rows.
WORDS = SearchWord.__table__.c
CATEGORIES = ServiceTaxonomy.__table__.c
AREAS = ServiceArea.__table__.c
PLACES = ServiceAtLocation.__table__.c
LOCATIONS_TABLE = Location.__table__
LOCATIONS = LOCATIONS_TABLE.c
HOURS = Schedule.__table__.c
CLOSURES = Closure.__table__.c
PHONES = Phone.__table__.c

MAX_QUERY_WORDS = 8
DRIVER_PROBE = 1000  # ids counted per condition when choosing where a search starts
MAX_RESULTS = 500  # matches a results page sorts; beyond, the resident is asked to narrow the search


SORTS = ("relevance", "name", "distance")


@dataclass
class SearchQuery:
    """What a resident asked for; every field optional. Built from the URL by the search form.

    ``sort="distance"`` orders by distance only when ``origin`` is given; otherwise by relevance.
    """

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
    tonight: bool = False  # "help tonight": where a person can go or call now (``_tonight_clause``)
    sort: str = "relevance"
    locale: str = "pl"  # names are sorted in the reader's language (Polish where not translated)
    origin: Origin | None = None
    words: list[str] = field(default_factory=list)

    def __post_init__(self):
        words = (w[:MAX_WORD_CHARS] for w in _words(self.text) if w not in STOPWORDS)
        self.words = list(dict.fromkeys(words))[:MAX_QUERY_WORDS]

    @property
    def by_distance(self) -> bool:
        return self.sort == "distance" and self.origin is not None


def _upper_bound(prefix: bytes) -> bytes:
    """The smallest byte string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + bytes([prefix[-1] + 1])  # UTF-8 never contains 0xFF


def _has(service_id, *conditions):
    """``EXISTS (SELECT service_id … WHERE service_id = service.id AND …)``: a probe an index can answer alone."""
    return select(service_id).where(service_id == Service.id, *conditions).exists()


@dataclass
class _IdSet:
    """A condition that picks services by id: as the ids (to drive a search from) and as a per-service test."""

    ids: object  # SELECT of service ids
    test: object  # the same condition, correlated with Service


def _with_word(word: str, categories: dict[int, frozenset[str]]) -> _IdSet:
    """Services with a word starting with ``word``: in their own texts or in one of their categories."""
    low = word.encode()
    high = _upper_bound(low)
    own = select(WORDS.service_id).where(WORDS.word >= low, WORDS.word < high)
    own_test = _has(WORDS.service_id, WORDS.word >= low, WORDS.word < high)
    term_ids = [term_id for term_id, words in categories.items() if any(w.startswith(word) for w in words)]
    if not term_ids:
        return _IdSet(own, own_test)
    through_category = select(CATEGORIES.service_id).where(CATEGORIES.taxonomy_term_id.in_(term_ids))
    category_test = _has(CATEGORIES.service_id, CATEGORIES.taxonomy_term_id.in_(term_ids))
    return _IdSet(union_all(own, through_category), or_(own_test, category_test))


_TERM_TEXTS = (TaxonomyTerm.id, TaxonomyTerm.parent_id,
               *(getattr(TaxonomyTerm, f"{kind}_{locale}") for kind in ("label", "synonyms") for locale in LOCALES))


def _category_words() -> dict[int, frozenset[str]]:
    """Each category's folded words: its labels and synonyms in every language, and its parent's."""
    return _fold_taxonomy(tuple(tuple(row) for row in db.session.execute(select(*_TERM_TEXTS))))


@lru_cache(maxsize=4)
def _fold_taxonomy(rows: tuple) -> dict[int, frozenset[str]]:
    """Folded once per version of the taxonomy (the rows themselves are the cache key)."""
    own = {row[0]: frozenset(_words(" ".join(text.replace(",", " ") for text in row[2:] if text))) for row in rows}
    return {term_id: own[term_id] | own.get(parent_id, frozenset()) for term_id, parent_id, *_ in rows}


def _in_category(code: str) -> _IdSet:
    """Services in a category or in one of its subcategories."""
    chosen = select(TaxonomyTerm.id).where(TaxonomyTerm.code == code).scalar_subquery()
    terms = select(TaxonomyTerm.id).where(or_(TaxonomyTerm.id == chosen, TaxonomyTerm.parent_id == chosen))
    return _IdSet(select(CATEGORIES.service_id).where(CATEGORIES.taxonomy_term_id.in_(terms)),
                  _has(CATEGORIES.service_id, CATEGORIES.taxonomy_term_id.in_(terms)))


def _in_district(code: str) -> _IdSet:
    """Services that cover a district or have a place in it."""
    district = select(District.id).where(District.code == code).scalar_subquery()
    covering = select(AREAS.service_id).where(AREAS.district_id == district)
    placed = (select(PLACES.service_id)
              .join(LOCATIONS_TABLE, LOCATIONS.id == PLACES.location_id)
              .where(LOCATIONS.district_id == district))
    test = or_(_has(AREAS.service_id, AREAS.district_id == district),
               _has(PLACES.service_id, PLACES.location_id == LOCATIONS.id,
                    LOCATIONS.district_id == district))
    return _IdSet(union_all(covering, placed), test)


def _id_sets(query: SearchQuery) -> list[_IdSet]:
    """The conditions a search can start from: the filters (usually the narrower) first, then each word."""
    sets = []
    if query.category:
        sets.append(_in_category(query.category))
    if query.district:
        sets.append(_in_district(query.district))
    if query.words:
        categories = _category_words()
        sets.extend(_with_word(word, categories) for word in query.words)
    return sets


def _narrowest(sets: list[_IdSet]) -> int:
    """Which set to start from: the smallest, counted up to DRIVER_PROBE ids each in one statement.

    Databases cannot estimate the size of an ``IN (SELECT …)`` well (SQLite not at all), so the
    search asks: reading at most DRIVER_PROBE index entries per set is cheap, and starting from a
    set of a few hundred services instead of tens of thousands is what keeps a search fast.
    """
    if len(sets) < 2:
        return 0
    sizes = db.session.execute(select(*(
        select(func.count()).select_from(s.ids.limit(DRIVER_PROBE).subquery()).scalar_subquery() for s in sets
    ))).one()
    return min(range(len(sets)), key=lambda n: sizes[n])  # ties: the first, a filter before a word


def _row_conditions(query: SearchQuery) -> list:
    """The conditions on a service itself: 24/7, free, language, access, age, group, time.

    (Published, still offered, of an active organisation: the public scope adds that to every query.)
    """
    conditions = []
    if query.always_open:
        conditions += [Service.always_open.is_(True), Service.status == ServiceStatus.ACTIVE]
    if query.free_only:
        conditions.append(Service.is_free.is_(True))
    if query.language:
        conditions.append(Service.languages.like(f"% {escape_like(query.language)} %", escape="\\"))
    if query.step_free:
        conditions.append(_has(PLACES.service_id, PLACES.location_id == LOCATIONS.id,
                               LOCATIONS.step_free.is_(True)))
    if query.age is not None:
        conditions += [or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age),
                       or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age)]
    if query.group:
        conditions.append(Service.target_groups.like(f"% {escape_like(query.group)} %", escape="\\"))
    moment = query.open_at or (local_now() if query.open_now else None)
    if moment is not None:
        conditions.append(_open_at_clause(moment))
    if query.tonight:
        conditions.append(_tonight_clause(local_now()))
    return conditions


# --- "Help tonight" (the home page's shortcuts, ``?tonight=y``) -------------------------------------------
TONIGHT_FIRST = "shelter"  # the category whose services (shelters, night shelters) come first tonight


def _tonight_clause(now: datetime):
    """Where a person can go or call now: never a place only a referral opens (a protected flat, say);
    open now (or 24/7) and either walk-in or with a phone, or else with a phone answered 24 hours."""
    referral_only = and_(Service.by_referral.is_(True), Service.walk_in.is_(False))
    has_phone = _has(PHONES.service_id)
    open_now = and_(_open_at_clause(now), or_(Service.walk_in.is_(True), has_phone))
    closed_today = _has(CLOSURES.service_id, CLOSURES.starts_on <= now.date(), CLOSURES.ends_on >= now.date())
    line_now = and_(Service.status == ServiceStatus.ACTIVE, not_(closed_today),
                    _has(PHONES.service_id, PHONES.is_24h.is_(True)))
    return and_(not_(referral_only), or_(open_now, line_now))


def _tonight_first_key():
    """0 for a service in TONIGHT_FIRST (or one of its subcategories), else 1: tonight, shelters lead."""
    return case((_in_category(TONIGHT_FIRST).test, 0), else_=1)


def search_services(query: SearchQuery):
    """The SELECT of every published service of an active organisation matching every word and filter, sorted.

    Each word is a range scan of the word index (``search_word``) or a match in the taxonomy;
    category and district are index lookups. The search starts from the narrowest of these
    (``service.id IN (…)``) and tests the others per service (``EXISTS``), so its cost follows
    the size of that set, not the size of the catalogue. (The results page takes at most
    MAX_RESULTS of these: ``search_page``.)
    """
    statement = _matching(select(Service), query)
    return statement.order_by(*_ordering(query))


def _matching(statement, query: SearchQuery):
    """``statement`` narrowed to the services matching ``query``: from the narrowest id set, the rest tested."""
    statement = statement.where(*_row_conditions(query))
    sets = _id_sets(query)
    if sets:
        driver = _narrowest(sets)
        statement = statement.where(Service.id.in_(sets[driver].ids),
                                    *(s.test for n, s in enumerate(sets) if n != driver))
    return statement


def _first_matches(query: SearchQuery, columns: list):
    """``columns`` of the first MAX_RESULTS + 1 matching services (by name when sorting by name).

    The database stops after MAX_RESULTS + 1 matches, so a broad search costs about the same
    on 10,000 and on 100,000 services.
    """
    statement = _matching(select(*columns), query)
    if query.sort == "name":
        statement = statement.order_by(_name_key(query), Service.id)
    return statement.limit(MAX_RESULTS + 1).subquery()


def _name_key(query: SearchQuery):
    """The service's name in the reader's language, or the Polish one where there is none."""
    if query.locale not in LOCALES or query.locale == "pl":
        return Service.name_pl
    return func.coalesce(getattr(Service, f"name_{query.locale}"), Service.name_pl)


def _open_at_clause(moment: datetime):
    day, at = moment.date(), moment.time().replace(tzinfo=None, microsecond=0)
    closed_today = _has(CLOSURES.service_id, CLOSURES.starts_on <= day, CLOSURES.ends_on >= day)
    open_by_hours = _has(HOURS.service_id, HOURS.weekday == moment.weekday(), HOURS.opens_at <= at,
                         HOURS.closes_at > at)
    conditions = [Service.status == ServiceStatus.ACTIVE, not_(closed_today),
                  or_(Service.always_open.is_(True), open_by_hours)]
    if is_public_holiday(day):
        conditions.append(Service.closed_on_holidays.is_(False))
    return and_(*conditions)


def _sort_keys(query: SearchQuery) -> list[tuple[object, bool, bool]]:
    """(expression, descending, nulls last) for each sort key.

    Name: alphabetical. Relevance: the number of words found in the name first, then by name;
    without words, services open 24/7 first; with ``tonight``, shelters before all of these.
    Distance: nearest first (services with no place last), then relevance.
    """
    if query.sort == "name":
        return [(_name_key(query), False, False), (Service.id, False, False)]
    if query.words:
        in_name = [Service.search_name.like(f"% {escape_like(w)}%", escape="\\") for w in query.words]
        relevance = [(sum((case((cond, 1), else_=0) for cond in in_name), start=0), True, False)]
    else:
        relevance = [(Service.always_open, True, False)]
    relevance += [(_name_key(query), False, False), (Service.id, False, False)]
    if query.tonight:
        relevance.insert(0, (_tonight_first_key(), False, False))
    if query.by_distance:
        return [(distance_order(query.origin), False, True), *relevance]
    return relevance


def _order(expression, descending: bool, nulls_last: bool):
    ordered = expression.desc() if descending else expression.asc()
    return ordered.nulls_last() if nulls_last else ordered


def _ordering(query: SearchQuery):
    return [_order(*key) for key in _sort_keys(query)]


@dataclass
class ResultPage:
    """One page of results, with the total and, when an origin is given, each service's distance."""

    items: list[Service]
    page: int
    per_page: int
    total: int  # at most MAX_RESULTS + 1
    distances: dict[int, Distance | None] = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        """More services match than a search sorts: the resident is asked to narrow it."""
        return self.total > MAX_RESULTS

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, MAX_RESULTS) // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def search_page(query: SearchQuery, page: int = 1, per_page: int = 20) -> ResultPage:
    """One page of a search with everything a result card shows, in the same few statements for any page size.

    At most MAX_RESULTS + 1 matches are taken, from the narrowest condition on (sorted by name
    first when sorting by name), so a search costs the same on a catalogue of 10,000 or
    100,000 services; when more match, the page says so and asks for a narrower search. Those
    are sorted and counted in one statement over narrow rows (ids and sort keys, a window
    count), then the page's services are loaded with their phones, hours, closures and places.
    """
    keys = _sort_keys(query)
    found = _first_matches(query, [Service.id, *(expression.label(f"key_{n}")
                                                 for n, (expression, *_) in enumerate(keys))])
    offset = (page - 1) * per_page
    rows = db.session.execute(
        select(found.c.id, func.count().over())
        .order_by(*(_order(found.c[f"key_{n}"], *rest) for n, (_, *rest) in enumerate(keys)))
        .limit(max(0, min(per_page, MAX_RESULTS - offset))).offset(offset)).all()
    ids = [row[0] for row in rows]
    # only a page past the end needs a count of its own
    total = rows[0][1] if rows else (db.session.execute(select(func.count()).select_from(found)).scalar_one()
                                     if page > 1 else 0)
    loaded = {s.id: s for s in db.session.execute(
        select(Service).where(Service.id.in_(ids)).options(*LISTING_LOADS)).scalars()} if ids else {}
    items = [loaded[i] for i in ids if i in loaded]
    distances = {s.id: nearest(s, query.origin) for s in items} if query.origin is not None else {}
    return ResultPage(items=items, page=page, per_page=per_page, total=total, distances=distances)



def matched_categories(query: SearchQuery) -> dict[int, list[str]]:
    """The categories the query's words reach: term id → the query's words that reached it, in query order.

    A word reaches a category when one of the category's folded words (its labels and synonyms in
    every language, and its parent's) starts with it — as the search itself matches. For the
    department's "test a query" page; the search engine keeps this name and signature.
    """
    reached: dict[int, list[str]] = {}
    if not query.words:
        return reached
    for term_id, words in _category_words().items():
        hits = [word for word in query.words if any(w.startswith(word) for w in words)]
        if hits:
            reached[term_id] = hits
    return reached
