"""What residents searched for and found little: counted per week and language, never tied to a person.

``count_query`` is called by the public search once it knows how many services a query found.
A query that found at most ``LOW_RESULTS`` services is counted in ``search_query_week`` under
the Monday of its week (Europe/Warsaw) and the reader's language, in lower case with its letters
as typed ("mąż pije", so that the department can add it as a synonym as people write it), without
the search's stop words, at most ``QUERY_MAX`` characters. Nothing else is
kept: no user, session, IP address or time of day. A query that may hold personal data — a run
of five or more digits (a PESEL, an account), a phone number, anything with an ``@`` (an e-mail
address) — is not counted at all, and neither is a search by filters only.

A search does not write to the database. Each worker process adds the counts up in memory
(thread-safe) and writes them in one upsert (``INSERT … ON CONFLICT DO UPDATE``, SQLite and
PostgreSQL) at most every ``SEARCH_COUNT_FLUSH_SECONDS``, or as soon as it holds
``SEARCH_COUNT_FLUSH_ENTRIES`` distinct queries (checked at each public search, counted or not):
after the response has been sent (``response.call_on_close``), in its own short transaction in
the named system scope ``search.query_counts`` — the one write a public GET causes
(tests/security/test_scope_discipline.py). A worker that serves no search for a while keeps what
it holds until its next search; what a worker holds when it stops is lost, and a write that
fails is dropped and logged: these are figures for the department, not records.

Not counted: repeats of an identical anonymous search answered by the page cache
(app/page_cache.py) within its window (``PAGE_CACHE_SECONDS``), which never reach the view;
the figures therefore count distinct searches per window more than every keystroke.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import Flask, after_this_request, current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.localtime import local_today
from app.models import TaxonomyTerm
from app.models.directory import LOCALES
from app.models.search import SearchQueryWeek
from app.services import ServiceError
from app.services.directory.index import STOPWORDS, WORD, _words, fold
from app.services.directory.taxonomy import SYNONYMS_MAX, TEXT_FIELDS, clean_synonyms, update_term
from app.tenancy import parse_id, system_scope
from app.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

LOW_RESULTS = 3  # a search that found at most this many services is counted
QUERY_MAX = SearchQueryWeek.QUERY_MAX
DEFAULT_FLUSH_SECONDS = 60
DEFAULT_FLUSH_ENTRIES = 200
HELD_MAX_FACTOR = 10  # when writes keep failing, a worker holds at most this many times the entries
_EXTENSION = "search_query_counts"
# A run of five digits (PESEL, account, ID), a phone number (seven or more digits with spaces, dashes,
# dots or brackets between them), an e-mail address (anything with an @).
PERSONAL = re.compile(r"\d{5,}|\+?\d(?:[\s\-./()]*\d){6,}|@")


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def counted_query(text: str | None) -> str:
    """The query as it is counted: its words in lower case with their letters as typed, without the search's
    stop words, one space between, at most QUERY_MAX characters; "" when it may hold personal data or has no
    words to search for."""
    text = unicodedata.normalize("NFC", text or "")
    if PERSONAL.search(text):
        return ""
    words = (word for token in text.lower().split() for word in WORD.findall(token))
    return " ".join(word for word in words if _words(word) and _words(word)[0] not in STOPWORDS)[:QUERY_MAX].strip()


@dataclass
class _Counts:
    """One worker's counts not yet written: (week, locale, query) → [searches, results of the latest]."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    held: dict[tuple[date, str, str], list[int]] = field(default_factory=dict)
    last_flush: float = field(default_factory=time.monotonic)


_create_lock = threading.Lock()


def _counts(app: Flask) -> _Counts:
    counts = app.extensions.get(_EXTENSION)
    if counts is None:
        with _create_lock:
            counts = app.extensions.setdefault(_EXTENSION, _Counts())
    return counts


