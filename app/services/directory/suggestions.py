"""Suggestions while a resident types in the search box: categories first, then services by name.

From the second letter. Categories are matched by their name and synonyms in the reader's
language (Polish where a category has none): each typed word must begin a word of the
category's name or of one of its synonyms. Services are matched by name: each typed word
must begin a word of one of the service's names.

Two statements per request, whatever the size of the catalogue:

- the taxonomy's rows, whose folded words are built once per taxonomy version and language
  (the rows themselves are the cache key, as in the query planner);
- the services: the word index (``search_word``, folded UTF-8 bytes, a B-tree range scan)
  gives at most ``CANDIDATES`` ids of services with a word starting with the most telling
  typed word, and only those are tested against the names (``Service.search_name``), in the
  public scope (published, still offered, of an active organisation).

Call inside ``public_scope()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import url_for
from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Service, TaxonomyTerm
from app.models.directory import LOCALES
from app.models.search import MAX_WORD_CHARS, SearchWord
from app.services.directory.index import STOPWORDS, _words
from app.sql import escape_like

MIN_CHARS = 2  # nothing is suggested below two letters
MAX_QUERY_CHARS = 200  # a longer query is cut
MAX_WORDS = 6
CATEGORY_LIMIT = 5
SERVICE_LIMIT = 5
CANDIDATES = 400  # ids read from the word index per request, at most

# The word index read by its Core columns (a named exception, tests/security/test_scope_discipline.py): the ids
# only narrow the scoped ``Service`` query they are part of, which decides what residents see.
WORDS = SearchWord.__table__.c


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: a category (its search) or a service (its page)."""

    kind: str  # "category" | "service"
    label: str
    url: str
    code: str = ""  # the category's code
    service_id: int = 0

    def as_json(self) -> dict:
        return {"kind": self.kind, "label": self.label, "url": self.url}


def typed_words(text: str | None) -> list[str]:
    """The folded words typed: function words dropped except the last (it may be the start of a longer word)."""
    words = [w.strip("'")[:MAX_WORD_CHARS] for w in _words((text or "")[:MAX_QUERY_CHARS].replace("\x00", " "))]
    words = [w for w in words if w]
    if not words:
        return []
    kept = [w for w in words[:-1] if w not in STOPWORDS] + words[-1:]
    kept = list(dict.fromkeys(kept))[:MAX_WORDS]
    return kept if max(len(w) for w in kept) >= MIN_CHARS else []


def suggest(text: str | None, locale: str, *, categories: int = CATEGORY_LIMIT,
            services: int = SERVICE_LIMIT) -> list[Suggestion]:
    """Categories (at most ``categories``) and then services (at most ``services``) matching what was typed."""
    words = typed_words(text)
    if not words:
        return []
    locale = locale if locale in LOCALES else "pl"
    return [*_categories(words, locale, categories), *_services(words, locale, services)]


# --- categories -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Phrase:
    """A category's name or one of its synonyms, as shown and as folded words."""

    shown: str
    words: tuple[str, ...]
    is_label: bool


@dataclass(frozen=True)
class _Category:
    code: str
    label: str
    phrases: tuple[_Phrase, ...]


def _taxonomy_rows(locale: str) -> tuple:
    columns = [TaxonomyTerm.id, TaxonomyTerm.parent_id, TaxonomyTerm.position, TaxonomyTerm.code,
               TaxonomyTerm.label_pl, TaxonomyTerm.synonyms_pl]
    if locale != "pl":
        columns += [getattr(TaxonomyTerm, f"label_{locale}"), getattr(TaxonomyTerm, f"synonyms_{locale}")]
    # in a fixed order: the rows are the cache key of their folded words
    return tuple(tuple(row) for row in db.session.execute(select(*columns).order_by(TaxonomyTerm.id)))


