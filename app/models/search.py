"""The search index of the public directory: one row per distinct word of a service's own texts.

A word is stored folded (lower case, no Latin diacritics) as UTF-8 bytes, so that "words that
begin with ``pomoc``" is the byte range ``pomoc ≤ word < pomod``: a B-tree range scan on SQLite
and PostgreSQL alike, whatever the database's collation. Category labels and synonyms are not
copied here: a query word is matched against the (small) taxonomy once per search and reaches
services through their categories (see app/services/directory.py).

The rows are rebuilt by ``refresh_search_text(service)`` and, in bulk, by ``index_rows``.
The composite indexes at the end serve the search filters (category, district).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.models.base import DepartmentOnly, TenantOwned
from app.models.directory import (
    Location,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    service_is_public,
)

MAX_WORD_CHARS = 40  # longer words are indexed (and searched) by their first 40 characters


class SearchWord(TenantOwned, db.Model):
    """A folded word from a service's names, descriptions, audience or organisation name."""

    __tablename__ = "search_word"
    __table_args__ = (Index("ix_search_word_word_service", "word", "service_id"),)

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)

    service: Mapped[Service] = relationship(backref=backref(
        "search_words", cascade="all, delete-orphan", passive_deletes=True, lazy="select"))

    @classmethod
    def public_criteria(cls):
        """Residents reach the words of the services they may see."""
        return lambda row: service_is_public(row.service_id)


# What a search reads of each matching service, in one narrow index: the service rows themselves are
# wide (descriptions in three languages), and SQLite would follow their overflow pages to reach these.
Index("ix_service_search", Service.id, Service.organisation_id, Service.is_published, Service.status,
      Service.always_open, Service.is_free, Service.name_pl, Service.search_name)
# Indexes the search filters use: "services in category X", "services in district Y".
Index("ix_service_taxonomy_term_service", ServiceTaxonomy.taxonomy_term_id, ServiceTaxonomy.service_id)
Index("ix_service_area_district_service", ServiceArea.district_id, ServiceArea.service_id)
Index("ix_service_at_location_location_service", ServiceAtLocation.location_id, ServiceAtLocation.service_id)
Index("ix_location_district", Location.district_id)


class SearchQueryWeek(DepartmentOnly, db.Model):
    """How often residents searched for one query in one week and language, when it found little.

    Counted, never tied to a person or an address: no user, session, IP or time of day is kept.
    The query is stored folded (lower case, no diacritics, words in order, at most
    ``QUERY_MAX`` characters); queries that look like personal data (long digit runs, e-mail
    addresses) are not recorded. ``results`` is what the latest such search found (capped).
    """

    __tablename__ = "search_query_week"
    __table_args__ = (UniqueConstraint("week", "locale", "query", name="uq_search_query_week"),)

    QUERY_MAX = 200

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[date] = mapped_column(Date, index=True)  # the Monday of the week (Europe/Warsaw)
    locale: Mapped[str] = mapped_column(String(5))
    query: Mapped[str] = mapped_column(String(QUERY_MAX))
    searches: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[int] = mapped_column(Integer, default=0)
