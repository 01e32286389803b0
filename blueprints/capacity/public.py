"""Residents: "places tonight" — the services with a bed or a room for the night and whether one is free now.

Not kept by the page cache (see ``app.services.capacity.versions``): a count changed by a shelter shows on the
very next visit. Filters are links with a GET parameter (who the places are for), so the page needs no
JavaScript; an unknown filter value is ignored, never an error.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.i18n import current_language
from app.models import utcnow
from app.permissions import public
from app.services.capacity import availability as places
from app.tenancy import public_scope

bp = Blueprint("capacity", __name__, template_folder="templates")


@bp.get("/places-tonight")
@public
def places_tonight():
    """Anyone: services with places for the night, 24/7 ones with free places first, filtered by who they serve."""
    locale = current_language()
    serves = places.parse_serves(request.args.get("serves"))
    with public_scope():
        entries = places.places_tonight(locale, serves, utcnow())
        return render_template("capacity/public/places_tonight.html", entries=entries, serves=serves,
                               filters=places.SERVES_FILTERS,
                               with_places=sum(1 for entry in entries if entry.has_places))
