"""The public exports (/directory.csv, /events.ics) are built once per change, streamed, and a repeat gets 304;
the service page, /events and /volunteering cost the same statements whatever they hold (issue 13 §3)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import event as sql_event

from app import fragment_cache
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import Event, Organisation, Recurrence, Service
from app.tenancy import system_scope
from blueprints.activities.public import forget_kept_calendars

SECRET_STREET = "ul. Tajna 7"


def _at(days: int, hour: int) -> datetime:
    return datetime.combine(local_today() + timedelta(days=days), time(hour), WARSAW).astimezone(UTC)


@pytest.fixture
def kept(app, tmp_path):
    """Exports and drawn lists kept, as in production, in a folder of this test's own."""
    app.config.update(FRAGMENT_CACHE=True, EXPORT_CACHE_FOLDER=str(tmp_path / "exports"))
    fragment_cache.clear()
    forget_kept_calendars()
    yield tmp_path / "exports"
    app.config.update(FRAGMENT_CACHE=False, EXPORT_CACHE_FOLDER=None)
    fragment_cache.clear()
    forget_kept_calendars()


@pytest.fixture
def directory(city, make):
    """A's public service, A's service at a confidential place, B's service, and a service of a switched-off
    organisation; a crisis category under a parent."""
    centrum = make.district("centrum", "Centrum")
    crisis = make.term("crisis", "Kryzys", is_crisis=True)
    violence = make.term("crisis.violence", "Przemoc domowa", parent=crisis, label_en="Domestic violence")
    advice = make.term("legal", "Porady prawne", label_en="Legal advice")
    office = make.location(city.org_a, "Biuro A", street="ul. Jasna 1", postal_code="41-500", district=centrum)
    hidden = make.location(city.org_a, "Schronienie A", street=SECRET_STREET, postal_code="41-500",
                           district=centrum, is_confidential=True)
    off = make.organisation("Fundacja Wyłączona", is_active=False)
    return {
        "advice": make.service(city.org_a, "Poradnia prawna", name_en="Legal advice point", places=[office],
                               categories=[advice], phones=["+48 32 100 00 01"],
                               hours=[(0, time(8), time(16))]),
        "flat": make.service(city.org_a, "Mieszkanie chronione", places=[hidden], categories=[violence]),
        "b": make.service(city.org_b, "Noclegownia B", places=[make.location(city.org_b, "Dom B", street="ul. Bema 2",
                                                                             district=centrum)]),
        "off": make.service(off, "Usługa wyłączona"),
        "office": office, "hidden": hidden, "centrum": centrum,
    }


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _rename(app, model, row_id: int, **values) -> None:
    """Another worker's change, committed."""
    with app.app_context(), system_scope("tests"):
        row = db.session.get(model, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


# --- /directory.csv --------------------------------------------------------------------------------------------

def test_the_csv_is_streamed_with_validators_and_a_repeat_gets_304(client, directory, kept):
    first = client.get("/directory.csv")
    assert first.status_code == 200 and first.mimetype == "text/csv"
    assert first.is_streamed  # a generator of pieces read from the kept file, not one string in memory
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert int(first.headers["Content-Length"]) == len(first.get_data())
    assert [row["name"] for row in _rows(first)] == ["Mieszkanie chronione", "Noclegownia B", "Poradnia prawna"]

    again = client.get("/directory.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == first.headers["ETag"]
    since = client.get("/directory.csv", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304 and since.get_data() == b""
    other = client.get("/directory.csv", headers={"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200 and other.get_data() == first.get_data()
    assert len(list(kept.glob("directory-*.csv"))) == 1  # built once, kept on disk


def test_a_changed_service_gives_a_new_etag_and_new_content(app, client, directory, kept):
    first = client.get("/directory.csv")
    _rename(app, Service, directory["advice"], name_pl="Poradnia prawna i obywatelska")
    second = client.get("/directory.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert "Poradnia prawna i obywatelska" in {row["name"] for row in _rows(second)}

    _rename(app, Organisation, directory_org(app, directory["b"]), is_active=False)  # B switched off
    third = client.get("/directory.csv", headers={"If-None-Match": second.headers["ETag"]})
    assert third.status_code == 200 and "Noclegownia B" not in {row["name"] for row in _rows(third)}


def directory_org(app, service_id: int) -> int:
    with app.app_context(), system_scope("tests"):
        return db.session.get(Service, service_id).organisation_id


def test_the_csv_keeps_a_confidential_address_empty_and_labels_in_the_readers_language(client, directory, kept):
    english = client.get("/directory.csv", headers={"Accept-Language": "en"})
    rows = {row["name"]: row for row in _rows(english)}
    assert rows["Mieszkanie chronione"]["address"] == "" and SECRET_STREET not in english.get_data(as_text=True)
    assert rows["Mieszkanie chronione"]["district"] == "Centrum"
    assert rows["Legal advice point"]["categories"] == "Legal advice"
    assert rows["Legal advice point"]["address"].startswith("ul. Jasna 1") and rows["Legal advice point"]["hours"]
    assert "Usługa wyłączona" not in english.get_data(as_text=True)
    polish = client.get("/directory.csv", headers={"Accept-Language": "pl"})
    assert polish.headers["ETag"] != english.headers["ETag"]
    assert "Porady prawne" in polish.get_data(as_text=True)


def test_the_csv_is_the_same_without_the_cache(app, client, directory):
    assert not app.config["FRAGMENT_CACHE"]
    response = client.get("/directory.csv")
    assert response.status_code == 200 and response.headers["ETag"]
    assert {row["name"] for row in _rows(response)} == {"Mieszkanie chronione", "Noclegownia B", "Poradnia prawna"}


# --- /events.ics -----------------------------------------------------------------------------------------------

@pytest.fixture
def events(city, make, directory):
    return {
        "group": make.event(city.org_a, "Grupa wsparcia", starts_at=_at(3, 18), ends_at=_at(3, 20),
                            location=directory["office"]),
        "secret": make.event(city.org_a, "Spotkanie w schronieniu", starts_at=_at(4, 18), ends_at=_at(4, 19),
                             location=directory["hidden"]),
        "b": make.event(city.org_b, "Półkolonie B", kind="holiday_activity", starts_at=_at(8, 9), ends_at=_at(8, 14),
                        place_pl="Park"),
    }


def test_the_feed_is_streamed_and_a_repeat_gets_304(client, events, kept):
    first = client.get("/events.ics")
    assert first.status_code == 200 and first.mimetype == "text/calendar" and first.is_streamed
    body = first.get_data(as_text=True)
    assert "Grupa wsparcia" in body and "Półkolonie B" in body and SECRET_STREET not in body
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/events.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    since = client.get("/events.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304 and since.get_data() == b""
    filtered = client.get("/events.ics?kind=holiday_activity")
    assert filtered.headers["ETag"] != first.headers["ETag"]
    assert "Półkolonie B" in filtered.get_data(as_text=True) and "Grupa wsparcia" not in filtered.get_data(as_text=True)


def test_a_changed_event_gives_a_new_etag_and_new_content(app, client, events, kept):
    first = client.get("/events.ics")
    _rename(app, Event, events["group"], title_pl="Grupa wsparcia dla rodziców", recurrence=Recurrence.ONCE)
    second = client.get("/events.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert "Grupa wsparcia dla rodziców" in second.get_data(as_text=True)
    _rename(app, Event, events["b"], is_published=False)
    third = client.get("/events.ics")
    assert "Półkolonie B" not in third.get_data(as_text=True)


def test_the_events_page_shows_a_change_at_once_while_kept(app, client, events, kept):
    assert "Grupa wsparcia" in client.get("/events").get_data(as_text=True)
    _rename(app, Event, events["group"], title_pl="Nowa nazwa grupy")
    assert "Nowa nazwa grupy" in client.get("/events").get_data(as_text=True)
    assert "Półkolonie B" in client.get("/events").get_data(as_text=True)


def test_the_volunteering_page_shows_a_change_at_once_while_kept(app, city, client, make, kept):
    offer = make.opportunity(city.org_a, "Pomoc w świetlicy")
    make.opportunity(city.org_b, "Wolontariat B")
    assert "Pomoc w świetlicy" in client.get("/volunteering").get_data(as_text=True)
    _rename(app, Organisation, city.org_a.id, is_active=False)
    page = client.get("/volunteering").get_data(as_text=True)
    assert "Pomoc w świetlicy" not in page and "Wolontariat B" in page and offer


# --- statements per page ---------------------------------------------------------------------------------------

def _statements(app, client, path: str) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sql_event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sql_event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_the_service_page_costs_the_same_statements_however_much_it_holds(app, city, client, make, directory):
    small = _statements(app, client, f"/services/{directory['b']}")
    terms = [make.term() for _ in range(4)]
    places = [make.location(city.org_a, street=f"ul. Długa {n}", district=directory["centrum"]) for n in range(4)]
    big = make.service(city.org_a, "Duża usługa", phones=[f"+48 32 100 00 1{n}" for n in range(4)],
                       hours=[(d, time(8), time(16)) for d in range(7)], places=places, categories=terms,
                       closures=[(local_today() + timedelta(days=d), local_today() + timedelta(days=d))
                                 for d in range(3)])
    page = client.get(f"/services/{big}").get_data(as_text=True)
    assert "Duża usługa" in page and "ul. Długa 3" in page
    # the versions, the service and its five parts, the taxonomy and districts, capacity (and two savepoints)
    assert _statements(app, client, f"/services/{big}") == small <= 12


def test_the_crisis_service_page_still_has_the_quick_exit(client, directory):
    assert "quick-exit" in client.get(f"/services/{directory['flat']}").get_data(as_text=True)
    assert "quick-exit" not in client.get(f"/services/{directory['advice']}").get_data(as_text=True)


def test_events_and_volunteering_cost_the_same_statements_with_more_rows(app, city, client, make, directory):
    make.event(city.org_a, "Jedno", starts_at=_at(2, 10), ends_at=_at(2, 11))
    make.opportunity(city.org_a, "Jedna oferta", district=directory["centrum"])
    few = {path: _statements(app, client, path) for path in ("/events", "/volunteering")}
    for n in range(12):
        make.event(city.org_a if n % 2 else city.org_b, f"Wydarzenie {n}", starts_at=_at(n + 1, 10),
                   ends_at=_at(n + 1, 11), location=directory["office"] if n % 2 else None, place_pl="Park",
                   recurrence=Recurrence.WEEKLY if n % 3 == 0 else Recurrence.ONCE,
                   repeat_until=local_today() + timedelta(days=40) if n % 3 == 0 else None)
        make.opportunity(city.org_a if n % 2 else city.org_b, f"Oferta {n}", district=directory["centrum"])
    many = {path: _statements(app, client, path) for path in ("/events", "/volunteering")}
    assert many == few and max(many.values()) <= 7, (few, many)
    assert "Wydarzenie 11" in client.get("/events").get_data(as_text=True)


def test_a_kept_page_costs_a_version_check(app, client, directory, kept):
    for path in ("/volunteering", "/events", "/directory.csv", "/events.ics"):
        client.get(path)
        assert _statements(app, client, path) <= 3, path


def test_the_calendar_reads_only_the_one_off_events_it_can_list(city, client, make, monkeypatch):
    from app.services.activities import calendar

    monkeypatch.setattr(calendar, "MAX_OCCURRENCES", 3)
    for n in range(6):
        make.event(city.org_a if n % 2 else city.org_b, f"Spotkanie {n}", starts_at=_at(6 - n, 10),
                   ends_at=_at(6 - n, 11), place_pl="Park")
    page = client.get("/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Only the first 3 dates are listed" in page
    assert all(f"Spotkanie {n}" in page for n in (5, 4, 3)) and not any(f"Spotkanie {n}" in page for n in (2, 1, 0))
