"""Events as residents see them: the calendar, occurrences, filters.

An event is stored once, in UTC; a weekly one repeats on the same weekday at the same
Europe/Warsaw wall-clock time until ``repeat_until`` (so an 18:00 group stays at 18:00 across
the change to and from summer time). Everything here reads through the active scope: public
routes call it inside ``public_scope()``, so only published rows of active organisations show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.localtime import WARSAW, local_today, start_of_day, to_local
from app.models import (
    District,
    Event,
    EventKind,
    Location,
    Recurrence,
    Service,
    utcnow,
)
from app.services.directory.listing import is_crisis
from app.sql import escape_like

DEFAULT_WEEKS = 6
MAX_WEEKS = 12
MAX_OCCURRENCES = 300  # one calendar page never lists more than this
MAX_SERIES_DAYS = 366  # a weekly event repeats for at most about a year
FEED_PAST_DAYS = 30  # the .ics feed keeps events that ended in the last month
EARLIEST_START = 366  # how far back the calendar may be paged (days)
LATEST_START = 2 * 366  # how far ahead (days)


@dataclass(frozen=True)
class Window:
    """Whole days of the calendar, from ``first_day`` for ``weeks`` weeks (Europe/Warsaw)."""

    first_day: date
    weeks: int = DEFAULT_WEEKS

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=7 * self.weeks - 1)

    @property
    def starts_at(self) -> datetime:
        return start_of_day(self.first_day)

    @property
    def ends_at(self) -> datetime:
        return start_of_day(self.last_day + timedelta(days=1))

    def earlier(self) -> date:
        return self.first_day - timedelta(days=7 * self.weeks)

    def later(self) -> date:
        return self.last_day + timedelta(days=1)


def start_is_sensible(day: date, today: date | None = None) -> bool:
    """Whether a calendar may start on ``day``: within a year back and two years ahead."""
    today = today or local_today()
    return today - timedelta(days=EARLIEST_START) <= day <= today + timedelta(days=LATEST_START)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event, with its start and end in Europe/Warsaw."""

    event: Event
    starts_at: datetime
    ends_at: datetime

    @property
    def day(self) -> date:
        return self.starts_at.date()

    @property
    def is_cancelled(self) -> bool:
        return self.event.is_cancelled


def series_end(event: Event) -> date:
    """The last Europe/Warsaw day a weekly event may happen on (``repeat_until``, capped at a year)."""
    first = to_local(event.starts_at).date()
    cap = first + timedelta(days=MAX_SERIES_DAYS)
    if event.repeat_until is None:
        return cap
    return min(event.repeat_until, cap)


def _wall_clock_duration(event: Event) -> timedelta:
    """The length of the event as the clock on the wall shows it (the same across a DST change)."""
    start, end = to_local(event.starts_at), to_local(event.ends_at)
    return end.replace(tzinfo=None) - start.replace(tzinfo=None)


def _at_local(day: date, at: time, duration: timedelta) -> tuple[datetime, datetime]:
    """Start and end on ``day`` at the wall-clock time ``at`` in Europe/Warsaw, normalised."""
    naive_start = datetime.combine(day, at)
    starts = naive_start.replace(tzinfo=WARSAW).astimezone(UTC).astimezone(WARSAW)
    ends = (naive_start + duration).replace(tzinfo=WARSAW).astimezone(UTC).astimezone(WARSAW)
    return starts, ends


