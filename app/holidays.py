"""Polish public holidays (dni ustawowo wolne od pracy), for closures and "open now"."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=8)
def public_holidays(year: int) -> dict[date, str]:
    """The statutory days off in Poland in ``year``, with their names (translated when shown).

    Cached per year (every "open now" search asks): callers must not change the dict.
    """
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): _l("New Year's Day"),
        date(year, 1, 6): _l("Epiphany"),
        easter: _l("Easter Sunday"),
        easter + timedelta(days=1): _l("Easter Monday"),
        date(year, 5, 1): _l("Labour Day"),
        date(year, 5, 3): _l("Constitution Day"),
        easter + timedelta(days=49): _l("Pentecost"),
        easter + timedelta(days=60): _l("Corpus Christi"),
        date(year, 8, 15): _l("Assumption Day"),
        date(year, 11, 1): _l("All Saints' Day"),
        date(year, 11, 11): _l("Independence Day"),
        date(year, 12, 25): _l("Christmas Day"),
        date(year, 12, 26): _l("Second Day of Christmas"),
    }
    if year >= 2025:
        days[date(year, 12, 24)] = _l("Christmas Eve")
    return days


def is_public_holiday(day: date) -> bool:
    """Whether ``day`` is a statutory day off in Poland."""
    return day in public_holidays(day.year)

