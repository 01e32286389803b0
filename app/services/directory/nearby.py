"""Distance from a chosen point: a district's centre or the resident's own position.

Where a service is: each of its locations, at the location's own coordinates, except that a
confidential location (a shelter, a protected flat) and one without coordinates count as the
centre of their district. So a confidential place is never ordered or described more finely
than its district, and its coordinates never leave the database.

How far: the equirectangular approximation, d = R·√(Δφ² + (cos φ₀·Δλ)²), with cos φ₀ of the
origin's latitude computed here, in Python. In SQL that is plain arithmetic on the columns
(no trigonometry, which SQLite lacks without its math extension, and no PostGIS), so the
database orders every match and paging stays exact. Within a city (≤ 30 km) it differs from
the great-circle distance by well under 0.1 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Float, and_, case, cast, func, select

from app.models import District, Location, Service, ServiceAtLocation

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a district's centre, or the browser's position (district None)."""

    latitude: float
    longitude: float
    district: District | None = None

    @property
    def scale(self) -> float:
        """How much shorter a degree of longitude is than a degree of latitude here."""
        return math.cos(math.radians(self.latitude))


def parse_position(latitude, longitude) -> tuple[float, float] | None:
    """A (latitude, longitude) pair from untrusted text, or None if either is missing, not a number or out of range."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def district_origin(district: District) -> Origin:
    """Distances from a district's centre."""
    return Origin(float(district.latitude), float(district.longitude), district)


# Core columns, as in the query planner (app/services/directory/search.py): the distance only orders
# the scoped Service query it is part of.
PLACES = ServiceAtLocation.__table__
LOCATIONS = Location.__table__


def _place_columns(district=District):
    """The point a location counts as, in SQL: its own coordinates, or its district's centre."""
    place = LOCATIONS.c
    own = and_(place.is_confidential.is_(False), place.latitude.isnot(None), place.longitude.isnot(None))
    latitude = case((own, place.latitude), else_=district.latitude)
    longitude = case((own, place.longitude), else_=district.longitude)
    return cast(latitude, Float), cast(longitude, Float)


def distance_order(origin: Origin):
    """A correlated SQL expression: the squared distance (in degrees of latitude) to a service's nearest place.

    NULL for a service with no place; the caller puts those last.
    """
    latitude, longitude = _place_columns()
    north = latitude - origin.latitude
    east = (longitude - origin.longitude) * origin.scale
    return (
        select(func.min(north * north + east * east))
        .select_from(PLACES)
        .join(LOCATIONS, LOCATIONS.c.id == PLACES.c.location_id)
        .outerjoin(District, District.id == LOCATIONS.c.district_id)
        .where(PLACES.c.service_id == Service.id)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class Distance:
    """How far a service's nearest place is. ``exact`` False: only the district may be told."""

    km: float
    exact: bool
    district: District | None


def _point(location: Location) -> tuple[float, float, bool] | None:
    coordinates = location.public_coordinates
    if coordinates is not None:
        return float(coordinates[0]), float(coordinates[1]), True
    if location.district is not None:
        return float(location.district.latitude), float(location.district.longitude), False
    return None


def nearest(service: Service, origin: Origin) -> Distance | None:
    """The nearest of a service's places, measured as ``distance_order`` does (so the page agrees with the order)."""
    best: Distance | None = None
    for location in service.locations:
        point = _point(location)
        if point is None:
            continue
        lat, lon, exact = point
        km = KM_PER_DEGREE * math.hypot(lat - origin.latitude, (lon - origin.longitude) * origin.scale)
        if best is None or km < best.km:
            best = Distance(km=km, exact=exact, district=location.district)
    return best
