"""Residents report a mistake: spam checks, storage, e-mail, and handling by the organisation and the department."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from app.extensions import limiter
from app.models import AuditEvent, EventKind, Feedback, FeedbackStatus, ListingKind, utcnow
from app.services.feedback import intake
from tests.functional.support import location, page

SECRET_STREET = "ul. Tajna 7"
GOOD_MESSAGE = "Numer telefonu jest nieaktualny, nikt nie odbiera od miesiąca."


@pytest.fixture(autouse=True)
def _fresh_rate_limit(app):
    """Every test starts with no reports counted against the test client's address."""
    with app.app_context():
        limiter.reset()
    yield
    app.config["REPORT_RATE_LIMIT"] = "10 per hour; 30 per day"
    with app.app_context():
        limiter.reset()


@pytest.fixture
def services(city, make):
    """A confidential crisis flat of organisation A, an advice point of B, and an unpublished one of A."""
    crisis = make.term("crisis", "Kryzys", is_crisis=True)
    flat = make.location(city.org_a, "Mieszkanie", street=SECRET_STREET, latitude="50.3", longitude="18.9",
                         is_confidential=True)
    return {"flat": make.service(city.org_a, "Mieszkanie chronione", categories=[crisis], places=[flat]),
            "advice": make.service(city.org_b, "Punkt porad B"),
            "hidden": make.service(city.org_a, "Punkt nieopublikowany", is_published=False)}


def _token(app, service_id: int, seconds_ago: float = 10) -> str:
    with app.app_context():
        return intake.issue_form_token(ListingKind.SERVICE, service_id, issued_at=time.time() - seconds_ago)


def _send(client, app, service_id: int, *, seconds_ago: float = 10, **fields):
    data = {"message": GOOD_MESSAGE, "email": "", "subject": "", "started": _token(app, service_id, seconds_ago)}
    data.update(fields)
    return client.post(f"/services/{service_id}/feedback", data=data)


def test_service_page_offers_report_share_and_print(browser, services):
    shown = page(browser().get(f"/services/{services['advice']}"))
    assert "Report a mistake" in shown
    assert f'href="/services/{services["advice"]}/feedback"' in shown.html
    assert f'value="http://portal.test/services/{services["advice"]}"' in shown.html  # the link to copy
    assert 'href="mailto:?subject=Punkt%20porad%20B' in shown.html and 'href="sms:?&amp;body=' in shown.html
    assert "Ctrl+P" in shown
    assert "<script>" not in shown.html  # only the static file


def test_report_form_of_a_confidential_service_keeps_the_address_secret(browser, services):
    form = page(browser().get(f"/services/{services['flat']}/feedback"))
    assert form.status == 200 and form.h1 == "Report a mistake"
    assert "Mieszkanie chronione" in form and SECRET_STREET not in form.html
    assert "Quick exit" in form  # a crisis service: the way out is there too
    assert 'class="hp-field" aria-hidden="true"' in form.html and 'tabindex="-1"' in form.html


def test_valid_report_is_stored_mailed_and_thanked(app, browser, services, rows, outbox, city):
    response = _send(browser(), app, services["flat"], email="Resident@Example.org")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/services/{services['flat']}/feedback/thanks")
    report = rows.one(Feedback)
    assert (report.organisation_id, report.kind, report.object_id) == (city.org_a.id, ListingKind.SERVICE,
                                                                       services["flat"])
    assert report.message == GOOD_MESSAGE and report.reporter_email == "resident@example.org"
    assert report.status == FeedbackStatus.NEW and report.locale == "en"
    mailed = {m["to"]: m for m in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org", "dept.admin@example.org",
                           "dept.officer@example.org"}  # not staff, not the analyst, not organisation B
    assert GOOD_MESSAGE in mailed["a.admin@example.org"]["body"]
    assert (f"/account/act-for?organisation={city.org_a.id}&next=/workspace/feedback/{report.id}"
            in mailed["a.admin@example.org"]["body"].replace("&amp;", "&"))
    assert f"/console/feedback/{report.id}" in mailed["dept.officer@example.org"]["body"]
    assert "resident@example.org" not in mailed["a.admin@example.org"]["body"]
    event = rows.one(AuditEvent, action="feedback.received")
    assert event.organisation_id == city.org_a.id and "resident@example.org" not in str(event.details)
    thanks = page(browser().get(response.headers["Location"]))
    assert thanks.h1 == "Thank you"


