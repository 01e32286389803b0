"""The demo city's counted search queries: six weeks of what residents searched for and found little.

So that Console → Search queries shows something after ``make run``: everyday words the demo
taxonomy does not know yet ("komornik", "gdzie się umyć", "пральня", "food bank"), typos, in
three languages, counted per week as app/services/directory/insights.py counts them (folded, no
person). Loaded only when nothing has been counted yet, so loading twice changes nothing.
"""

from __future__ import annotations

import zlib
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models.search import SearchQueryWeek
from app.services.directory.insights import counted_query, week_of

WEEKS = 6
# (language, the query as typed, searches in a usual week, what it found)
QUERIES = (
    ("pl", "noclegownia", 14, 0), ("pl", "komornik", 9, 0), ("pl", "gdzie się umyć", 7, 0),
    ("pl", "mąż pije", 6, 0), ("pl", "psycholg", 5, 0), ("pl", "gdzie spać", 8, 1),
    ("pl", "bezdomna kobieta", 4, 1), ("pl", "darmowy obiad", 6, 2), ("pl", "pralnia", 3, 0),
    ("pl", "wózek inwalidzki", 2, 0), ("pl", "długi", 3, 2),
    ("uk", "пральня", 4, 0), ("uk", "нічліг", 5, 0), ("uk", "безкоштовна їжа", 6, 0),
    ("uk", "психолог для дитини", 2, 1),
    ("en", "food bank", 3, 0), ("en", "free lunch for kids", 2, 0), ("en", "counseling", 2, 1),
)


def load_search_queries() -> int:
    """The demo's counted queries for the last WEEKS weeks; returns how many rows were added (0 when any exist)."""
    if db.session.execute(select(SearchQueryWeek.id).limit(1)).first():
        return 0
    this_week = week_of(local_today())
    added = 0
    for back in range(WEEKS):
        week = this_week - timedelta(weeks=back)
        for locale, typed, usual, results in QUERIES:
            spread = zlib.crc32(f"{typed}-{back}".encode()) % 5  # 0..4: weeks differ, every load alike
            searches = max(0, usual + spread - 2) // (2 if back == 0 else 1)  # this week has only begun
            if searches:
                db.session.add(SearchQueryWeek(week=week, locale=locale, query=counted_query(typed),
                                               searches=searches, results=results))
                added += 1
    db.session.flush()
    return added
