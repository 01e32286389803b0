"""The ranking table, drawn for the console, the commission members and the minutes alike."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from app.fragment_cache import cached_fragment
from app.i18n import current_language
from app.models import Call
from app.services.funding import ranking, scoring


def ranking_table(call: Call) -> Markup:
    """The call's ranking as a table; once the commission has closed (the scores are final) it is drawn once per
    worker and language (app/fragment_cache.py)."""
    def draw() -> str:
        return render_template("evaluation/_ranking.html", call=call, ranked=ranking.ranking(call),
                               means=scoring.criterion_means(call))
    if call.commission_closed_at is None:
        return Markup(draw())  # noqa: S704 - a template Jinja rendered with autoescaping
    return cached_fragment(("ranking", call.id, call.commission_closed_at, current_language()), draw)
