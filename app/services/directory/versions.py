"""The data version of what a search can find: raised by every transaction that changes the word index, the
taxonomy, a service or an organisation (publication, names, an organisation made inactive).

The typo vocabulary (``app.services.directory.typos``) is kept per worker under this version, so it is built
once per change instead of per request, and a word added a moment ago is a correction on the next search.
"""

from __future__ import annotations

from sqlalchemy import select

from app import data_versions
from app.models import Organisation, Service, TaxonomyTerm
from app.models.search import SearchWord
from app.models.versions import DataVersion

SEARCH = "search"

data_versions.watch(SEARCH, SearchWord, TaxonomyTerm, Service, Organisation)


def version_column():
    """The version as a scalar subquery, to be read in a statement the search runs anyway (0 before any change)."""
    table = DataVersion.__table__
    return select(table.c.version).where(table.c.name == SEARCH).scalar_subquery()