def test_honeypot_is_refused_and_nothing_stored(app, browser, services, rows, outbox):
    shown = page(_send(browser(), app, services["advice"], subject="Great offer http://spam.example"))
    assert "We could not accept this message" in shown.field_error("message")
    assert rows.count(Feedback) == 0 and outbox() == []


def test_too_fast_is_refused_and_the_text_kept(app, browser, services, rows):
    shown = page(_send(browser(), app, services["advice"], seconds_ago=0))
    assert "That was very quick" in shown.field_error("message")
    assert shown.values()["message"] == GOOD_MESSAGE
    assert rows.count(Feedback) == 0


@pytest.mark.parametrize("started", ["", "forged.token", "3-hours-old", "other-service"])
def test_missing_forged_stale_or_foreign_tokens_are_refused(app, browser, services, rows, started):
    token = {"3-hours-old": _token(app, services["advice"], seconds_ago=3 * 3600),
             "other-service": _token(app, services["flat"])}.get(started, started)
    shown = page(_send(browser(), app, services["advice"], started=token))
    assert shown.status == 200 and shown.field_error("message")
    assert rows.count(Feedback) == 0
    assert shown.values()["started"] not in ("", token)  # a fresh token: the person can just send again


def test_too_long_short_links_and_bad_email_get_messages_beside_the_field(app, browser, services, rows):
    long_text = "Błąd " * 401  # 2005 characters
    shown = page(_send(browser(), app, services["advice"], message=long_text))
    assert "at most 2000 characters" in shown.field_error("message")
    assert shown.values()["message"] == long_text
    assert "at least 10 characters" in page(_send(browser(), app, services["advice"], message="zle")).text
    links = "Zobacz https://a.example https://b.example www.c.example"
    assert "at most 2 web addresses" in page(_send(browser(), app, services["advice"], message=links)).field_error(
        "message")
    shown = page(_send(browser(), app, services["advice"], email="not-an-address"))
    assert "name@example.org" in shown.field_error("email") and shown.values()["message"] == GOOD_MESSAGE
    assert rows.count(Feedback) == 0


def test_reports_per_address_are_limited(app, browser, services, rows):
    app.config["REPORT_RATE_LIMIT"] = "2 per hour"
    client = browser()
    for n in range(2):
        assert _send(client, app, services["advice"], message=f"{GOOD_MESSAGE} ({n})").status_code == 303
    shown = page(_send(client, app, services["advice"], message=f"{GOOD_MESSAGE} (3)"))
    assert "several reports in a short time" in shown.field_error("message")
    assert rows.count(Feedback) == 2


def test_a_persons_slips_do_not_count_but_robot_like_sends_do(app, browser, services, rows):
    app.config["REPORT_RATE_LIMIT"] = "2 per hour"
    client = browser()
    for _ in range(3):  # too short, three times: a person correcting their message
        assert "message" in page(_send(client, app, services["advice"], message="zły")).html
    assert _send(client, app, services["advice"]).status_code == 303
    assert _send(client, app, services["advice"], seconds_ago=0.5).status_code == 200  # too fast: counted
    shown = page(_send(client, app, services["advice"], message=f"{GOOD_MESSAGE} (2)"))
    assert "several reports in a short time" in shown.field_error("message")
    assert rows.count(Feedback) == 1


def test_a_form_sent_twice_stores_one_report(app, browser, services, rows):
    client = browser()
    assert _send(client, app, services["advice"]).status_code == 303
    assert _send(client, app, services["advice"]).status_code == 303
    assert rows.count(Feedback) == 1


@pytest.mark.parametrize("path", ["/services/{hidden}/feedback", "/services/999999/feedback",
                                  "/services/99999999999/feedback", "/services/{hidden}/feedback/thanks"])
def test_unpublished_or_missing_services_cannot_be_reported(app, browser, services, path):
    url = path.format(**services)
    assert browser().get(url).status_code == 404
    if not url.endswith("/thanks"):
        assert browser().post(url, data={"message": GOOD_MESSAGE}).status_code == 404


@pytest.fixture
def report_ids(make, services):
    """A waiting report about A's flat and one about B's advice point."""
    return {"a": make.feedback(services["flat"], message="Telefon nie odpowiada.", reporter_email="r@example.org"),
            "b": make.feedback(services["advice"], message="Zmienione godziny otwarcia.")}


