"""The public directory: search with filters, opening hours, staleness, search text upkeep."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, not_, or_, select, union_all
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.holidays import is_public_holiday, public_holidays
from app.models import (
    Closure,
    District,
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
from app.models.search import MAX_WORD_CHARS, SearchWord
from app.services.nearby import Distance, Origin, distance_order, nearest

WARSAW = ZoneInfo("Europe/Warsaw")
STALE_AFTER = timedelta(days=180)
MAX_QUERY_WORDS = 8
DRIVER_PROBE = 1000  # ids counted per condition when choosing where a search starts
MAX_RESULTS = 500  # matches a results page sorts; beyond, the resident is asked to narrow the search


def fold(text: str | None) -> str:
    """Lower-case, without diacritics (ł → l, ó → o), for matching whatever people type."""
    text = (text or "").replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # keep Cyrillic letters whole (й, ї) but drop Latin combining marks
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept)


# Function words dropped from the index and from queries: they are in nearly every text.
STOPWORDS = frozenset((
    "a", "i", "o", "u", "w", "z", "we", "ze", "na", "do", "od", "po", "za", "ku", "dla", "lub", "oraz", "albo",
    "czy", "ani", "to", "jest", "sa", "sie", "przy", "przez", "pod", "nad", "bez", "jak", "tak",
    "the", "an", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "is", "are", "be",
    "і", "й", "в", "у", "з", "із", "зі", "на", "до", "від", "для", "та", "або", "чи", "що", "по", "за", "як", "це",
))


WORD = re.compile(r"[\w']+")


@lru_cache(maxsize=65536)
def _token_words(token: str) -> tuple[str, ...]:
    """The folded words of one whitespace-free token (cached: the same words recur in every text)."""
    return tuple(WORD.findall(token.lower() if token.isascii() else fold(token)))


def _words(text: str) -> list[str]:
    """The folded words of a text, in order (the same as ``WORD.findall(fold(text))``, faster)."""
    return [word for token in text.split() for word in _token_words(token)]


def index_words(texts) -> set[bytes]:
    """The distinct words of ``texts`` as the search index stores them: folded, UTF-8, no function words."""
    words = set()
    for text in texts:
        for word in _words(text or ""):
            if word not in STOPWORDS:
                words.add(word[:MAX_WORD_CHARS].encode())
    return words


def own_texts(service: Service) -> list[str | None]:
    """What a service says about itself: names, descriptions, audience (all languages), organisation name."""
    texts = [getattr(service, f"{f}_{locale}") for f in ("name", "description", "audience") for locale in LOCALES]
    texts.append(service.organisation.name if service.organisation else "")
    return texts


def index_rows(service_id: int, organisation_id: int, texts) -> list[dict]:
    """Rows of ``search_word`` for one service, for bulk inserts (bench generator, migrations)."""
    return [{"service_id": service_id, "organisation_id": organisation_id, "word": word}
            for word in sorted(index_words(texts))]


def search_columns(names, own, categories) -> tuple[str, str]:
    """``Service.search_text`` (every word, categories included) and ``search_name`` (the names' words)."""
    text = " " + " ".join(_words(" ".join(t or "" for t in [*own, *categories]))) + " "
    name = " " + " ".join(_words(" ".join(n or "" for n in names))) + " "
    return text, name


def category_texts(terms) -> list[str]:
    """The labels and synonyms of a service's categories and of their parents."""
    texts = []
    for term in terms:
        texts.extend(term.all_synonyms())
        if term.parent is not None:
            texts.extend(term.parent.all_synonyms())
    return texts


def refresh_search_text(service: Service) -> None:
    """Rebuild what a search matches: the folded texts and the service's rows in the word index.

    Call after a service's names, descriptions, audience, categories or organisation change.
    Category words are matched through the taxonomy at search time, so editing a category's
    synonyms needs no refresh.
    """
    own = own_texts(service)
    service.search_text, service.search_name = search_columns(
        [getattr(service, f"name_{locale}") for locale in LOCALES], own, category_texts(service.taxonomy_terms))
    wanted = index_words(own)
    current = {row.word: row for row in service.search_words}
    for word, row in current.items():
        if word not in wanted:
            service.search_words.remove(row)
    for word in sorted(wanted - current.keys()):
        service.search_words.append(SearchWord(word=word, organisation_id=service.organisation_id))


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


def is_crisis(service: Service) -> bool:
    """A service in a violence or crisis category: its page carries the quick-exit button."""
    return any(t.is_crisis or (t.parent is not None and t.parent.is_crisis) for t in service.taxonomy_terms)


def upcoming_holidays(service: Service, today: date, days: int = 60) -> list[tuple[date, str]]:
    """Public holidays within ``days`` on which the service is closed (it says it closes on them)."""
    if not service.closed_on_holidays:
        return []
    horizon = today + timedelta(days=days)
    found = {**public_holidays(today.year), **public_holidays(horizon.year)}
    return sorted((day, name) for day, name in found.items() if today <= day <= horizon)


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
    own = select(SearchWord.service_id).where(SearchWord.word >= low, SearchWord.word < high)
    own_test = _has(SearchWord.service_id, SearchWord.word >= low, SearchWord.word < high)
    term_ids = [term_id for term_id, words in categories.items() if any(w.startswith(word) for w in words)]
    if not term_ids:
        return _IdSet(own, own_test)
    through_category = select(ServiceTaxonomy.service_id).where(ServiceTaxonomy.taxonomy_term_id.in_(term_ids))
    category_test = _has(ServiceTaxonomy.service_id, ServiceTaxonomy.taxonomy_term_id.in_(term_ids))
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
    return _IdSet(select(ServiceTaxonomy.service_id).where(ServiceTaxonomy.taxonomy_term_id.in_(terms)),
                  _has(ServiceTaxonomy.service_id, ServiceTaxonomy.taxonomy_term_id.in_(terms)))


def _in_district(code: str) -> _IdSet:
    """Services that cover a district or have a place in it."""
    district = select(District.id).where(District.code == code).scalar_subquery()
    covering = select(ServiceArea.service_id).where(ServiceArea.district_id == district)
    placed = (select(ServiceAtLocation.service_id)
              .join(Location, Location.id == ServiceAtLocation.location_id)
              .where(Location.district_id == district))
    test = or_(_has(ServiceArea.service_id, ServiceArea.district_id == district),
               _has(ServiceAtLocation.service_id, ServiceAtLocation.location_id == Location.id,
                    Location.district_id == district))
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
    """The conditions on a service itself: active organisation, 24/7, free, language, access, age, group, time."""
    conditions = [Organisation.is_active.is_(True)]
    if query.always_open:
        conditions += [Service.always_open.is_(True), Service.status == ServiceStatus.ACTIVE]
    if query.free_only:
        conditions.append(Service.is_free.is_(True))
    if query.language:
        conditions.append(Service.languages.like(f"% {escape_like(query.language)} %", escape="\\"))
    if query.step_free:
        conditions.append(_has(ServiceAtLocation.service_id, ServiceAtLocation.location_id == Location.id,
                               Location.step_free.is_(True)))
    if query.age is not None:
        conditions += [or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age),
                       or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age)]
    if query.group:
        conditions.append(Service.target_groups.like(f"% {escape_like(query.group)} %", escape="\\"))
    moment = query.open_at or (local_now() if query.open_now else None)
    if moment is not None:
        conditions.append(_open_at_clause(moment))
    return conditions


