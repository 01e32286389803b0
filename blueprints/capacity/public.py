"""Residents: "places tonight" — the services with a bed or a room for the night and whether one is free now.

Not kept by the page cache (see ``app.services.capacity.versions``): a count changed by a shelter shows on the
very next visit. The list itself — the slow part with hundreds of units — is kept per worker
(``app.fragment_cache``) under the data version ``capacity`` (raised by any change of a unit, its counts, its
service, phones or places), the language, the filter and the minute (for "updated 5 minutes ago"). Filters are
links with a GET parameter (who the places are for), so the page needs no JavaScript; an unknown filter value is
ignored, never an error.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from markupsafe import Markup

from app.fragment_cache import cached_value
from app.i18n import current_language
from app.models import utcnow
from app.permissions import public
from app.services.capacity import availability as places
from app.services.capacity import versions as capacity_versions
from app.tenancy import public_scope

bp = Blueprint("capacity", __name__, template_folder="templates")


@bp.get("/places-tonight")
@public
def places_tonight():
    """Anyone: services with places for the night, 24/7 ones with free places first, filtered by who they serve."""
    locale = current_language()
    serves = places.parse_serves(request.args.get("serves"))
    now = utcnow()

    def draw() -> tuple[int, Markup]:
        with public_scope():
            entries = places.places_tonight(locale, serves, now)
            listing = render_template("capacity/public/_places_list.html", entries=entries)
        return sum(1 for entry in entries if entry.has_places), Markup(listing)  # noqa: S704 - autoescaped template

    key = ("places-tonight", capacity_versions.version(), locale, serves, now.replace(second=0, microsecond=0))
    with_places, listing = cached_value(key, draw)
    return render_template("capacity/public/places_tonight.html", listing=listing, serves=serves,
                           filters=places.SERVES_FILTERS, with_places=with_places)
