"""The data version of capacity: raised by every transaction that changes a unit, its history or the kinds.

Public pages that show availability are not kept by the page cache (``app.page_cache``): it keeps a page for
``PAGE_CACHE_SECONDS`` per worker by time alone, and a count changed by a shelter's night staff must show on the
next visit — as must "updated 5 minutes ago", which changes with the clock even when the data do not. So
"places tonight" (``blueprints.capacity.public``) and the service page are rendered on every request; both read a
few indexed rows in a fixed number of queries. A part of a page that is kept (``app.fragment_cache``) must carry
this version in its key, so that a change is never hidden.
"""

from __future__ import annotations

from app import data_versions
from app.models.capacity import CapacityKind, CapacityUnit, OccupancyUpdate

CAPACITY = "capacity"

data_versions.watch(CAPACITY, CapacityUnit, OccupancyUpdate, CapacityKind)


def version() -> int:
    """The version of the capacity units, their history and the kinds as this request sees them."""
    return data_versions.current(CAPACITY)