def test_organisation_sees_its_own_reports_only(browser, city, report_ids):
    staff = browser(city.a_staff)
    listed = page(staff.get("/workspace/feedback"))
    assert "Telefon nie odpowiada." in listed and "Zmienione godziny" not in listed
    assert "coordinators correct the listing" in listed and "Correct the listing, then" not in listed  # not told to
    assert "Mieszkanie chronione" in listed
    detail = page(staff.get(f"/workspace/feedback/{report_ids['a']}"))
    assert "r@example.org" in detail and "Handle the report" not in detail  # staff may read, not handle
    assert staff.get(f"/workspace/feedback/{report_ids['b']}").status_code == 404
    assert browser(city.b_admin).get(f"/workspace/feedback/{report_ids['a']}").status_code == 404
    assert browser(city.b_admin).post(f"/workspace/feedback/{report_ids['a']}/handle",
                                      data={"status": "dismissed"}).status_code == 404


def test_staff_cannot_handle_and_coordinator_resolves_once(browser, city, report_ids, rows):
    assert browser(city.a_staff).post(f"/workspace/feedback/{report_ids['a']}/handle",
                                      data={"status": "resolved"}).status_code == 403
    coordinator = browser(city.a_coordinator)
    response = coordinator.post(f"/workspace/feedback/{report_ids['a']}/handle",
                                data={"status": "resolved", "note": "Poprawiony numer."})
    assert response.status_code == 303
    report = rows.one(Feedback, id=report_ids["a"])
    assert (report.status, report.response_note, report.handled_by_id) == (
        FeedbackStatus.RESOLVED, "Poprawiony numer.", city.a_coordinator.id)
    event = rows.one(AuditEvent, action="feedback.resolved")
    assert "r@example.org" not in str(event.details) and "Poprawiony" not in str(event.details)
    again = page(coordinator.post(f"/workspace/feedback/{report_ids['a']}/handle", data={"status": "dismissed"},
                                  follow_redirects=True))
    assert "already been handled" in " ".join(again.flashes()) and "Poprawiony numer." in again
    assert rows.one(Feedback, id=report_ids["a"]).status == FeedbackStatus.RESOLVED


def test_handling_bad_input_keeps_the_note(browser, city, report_ids, rows):
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.post(f"/workspace/feedback/{report_ids['a']}/handle",
                                  data={"status": "bogus", "note": "Notatka"}))
    assert shown.status == 400 and shown.field_error("status") and shown.values(
        f"/workspace/feedback/{report_ids['a']}/handle")["note"] == "Notatka"
    shown = page(coordinator.post(f"/workspace/feedback/{report_ids['a']}/handle",
                                  data={"status": "resolved", "note": "x" * 2001}))
    assert shown.status == 400 and "at most 2000 characters" in shown.field_error("note")
    assert rows.one(Feedback, id=report_ids["a"]).status == FeedbackStatus.NEW


def test_department_inbox_filters_and_only_moderators_handle(browser, city, report_ids, rows):
    analyst = browser(city.dept_analyst)
    inbox = page(analyst.get("/console/feedback"))
    assert inbox.status == 200 and "Telefon nie odpowiada." in inbox and "Zmienione godziny" in inbox
    only_b = page(analyst.get("/console/feedback", query_string={"organisation": city.org_b.id}))
    assert "Zmienione godziny" in only_b and "Telefon nie odpowiada." not in only_b
    assert "Handle the report" not in page(analyst.get(f"/console/feedback/{report_ids['b']}"))
    assert analyst.post(f"/console/feedback/{report_ids['b']}/handle",
                        data={"status": "dismissed"}).status_code == 403
    officer = browser(city.dept_officer)
    assert officer.post(f"/console/feedback/{report_ids['b']}/handle",
                        data={"status": "dismissed", "note": "Spam"}).status_code == 303
    assert rows.one(Feedback, id=report_ids["b"]).status == FeedbackStatus.DISMISSED
    waiting = page(officer.get("/console/feedback"))  # waiting ones by default
    assert "Zmienione godziny" not in waiting and "Telefon nie odpowiada." in waiting
    assert "Zmienione godziny" in page(officer.get("/console/feedback", query_string={"status": "dismissed"}))
    for junk in ({"status": "drop"}, {"organisation": "x"}, {"page": "-3"}, {"organisation": "99999999999"}):
        assert officer.get("/console/feedback", query_string=junk).status_code == 200
    assert browser(city.a_admin).get("/console/feedback").status_code == 403


