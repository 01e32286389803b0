"""Events: the residents' calendar and feeds, and the organisation's editing (with moderation)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import partial

import icalendar
import pytest

from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    AuditEvent,
    Event,
    EventKind,
    ListingKind,
    Organisation,
    Recurrence,
    Revision,
    RevisionStatus,
    User,
    VolunteerOpportunity,
)
from app.services.moderation import review
from app.services.workflow import revisions
from app.tenancy import system_scope
from tests.functional.support import location, page

SECRET_STREET = "ul. Ukryta 13"


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """A moment ``days`` from today at a Warsaw wall-clock time, in UTC."""
    return datetime.combine(local_today() + timedelta(days=days), time(hour, minute), WARSAW).astimezone(UTC)


@pytest.fixture
def places(city, make):
    """Districts, a public and a confidential location and a service of A; a location of B."""
    centrum = make.district("centrum", "Centrum", latitude="50.297", longitude="18.954", position=0)
    batory = make.district("batory", "Batory", latitude="50.28", longitude="18.92", position=1)
    return {"hall": make.location(city.org_a, "Sala A", street="ul. Jasna 1", postal_code="41-500", district=centrum),
            "hidden": make.location(city.org_a, "Schronienie A", street=SECRET_STREET, postal_code="41-500",
                                    district=centrum, is_confidential=True,
                                    intake_pl="Najpierw zadzwoń: 32 111 22 33."),
            "b_hall": make.location(city.org_b, "Sala B", street="ul. Bema 2", district=batory),
            "service": make.service(city.org_a, "Poradnia A", description_pl="Porady."),
            "centrum": centrum}


@pytest.fixture
def events(city, make, places):
    """A's weekly group, workshop, cancelled and hidden events, one at a confidential place; B's event."""
    of_a = partial(make.event, city.org_a)
    return {
        "weekly": of_a("Grupa wsparcia dla rodziców", recurrence=Recurrence.WEEKLY, starts_at=_at(-14, 18),
                       ends_at=_at(-14, 20), repeat_until=local_today() + timedelta(days=60),
                       location=places["hall"], target_groups=" families ", title_uk="Група підтримки для батьків",
                       description_uk="Опис українською.", contact_phone="+48 32 100 20 30",
                       contact_email="grupa@a.example", service=places["service"],
                       registration_pl="Zadzwoń wcześniej."),
        "workshop": of_a("Warsztat o długach", kind=EventKind.WORKSHOP, starts_at=_at(5, 17), ends_at=_at(5, 19),
                         place_pl="Online", is_free=False),
        "cancelled": of_a("Odwołany piknik", kind=EventKind.OTHER, starts_at=_at(3, 12), ends_at=_at(3, 14),
                          is_cancelled=True, location=places["hall"]),
        "secret": of_a("Spotkanie w schronieniu", starts_at=_at(4, 18), ends_at=_at(4, 19),
                       location=places["hidden"], target_groups=" violence women "),
        "hidden": of_a("Szkic wydarzenia", starts_at=_at(6, 10), ends_at=_at(6, 11), is_published=False,
                       location=places["hall"]),
        "past": of_a("Dawne spotkanie", starts_at=_at(-20, 10), ends_at=_at(-20, 11), place_pl="Sala"),
        "b": make.event(city.org_b, "Półkolonie B", kind=EventKind.HOLIDAY_ACTIVITY, starts_at=_at(8, 9),
                        ends_at=_at(8, 14), location=places["b_hall"], target_groups=" children "),
    }


# --- the public calendar ------------------------------------------------------------------------------------

def test_calendar_lists_the_coming_weeks_day_by_day(browser, events):
    shown = page(browser().get("/events"))
    assert shown.status == 200 and shown.h1 == "Events"
    # the weekly group started two weeks ago; six weeks from today give six (or seven) dates of it — one fewer
    # once today's meeting (18:00–20:00 in Warsaw) is over
    over = datetime.now(UTC) >= _at(0, 20)
    assert shown.html.count("Grupa wsparcia dla rodziców") in ((5, 6) if over else (6, 7))
    for title in ("Warsztat o długach", "Odwołany piknik", "Spotkanie w schronieniu", "Półkolonie B"):
        assert title in shown
    for title in ("Szkic wydarzenia", "Dawne spotkanie"):
        assert title not in shown
    assert shown.html.count('<h2 id="day-') >= 6
    cancelled_day = (local_today() + timedelta(days=3)).isoformat()
    assert f'<h2 id="day-{cancelled_day}">' in shown.html


def test_times_are_shown_in_warsaw_in_the_visitors_format(browser, events):
    assert "17:00 – 19:00" in page(browser().get("/events"))  # one English convention: en-GB
    polish = page(browser(lang="pl").get("/events"))
    assert "17:00–19:00" in polish.text.replace(" ", "")


def test_cancelled_events_are_marked(browser, events):
    shown = page(browser().get("/events"))
    assert "<del>Odwołany piknik</del>" in shown.html
    detail = page(browser().get(f"/events/{events['cancelled']}"))
    assert "This event has been cancelled." in detail


@pytest.mark.parametrize(("query", "present", "absent"), [
    ({"kind": "workshop"}, ["Warsztat o długach"], ["Grupa wsparcia", "Półkolonie B"]),
    ({"district": "batory"}, ["Półkolonie B"], ["Grupa wsparcia", "Warsztat o długach"]),
    ({"district": "centrum"}, ["Grupa wsparcia"], ["Półkolonie B", "Spotkanie w schronieniu"]),  # never where
    ({"group": "children"}, ["Półkolonie B"], ["Grupa wsparcia", "Warsztat"]),
    ({"group": "families"}, ["Grupa wsparcia"], ["Półkolonie B"]),
    ({"free": "y"}, ["Grupa wsparcia"], ["Warsztat o długach"]),
])
def test_filters(browser, events, query, present, absent):
    shown = page(browser().get("/events", query_string=query))
    assert shown.status == 200
    for title in present:
        assert title in shown, title
    for title in absent:
        assert title not in shown, title


def test_later_weeks_and_a_chosen_start(browser, events):
    start = (local_today() + timedelta(days=7)).isoformat()
    shown = page(browser().get("/events", query_string={"start": start, "weeks": "1"}))
    assert "Półkolonie B" in shown and "Warsztat o długach" not in shown
    assert shown.html.count("Grupa wsparcia dla rodziców") == 1
    later = (local_today() + timedelta(days=14)).isoformat()
    assert f"start={later}" in shown.html and "weeks=1" in shown.html


@pytest.mark.parametrize("query", [
    "weeks=abc", "weeks=99999999999999999999999", "weeks=-3", "start=99999-12-31", "start=0001-01-01",
    "start=2026-13-45", "kind=nonsense", "district=%00", "group=aliens", "free=maybe", "page=-1", "zzz=1",
    "start=" + "9" * 500, "kind=workshop&kind=other",
])
def test_bad_query_strings_give_a_normal_page(browser, events, query):
    response = browser().get(f"/events?{query}")
    assert response.status_code == 200
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_start_too_far_is_explained(browser, events):
    shown = page(browser().get("/events?start=2999-01-01"))
    assert "Choose a date within a year back and two years ahead." in shown.field_error("start")
    assert "Grupa wsparcia" in shown  # the default weeks are shown instead


# --- one event ----------------------------------------------------------------------------------------------

def test_event_page_has_when_where_contact_and_the_service(browser, events):
    shown = page(browser().get(f"/events/{events['weekly']}"))
    assert shown.status == 200 and shown.h1 == "Grupa wsparcia dla rodziców"
    assert "Organised by Stowarzyszenie A" in shown
    weekday = (local_today() - timedelta(days=14)).strftime("%A")
    assert f"Every {weekday}, 18:00–20:00" in shown
    assert "Next dates" in shown
    assert 'href="tel:+48321002030"' in shown.html and 'href="mailto:grupa@a.example"' in shown.html
    assert "ul. Jasna 1" in shown and "Zadzwoń wcześniej." in shown
    assert "Poradnia A" in shown and "/services/" in shown.html
    assert f"/events/{events['weekly']}.ics" in shown.html


def test_event_in_the_visitors_language_or_polish_with_a_note(browser, events):
    ukrainian = page(browser(lang="uk").get(f"/events/{events['weekly']}"))
    assert ukrainian.h1 == "Група підтримки для батьків" and "Опис українською." in ukrainian
    english = page(browser().get(f"/events/{events['weekly']}"))
    assert english.h1 == "Grupa wsparcia dla rodziców"
    assert "This information is available only in Polish." in english
    assert '<h1 lang="pl">' in english.html


def test_unpublished_and_other_missing_events_are_404(browser, events, app, city):
    client = browser()
    assert client.get(f"/events/{events['hidden']}").status_code == 404
    assert client.get(f"/events/{events['hidden']}.ics").status_code == 404
    assert client.get("/events/999999").status_code == 404
    assert client.get("/events/99999999999999").status_code == 404
    # an organisation's own member sees the public page only for published events too
    assert browser(city.a_admin).get(f"/events/{events['hidden']}").status_code == 404
    with app.app_context(), system_scope("tests"):
        db.session.get(Organisation, city.org_b.id).is_active = False
        db.session.commit()
    assert client.get(f"/events/{events['b']}").status_code == 404
    assert "Półkolonie B" not in page(client.get("/events"))


def test_a_confidential_address_never_leaves(browser, events):
    client = browser()
    for url in ("/events", f"/events/{events['secret']}", "/events.ics", f"/events/{events['secret']}.ics",
                "/events?district=centrum", "/events.ics?district=centrum"):
        body = client.get(url).get_data(as_text=True)
        assert SECRET_STREET not in body, url
        assert "Ukryta" not in body.replace("\r\n ", ""), url
    shown = page(client.get(f"/events/{events['secret']}"))
    assert "Confidential address – contact the organiser first." in shown
    assert "Najpierw zadzwoń: 32 111 22 33" in shown and 'href="tel:+48321112233"' in shown.html
    assert "openstreetmap" not in shown.html


# --- the iCalendar feeds ------------------------------------------------------------------------------------

def test_the_feed_is_a_valid_calendar_with_every_public_event(browser, events):
    response = browser().get("/events.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.data
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(body)
    summaries = {str(v["SUMMARY"]) for v in calendar.walk("VEVENT")}
    assert "Grupa wsparcia dla rodziców" in summaries and "Półkolonie B" in summaries
    assert "Cancelled: Odwołany piknik" in summaries
    assert not any("Szkic" in s for s in summaries)
    weekly = next(v for v in calendar.walk("VEVENT") if str(v["SUMMARY"]) == "Grupa wsparcia dla rodziców")
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["UNTIL"][0].tzinfo is not None
    assert weekly["UID"] == f"event-{events['weekly']}@portal.test"
    assert weekly["URL"] == f"http://portal.test/events/{events['weekly']}"
    cancelled = next(v for v in calendar.walk("VEVENT") if "Odwołany" in str(v["SUMMARY"]))
    assert cancelled["STATUS"] == "CANCELLED"
    assert browser().get("/events.ics").data == body  # stable between requests


def test_the_feed_takes_the_page_filters_and_refuses_bad_ones(browser, events):
    calendar = icalendar.Calendar.from_ical(browser().get("/events.ics?kind=holiday_activity").data)
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Półkolonie B"]
    assert browser().get("/events.ics?kind=nonsense").status_code == 400
    assert browser().get("/events.ics?district=nowhere").status_code == 400


def test_one_event_file(browser, events):
    response = browser(lang="uk").get(f"/events/{events['weekly']}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [vevent] = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Група підтримки для батьків"
    assert "Sala A" in str(vevent["LOCATION"])


# --- the workspace ------------------------------------------------------------------------------------------

def _form(day_offset=10, **overrides) -> dict:
    day = (local_today() + timedelta(days=day_offset)).isoformat()
    data = {"kind": "workshop", "title_pl": "Warsztat budżetowy", "description_pl": "Jak planować wydatki.",
            "day": day, "starts_time": "18:00", "ends_time": "20:00", "ends_day": "", "recurrence": "once",
            "repeat_until": "", "location_id": "", "place_pl": "Online", "service_id": "",
            "contact_phone": "+48 32 123 45 67", "contact_email": "warsztat@a.example", "is_free": "y",
            "is_published": "y", "target_groups": ["families"]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_organisation_lists_only_its_own_events(browser, city, events):
    shown = page(browser(city.a_staff).get("/workspace/events"))
    assert shown.status == 200
    assert "Grupa wsparcia dla rodziców" in shown and "Szkic wydarzenia" in shown
    assert "Półkolonie B" not in shown
    assert "Add an event" not in shown  # staff only look


def test_the_workspace_list_says_where_each_event_stands(browser, city, events, make):
    make.event(city.org_a, "Zakończony cykl", recurrence=Recurrence.WEEKLY, starts_at=_at(-60, 18),
               ends_at=_at(-60, 19), repeat_until=local_today() - timedelta(days=3))
    make.revision(events["workshop"], kind=ListingKind.EVENT, changes={"title_pl": "Warsztat o długach i ratach"})

    table, = page(browser(city.a_coordinator).get("/workspace/events")).tables()

    assert table.rows[0] == ["Title", "When", "Status", "Actions"]
    assert all(len(row) == 4 for row in table.rows)  # the actions have their own cell in the row
    statuses = {row["Title"]: row["Status"] for row in table.records()}
    assert statuses == {
        "Grupa wsparcia dla rodziców": "Published",  # weekly: its first date is past, more are to come
        "Warsztat o długach": "Published Change waiting for the department",
        "Odwołany piknik": "Cancelled",
        "Spotkanie w schronieniu": "Published",
        "Szkic wydarzenia": "Hidden",
        "Dawne spotkanie": "Over",
        "Zakończony cykl": "Over",  # a weekly series whose last date has gone by
    }
    assert all(row["Actions"].startswith(f"Edit: {row['Title']}") for row in table.records())


def test_the_event_status_is_in_the_readers_language(browser, city, events):
    table, = page(browser(city.a_coordinator, lang="pl").get("/workspace/events")).tables()

    statuses = {row["Tytuł"]: row["Status"] for row in table.records()}
    assert statuses["Odwołany piknik"] == "Odwołane" and statuses["Dawne spotkanie"] == "Zakończone"


def test_verified_organisation_adds_an_event_live_in_utc(browser, city, rows, app):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))
    client = browser(city.a_coordinator)
    assert client.get("/workspace/events/new").status_code == 200
    response = client.post("/workspace/events/new", data=_form())
    assert response.status_code == 303 and location(response) == "/workspace/events"
    event = rows.one(Event, title_pl="Warsztat budżetowy")
    local = event.starts_at.astimezone(WARSAW)
    assert (local.date(), local.hour) == (local_today() + timedelta(days=10), 18)
    assert event.starts_at.tzinfo is not None and event.group_list == ["families"]
    assert "Warsztat budżetowy" in page(browser().get("/events"))
    [audit] = rows.audit("event.created")
    assert (audit.actor_id, audit.organisation_id) == (city.a_coordinator.id, city.org_a.id)
    # the same form sent twice adds nothing
    shown = page(client.post("/workspace/events/new", data=_form()))
    assert "already has an event with this title" in shown.field_error("title_pl")
    assert rows.count(Event, title_pl="Warsztat budżetowy") == 1


def test_weekly_event_rules(browser, city, rows):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))
    client = browser(city.a_admin)
    too_far = (local_today() + timedelta(days=10 + 400)).isoformat()
    before_start = (local_today() + timedelta(days=5)).isoformat()
    cases = [
        ({"recurrence": "weekly"}, "repeat_until", "Say until when the event repeats every week."),
        ({"recurrence": "weekly", "repeat_until": before_start}, "repeat_until", "after the first one"),
        ({"recurrence": "weekly", "repeat_until": too_far}, "repeat_until", "at most a year ahead"),
        ({"ends_time": "17:00"}, "ends_time", "The event must end after it starts."),
        ({"day": "2020-01-01"}, "day", "The event cannot start in the past."),
        ({"day": "2099-01-01"}, "day", "within the next two years"),
        ({"contact_email": "not-an-address"}, "contact_email", "Enter an e-mail address like"),
        ({"contact_phone": "call me"}, "contact_phone", "Use digits, spaces"),
        ({"title_pl": ""}, "title_pl", "Give the event a title."),
        ({"place_pl": ""}, "place_pl", "Choose a location or describe the place"),
        ({"day": "tomorrow"}, "day", ""),
        ({"starts_time": "25:99"}, "starts_time", ""),
    ]
    for overrides, field, message in cases:
        shown = page(client.post("/workspace/events/new", data=_form(**overrides)))
        assert shown.status == 400, overrides
        assert shown.field_error(field), (overrides, shown.field_errors())
        assert message in shown.field_error(field), (overrides, shown.field_error(field))
        assert shown.values()["description_pl"] == "Jak planować wydatki."  # what was typed stays
    assert rows.count(Event) == 0
    assert rows.actions("event.") == []
    good = _form(recurrence="weekly", repeat_until=(local_today() + timedelta(days=100)).isoformat())
    assert client.post("/workspace/events/new", data=good).status_code == 303
    assert rows.one(Event).recurrence == Recurrence.WEEKLY


def test_location_and_service_must_be_the_organisations_own(browser, city, rows, places):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))
    client = browser(city.a_admin)
    shown = page(client.post("/workspace/events/new", data=_form(location_id=str(places["b_hall"]))))
    assert "Choose one of your organisation's locations." in shown.field_error("location_id")
    shown = page(client.post("/workspace/events/new", data=_form(location_id="abc")))
    assert "Choose one of your organisation's locations." in shown.field_error("location_id")
    assert rows.count(Event) == 0
    assert client.post("/workspace/events/new", data=_form(location_id=str(places["hall"]),
                                                           service_id=str(places["service"]))).status_code == 303
    assert rows.one(Event).location_id == places["hall"]


def test_edit_cancel_reinstate_and_delete(browser, city, rows, events):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))
    client = browser(city.a_coordinator)
    form = page(client.get(f"/workspace/events/{events['workshop']}/edit")).values()
    assert form["title_pl"] == "Warsztat o długach" and form["starts_time"] == "17:00"
    data = {**form, "title_pl": "Warsztat o długach i oszczędzaniu", "is_published": "y"}
    assert client.post(f"/workspace/events/{events['workshop']}/edit", data=data).status_code == 303
    event = rows.one(Event, id=events["workshop"])
    assert event.title_pl == "Warsztat o długach i oszczędzaniu"
    assert event.starts_at == _at(5, 17)
    assert rows.audit("event.updated")[-1].details["fields"] == ["title_pl"]

    assert client.post(f"/workspace/events/{events['workshop']}/cancel").status_code == 303
    assert rows.one(Event, id=events["workshop"]).is_cancelled
    assert "This event has been cancelled." in page(browser().get(f"/events/{events['workshop']}"))
    assert client.post(f"/workspace/events/{events['workshop']}/reinstate").status_code == 303
    assert not rows.one(Event, id=events["workshop"]).is_cancelled

    assert "Remove “Warsztat o długach i oszczędzaniu”?" in page(
        client.get(f"/workspace/events/{events['workshop']}/delete"))
    assert client.post(f"/workspace/events/{events['workshop']}/delete").status_code == 303
    assert rows.count(Event, id=events["workshop"]) == 0
    assert rows.actions("event.") == ["event.updated", "event.cancelled", "event.reinstated", "event.deleted"]


def test_a_past_event_can_still_be_edited_without_moving_it(browser, city, rows, events):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))
    client = browser(city.a_admin)
    form = page(client.get(f"/workspace/events/{events['past']}/edit")).values()
    assert client.post(f"/workspace/events/{events['past']}/edit",
                       data={**form, "description_pl": "Poprawiony opis.", "is_published": "y"}).status_code == 303
    assert rows.one(Event, id=events["past"]).description_pl == "Poprawiony opis."


def test_tenant_b_events_are_404_and_unchanged(browser, city, rows, events):
    client = browser(city.a_admin)
    b = events["b"]
    assert client.get(f"/workspace/events/{b}/edit").status_code == 404
    assert client.post(f"/workspace/events/{b}/edit", data=_form()).status_code == 404
    assert client.post(f"/workspace/events/{b}/cancel").status_code == 404
    assert client.get(f"/workspace/events/{b}/delete").status_code == 404
    assert client.post(f"/workspace/events/{b}/delete").status_code == 404
    event = rows.one(Event, id=b)
    assert (event.title_pl, event.is_cancelled) == ("Półkolonie B", False)
    assert rows.actions("event.") == [] and rows.count(Revision) == 0


@pytest.mark.parametrize("who", ["a_staff"])
def test_staff_cannot_change_events(browser, city, rows, events, who):
    client = browser(getattr(city, who))
    own = events["workshop"]
    assert client.get("/workspace/events/new").status_code == 403
    assert client.post("/workspace/events/new", data=_form()).status_code == 403
    assert client.post(f"/workspace/events/{own}/edit", data=_form()).status_code == 403
    assert client.post(f"/workspace/events/{own}/cancel").status_code == 403
    assert client.post(f"/workspace/events/{own}/delete").status_code == 403
    assert rows.one(Event, id=own).is_cancelled is False and rows.count(Event) == 7


@pytest.mark.parametrize("who", ["dept_admin", "dept_analyst", "outsider"])
def test_the_workspace_events_are_for_organisation_members(browser, city, who):
    assert browser(getattr(city, who)).get("/workspace/events").status_code == 403


def test_unverified_organisation_changes_wait_for_the_department(browser, city, rows, app, events):
    client = browser(city.a_admin)
    response = client.post("/workspace/events/new", data=_form(title_pl="Nowa grupa"))
    assert response.status_code == 303
    assert "Sent to the department for approval." in " ".join(page(client.get("/workspace/events")).flashes())
    assert rows.count(Event, title_pl="Nowa grupa") == 0
    assert "Nowa grupa" not in page(browser().get("/events"))
    change = rows.one(Revision, status=RevisionStatus.PENDING)
    assert change.kind == "event" and change.action == "create" and change.proposed["title_pl"] == "Nowa grupa"
    assert "Nowa grupa" in page(client.get("/workspace/events"))  # listed as waiting

    # a change and a cancellation of a live event wait too; the edit form shows the waiting change
    form = page(client.get(f"/workspace/events/{events['workshop']}/edit")).values()
    client.post(f"/workspace/events/{events['workshop']}/edit", data={**form, "title_pl": "Nowy tytuł"})
    assert rows.one(Event, id=events["workshop"]).title_pl == "Warsztat o długach"
    assert page(client.get(f"/workspace/events/{events['workshop']}/edit")).values()["title_pl"] == "Nowy tytuł"
    client.post(f"/workspace/events/{events['cancelled']}/delete")
    assert rows.count(Event, id=events["cancelled"]) == 1
    assert rows.actions("event.") == []

    def approve_all():
        officer = db.session.get(User, city.dept_officer.id)
        for change in db.session.execute(review.pending_query()).scalars().all():
            revisions.approve(change, actor=officer)

    with app.test_request_context():
        rows.run(approve_all)
    assert rows.count(Event, title_pl="Nowa grupa") == 1
    assert rows.one(Event, id=events["workshop"]).title_pl == "Nowy tytuł"
    assert rows.count(Event, id=events["cancelled"]) == 0
    assert "Nowa grupa" in page(browser().get("/events"))
    assert set(rows.actions("event.")) == {"event.created", "event.updated", "event.deleted"}
    created = rows.audit("event.created")[0]
    assert created.actor_id == city.dept_officer.id and created.organisation_id == city.org_a.id


def test_nothing_is_written_by_a_get(browser, city, rows, events):
    client = browser(city.a_admin)
    before = rows.count(AuditEvent)
    for url in ("/workspace/events", "/workspace/events/new", f"/workspace/events/{events['weekly']}/edit",
                f"/workspace/events/{events['weekly']}/delete", "/events", "/events.ics"):
        assert client.get(url).status_code == 200, url
    assert rows.count(AuditEvent) == before and rows.count(Revision) == 0


def test_the_demo_city_has_upcoming_events_and_offers_loaded_once(app, rows, browser):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    events, offers = rows.all(Event), rows.all(VolunteerOpportunity)
    assert len(events) >= 5 and 5 <= len(offers) <= 6
    assert all(e.is_demo for e in events) and all(o.is_demo for o in offers)
    assert any(e.recurrence == Recurrence.WEEKLY for e in events)
    assert any(e.title_uk and e.title_en for e in events)
    again = runner.invoke(args=["demo", "load"])
    assert "'events': 0, 'volunteering': 0" in again.output
    assert (rows.count(Event), rows.count(VolunteerOpportunity)) == (len(events), len(offers))
    calendar = page(browser().get("/events"))
    assert calendar.html.count('class="event-card') >= 10  # weekly groups fill the coming six weeks
    assert "Bereavement support group" in calendar.text  # the English reader gets the English title
    assert "Grupa wsparcia w żałobie" in page(browser(lang="pl").get("/events")).text
    assert len(page(browser().get("/volunteering")).html.split('class="service-card"')) - 1 == len(offers)
    feed = browser().get("/events.ics").get_data(as_text=True)
    assert "adres poufny" not in feed and "Miejsce spotkań grupy" not in feed


def test_event_page_leads_to_the_report_form(browser, events):
    client = browser()
    shown = page(client.get(f"/events/{events['secret']}"))
    assert f'href="/events/{events["secret"]}/feedback"' in shown.html
    form = client.get(f"/events/{events['secret']}/feedback")
    assert form.status_code == 200
    assert "Spotkanie w schronieniu" in form.get_data(as_text=True)


def test_an_event_for_victims_of_violence_has_the_quick_exit(browser, events):
    client = browser()
    assert "data-quick-exit" in client.get(f"/events/{events['secret']}").get_data(as_text=True)
    assert "data-quick-exit" not in client.get(f"/events/{events['workshop']}").get_data(as_text=True)
