"""GET /search/suggest?q=…: categories and services matching what a resident is typing, as JSON.

The search box works without it (the form is sent as before); app/static/js/suggest.js uses it to
offer a list while typing. Public, read-only, the same for everyone in one language, so browsers
and proxies may keep an answer for a minute (``Vary`` on the language's sources).
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from flask_babel import ngettext

from app.i18n import current_language
from app.permissions import public
from app.services.directory import suggestions
from app.tenancy import public_scope
from blueprints.forms import typed_query

bp = Blueprint("suggestions", __name__)

MAX_AGE = 60  # seconds an answer may be kept by the browser or a proxy


@bp.get("/search/suggest")
@public
def suggest():
    """Anyone: up to five categories and five services whose names begin with the typed words, from the 2nd letter."""
    query = typed_query("q", suggestions.MAX_QUERY_CHARS)
    with public_scope():
        found = suggestions.suggest(query, current_language())
    kinds = {"category": _("Category"), "service": _("Service")}
    status = (ngettext("%(num)d suggestion", "%(num)d suggestions", len(found)) if found
              else _("No suggestions") if suggestions.typed_words(query) else "")
    response = jsonify(query=query, status=status, label=_("Suggestions"),
                       suggestions=[{**s.as_json(), "kind_label": kinds[s.kind]} for s in found])
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response
