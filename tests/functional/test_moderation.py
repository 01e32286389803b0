"""The department moderates: unverified organisations' changes wait; services can be taken down (issue 3 §3)."""

from __future__ import annotations

import pytest

from app.models import Organisation, Revision, Service
from app.services.open_data.hsds import hsds_id
from tests.functional.listing_support import build_places, search, service_data, verify
from tests.functional.support import location, page

NEW_DESCRIPTION = "Nowy opis: dyżur prawnika w każdą środę."


@pytest.fixture
def places(city, make):
    """A published service with a location for each of tenants A (not verified) and B."""
    return build_places(make, city)


def send_change(browser, city, places, **changes):
    """Coordinator of the (unverified) organisation A sends a change of its service."""
    client = browser(city.a_coordinator)
    response = client.post(f"/workspace/listings/services/{places['a_service']}", data=service_data(
        name_pl="Porady dla rodzin", name_en="", description_pl=NEW_DESCRIPTION,
        locations=[str(places["a_location"])], **changes))
    assert response.status_code == 303
    return client


def test_unverified_change_waits_and_the_public_page_keeps_the_old_text(browser, city, places, rows):
    client = send_change(browser, city, places)
    public = page(browser().get(f"/services/{places['a_service']}"))
    assert "Stary opis usługi." in public and NEW_DESCRIPTION not in public
    assert "0 services found" in search(browser(), "prawnika")
    assert rows.one(Service, id=places["a_service"]).description_pl == "Stary opis usługi."
    change = rows.one(Revision)
    assert change.status.value == "pending" and change.proposed["description_pl"] == NEW_DESCRIPTION
    assert change.before["description_pl"] == "Stary opis usługi."
    reopened = page(client.get(f"/workspace/listings/services/{places['a_service']}"))
    assert "Waiting for the department" in reopened
    assert reopened.values()["description_pl"] == NEW_DESCRIPTION  # the pending values, not the live ones
    assert "Change waiting for the department" in page(client.get("/workspace/listings/"))


def test_a_newer_change_replaces_the_waiting_one(browser, city, places, rows):
    send_change(browser, city, places)
    send_change(browser, city, places, audience_pl="Seniorzy.")
    statuses = sorted(c.status.value for c in rows.all(Revision))
    assert statuses == ["pending", "withdrawn"]
    pending = rows.one(Revision, Revision.status == "pending")
    assert pending.proposed["audience_pl"] == "Seniorzy." and pending.proposed["description_pl"] == NEW_DESCRIPTION


def test_hours_from_an_unverified_organisation_wait_too(browser, city, places, rows):
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}/hours"
    assert client.post(url, data={"d2_1_opens": "09:00", "d2_1_closes": "11:00"}).status_code == 303
    public = page(browser().get(f"/services/{places['a_service']}"))
    assert "09:00–11:00" not in public and "08:00–16:00" in public
    assert page(client.get(url)).values()["d2_1_opens"] == "09:00"  # the form shows what waits
    assert rows.one(Revision).proposed["hours"] == [{"weekday": 2, "opens": "09:00", "closes": "11:00"}]


def test_before_after_table_shows_old_and_new_values(browser, city, places, rows):
    send_change(browser, city, places)
    change = rows.one(Revision)
    console = browser(city.dept_officer)
    queue = page(console.get("/console/moderation/"))
    assert queue.status == 200 and "Porady dla rodzin" in queue and city.org_a.name in queue
    shown = page(console.get(f"/console/moderation/changes/{change.id}"))
    assert shown.status == 200
    row = next(r for r in shown.html.split("<tr") if "Description in Polish" in r)
    assert "Stary opis usługi." in row and NEW_DESCRIPTION in row
    assert "Changed" in row and "<del>" in row and "<ins>" in row  # marked in words and markup, not colour only
    unchanged = next(r for r in shown.html.split("<tr") if "Name in Polish" in r)
    assert "Changed" not in unchanged
    assert "Approve the change" in shown and "Reject the change" in shown


