"""The data versions of what the public pages show, and what is built once per version.

Three watched sets (``app.data_versions``), each raised by the transaction of any change to its tables:

- ``taxonomy``: the category tree and the districts — the search form's category and district lists, the
  category labels on cards and pages, which categories are crisis ones;
- ``directory``: everything the directory export shows of a service — the service and its parts (phones, hours,
  closures, places, categories, areas), locations, organisations (an organisation switched off hides its
  services), districts and the taxonomy;
  and the search's word index (``search_word``) — also the version of what a search can find (``SEARCH``): the typo
  vocabulary (``app.services.directory.typos``) is kept per worker under it, built once per change;
- ``activities``: events and volunteering offers and what their pages and feed show of others (organisations,
  locations, districts, services).

``taxonomy_snapshot()`` is the category tree as plain values, built once per taxonomy version and worker;
``filter_lists(locale)`` the search form's choices, once per taxonomy version, language and worker. Both are
kept in ``app.fragment_cache`` under the version, so a category renamed in the console shows on the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select

from app import data_versions
from app.extensions import db
from app.fragment_cache import cached_value
from app.models import (
    Closure,
    District,
    Event,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
    VolunteerOpportunity,
)
from app.models.directory import LOCALES
from app.models.search import SearchWord
from app.models.versions import DataVersion

TAXONOMY = "taxonomy"
DIRECTORY = "directory"
ACTIVITIES = "activities"
SEARCH = DIRECTORY  # what a search can find: the directory's rows and the word index

data_versions.watch(TAXONOMY, TaxonomyTerm, District)
data_versions.watch(DIRECTORY, Service, Phone, Schedule, Closure, ServiceAtLocation, ServiceTaxonomy, ServiceArea,
                    Location, Organisation, District, TaxonomyTerm, SearchWord)
data_versions.watch(ACTIVITIES, Event, VolunteerOpportunity, Organisation, Location, District, Service)


def version_column():
    """The search's version as a scalar subquery, read in a statement the search runs anyway (0 before a change)."""
    table = DataVersion.__table__
    return select(table.c.version).where(table.c.name == SEARCH).scalar_subquery()


def versions(*names: str) -> tuple[int, ...]:
    """The versions of ``names`` as this transaction sees them, in one statement (0 before a first change)."""
    return data_versions.current_many(names)


def version(name: str) -> int:
    """The version of one watched set."""
    return versions(name)[0]


@dataclass(frozen=True)
class Term:
    """A category as plain values: what pages show of it, readable without the database."""

    id: int
    code: str
    parent_id: int | None
    position: int
    is_crisis: bool
    labels: dict[str, str | None] = field(hash=False, compare=False)

    def text(self, name: str, locale: str) -> str | None:
        """The label in ``locale``, or the Polish one (the same call as ``TaxonomyTerm.text``)."""
        if name != "label":
            raise KeyError(name)
        return self.labels.get(locale) or self.labels["pl"]

    def is_translated(self, name: str, locale: str) -> bool:
        return locale == "pl" or bool(self.labels.get(locale))


@dataclass(frozen=True)
class Area:
    """A district as plain values (the lists and the distance origin read these)."""

    id: int
    code: str
    name: str
    latitude: Decimal
    longitude: Decimal
    position: int


@dataclass(frozen=True)
class TaxonomySnapshot:
    """The category tree and the districts of one taxonomy version."""

    version: int
    terms: tuple[Term, ...]  # by position
    districts: tuple[Area, ...]  # by position, then name
    by_id: dict[int, Term] = field(hash=False, compare=False)

    @property
    def top(self) -> list[Term]:
        return [t for t in self.terms if t.parent_id is None]

    def children(self, term: Term) -> list[Term]:
        return [t for t in self.terms if t.parent_id == term.id]

    def is_crisis(self, term_id: int) -> bool:
        """A crisis category, or a child of one (its page carries the quick exit)."""
        term = self.by_id.get(term_id)
        if term is None:
            return False
        parent = self.by_id.get(term.parent_id) if term.parent_id is not None else None
        return term.is_crisis or (parent is not None and parent.is_crisis)


def _build_snapshot(taxonomy_version: int) -> TaxonomySnapshot:
    terms = tuple(
        Term(id=t.id, code=t.code, parent_id=t.parent_id, position=t.position, is_crisis=t.is_crisis,
             labels={locale: getattr(t, f"label_{locale}") for locale in LOCALES})
        for t in db.session.execute(select(TaxonomyTerm).order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars())
    districts = tuple(
        Area(id=d.id, code=d.code, name=d.name, latitude=d.latitude, longitude=d.longitude, position=d.position)
        for d in db.session.execute(select(District).order_by(District.position, District.name)).scalars())
    return TaxonomySnapshot(version=taxonomy_version, terms=terms, districts=districts,
                            by_id={t.id: t for t in terms})


def taxonomy_snapshot(taxonomy_version: int | None = None) -> TaxonomySnapshot:
    """The category tree and districts, read from the database once per taxonomy version and worker.

    ``taxonomy_version``: the version already read with others (``versions(TAXONOMY, …)``), else it is read here.
    With the fragment cache off (the test suite) it is read once per request, and the version is not asked for."""
    if not current_app.config.get("FRAGMENT_CACHE", True):
        if has_request_context():
            if "taxonomy_snapshot" not in g:
                g.taxonomy_snapshot = _build_snapshot(0)
            return g.taxonomy_snapshot
        return _build_snapshot(0)
    if taxonomy_version is None:
        taxonomy_version = version(TAXONOMY)
    return cached_value(("taxonomy-snapshot", taxonomy_version), lambda: _build_snapshot(taxonomy_version))


@dataclass(frozen=True)
class FilterLists:
    """The search form's lists in one language: categories (children under their parent) and districts."""

    categories: tuple[tuple[str, str], ...]
    districts: tuple[tuple[str, str], ...]
    near: tuple[tuple[str, str], ...]
    snapshot: TaxonomySnapshot


def _build_lists(snapshot: TaxonomySnapshot, locale: str) -> FilterLists:
    options = [("", _("All categories"))]
    for term in snapshot.top:
        options.append((term.code, term.text("label", locale)))
        options.extend((child.code, f"– {child.text('label', locale)}") for child in snapshot.children(term))
    named = [(d.code, d.name) for d in snapshot.districts]
    return FilterLists(categories=tuple(options), districts=(("", _("Whole city")), *named),
                       near=(("", _("Choose a district")), *named), snapshot=snapshot)


def filter_lists(locale: str) -> FilterLists:
    """The search form's category and district lists in ``locale``, built once per taxonomy version."""
    snapshot = taxonomy_snapshot()
    return cached_value(("filter-lists", snapshot.version, locale), lambda: _build_lists(snapshot, locale))


def district_choices(first_label: str, taxonomy_version: int | None = None) -> list[tuple[str, str]]:
    """("", first_label) and every district as (code, name), from the snapshot (no statement of its own)."""
    return [("", first_label), *((d.code, d.name) for d in taxonomy_snapshot(taxonomy_version).districts)]


def activities_versions() -> tuple[int, int]:
    """(taxonomy version, activities version) in one statement: what the events and volunteering pages need."""
    taxonomy_version, activities_version = versions(TAXONOMY, ACTIVITIES)
    return taxonomy_version, activities_version
