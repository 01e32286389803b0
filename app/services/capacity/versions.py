"""The data version of the city's places: raised by every transaction that changes a unit, its history or days,
the department's kinds, or what the capacity pages show of the directory (organisations, services, their phones and
places, locations, districts).

The department's board keeps its drawn parts per worker under this version (``app.fragment_cache``), so a count
changed a moment ago is on the next board drawn. Public pages that show availability are not kept by the page
cache (``app.page_cache``): it keeps a page for ``PAGE_CACHE_SECONDS`` per worker by time alone, and a count
changed by a shelter's night staff must show on the next visit — as must "updated 5 minutes ago", which changes
with the clock even when the data do not. So the service page's places block is drawn on every request, and
"places tonight" (``blueprints.capacity.public``) keeps its list per worker under this version and the minute.
"""

from __future__ import annotations

from app import data_versions
from app.models import (
    CapacityKind,
    CapacityUnit,
    District,
    Location,
    OccupancyDay,
    OccupancyUpdate,
    Organisation,
    Phone,
    Service,
    ServiceAtLocation,
)

CAPACITY = "capacity"

data_versions.watch(CAPACITY, CapacityUnit, OccupancyUpdate, OccupancyDay, CapacityKind, Organisation, Location,
                    District, Service, Phone, ServiceAtLocation)


def version() -> int:
    """The version of the city's places as this request sees them."""
    return data_versions.current(CAPACITY)
