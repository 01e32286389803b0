"""The public "The city in figures": the indicators the department publishes, each with its chart over the years,
its figures in a table beside it, where they come from, and downloads."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.fragment_cache import cached_fragment
from app.i18n import current_language
from app.page_cache import cacheable
from app.permissions import public
from app.services.reports import indicators
from blueprints.indicators.figures import Figure, download, figure_of

bp = Blueprint("indicators", __name__, template_folder="templates")


@bp.get("/results/city")
@public
@cacheable
def city_figures():
    """Anyone: the city's published indicators over the years (monitored families, children placed in care…), each
    as a chart with its table and source; ``?format=csv|xlsx`` (``&indicator=<code>`` for one) downloads them.
    Reads only; the figures part is kept per worker under the indicators' data version."""
    locale = current_language()
    if request.args.get("format") is not None:
        return download(_figures(locale), "city-in-figures", key=lambda indicator: indicator.code)
    body = cached_fragment(("city-figures", indicators.version(), locale),
                           lambda: render_template("indicators/_public_figures.html", figures=_figures(locale)))
    return render_template("indicators/public.html", body=body)


def _figures(locale: str) -> list[Figure]:
    return [figure_of(indicator, locale) for indicator in indicators.published_indicators()]