def test_approval_makes_the_change_live_and_tells_the_organisation(browser, city, places, rows, outbox):
    send_change(browser, city, places)
    change = rows.one(Revision)
    console = browser(city.dept_officer)
    response = console.post(f"/console/moderation/changes/{change.id}/approve", data={"note": ""})
    assert response.status_code == 303 and location(response) == "/console/moderation/"
    assert NEW_DESCRIPTION in page(browser().get(f"/services/{places['a_service']}"))
    assert "Porady dla rodzin" in search(browser(), "prawnika")
    decided = rows.one(Revision)
    assert decided.status.value == "approved" and decided.decided_by_id == city.dept_officer.id
    assert rows.one(Service, id=places["a_service"]).last_verified_at is not None
    mails = outbox()
    assert sorted(m["to"] for m in mails) == ["a.admin@example.org", "a.coordinator@example.org"]
    assert "Zatwierdzono: Porady dla rodzin" in mails[0]["subject"]  # in the members' language (Polish)
    assert "revision.approved" in rows.actions("revision.")
    assert "Nothing is waiting for a decision." in page(console.get("/console/moderation/"))
    again = console.post(f"/console/moderation/changes/{change.id}/approve", data={})
    assert "This change has already been decided." in page(console.get(location(again))).flashes("error")


def test_rejection_needs_a_note_keeps_the_old_listing_and_mails_the_note(browser, city, places, rows, outbox):
    client = send_change(browser, city, places)
    change = rows.one(Revision)
    console = browser(city.dept_admin)
    shown = page(console.post(f"/console/moderation/changes/{change.id}/reject", data={"note": "  "}))
    assert shown.status == 400
    assert shown.field_error("note") == "Say why the change is rejected: the organisation will see this."
    assert rows.one(Revision).status.value == "pending"
    note = "Podajcie proszę godziny dyżuru prawnika."
    assert console.post(f"/console/moderation/changes/{change.id}/reject",
                        data={"note": note}).status_code == 303
    assert "Stary opis usługi." in page(browser().get(f"/services/{places['a_service']}"))
    assert rows.one(Service, id=places["a_service"]).description_pl == "Stary opis usługi."
    assert rows.one(Revision).status.value == "rejected"
    mails = outbox()
    assert len(mails) == 2 and all(note in m["body"] for m in mails)
    assert "Nie zatwierdzono: Porady dla rodzin" in mails[0]["subject"]
    reopened = page(client.get(f"/workspace/listings/services/{places['a_service']}"))
    assert "The department did not approve your change" in reopened and note in reopened
    assert reopened.values()["description_pl"] == "Stary opis usługi."


def test_a_new_service_goes_public_on_approval(browser, city, places, rows):
    client = browser(city.a_coordinator)
    client.post("/workspace/listings/services/new", data=service_data(locations=[str(places["a_location"])]))
    service = rows.one(Service, name_pl="Poradnia rodzinna Słonecznik")
    change = rows.one(Revision)
    assert change.action.value == "create" and change.object_id == service.id
    shown = page(browser(city.dept_officer).get(f"/console/moderation/changes/{change.id}"))
    assert "This is a new listing" in shown and "Poradnia rodzinna Słonecznik" in shown
    browser(city.dept_officer).post(f"/console/moderation/changes/{change.id}/approve", data={})
    assert browser().get(f"/services/{service.id}").status_code == 200
    assert "Sunflower family counselling" in search(browser(), "słonecznik")


def test_verified_organisation_does_not_wait(browser, city, places, rows):
    verify(rows, city.org_a)
    send_change(browser, city, places)
    assert NEW_DESCRIPTION in page(browser().get(f"/services/{places['a_service']}"))
    assert rows.count(Revision) == 0


def test_analysts_see_but_cannot_decide_and_organisations_cannot_reach_it(browser, city, places, rows):
    send_change(browser, city, places)
    change = rows.one(Revision)
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get(f"/console/moderation/changes/{change.id}"))
    assert shown.status == 200 and "Approve the change" not in shown
    assert "Your role can see changes but not decide on them." in shown
    assert analyst.post(f"/console/moderation/changes/{change.id}/approve", data={}).status_code == 403
    assert analyst.post(f"/console/moderation/changes/{change.id}/reject", data={"note": "x"}).status_code == 403
    assert analyst.post(f"/console/moderation/services/{places['a_service']}/unpublish",
                        data={"reason": "x"}).status_code == 403
    for person in (city.a_admin, city.b_admin):
        assert browser(person).get("/console/moderation/").status_code == 403
        assert browser(person).post(f"/console/moderation/changes/{change.id}/approve").status_code == 403
    assert rows.one(Revision).status.value == "pending"
    assert rows.one(Service, id=places["a_service"]).is_published


