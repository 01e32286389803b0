"""A service page's article is kept per worker under the directory's version (blueprints/directory/service_page.py):
a resident sees a change to the service on the next page, the open/closed badge follows the clock and the places
count stays live while the article is kept, an unpublished service is gone at once, and a kept page reads fewer
statements than a drawn one.

The suite runs with the fragment cache off; these tests switch it on."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import event, update

from app import fragment_cache
from app.extensions import db
from app.localtime import WARSAW
from app.models import CapacityUnit, Service
from app.tenancy import system_scope
from blueprints.directory import routes as directory_routes
from blueprints.directory import service_page
from tests.functional.support import page
from tests.functional.test_places_tonight import add_unit

TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=WARSAW)
TUESDAY_EVENING = datetime(2026, 12, 1, 20, 0, tzinfo=WARSAW)


@pytest.fixture
def kept(app):
    """The fragment cache on, as in production, for one test."""
    app.config["FRAGMENT_CACHE"] = True
    service_page.forget_kept_articles()
    fragment_cache.clear()
    yield
    app.config["FRAGMENT_CACHE"] = False
    service_page.forget_kept_articles()
    fragment_cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Set the service page's Warsaw time: ``clock(moment)``."""
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(directory_routes, "local_now", lambda: moment)
    set_to(TUESDAY_MORNING)
    return set_to


@pytest.fixture
def statements(app):
    """Counts SQL statements sent while the test runs (not the test's own savepoints)."""
    seen = []

    def count(_connection, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def _commit(app, statement) -> None:
    with app.app_context(), system_scope("tests"):
        db.session.execute(statement)
        db.session.commit()


def test_a_change_to_the_service_shows_on_the_next_page(app, browser, make, city, kept, clock, statements):
    service_id = make.service(city.org_a, "Punkt pomocy rodzinie", description_pl="Porady dla rodzin.",
                              phones=["32 111 22 33"], hours=[(1, time(9), time(17))])
    reader = browser()
    before = len(statements)
    first = reader.get(f"/services/{service_id}")
    drawn = len(statements) - before
    before = len(statements)
    again = reader.get(f"/services/{service_id}")
    assert again.get_data(as_text=True) == first.get_data(as_text=True)
    assert len(statements) - before == 1 < drawn  # the kept article, and no place: only the versions are read

    _commit(app, update(Service).where(Service.id == service_id).values(name_pl="Punkt wsparcia rodzin"))
    renamed = page(reader.get(f"/services/{service_id}"))
    assert "Punkt wsparcia rodzin" in renamed and "Punkt pomocy rodzinie" not in renamed

    _commit(app, update(Service).where(Service.id == service_id).values(is_published=False))
    assert reader.get(f"/services/{service_id}").status_code == 404


def test_the_badge_follows_the_clock_while_the_article_is_kept(app, browser, make, city, kept, clock):
    service_id = make.service(city.org_a, "Poradnia wtorkowa", hours=[(1, time(9), time(17))])
    reader = browser()
    morning = page(reader.get(f"/services/{service_id}"))
    assert "Open now" in morning and "Closed now" not in morning
    clock(TUESDAY_EVENING)
    evening = page(reader.get(f"/services/{service_id}"))
    assert "Closed now" in evening and "Open now" not in evening
    assert "09:00–17:00" in evening  # the week's hours from the kept article


def test_the_places_count_stays_live_under_a_kept_article(app, browser, make, city, kept, clock):
    place = make.location(city.org_a, "Noclegownia przy Jasnej", street="ul. Jasna 5")
    service_id = make.service(city.org_a, "Noclegownia", places=[place], always_open=True,
                              phones=[{"number": "32 100 20 30", "is_24h": True}])
    unit = add_unit(app, service_id, place, city.org_a, "Sala A", total=20, occupied=5)
    reader = browser()
    assert "15 free places" in page(reader.get(f"/services/{service_id}"))
    _commit(app, update(CapacityUnit).where(CapacityUnit.id == unit).values(occupied=19))
    shown = page(reader.get(f"/services/{service_id}"))
    assert "1 free place" in shown and "15 free places" not in shown
    assert "Call before you come:" in shown and "32 100 20 30" in shown  # the phone kept as plain values


def test_each_language_gets_its_own_article(app, browser, make, city, kept, clock):
    service_id = make.service(city.org_a, "Punkt konsultacyjny", walk_in=True)
    assert "Come in without an appointment." in page(browser(lang="en").get(f"/services/{service_id}"))
    polish = page(browser(lang="pl").get(f"/services/{service_id}"))
    assert "Come in without an appointment." not in polish and "Przyjdź bez umawiania się." in polish


def test_a_first_unit_shows_on_a_kept_page_that_had_no_places(app, browser, make, city, kept, clock):
    place = make.location(city.org_a, "Hostel przy Polnej", street="ul. Polna 3")
    service_id = make.service(city.org_a, "Hostel interwencyjny", places=[place], always_open=True)
    reader = browser()
    assert "free places" not in page(reader.get(f"/services/{service_id}")).text
    add_unit(app, service_id, place, city.org_a, "Pokój 1", total=4, occupied=1)
    assert "3 free places" in page(reader.get(f"/services/{service_id}"))
