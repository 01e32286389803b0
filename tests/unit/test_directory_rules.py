"""Directory rules: folding for search, Polish holidays, opening hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from app.holidays import easter_sunday, public_holidays
from app.localtime import WARSAW
from app.models import ServiceStatus
from app.services.directory.hours import is_open_at
from app.services.directory.index import fold
from app.services.directory.listing import is_stale


def test_fold_removes_polish_diacritics_and_case():
    assert fold("Ośrodek ŁÓDŹ Żółć") == "osrodek lodz zolc"


def test_fold_keeps_cyrillic_letters():
    assert fold("Притулок Її") == "притулок її"


def test_easter_dates():
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)


def test_public_holidays_include_moving_and_fixed_days():
    days = public_holidays(2026)
    assert date(2026, 11, 11) in days
    assert date(2026, 6, 4) in days  # Corpus Christi: Easter + 60
    assert date(2026, 12, 24) in days  # a day off since 2025
    assert date(2026, 11, 12) not in days


def _service(**overrides):
    values = {"status": ServiceStatus.ACTIVE, "always_open": False, "closures": [], "closed_on_holidays": False,
              "schedules": [SimpleNamespace(weekday=0, opens_at=time(8), closes_at=time(16))]}
    values.update(overrides)
    return SimpleNamespace(**values)


MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=WARSAW)


def test_open_by_weekly_hours():
    service = _service()
    assert is_open_at(service, MONDAY_NOON)
    assert not is_open_at(service, MONDAY_NOON.replace(hour=16))  # closing time is not open
    assert not is_open_at(service, MONDAY_NOON + timedelta(days=1))


def test_closure_beats_hours_and_always_open():
    closure = SimpleNamespace(starts_on=date(2026, 11, 23), ends_on=date(2026, 11, 23))
    assert not is_open_at(_service(closures=[closure]), MONDAY_NOON)
    assert not is_open_at(_service(always_open=True, closures=[closure]), MONDAY_NOON)


def test_closed_on_public_holidays_only_when_the_service_says_so():
    easter_monday = datetime(2026, 4, 6, 12, 0, tzinfo=WARSAW)
    assert is_open_at(_service(), easter_monday)
    assert not is_open_at(_service(closed_on_holidays=True), easter_monday)
    assert is_open_at(_service(closed_on_holidays=True), MONDAY_NOON)


def test_always_open_and_temporarily_closed():
    assert is_open_at(_service(always_open=True, schedules=[]), MONDAY_NOON.replace(hour=3))
    assert not is_open_at(_service(status=ServiceStatus.TEMPORARILY_CLOSED), MONDAY_NOON)


def test_staleness_after_180_days():
    now = datetime(2026, 11, 22, tzinfo=UTC)
    assert not is_stale(SimpleNamespace(last_verified_at=now - timedelta(days=179)), now)
    assert is_stale(SimpleNamespace(last_verified_at=now - timedelta(days=181)), now)
    assert is_stale(SimpleNamespace(last_verified_at=None), now)