def test_queue_filters_by_organisation_and_kind(browser, city, places, rows):
    send_change(browser, city, places)
    console = browser(city.dept_officer)
    assert "Porady dla rodzin" in page(console.get("/console/moderation/", query_string={
        "organisation": city.org_a.id, "kind": "service"}))
    assert "Porady dla rodzin" not in page(console.get("/console/moderation/", query_string={
        "organisation": city.org_b.id}))
    assert "Porady dla rodzin" not in page(console.get("/console/moderation/", query_string={"kind": "event"}))
    assert page(console.get("/console/moderation/", query_string={"kind": "junk", "organisation": "x"})).status == 200
    assert page(console.get("/console/moderation/", query_string={"decided": "1"})).status == 200


def test_dashboard_counts_changes_awaiting_moderation(browser, city, places):
    send_change(browser, city, places)
    assert "1 listing change awaiting moderation" in page(browser(city.dept_analyst).get("/console/"))


# -- taking a service down ---------------------------------------------------------------------------

def test_department_takes_a_service_down_and_it_disappears_everywhere(browser, city, places, rows, outbox):
    verify(rows, city.org_a)
    sid = places["a_service"]
    console = browser(city.dept_officer)
    listed = page(console.get("/console/moderation/services", query_string={"q": "stowarzyszenie a"}))
    assert "Porady dla rodzin" in listed and "Nocleg dla mężczyzn" not in listed
    shown = page(console.post(f"/console/moderation/services/{sid}/unpublish", data={"reason": ""}))
    assert shown.status == 400 and "Say why the listing is taken down" in shown.field_error("reason")
    assert rows.one(Service, id=sid).is_published
    reason = "Numer telefonu nie odpowiada od miesiąca."
    assert console.post(f"/console/moderation/services/{sid}/unpublish", data={"reason": reason}).status_code == 303
    service = rows.one(Service, id=sid)
    assert not service.is_published and service.unpublished_reason == reason and service.unpublished_at
    assert browser().get(f"/services/{sid}").status_code == 404
    assert "Porady dla rodzin" not in search(browser(), "porady")
    api = browser().get("/api/hsds/services", query_string={"per_page": 100}).get_json()
    assert hsds_id("service", sid) not in [item["id"] for item in api["contents"]]
    assert browser().get(f"/api/hsds/services/{hsds_id('service', sid)}").status_code == 404
    mails = outbox()
    assert len(mails) == 2 and all(reason in m["body"] for m in mails)
    # the organisation sees why, and its own saving does not bring it back
    client = browser(city.a_coordinator)
    listing = page(client.get("/workspace/listings/"))
    assert "Taken down by the department" in listing and reason in listing
    client.post(f"/workspace/listings/services/{sid}", data=service_data(locations=[str(places["a_location"])]))
    assert not rows.one(Service, id=sid).is_published
    assert browser().get(f"/services/{sid}").status_code == 404
    # the department puts it back
    assert console.post(f"/console/moderation/services/{sid}/republish").status_code == 303
    assert browser().get(f"/services/{sid}").status_code == 200
    assert rows.actions("service.un") == ["service.unpublished"] and "service.republished" in rows.actions("service.")


def test_unverified_organisations_edits_of_a_taken_down_service_stay_down_after_approval(browser, city, places,
                                                                                        rows):
    console = browser(city.dept_officer)
    console.post(f"/console/moderation/services/{places['a_service']}/unpublish", data={"reason": "Błędy."})
    send_change(browser, city, places)
    change = rows.one(Revision)
    assert change.action.value == "update"
    console.post(f"/console/moderation/changes/{change.id}/approve", data={})
    service = rows.one(Service, id=places["a_service"])
    assert service.description_pl == NEW_DESCRIPTION and not service.is_published


def test_organisation_list_does_not_leak_between_tenants(browser, city, places, rows):
    shown = page(browser(city.b_admin).get("/workspace/listings/"))
    assert "Nocleg dla mężczyzn" in shown and "Porady dla rodzin" not in shown and "Punkt A" not in shown
    assert rows.one(Organisation, id=city.org_b.id).is_verified is False
