"""A service page's article, drawn once per service, directory version, language, host and day, and kept per worker.

Everything the article says comes from the directory's rows, which the ``directory`` data version watches (the
service and its phones, hours, closures, places, categories, its organisation, locations and districts), plus the
day (the week's "today", the closures and holidays coming up). Under that key it cannot change, so a page whose
article is kept reads one statement for the version and loads no service. Three parts depend on the moment and are
drawn for each request into the kept article's marked places: the open/closed badge (from the service's hours kept
as plain values), the notice that the listing may be out of date, and the places block (counted live: a count
changed by staff shows on the next page). Nothing personal is in the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask import render_template, request
from markupsafe import Markup

from app.fragment_cache import KeptParts
from app.models import Service, ServiceStatus
from app.services.directory import hours as opening_hours
from app.services.directory import listing

MAX_PAGES = 1000  # an article is 4–8 kB: at most ~8 MB per worker
_articles = KeptParts(MAX_PAGES)
LIVE_PARTS = ("badge", "stale", "places")
_MARKERS = {name: Markup(f"<!--live:{name}-->") for name in LIVE_PARTS}  # noqa: S704 - fixed names


@dataclass(frozen=True)
class Span:
    """One opening span of the week, as plain values (what ``is_open_at`` reads)."""

    weekday: int
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class Days:
    """A closure's first and last day, as plain values."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class PhoneNumber:
    """A phone as the places block shows it."""

    number: str
    is_24h: bool


@dataclass(frozen=True)
class KeptArticle:
    """A service page's article with its live parts marked, and the plain values those parts are drawn from.

    Reads like a service where the live parts read one (``status``, ``always_open``, ``closures``, ``schedules``,
    ``closed_on_holidays``, ``phones``), so the same functions and templates draw them."""

    id: int
    title: str
    crisis: bool
    html: Markup
    status: ServiceStatus
    always_open: bool
    closed_on_holidays: bool
    last_verified_at: datetime | None
    schedules: tuple[Span, ...]
    closures: tuple[Days, ...]
    phones: tuple[PhoneNumber, ...]

    def filled(self, **parts: Markup) -> Markup:
        """The article with each live part drawn in its marked place."""
        html = str(self.html)
        for name in LIVE_PARTS:
            html = html.replace(str(_MARKERS[name]), str(parts.get(name, "")), 1)
        return Markup(html)  # noqa: S704 - drawn by autoescaped templates; a marker cannot come from a service's text


def _draw(service: Service, locale: str, now: datetime) -> KeptArticle:
    today = now.date()
    html = render_template(
        "directory/_service_article.html", service=service, now=now, live=_MARKERS,
        hours=opening_hours.hours_by_day(service), closures=opening_hours.upcoming_closures(service, today),
        holidays=opening_hours.upcoming_holidays(service, today))
    return KeptArticle(
        id=service.id, title=service.text("name", locale), crisis=listing.is_crisis(service),
        html=Markup(html),  # noqa: S704 - rendered by an autoescaped template
        status=service.status, always_open=service.always_open, closed_on_holidays=service.closed_on_holidays,
        last_verified_at=service.last_verified_at,
        schedules=tuple(Span(s.weekday, s.opens_at, s.closes_at) for s in service.schedules),
        closures=tuple(Days(c.starts_on, c.ends_on) for c in service.closures),
        phones=tuple(PhoneNumber(p.number, p.is_24h) for p in service.phones))


def kept_article(service_id: int, version: int, locale: str, now: datetime) -> KeptArticle | None:
    """The article of a public service (read through the active scope), drawn or kept; None when there is none."""
    key = ("service-page", version, service_id, locale, request.host_url, now.date())
    found = _articles.get(key) if version else None
    if found is None:
        service = listing.service_page(service_id)
        if service is None:
            return None
        found = _draw(service, locale, now)
        if version:
            _articles.put(key, found)
    return found


def forget_kept_articles() -> None:
    """Forget every kept article (tests)."""
    _articles.clear()
