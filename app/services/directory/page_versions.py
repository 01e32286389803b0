"""The data versions of what the public pages kept by the page cache show (``app.page_cache``).

``alerts``: the department's home-page alerts — an urgent one must be on the home page at once. ``taxonomy``:
the categories (the home page's tiles, every search's category list). ``listings``: what a search result shows of
a service — the service, its categories, phones, hours, closures, places and their districts, and its
organisation. Each is raised by the transaction that changes one of its rows (``app.data_versions``); the page
cache reads the three in one statement at most once a second per worker and drops its pages when one moved.
"""

from __future__ import annotations

from app import data_versions
from app.models import (
    Alert,
    Closure,
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)

ALERTS = "alerts"
TAXONOMY = "taxonomy"
LISTINGS = "listings"
FOLLOWED = (ALERTS, TAXONOMY, LISTINGS)

data_versions.watch(ALERTS, Alert)
data_versions.watch(TAXONOMY, TaxonomyTerm)
data_versions.watch(LISTINGS, Service, ServiceTaxonomy, Phone, Schedule, Closure, ServiceAtLocation, Location,
                    District, Organisation)