def test_navigation_links(browser, city):
    assert "/workspace/feedback" in page(browser(city.a_staff).get("/workspace/")).html
    console = page(browser(city.dept_analyst).get("/console/")).html
    assert "/console/feedback" in console and "/console/alerts/" in console and "/console/taxonomy/" in console


@pytest.fixture
def activities(city, make):
    """A support group of organisation A, a volunteering offer of B, and an unpublished event of A."""
    start = utcnow() + timedelta(days=3)
    return {"group": make.event(city.org_a, "Grupa wsparcia", description_pl="Spotkania co tydzień.",
                                starts_at=start),
            "hidden": make.event(city.org_a, "Warsztat ukryty", kind=EventKind.WORKSHOP,
                                 description_pl="Jeszcze nie.", starts_at=start, is_published=False),
            "offer": make.opportunity(city.org_b, "Pomoc w jadłodajni", description_pl="Wydawanie posiłków.")}


def test_events_and_volunteering_offers_can_be_reported_too(app, browser, city, activities, rows, outbox):
    earlier = time.time() - 10
    with app.app_context():
        event_token = intake.issue_form_token(ListingKind.EVENT, activities["group"], issued_at=earlier)
        offer_token = intake.issue_form_token(ListingKind.VOLUNTEERING, activities["offer"], issued_at=earlier)
    form = page(browser().get(f"/events/{activities['group']}/feedback"))
    assert form.status == 200 and "Grupa wsparcia" in form
    response = browser().post(f"/events/{activities['group']}/feedback", data={
        "message": "Spotkania są teraz we wtorki.", "started": event_token})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/events/{activities['group']}/feedback/thanks")
    response = browser().post(f"/volunteering/{activities['offer']}/feedback", data={
        "message": "Oferta jest już nieaktualna.", "started": offer_token})
    assert response.status_code == 303
    by_kind = {r.kind: r for r in rows.all(Feedback)}
    assert by_kind[ListingKind.EVENT].organisation_id == city.org_a.id
    assert by_kind[ListingKind.VOLUNTEERING].organisation_id == city.org_b.id
    assert "b.admin@example.org" in {m["to"] for m in outbox()}
    listed = page(browser(city.b_admin).get("/workspace/feedback"))
    assert "Pomoc w jadłodajni" in listed and "Grupa wsparcia" not in listed
    # a token for the event does not pass for the offer
    refused = page(browser().post(f"/volunteering/{activities['offer']}/feedback", data={
        "message": "Inna wiadomość o ofercie.", "started": event_token}))
    assert refused.field_error("message")
    assert browser().get(f"/events/{activities['hidden']}/feedback").status_code == 404
    assert browser().get("/volunteering/999999/feedback").status_code == 404


def test_the_mailed_link_makes_a_member_of_two_organisations_act_for_the_right_one(
        app, browser, city, make, services, outbox, rows):
    """B's admin is also A's coordinator and acts for B; A's report reaches them by e-mail."""
    make.add_membership(city.b_admin, city.org_a, "coordinator")
    _send(browser(), app, services["flat"])
    report = rows.one(Feedback)
    body = {m["to"]: m for m in outbox()}["b.admin@example.org"]["body"].replace("&amp;", "&")
    link = re.search(r"http://portal\.test(/account/act-for\?\S+)", body).group(1)
    person = browser(city.b_admin, organisation=city.org_b)
    assert person.get(f"/workspace/feedback/{report.id}").status_code == 404  # acting for B: A's report is not here
    asked = page(person.get(link))
    assert asked.status == 200 and asked.h1 == "Act for Stowarzyszenie A"
    assert "You are acting for Schronisko B now." in asked
    switched = person.post("/account/organisation", data={"organisation_id": str(city.org_a.id),
                                                          "next": f"/workspace/feedback/{report.id}"})
    assert location(switched) == f"/workspace/feedback/{report.id}"
    assert page(person.get(location(switched))).status == 200
    assert location(person.get(link)) == f"/workspace/feedback/{report.id}"  # acting for A now: straight on
    assert browser(city.a_staff).get(link).status_code == 303  # A's own staff: straight on (acts for A)
    assert browser(city.b_staff).get(link).status_code == 404  # not a member of A