@lru_cache(maxsize=8)
def _category_phrases(rows: tuple) -> tuple[_Category, ...]:
    """The categories in the tree's order (each top category followed by its sub-categories) with their phrases.

    Built once per version of the taxonomy and language: the rows themselves are the cache key.
    """
    terms = []
    for row in rows:
        term_id, parent_id, position, code, label_pl, synonyms_pl = row[:6]
        label, synonyms = (row[6] or label_pl, row[7] or synonyms_pl) if len(row) > 6 else (label_pl, synonyms_pl)
        phrases = [_Phrase(label, tuple(_words(label)), True)]
        phrases += [_Phrase(s.strip(), tuple(_words(s)), False) for s in (synonyms or "").replace(";", ",").split(",")
                    if s.strip()]
        terms.append((term_id, parent_id, position, _Category(code, label, tuple(p for p in phrases if p.words))))
    positions = {term_id: position for term_id, _, position, _ in terms}
    ordered = sorted(terms, key=lambda t: ((positions.get(t[1], 0), t[1], 0, t[2], t[0]) if t[1] is not None
                                           else (t[2], t[0], -1, 0, 0)))
    return tuple(t[3] for t in ordered)


def _phrase_match(phrase: _Phrase, words: list[str]) -> tuple[int, int] | None:
    """How well the typed words match a phrase (lower is better), or None: each must begin one of its words."""
    if not all(any(w.startswith(typed) for w in phrase.words) for typed in words):
        return None
    return (0 if phrase.is_label else 1, 0 if phrase.words[0].startswith(words[0]) else 1)


def _categories(words: list[str], locale: str, limit: int) -> list[Suggestion]:
    found = []
    for order, category in enumerate(_category_phrases(_taxonomy_rows(locale))):
        matches = [(rank, phrase) for phrase in category.phrases if (rank := _phrase_match(phrase, words))]
        if not matches:
            continue
        rank, phrase = min(matches, key=lambda m: m[0])
        label = category.label if phrase.is_label else f"{category.label} ({phrase.shown})"
        found.append((rank, order, Suggestion("category", label, url_for("directory.search", category=category.code),
                                              code=category.code)))
    found.sort(key=lambda f: (f[0], f[1]))
    return [suggestion for *_, suggestion in found[:limit]]


# --- services ---------------------------------------------------------------------------------------------------

def _driver(words: list[str]) -> str:
    """The typed word whose index range is likely the narrowest: the longest that is not a function word."""
    content = [w for w in words if w not in STOPWORDS] or words
    return max(content, key=len)


def _upper_bound(prefix: bytes) -> bytes:
    return prefix[:-1] + bytes([prefix[-1] + 1])  # UTF-8 never contains 0xFF


def _names(locale: str):
    return [Service.name_pl] if locale == "pl" else [getattr(Service, f"name_{locale}"), Service.name_pl]


def _services(words: list[str], locale: str, limit: int) -> list[Suggestion]:
    """Services with a word of their name starting with each typed word, in the reader's language or in Polish.

    ``search_name`` holds the words of the names in every language, so the statement may also return a
    service whose English name matches for a Polish reader; those are left out here, and a name shown
    already (a few more rows are read to make up for them).
    """
    low = _driver(words).encode()
    candidates = (select(WORDS.service_id).where(WORDS.word >= low, WORDS.word < _upper_bound(low))
                  .limit(CANDIDATES))
    in_name = [Service.search_name.like(f"% {escape_like(w)}%", escape="\\") for w in words]
    starts = Service.search_name.like(f" {escape_like(words[0])}%", escape="\\")
    name = func.coalesce(*_names(locale)) if locale != "pl" else Service.name_pl
    rows = db.session.execute(
        select(Service.id, Service.name_pl, getattr(Service, f"name_{locale}"))
        .where(Service.id.in_(candidates), *in_name)
        .order_by(case((starts, 0), else_=1), name, Service.id)
        .limit(limit * 4)).all()
    found: dict[str, Suggestion] = {}  # by label: of several services of one name, the first (the search shows all)
    for service_id, name_pl, name_local in rows:
        label = next((n for n in (name_local, name_pl) if n and _name_matches(n, words)), None)
        if label is not None and label not in found:
            found[label] = Suggestion("service", label, url_for("directory.service", service_id=service_id),
                                      service_id=service_id)
    return list(found.values())[:limit]


def _name_matches(name: str, words: list[str]) -> bool:
    """Each typed word begins a word of the name."""
    name_words = _words(name)
    return all(any(w.startswith(typed) for w in name_words) for typed in words)
