"""The data version of the city's places: what the department's capacity board's kept parts hang on.

Every row the board draws from is watched: the units and their days, the department's kinds, the organisations'
names, the locations' names and districts, the districts. Any change raises the version in its own transaction
(``app.data_versions``), so a count changed a moment ago is on the next board drawn.
"""

from __future__ import annotations

from app import data_versions
from app.models import CapacityKind, CapacityUnit, District, Location, OccupancyDay, Organisation

CAPACITY = "capacity"

data_versions.watch(CAPACITY, CapacityUnit, OccupancyDay, CapacityKind, Organisation, Location, District)


def version() -> int:
    """The version of the city's places as this request sees them."""
    return data_versions.current(CAPACITY)