def search_services(query: SearchQuery):
    """The SELECT of every published service of an active organisation matching every word and filter, sorted.

    Each word is a range scan of the word index (``search_word``) or a match in the taxonomy;
    category and district are index lookups. The search starts from the narrowest of these
    (``service.id IN (…)``) and tests the others per service (``EXISTS``), so its cost follows
    the size of that set, not the size of the catalogue. (The results page takes at most
    MAX_RESULTS of these: ``search_page``.)
    """
    statement = _matching(select(Service).join(Service.organisation), query)
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
    statement = _matching(select(*columns).join(Organisation, Organisation.id == Service.organisation_id), query)
    if query.sort == "name":
        statement = statement.order_by(_name_key(query), Service.id)
    return statement.limit(MAX_RESULTS + 1).subquery()


def _name_key(query: SearchQuery):
    """The service's name in the reader's language, or the Polish one where there is none."""
    if query.locale not in LOCALES or query.locale == "pl":
        return Service.name_pl
    return func.coalesce(getattr(Service, f"name_{query.locale}"), Service.name_pl)


def escape_like(word: str) -> str:
    """``word`` for a LIKE pattern with ``escape="\\"``: its %, _ and \\ taken literally."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _open_at_clause(moment: datetime):
    day, at = moment.date(), moment.time().replace(tzinfo=None, microsecond=0)
    closed_today = _has(Closure.service_id, Closure.starts_on <= day, Closure.ends_on >= day)
    open_by_hours = _has(Schedule.service_id, Schedule.weekday == moment.weekday(), Schedule.opens_at <= at,
                         Schedule.closes_at > at)
    conditions = [Service.status == ServiceStatus.ACTIVE, not_(closed_today),
                  or_(Service.always_open.is_(True), open_by_hours)]
    if is_public_holiday(day):
        conditions.append(Service.closed_on_holidays.is_(False))
    return and_(*conditions)


def _sort_keys(query: SearchQuery) -> list[tuple[object, bool, bool]]:
    """(expression, descending, nulls last) for each sort key.

    Name: alphabetical. Relevance: the number of words found in the name first, then by name;
    without words, services open 24/7 first. Distance: nearest first (services with no place
    last), then relevance.
    """
    if query.sort == "name":
        return [(_name_key(query), False, False), (Service.id, False, False)]
    if query.words:
        in_name = [Service.search_name.like(f"% {escape_like(w)}%", escape="\\") for w in query.words]
        relevance = [(sum((case((cond, 1), else_=0) for cond in in_name), start=0), True, False)]
    else:
        relevance = [(Service.always_open, True, False)]
    relevance += [(_name_key(query), False, False), (Service.id, False, False)]
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


LISTING_LOADS = (
    selectinload(Service.phones), selectinload(Service.schedules), selectinload(Service.closures),
    selectinload(Service.service_at_locations),  # with each location and its district, joined
)


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

