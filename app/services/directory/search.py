"""The query planner of the public directory: a resident's words and filters become one SELECT.

Each word is a range scan of the word index (``search_word``), a lookup of its lemmas there
(``lemmas``: "bezdomna" meets "bezdomnych" through "bezdomny"), or a match in the taxonomy's labels
and synonyms; a synonym of several words ("gdzie spać", "mąż pije") is matched as a whole; a word
found nowhere is read as its nearest words of the directory (``typos``) or, failing that, left out.
Category and district are index lookups. A search starts from the narrowest of these and tests the
others per service (or reads a set a few times smaller than the services it visits once, as a list:
``_listed``), so its cost follows the size of that set, not the catalogue; a results page
takes the same few statements whatever the query (``search_page``). How results are ordered, and
why, is in ``_sort_keys``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from flask import current_app
from sqlalchemy import and_, case, false, func, not_, or_, select, union_all

from app.extensions import db
from app.fragment_cache import cached_value
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
from app.models.directory import LOCALES, service_is_public
from app.models.search import MAX_WORD_CHARS, SearchWord
from app.paging import PageNavigation
from app.services.directory import typos
from app.services.directory import versions as search_versions
from app.services.directory.index import STOPWORDS, _words
from app.services.directory.lemmas import forms_of, lemmas_of
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
DRIVER_PROBE = 40_000  # ids counted per condition when choosing where a search starts (and which sets to list)
EARLY_VISITS = 5000  # about how many services at most a search that stops at MAX_RESULTS + 1 matches visits
LIST_RATIO = 4  # a set of at most this many times the services visited is read once as a list, not probed per service
MEMO_LIMIT = 20_000  # words and queries whose categories a taxonomy version keeps (a few MB at most)
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


_TERM_TEXTS = (TaxonomyTerm.id, TaxonomyTerm.parent_id, TaxonomyTerm.is_crisis,
               *(getattr(TaxonomyTerm, f"{kind}_{locale}") for kind in ("label", "synonyms") for locale in LOCALES))


@dataclass(frozen=True)
class _Taxonomy:
    """The taxonomy folded for matching, once per version of it.

    ``words``: per category, the words of its labels and of its one-word synonyms (and their lemmas);
    a query word reaches a category when it begins one of them or shares a lemma. ``phrases``: per
    category, its synonyms of several words ("gdzie spać", "mąż pije", "want to die") as their content
    words (stop words left out); a phrase reaches the category when every one of its words is in the
    query. A sub-category is also reached through its parent's words and phrases (``parents``).
    ``crisis``: the categories flagged as crisis (or under one).
    """

    words: dict[int, frozenset[str]]
    phrases: dict[int, tuple[tuple[tuple[str, frozenset[str]], ...], ...]]  # each word with its forms
    parents: dict[int, int | None]
    crisis: frozenset[int]
    vocabulary: frozenset[str]
    # What a word (or a query's words) reaches, worked out once per taxonomy version and kept with it: the same
    # words come back all day, and matching one against every category's words is the plan's dearest step.
    # Bounded: cleared when it holds MEMO_LIMIT entries.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def remembered(self, key, work):
        """``work()``, computed once per key for this version of the taxonomy."""
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            found = self.memo[key] = work()
        return found

    def below(self, terms) -> set[int]:
        """The sub-categories of ``terms`` (reached through their parent's words), not ``terms`` themselves."""
        terms = set(terms)
        return {t for t, parent in self.parents.items() if parent in terms and t not in terms}


def _taxonomy() -> _Taxonomy:
    """The folded taxonomy, kept per worker under the taxonomy's data version (one small statement reads it),
    or, with the fragment cache off, read whole (``_read_taxonomy``)."""
    if not current_app.config.get("FRAGMENT_CACHE", True):
        return _read_taxonomy()
    version = search_versions.version(search_versions.TAXONOMY)
    return cached_value(("search-taxonomy", version), _read_taxonomy)


def _read_taxonomy() -> _Taxonomy:
    """The folded taxonomy from its rows (one statement; folded once per version of the rows, which are the key)."""
    return _fold_taxonomy(tuple(tuple(row) for row in db.session.execute(select(*_TERM_TEXTS))))


def _content(text: str) -> tuple[str, ...]:
    return tuple(w[:MAX_WORD_CHARS] for w in _words(text) if w not in STOPWORDS)


@lru_cache(maxsize=4)
def _fold_taxonomy(rows: tuple) -> _Taxonomy:
    words: dict[int, frozenset[str]] = {}
    phrases: dict[int, tuple[tuple[str, ...], ...]] = {}
    flags = {}
    for term_id, _parent, crisis, *texts in rows:
        flags[term_id] = crisis
        labels, synonyms = texts[:len(LOCALES)], texts[len(LOCALES):]
        own = {w for label in labels if label for w in _content(label)}
        several = set()
        for text in synonyms:
            for synonym in re.split(r"[,;\n]", text or ""):
                content = _content(synonym)
                if len(content) == 1:
                    own.add(content[0])
                elif content:
                    several.add(content)
        words[term_id] = frozenset(form for w in own for form in forms_of(w))
        phrases[term_id] = tuple(tuple((w, frozenset(forms_of(w))) for w in phrase) for phrase in sorted(several))
    parents = {term_id: parent_id for term_id, parent_id, *_ in rows}
    crisis = frozenset(t for t in flags if flags[t] or flags.get(parents[t]))
    vocabulary = frozenset(w for found in words.values() for w in found) | frozenset(
        w for found in phrases.values() for phrase in found for w, _forms in phrase)
    return _Taxonomy(words, phrases, parents, crisis, vocabulary)


def _reaches(word: str, forms: tuple[str, ...], category_word: str) -> bool:
    """Whether a query word (with its lemmas) matches a word of the taxonomy: its start, or a shared lemma."""
    return category_word.startswith(word) or category_word in forms


def _terms_of(word: str, taxonomy: _Taxonomy) -> set[int]:
    """The categories a query word names through their own labels and one-word synonyms."""
    def work() -> frozenset[int]:
        forms = forms_of(word)
        return frozenset(term_id for term_id, words in taxonomy.words.items()
                         if any(_reaches(word, forms, w) for w in words))
    return set(taxonomy.remembered(("terms", word), work))


def _phrases_in(words: list[str], taxonomy: _Taxonomy) -> list[tuple[frozenset[int], int]]:
    """(positions of the query words, category) for each synonym of several words the query contains: each of
    its words is a query word, another form of one, or begins with one (of three letters or more)."""
    return list(taxonomy.remembered(("phrases", tuple(words)), lambda: tuple(_find_phrases(words, taxonomy))))


def _find_phrases(words: list[str], taxonomy: _Taxonomy) -> list[tuple[frozenset[int], int]]:
    """``_phrases_in``'s work, done once per query's words and taxonomy version."""
    forms = [set(forms_of(w)) for w in words]

    def position(phrase_word: str, phrase_forms: frozenset[str]) -> int | None:
        return next((n for n, w in enumerate(words)
                     if forms[n] & phrase_forms or (len(w) >= 3 and phrase_word.startswith(w))), None)

    found = []
    for term_id, phrases in taxonomy.phrases.items():
        for phrase in phrases:
            positions = []
            for phrase_word, phrase_forms in phrase:
                at = position(phrase_word, phrase_forms)
                if at is None:
                    break
                positions.append(at)
            else:
                found.append((frozenset(positions), term_id))
    return found


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


TONIGHT = frozenset(("tonight", "now", "today", "dzis", "dzisiaj", "teraz", "noc", "wieczorem",
                     "сьогодні", "зараз", "вночі", "ніч", "негайно"))
MIN_SHARED = 3  # from this many words on, a service may miss one of them


@dataclass
class _Unit:
    """One thing a query asks for: a word, or the words of a synonym of several words it contains.

    ``tiers``: (condition, points) best first; a service scores the points of the first that holds,
    plus ``bonus`` points for each of its conditions that holds.
    """

    words: list[str]
    selects: list  # SELECTs of service ids, together the unit's services (or a few more, when not exact)
    test: object
    exact: bool  # selects and test are the same set: the driver's test can be left out
    tiers: list
    terms: frozenset[int]  # the categories it reaches (those it names and their sub-categories)
    typo: bool = False
    size: int | None = None  # services counted up to DRIVER_PROBE (None: not counted, a typo's)
    bonus: list = field(default_factory=list)
    own: object = None  # the test of the service's own texts alone (no category)
    named: frozenset[int] = frozenset()  # the categories it names (not those reached through a parent)

    @property
    def ids(self):
        return union_all(*self.selects) if len(self.selects) > 1 else self.selects[0]

    @property
    def score(self):
        return sum((case((condition, 1), else_=0) for condition in self.bonus), start=case(*self.tiers, else_=0))


def _category_set(terms) -> tuple[object, object]:
    terms = sorted(terms)
    return (select(CATEGORIES.service_id).where(CATEGORIES.taxonomy_term_id.in_(terms)),
            _has(CATEGORIES.service_id, CATEGORIES.taxonomy_term_id.in_(terms)))


def _name_has(word: str, *, whole: bool = False, own: bool = False):
    """The service's names contain ``word`` (at a word's start, or as a whole word); ``own``: among the names'
    own words, not their lemmas (``search_name`` is " words | lemmas ")."""
    pattern = f"% {escape_like(word)}{' ' if whole else ''}%{'|%' if own else ''}"
    return Service.search_name.like(pattern, escape="\\")


def _category_tiers(named: set[int], taxonomy: _Taxonomy) -> tuple[frozenset[int], list, list, list]:
    """The categories a unit reaches (those it names and their sub-categories), their id SELECTs, tests and tiers
    (``_sort_keys``: a category named, then a sub-category of one)."""
    below = taxonomy.below(named)
    terms = frozenset(named | below)
    if not terms:
        return terms, [], [], []
    ids, test = _category_set(terms)
    tiers = [(_category_set(named)[1], 16)] + ([(_category_set(below)[1], 14)] if below else [])
    return terms, [ids], [test], tiers


def _word_unit(word: str, taxonomy: _Taxonomy) -> _Unit:
    """A word: the services with a word beginning with it or sharing its lemma, or in a category it reaches."""
    low = word.encode()
    high = _upper_bound(low)
    lemmas = [lemma for lemma in lemmas_of(word) if not lemma.startswith(word)]
    ids = [select(WORDS.service_id).where(WORDS.word >= low, WORDS.word < high)]
    tests = [_has(WORDS.service_id, WORDS.word >= low, WORDS.word < high)]
    if lemmas:
        exact = [lemma.encode() for lemma in lemmas]
        ids.append(select(WORDS.service_id).where(WORDS.word.in_(exact)))
        tests.append(_has(WORDS.service_id, WORDS.word.in_(exact)))
    own_test = or_(*tests)
    named = _terms_of(word, taxonomy)
    terms, category_ids, category_tests, category_tiers = _category_tiers(named, taxonomy)
    tiers = [(_name_has(word, own=True), 20), *category_tiers,
             (or_(_name_has(word), *(_name_has(lemma, whole=True) for lemma in lemmas)), 12), (own_test, 8)]
    return _Unit([word], ids + category_ids, or_(*tests, *category_tests), True, tiers, terms,
                 bonus=[and_(category_tests[0], own_test)] if terms else [], own=own_test, named=frozenset(named))


def _typo_unit(word: str, candidates: list[str], taxonomy: _Taxonomy) -> _Unit:
    """A word read as its nearest words of the vocabulary: points in the name, a category, elsewhere, below every
    exact match (``_sort_keys``)."""
    exact = sorted({form for candidate in candidates for form in forms_of(candidate)})
    encoded = [w.encode() for w in exact]
    own_test = _has(WORDS.service_id, WORDS.word.in_(encoded))
    named = {t for t, words in taxonomy.words.items() if words.intersection(exact)}
    terms, category_ids, category_tests, _tiers = _category_tiers(named, taxonomy)
    test = or_(own_test, *category_tests)
    tiers = [(or_(*(_name_has(w, whole=True) for w in exact)), 6), *([(category_tests[0], 4)] if terms else []),
             (own_test, 2)]
    return _Unit([word], [select(WORDS.service_id).where(WORDS.word.in_(encoded)), *category_ids], test, True,
                 tiers, terms, typo=True, named=frozenset(named))


def _phrase_unit(members: list[_Unit], named: set[int], taxonomy: _Taxonomy) -> _Unit:
    """Words that together are a synonym ("mąż pije"): the synonym's categories, or services with every word."""
    terms, category_ids, category_tests, category_tiers = _category_tiers(named, taxonomy)
    together = and_(*(member.test for member in members))
    names = or_(*(_name_has(w, own=True) for member in members for w in member.words))
    return _Unit([w for member in members for w in member.words], [*category_ids, *members[0].selects],
                 or_(*category_tests, together), False, [(names, 20), *category_tiers, (together, 8)],
                 terms | frozenset().union(*(member.terms for member in members)),
                 bonus=[and_(category_tests[0], member.own) for member in members],
                 named=frozenset(named).union(*(member.named for member in members)))


@dataclass
class _Plan:
    """How a search runs: its filters, what its words ask for, where it starts, and what the page says."""

    filters: list[_IdSet]
    units: list[_Unit] = field(default_factory=list)
    nothing: bool = False  # words were asked and none of them matches anything
    tonight: bool = False
    crisis: bool = False
    crisis_terms: frozenset[int] = frozenset()  # the crisis categories its words reach (ranked first when ``crisis``)
    terms: dict[int, list[str]] = field(default_factory=dict)  # category → the query words that reached it
    corrections: dict[str, list[str]] = field(default_factory=dict)  # a typo → the words it was read as
    dropped: list[str] = field(default_factory=list)  # words that match nothing, even with a typo corrected
    filter_sizes: list[int] = field(default_factory=list)
    # about how many services of the driver a search visits at most: all when sorted by name (every match is
    # sorted), else it stops at MAX_RESULTS + 1 matches (``_first_matches``), which a dense set reaches early
    visits: int = EARLY_VISITS
    version: int = 0
    vocabulary: object = None

    @property
    def required(self) -> int:
        """How many of the units a service must match: all of one or two, all but one of three or more —
        and of two, one when the other is only a typo's reading ("wheelchair rental": "rental" is no word of
        the directory, read as "mental"; the wheelchair services are still found, full matches first)."""
        n = len(self.units)
        if n == 2 and any(unit.typo for unit in self.units):
            return 1
        return n if n < MIN_SHARED else n - 1


def _filters(query: SearchQuery) -> list[_IdSet]:
    sets = []
    if query.category:
        sets.append(_in_category(query.category))
    if query.district:
        sets.append(_in_district(query.district))
    return sets


def _units(words: list[str], taxonomy: _Taxonomy) -> tuple[list[_Unit], dict[int, list[str]]]:
    """The units of the query's words: synonyms of several words first, then each remaining word.

    A tonight word ("dziś", "now") is left out unless it is all the query says or part of a synonym.
    """
    phrases = _phrases_in(words, taxonomy)
    group = list(range(len(words)))

    def root(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    for positions, _term in phrases:
        first, *rest = sorted(positions)
        for n in rest:
            group[root(n)] = root(first)
    in_phrase = {n for positions, _ in phrases if len(positions) > 1 for n in positions}
    kept = [n for n, w in enumerate(words) if n in in_phrase or w not in TONIGHT]
    if not kept:
        kept = list(range(len(words)))
    singles = {n: _word_unit(words[n], taxonomy) for n in kept}
    reached: dict[int, list[str]] = {}
    for n, unit in singles.items():
        for term in unit.terms:
            reached.setdefault(term, []).append(words[n])
    phrase_terms: dict[int, set[int]] = {}
    for positions, term in phrases:
        if len(positions) > 1:
            phrase_terms.setdefault(root(min(positions)), set()).add(term)
        for n in sorted(positions):
            if words[n] not in reached.setdefault(term, []):
                reached[term].append(words[n])
    units, done = [], set()
    for n in kept:
        r = root(n)
        if r in done:
            continue
        done.add(r)
        members = [singles[m] for m in kept if root(m) == r]
        if r in phrase_terms:
            units.append(_phrase_unit(members, phrase_terms[r], taxonomy))
        else:
            units.extend(members)
    return units, reached


def _vocabulary_words() -> list[str]:
    """The distinct words of the word index that a published service has, in one statement.

    A loose index scan (a recursive CTE that jumps from each word to the next one in the index), so
    its cost follows the number of distinct words (thousands), not of rows (millions at 100,000
    services); each word is kept when a service residents may see has it (the public scope's test).
    """
    first = select(WORDS.word).order_by(WORDS.word).limit(1).scalar_subquery()
    scan = select(first.label("word")).cte("vocabulary", recursive=True)
    following = select(WORDS.word).where(WORDS.word > scan.c.word).order_by(WORDS.word).limit(1).scalar_subquery()
    scan = scan.union_all(select(following).where(scan.c.word.is_not(None)))
    seen = select(WORDS.service_id).where(WORDS.word == scan.c.word, service_is_public(WORDS.service_id)).exists()
    return [bytes(word).decode() for word in db.session.execute(
        select(scan.c.word).where(scan.c.word.is_not(None), seen)).scalars()]


def _plan(query: SearchQuery) -> _Plan:
    """Read the query against the taxonomy and the word index: one statement for the taxonomy, one that
    counts each condition's services (up to DRIVER_PROBE) and reads the search data version; a word found
    nowhere is read as its nearest words (the typo vocabulary, built once per change) or left out."""
    plan = _Plan(_filters(query), visits=DRIVER_PROBE if query.sort == "name" else EARLY_VISITS)
    if not query.words:
        if len(plan.filters) > 1:
            sizes = _sizes([s.ids for s in plan.filters])
            order = sorted(range(len(sizes)), key=lambda n: sizes[n])
            plan.filters = [plan.filters[n] for n in order]
            plan.filter_sizes = [sizes[n] for n in order]
        return plan
    taxonomy = _taxonomy()
    plan.units, plan.terms = _units(list(query.words), taxonomy)
    plan.tonight = any(w in TONIGHT for w in query.words)
    *sizes, plan.version = _sizes([s.ids for s in [*plan.filters, *plan.units]], versioned=True)
    filter_sizes, unit_sizes = sizes[:len(plan.filters)], sizes[len(plan.filters):]
    plan.filters = [s for _, s in sorted(zip(filter_sizes, plan.filters, strict=True), key=lambda p: p[0])]
    plan.filter_sizes = sorted(filter_sizes)
    units = []
    for unit, size in zip(plan.units, unit_sizes, strict=True):
        unit.size = size
        if size:
            units.append(unit)
            continue
        word = unit.words[0]
        candidates = []
        if len(unit.words) == 1:
            if plan.vocabulary is None and typos.allowed_distance(word):
                plan.vocabulary = typos.vocabulary(plan.version or 0, _vocabulary_words, taxonomy.vocabulary)
            if plan.vocabulary is not None:
                forms = set(forms_of(word))
                candidates = [c for c in plan.vocabulary.nearest(word)
                              if not c.startswith(word) and c not in forms]
        if candidates:
            typo = _typo_unit(word, candidates, taxonomy)
            plan.corrections[word] = candidates
            for term in typo.terms:
                plan.terms.setdefault(term, []).append(word)
            units.append(typo)
        else:
            plan.dropped.extend(unit.words)
    plan.units = units
    plan.nothing = not units
    plan.crisis = bool(taxonomy.crisis.intersection(t for unit in units for t in unit.named))
    plan.crisis_terms = taxonomy.crisis.intersection(t for unit in units for t in unit.terms)
    return plan


def _sizes(selects: list, versioned: bool = False) -> list[int]:
    """How many services each SELECT of ids gives, counted up to DRIVER_PROBE, in one statement (and the
    search data version last when ``versioned``)."""
    columns = [select(func.count()).select_from(s.limit(DRIVER_PROBE).subquery()).scalar_subquery() for s in selects]
    if versioned:
        columns.append(search_versions.version_column())
    return list(db.session.execute(select(*columns)).one()) if columns else []


def _unit_conditions(plan: _Plan) -> tuple[object | None, list, int]:
    """Where a search with words starts (a SELECT of ids, or None for a filter), what the rest must meet, and
    about how many services the start gives (up to DRIVER_PROBE).

    Databases cannot estimate the size of an ``IN (SELECT …)`` well (SQLite not at all), so the
    planner counts: reading at most DRIVER_PROBE index entries per set is cheap, and starting from a
    set of a few hundred services instead of tens of thousands is what keeps a search fast. With one
    or two units the narrowest set drives; with three or more, when a service may miss one of them,
    the two narrowest units together do (a match has at least one of any two), unless a filter is narrower.
    """
    units, required = plan.units, plan.required
    by_size = sorted(units, key=lambda u: DRIVER_PROBE + 1 if u.size is None else u.size)
    filter_size = plan.filter_sizes[0] if plan.filters else None
    if required == len(units):
        driver = by_size[0]
        size = DRIVER_PROBE + 1 if driver.size is None else driver.size
        if filter_size is not None and filter_size <= size:
            driven = _counted(filter_size, plan.visits)
            return None, [_unit_test(u, driven) for u in units], driven
        driven = _counted(driver.size, plan.visits)
        return driver.ids, [_unit_test(u, driven) for u in units if not (u is driver and u.exact)], driven
    pair = by_size[:2]
    size = sum(DRIVER_PROBE + 1 if u.size is None else u.size for u in pair)
    enough = sum((case((u.test, 1), else_=0) for u in units), start=0) >= required
    if filter_size is not None and filter_size <= size:
        return None, [enough], _counted(filter_size, plan.visits)
    return union_all(*pair[0].selects, *pair[1].selects), [enough], _counted(size, plan.visits)


def _unit_test(unit: _Unit, driven: int):
    """What a service must meet for a unit it is not driven by: its ids as a list when they are exactly the
    unit's services and few enough (``_listed``), else the per-service test."""
    return Service.id.in_(unit.ids) if unit.exact and _listed(unit.size, driven) else unit.test


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
    """The SELECT of every published service of an active organisation matching the words and every filter, sorted.

    Each word is a range scan of the word index (``search_word``), a lookup of its lemmas there, or a
    match in the taxonomy; category and district are index lookups. The search starts from the
    narrowest of these (``service.id IN (…)``) and tests the others per service (``EXISTS``), so its
    cost follows the size of that set, not the size of the catalogue. (The results page takes at most
    MAX_RESULTS of these: ``search_page``.)
    """
    plan = _plan(query)
    return _matching(select(Service), query, plan).order_by(*(_order(*key) for key in _sort_keys(query, plan)))


def _matching(statement, query: SearchQuery, plan: _Plan):
    """``statement`` narrowed to the services matching ``query``: from the narrowest id set, the rest tested."""
    statement = statement.where(*_row_conditions(query))
    if plan.nothing:
        return statement.where(false())
    filters = plan.filters
    sizes = plan.filter_sizes or [None] * len(filters)
    if plan.units:
        driver, conditions, driven = _unit_conditions(plan)
        if driver is not None:
            return statement.where(Service.id.in_(driver),
                                   *(_tested(s, size, driven) for s, size in zip(filters, sizes, strict=True)),
                                   *conditions)
        statement = statement.where(*conditions)
    if filters:
        driven = _counted(sizes[0], plan.visits)
        statement = statement.where(Service.id.in_(filters[0].ids),
                                    *(_tested(s, size, driven) for s, size in zip(filters[1:], sizes[1:], strict=True)))
    return statement


def _counted(size: int | None, visits: int) -> int:
    """About how many services a search started from a set of ``size`` visits: all of them, or, when it can
    stop early (``_Plan.visits``), at most ``visits``; not counted (None) or past DRIVER_PROBE counts as many."""
    return min(DRIVER_PROBE if size is None else size, visits)


def _listed(size: int | None, driven: int) -> bool:
    """Whether a set tested on each service the driver gives is cheaper read once, whole, as a list.

    A per-service test (``EXISTS``) costs a few index searches for every service the driver gives, however
    large the set; a list (``service.id IN (SELECT …)``) reads the set's index entries once and then answers
    each service from memory (on SQLite a fifth to a half of the search's time with a district and a
    category). So a set counted whole, and at most LIST_RATIO times the driver's size, is listed; a larger
    one (or one past DRIVER_PROBE: a broad word at 100,000 services) is probed, so the cost still follows
    the driver, not the catalogue. Either way the same services match, in the same order.
    """
    return size is not None and size < DRIVER_PROBE and size <= LIST_RATIO * driven


def _tested(id_set: _IdSet, size: int | None, driven: int):
    """A filter that does not drive the search: as a list or as a per-service test (``_listed``)."""
    return Service.id.in_(id_set.ids) if _listed(size, driven) else id_set.test


def _first_matches(query: SearchQuery, plan: _Plan, columns: list):
    """``columns`` of the first MAX_RESULTS + 1 matching services (by name when sorting by name).

    The database stops after MAX_RESULTS + 1 matches, so a broad search costs about the same
    on 10,000 and on 100,000 services.
    """
    statement = _matching(select(*columns), query, plan)
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


def _sort_keys(query: SearchQuery, plan: _Plan) -> list[tuple[object, bool, bool]]:
    """(expression, descending, nulls last) for each sort key.

    Name: alphabetical. Relevance, with words: each unit of the query (a word, or the words of a
    synonym it contains) gives the points of the first of these that holds —

    - 20: a word of the service's name begins with the query word;
    - 16: the service is in a category the word names (a label or synonym: "noclegownia");
    - 14: the service is in a sub-category of a category the word names;
    - 12: another form of the word is in the name ("noclegowni" for "noclegownia");
    - 8: the word, or another form of it, is only in the description, audience or organisation;
    - 6, 4, 2: only a typo-corrected reading of the word matches (in the name, a category, elsewhere),
      so a typo never outranks an exact match of the same word;

    plus 1 when the service is found through a category and its own texts have the word too (of the
    services in "Rehabilitacja", the one whose description says "wózek" comes first for "wózek").
    Services are sorted by their total, so one matching more of the words comes first. Then, when
    the query is about tonight ("dziś", "teraz", "noc", "tonight", "зараз"…), services open now or
    24/7 first, then those that take people without an appointment (walk-in), then those that do
    not need a referral. Then by name. Without words: services open 24/7 first, then those with a name in
    the reader's language (before Polish-only ones, in the uk/en interface), then by name. With
    the ``tonight`` filter (the home page's "help tonight" shortcuts), shelters and night shelters
    before all of these.
    Distance: nearest first (services with no place last), then relevance.
    """
    if query.sort == "name":
        return [(_name_key(query), False, False), (Service.id, False, False)]
    if plan.units:
        score = sum((unit.score for unit in plan.units), start=0)
        relevance = [(score, True, False)]
        if plan.crisis:  # words about a crisis: the crisis categories' services before any other reading of them
            in_crisis = _has(CATEGORIES.service_id, CATEGORIES.taxonomy_term_id.in_(sorted(plan.crisis_terms)))
            relevance.insert(0, (case((in_crisis, 0), else_=1), False, False))
        if plan.tonight:
            relevance += [(case((_open_at_clause(local_now()), 1), else_=0), True, False),
                          (Service.walk_in, True, False), (Service.by_referral, False, False)]
    else:
        relevance = [(Service.always_open, True, False)]
        if query.locale in LOCALES and query.locale != "pl":  # listings the reader can read before Polish-only ones
            relevance.append((getattr(Service, f"name_{query.locale}").is_(None), False, False))
    relevance += [(_name_key(query), False, False), (Service.id, False, False)]
    if query.tonight:
        relevance.insert(0, (_tonight_first_key(), False, False))
    if query.by_distance:
        return [(distance_order(query.origin), False, True), *relevance]
    return relevance


def _order(expression, descending: bool, nulls_last: bool):
    ordered = expression.desc() if descending else expression.asc()
    return ordered.nulls_last() if nulls_last else ordered


@dataclass
class ResultPage(PageNavigation):
    """One page of results, with the total and, when an origin is given, each service's distance.

    ``crisis``: the words reach a crisis category (the page shows the emergency lines above the results).
    ``did_you_mean``: when nothing is found, the query with its unknown words replaced by the nearest
    words of the directory (None when there is nothing to offer). ``corrections``: the words read as
    other words (a typo → what it was read as).
    """

    items: list[Service]
    page: int
    per_page: int
    total: int  # at most MAX_RESULTS + 1
    ids: list[int] = field(default_factory=list)  # the page's services in order (``items`` may hold fewer: ``held``)
    version: int = 0  # the directory's data version the page was read at
    held: dict[int, object] = field(default_factory=dict)  # what the caller already held for a service: not loaded
    distances: dict[int, Distance | None] = field(default_factory=dict)
    crisis: bool = False
    did_you_mean: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    tonight: bool = False

    @property
    def capped(self) -> bool:
        """More services match than a search sorts: the resident is asked to narrow it."""
        return self.total > MAX_RESULTS

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, MAX_RESULTS) // self.per_page))


def search_page(query: SearchQuery, page: int = 1, per_page: int = 20, *,
                held: Callable[[int, int], object | None] | None = None) -> ResultPage:
    """One page of a search with everything a result card shows, in the same few statements for any page size.

    The plan reads the taxonomy and counts each condition (two statements, ``_plan``). At most
    MAX_RESULTS + 1 matches are taken, from the narrowest condition on (sorted by name first when
    sorting by name), so a search costs the same on a catalogue of 10,000 or 100,000 services; when
    more match, the page says so and asks for a narrower search. Those are sorted and counted in one
    statement over narrow rows (ids and sort keys, a window count, the directory's data version), then the
    page's services are loaded with their phones, hours, closures and places — but for those the caller
    already holds something for at this version (``held(version, service_id)``: a result card drawn
    before), which are not loaded at all. A query none of whose words matches anything stops after the plan.
    """
    plan = _plan(query)
    keys = _sort_keys(query, plan)
    rows, total, version = [], 0, 0
    if not plan.nothing:
        found = _first_matches(query, plan, [Service.id, *(expression.label(f"key_{n}")
                                                          for n, (expression, *_) in enumerate(keys))])
        offset = (page - 1) * per_page
        rows = db.session.execute(
            select(found.c.id, func.count().over(), search_versions.version_column())
            .order_by(*(_order(found.c[f"key_{n}"], *rest) for n, (_, *rest) in enumerate(keys)))
            .limit(max(0, min(per_page, MAX_RESULTS - offset))).offset(offset)).all()
        # only a page past the end needs a count of its own
        total = rows[0][1] if rows else (db.session.execute(select(func.count()).select_from(found)).scalar_one()
                                         if page > 1 else 0)
        version = (rows[0][2] or 0) if rows else 0
    ids = [row[0] for row in rows]
    kept = {}
    if held is not None:
        kept = {i: card for i in ids if (card := held(version, i)) is not None}
    wanted = [i for i in ids if i not in kept]
    loaded = {s.id: s for s in db.session.execute(
        select(Service).where(Service.id.in_(wanted)).options(*LISTING_LOADS)).scalars()} if wanted else {}
    items = [loaded[i] for i in ids if i in loaded]
    distances = {s.id: nearest(s, query.origin) for s in items} if query.origin is not None else {}
    return ResultPage(items=items, page=page, per_page=per_page, total=total, distances=distances,
                      crisis=plan.crisis, did_you_mean=_did_you_mean(query, plan) if not total else None,
                      corrections={word: found[0] for word, found in plan.corrections.items()},
                      tonight=plan.tonight, ids=[i for i in ids if i in loaded or i in kept], version=version,
                      held=kept)


def _did_you_mean(query: SearchQuery, plan: _Plan) -> str | None:
    """The query with each word that found nothing replaced by the nearest word of the directory.

    Words read as a typo keep their best reading; a word found nowhere gets the nearest word within one
    more letter than a search allows (a suggestion may be further than a silent correction) that begins
    with the same letter (people seldom mistype the first one: "apteka" is not "opieka") and is at most
    one letter longer or shorter ("dentist" is not "debts").
    """
    if not query.words or (not plan.corrections and not plan.dropped):
        return None
    replaced = {word: found[0] for word, found in plan.corrections.items()}
    for word in plan.dropped:
        if len(word) < 3 or word in TONIGHT:
            continue
        if plan.vocabulary is None:
            plan.vocabulary = typos.vocabulary(plan.version or 0, _vocabulary_words, _taxonomy().vocabulary)
        near = [w for w in plan.vocabulary.nearest(word, typos.allowed_distance(word) + 1, limit=5)
                if w[0] == word[0] and abs(len(w) - len(word)) <= 1]
        if near:
            replaced[word] = near[0]
    if not replaced:
        return None
    return " ".join(replaced.get(word, word) for word in query.words if word not in plan.dropped or word in replaced)


def matched_categories(query: SearchQuery) -> dict[int, list[str]]:
    """The categories a query reaches, each with the query words that reached it (the department's
    "test a query against the taxonomy"): through labels and one-word synonyms (a word's start or
    another form of it), synonyms of several words the query contains, and, for a word that reaches no
    category, its nearest taxonomy words (a typo). No filter, and no service, takes part."""
    if not query.words:
        return {}
    taxonomy = _taxonomy()
    _units_found, reached = _units(list(query.words), taxonomy)
    reached = {term: list(words) for term, words in reached.items()}
    touched = {w for words in reached.values() for w in words}
    vocabulary = None
    for word in query.words:
        if word in touched or word in TONIGHT or not typos.allowed_distance(word):
            continue
        if vocabulary is None:
            vocabulary = typos.Vocabulary(_by_length(taxonomy.vocabulary))
        for candidate in vocabulary.nearest(word):
            forms = set(forms_of(candidate))
            for term, words in taxonomy.words.items():
                if words & forms and word not in reached.setdefault(term, []):
                    reached[term].append(word)
    return {term: words for term, words in reached.items() if words}


def _by_length(words) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for word in words:
        grouped.setdefault(len(word), []).append(word)
    return {length: tuple(sorted(found)) for length, found in grouped.items()}