def occurrences(event: Event, window_start: datetime, window_end: datetime) -> list[Occurrence]:
    """The dates of ``event`` that overlap ``[window_start, window_end)`` (aware moments), in order.

    A one-off event has one date. A weekly one repeats every seven days at the same local time,
    up to and including ``series_end``; each date keeps the wall-clock start and end.
    """
    if event.recurrence != Recurrence.WEEKLY:
        if event.starts_at < window_end and event.ends_at > window_start:
            return [Occurrence(event, to_local(event.starts_at), to_local(event.ends_at))]
        return []
    first = to_local(event.starts_at)
    at, duration = first.time().replace(tzinfo=None), _wall_clock_duration(event)
    last_day = series_end(event)
    skip = max(0, (to_local(window_start).date() - first.date()).days // 7 - 1)
    found = []
    day = first.date() + timedelta(days=7 * skip)
    while day <= last_day:
        starts, ends = _at_local(day, at, duration)
        if starts >= window_end:
            break
        if ends > window_start:
            found.append(Occurrence(event, starts, ends))
        day += timedelta(days=7)
    return found


def next_dates(event: Event, now: datetime | None = None, count: int = 6) -> list[Occurrence]:
    """The next ``count`` dates of an event that have not ended yet."""
    now = now or utcnow()
    horizon = now + timedelta(days=MAX_SERIES_DAYS + 7)
    return occurrences(event, now, horizon)[:count]


def has_ended(event: Event, now: datetime | None = None) -> bool:
    """Whether every date of an event is over (a weekly one's last date included)."""
    return not next_dates(event, now, count=1)


@dataclass(frozen=True)
class EventFilters:
    """What a resident narrowed the calendar to; each field optional and already validated."""

    kind: str = ""
    district: str = ""
    group: str = ""
    free_only: bool = False


def public_events(filters: EventFilters = EventFilters()):
    """The SELECT of events (of active organisations) matching every filter, in start order.

    The district filter never matches a confidential location: that would tell where it is.
    """
    statement = select(Event)
    if filters.kind:
        statement = statement.where(Event.kind == EventKind(filters.kind))
    if filters.district:
        statement = statement.where(Event.location_id.in_(
            select(Location.id).join(District, Location.district_id == District.id)
            .where(District.code == filters.district, Location.is_confidential.is_(False))))
    if filters.group:
        statement = statement.where(Event.target_groups.like(f"% {escape_like(filters.group)} %", escape="\\"))
    if filters.free_only:
        statement = statement.where(Event.is_free.is_(True))
    return statement.order_by(Event.starts_at, Event.id)


def _overlapping(statement, starts_at: datetime, ends_at: datetime):
    """Narrow an event SELECT to those that may have a date within the two moments."""
    earliest_day = to_local(starts_at).date()
    return statement.where(Event.starts_at < ends_at, or_(
        and_(Event.recurrence == Recurrence.ONCE, Event.ends_at > starts_at),
        and_(Event.recurrence == Recurrence.WEEKLY,
             or_(Event.repeat_until.is_(None), Event.repeat_until >= earliest_day)),
    ))


@dataclass(frozen=True)
class Calendar:
    """The calendar page: dates grouped by day, and whether the list was cut short."""

    days: list[tuple[date, list[Occurrence]]]
    count: int
    truncated: bool


def calendar(filters: EventFilters, window: Window, *, not_before: datetime | None = None) -> Calendar:
    """Every date of every matching event in the window, grouped by Europe/Warsaw day.

    Dates that ended before ``not_before`` (usually now) are left out. At most
    ``MAX_OCCURRENCES`` dates are listed; ``truncated`` says when more were found. Reads at most
    ``MAX_OCCURRENCES + 1`` one-off events, in two statements whatever the window holds.
    """
    start = max(window.starts_at, not_before) if not_before else window.starts_at
    matching = _overlapping(public_events(filters), start, window.ends_at)
    # A one-off event has one date, at its own start: the first MAX_OCCURRENCES + 1 of them by start are all the
    # page can list (and tell that more exist), however many the window holds. Weekly series are all read.
    once = matching.where(Event.recurrence == Recurrence.ONCE).limit(MAX_OCCURRENCES + 1)
    weekly = matching.where(Event.recurrence == Recurrence.WEEKLY)
    events = [*db.session.execute(once).unique().scalars(), *db.session.execute(weekly).unique().scalars()]
    dates = [o for event in events for o in occurrences(event, start, window.ends_at)]
    dates.sort(key=lambda o: (o.starts_at, o.event.title_pl, o.event.id))
    truncated = len(dates) > MAX_OCCURRENCES
    dates = dates[:MAX_OCCURRENCES]
    days: dict[date, list[Occurrence]] = {}
    for occurrence in dates:
        days.setdefault(occurrence.day, []).append(occurrence)
    return Calendar(days=list(days.items()), count=len(dates), truncated=truncated)


def feed_events(filters: EventFilters, *, now: datetime | None = None, limit: int = 1000) -> list[Event]:
    """Events for the .ics feed: all matching ones not over for more than a month."""
    now = now or utcnow()
    since = now - timedelta(days=FEED_PAST_DAYS)
    statement = _overlapping(public_events(filters), since, now + timedelta(days=LATEST_START + MAX_SERIES_DAYS))
    return list(db.session.execute(statement.limit(limit)).unique().scalars())


def public_event(event_id: int) -> Event | None:
    """A published event of an active organisation, or None."""
    found = db.session.execute(select(Event).where(Event.id == event_id)).unique().scalar_one_or_none()
    return found


def related_service(event: Event) -> Service | None:
    """The service the event belongs to, when residents may see it (through the active scope)."""
    if event.service_id is None:
        return None
    return db.session.execute(select(Service).where(Service.id == event.service_id)).unique().scalar_one_or_none()


def districts() -> list[District]:
    """The city's districts in their usual order."""
    return list(db.session.execute(select(District).order_by(District.position, District.name)).scalars())


def needs_quick_exit(event: Event, service) -> bool:
    """An event for victims of violence, at a confidential place or tied to a crisis service."""
    located_in_secret = event.location is not None and event.location.is_confidential
    return located_in_secret or "violence" in event.group_list or (service is not None and is_crisis(service))