def count_query(query_text: str | None, locale: str, results: int) -> None:
    """Count a public search that found at most LOW_RESULTS services (see the module's docstring).

    Called after every public search: adds to this worker's counts only, and when the counts held
    are due to be written (by time or by number), has them written after this response.
    """
    query = counted_query(query_text) if 0 <= results <= LOW_RESULTS else ""
    app = current_app._get_current_object()
    counts = _counts(app)
    if not query and not counts.held:
        return
    seconds = app.config.get("SEARCH_COUNT_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS)
    entries = max(1, app.config.get("SEARCH_COUNT_FLUSH_ENTRIES", DEFAULT_FLUSH_ENTRIES))
    with counts.lock:
        if query:
            key = (week_of(local_today()), (locale or "pl")[:5], query)
            entry = counts.held.get(key)
            if entry is None and len(counts.held) < entries * HELD_MAX_FACTOR:  # writes failing: hold no more
                entry = counts.held[key] = [0, 0]
            if entry is not None:
                entry[0] += 1
                entry[1] = results
        now = time.monotonic()
        due = bool(counts.held) and (len(counts.held) >= entries or now - counts.last_flush >= seconds)
        if due:
            counts.last_flush = now  # the next write is due a full period later (or at ``entries`` again)
    if due:
        _flush_after_response(app)


def _flush_after_response(app: Flask) -> None:
    """Write the counts once this request's response has been sent (at once outside a request)."""
    if not has_request_context():
        flush_counts(app)
        return

    @after_this_request
    def _later(response):
        response.call_on_close(lambda: flush_counts(app))
        return response


def flush_counts(app: Flask | None = None) -> int:
    """Write this worker's counts in one upsert, in its own transaction; returns how many rows it wrote.

    Runs in a fresh application context (after a response the request's is gone), in the named
    system scope ``search.query_counts``. A failure is logged and the counts are dropped.
    """
    app = app or current_app._get_current_object()
    counts = _counts(app)
    with counts.lock:
        held, counts.held = counts.held, {}
        counts.last_flush = time.monotonic()
    if not held:
        return 0
    rows = [{"week": week, "locale": locale, "query": query, "searches": searches, "results": results}
            for (week, locale, query), (searches, results) in sorted(held.items())]  # one order: no deadlocks
    try:
        with app.app_context(), system_scope("search.query_counts"), unit_of_work():
            _upsert(rows)
    except Exception:
        log.exception("the search counts of %d queries could not be written; they are dropped", len(rows))
        return 0
    return len(rows)


def prune_old_weeks(today: date, weeks: int) -> int:
    """Delete the counts of weeks that began more than ``weeks`` weeks before ``today``'s week; how many rows went.

    The department reads the recent weeks; a year is kept by default (``SEARCH_QUERY_WEEKS_KEPT``)."""
    from sqlalchemy import delete

    oldest = week_of(today) - timedelta(weeks=weeks)
    return db.session.execute(delete(SearchQueryWeek).where(SearchQueryWeek.week < oldest)).rowcount or 0


def reset_counts(app: Flask | None = None) -> None:
    """Forget what this worker holds, unwritten (tests start from nothing)."""
    app = app or current_app._get_current_object()
    app.extensions.pop(_EXTENSION, None)


def _upsert(rows: list[dict]) -> None:
    """Add the rows' searches to those already counted for their week, language and query."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SearchQueryWeek).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["week", "locale", "query"],
        set_={"searches": SearchQueryWeek.searches + statement.excluded.searches,
              "results": statement.excluded.results})
    db.session.execute(statement)


# -- the department's view --------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryFigure:
    """One query over the chosen weeks: how often it was searched, what its latest search found, when."""

    query: str
    locale: str
    searches: int
    results: int  # what the latest counted search found
    weeks: int  # in how many of the chosen weeks it was searched
    last_week: date


def recorded_weeks(limit: int = 26) -> list[date]:
    """The Mondays of the latest weeks with counted queries, newest first."""
    return list(db.session.execute(
        select(SearchQueryWeek.week).distinct().order_by(SearchQueryWeek.week.desc()).limit(limit)).scalars())


def low_result_queries(first_week: date, last_week: date, limit: int = 500) -> list[QueryFigure]:
    """The queries that found little from ``first_week`` to ``last_week`` (Mondays, inclusive), per query and
    language, most searched first (then by query)."""
    rows = db.session.execute(
        select(SearchQueryWeek.week, SearchQueryWeek.locale, SearchQueryWeek.query, SearchQueryWeek.searches,
               SearchQueryWeek.results)
        .where(SearchQueryWeek.week >= first_week, SearchQueryWeek.week <= last_week)
        .order_by(SearchQueryWeek.week)).all()
    found: dict[tuple[str, str], dict] = {}
    for week, locale, query, searches, results in rows:
        one = found.setdefault((query, locale), {"searches": 0, "weeks": 0})
        one.update(searches=one["searches"] + searches, weeks=one["weeks"] + 1, results=results, last_week=week)
    figures = [QueryFigure(query=query, locale=locale, **values) for (query, locale), values in found.items()]
    figures.sort(key=lambda f: (-f.searches, f.query, f.locale))
    return figures[:limit]


# -- a query that found little becomes a category's synonym ------------------------------------------

SYNONYM_MAX = 100
SEPARATORS = re.compile(r"[,;\n]")


def add_synonym(term_id, language: str, text: str | None, *, actor) -> TaxonomyTerm:
    """Add ``text`` to the synonyms of category ``term_id`` in ``language``, through the taxonomy's own
    ``update_term`` (which rebuilds the search text of the category's services and writes the audit entry
    ``taxonomy_term.updated``). Refuses an empty, too long or already present synonym, a comma in it, an
    unknown category or language, each beside its field."""
    synonym = " ".join((text or "").split())
    if not synonym:
        raise ServiceError(_l("Enter the words to add."), field="synonym")
    if len(synonym) > SYNONYM_MAX:
        raise ServiceError(_l("Write at most %(max)d characters; you wrote %(length)d.", max=SYNONYM_MAX,
                              length=len(synonym)), field="synonym")
    if SEPARATORS.search(synonym):
        raise ServiceError(_l("Add one synonym at a time, without commas or semicolons."), field="synonym")
    if language not in LOCALES:
        raise ServiceError(_l("Choose a language from the list."), field="language")
    term_id = parse_id(term_id)
    term = None if term_id is None else db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.id == term_id)).scalar_one_or_none()
    if term is None:
        raise ServiceError(_l("Choose a category from the list."), field="category")
    name = f"synonyms_{language}"
    present = clean_synonyms(getattr(term, name))
    if fold(synonym) in {fold(one.strip()) for one in (present or "").split(",")}:
        raise ServiceError(_l("This is already a synonym of the category in this language."), field="synonym")
    data = {field_name: getattr(term, field_name) for field_name in TEXT_FIELDS}
    data.update(parent_id=term.parent_id, is_crisis=term.is_crisis)
    data[name] = f"{present}, {synonym}" if present else synonym
    try:
        update_term(term, data, actor=actor)
    except ServiceError as error:
        if error.field == name:
            raise ServiceError(_l("The category's synonyms in this language are full (%(max)d characters). "
                                  "Make room on the category's page first.", max=SYNONYMS_MAX),
                               field="synonym") from None
        raise
    return term
