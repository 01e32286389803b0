"""Organisations keep their listings current: services, hours, closures, locations (issue 3 §3)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import (
    AuditEvent,
    Closure,
    ConfidentialAddress,
    Location,
    Organisation,
    Phone,
    Revision,
    Schedule,
    Service,
    ServiceAtLocation,
    utcnow,
)
from tests.functional.listing_support import build_places, search, service_data, verify
from tests.functional.support import location, page

SECRET_STREET = "ul. Ukryta 13"


@pytest.fixture
def places(city, make):
    """Districts, categories, and a published service with a location for each of tenants A and B."""
    return build_places(make, city)


# -- creating and editing as a verified organisation ----------------------------------------------------

def test_verified_organisation_creates_a_service_live_and_residents_find_it(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    data = service_data(categories=[str(places["advice"])], districts=[str(places["centrum"])],
                        locations=[str(places["a_location"])])
    response = client.post("/workspace/listings/services/new", data=data)
    assert response.status_code == 303
    service = rows.one(Service, name_pl="Poradnia rodzinna Słonecznik")
    assert location(response) == f"/workspace/listings/services/{service.id}/hours"
    assert service.is_published and service.last_verified_at is not None
    assert "Saved. Residents see the listing as it is now." in page(client.get(location(response))).flashes()
    assert "Sunflower family counselling" in search(browser(), "słonecznik")
    assert "Sunflower family counselling" in search(browser(), "prawnik")  # found through its category
    shown = page(browser().get(f"/services/{service.id}"))
    assert "Punkt A" in shown and "+48 32 111 22 33" in shown and "Rejestracja" in shown
    assert "service.created" in rows.actions("service.")
    assert rows.count(Revision) == 0


def test_verified_organisation_edit_goes_live_and_search_follows(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_admin)
    url = f"/workspace/listings/services/{places['a_service']}"
    form = page(client.get(url))
    assert form.status == 200 and form.values()["name_pl"] == "Porady dla rodzin"
    assert form.values()["phones-0-number"] == "32 100 20 30"
    response = client.post(url, data=service_data(name_pl="Punkt porad obywatelskich", name_en="Citizens' advice",
                                                  locations=[str(places["a_location"])]))
    assert response.status_code == 303 and location(response) == url
    assert "Citizens' advice" in search(browser(), "obywatelskich")
    found = search(browser(), "stary")  # the old description's words are gone (B's service still has them)
    assert "Nocleg dla mężczyzn" in found and "Citizens' advice" not in found
    saved = rows.one(Service, id=places["a_service"])
    assert saved.description_pl == "Bezpłatne porady psychologiczne dla rodzin."
    assert [(s.weekday, s.opens_at.hour) for s in rows.all(Schedule, service_id=saved.id)] == [(0, 8)]  # kept
    assert rows.count(Closure, service_id=saved.id) == 1  # kept
    event = rows.audit("service.updated")[-1]
    assert "name_pl" in event.details["fields"] and event.actor_id == city.a_admin.id


def test_saving_confirms_the_listing(browser, city, places, rows):
    verify(rows, city.org_a)

    def make_old():
        db.session.get(Service, places["a_service"]).last_verified_at = utcnow() - timedelta(days=400)
    rows.run(make_old)
    client = browser(city.a_coordinator)
    assert "Not confirmed for 180 days" in page(client.get("/workspace/listings/"))
    client.post(f"/workspace/listings/services/{places['a_service']}",
                data=service_data(locations=[str(places["a_location"])]))
    assert "Not confirmed for 180 days" not in page(client.get("/workspace/listings/"))


def test_staff_see_the_list_but_cannot_edit(browser, city, places, rows):
    client = browser(city.a_staff)
    shown = page(client.get("/workspace/listings/"))
    assert shown.status == 200 and "Porady dla rodzin" in shown
    assert "Add a service" not in shown
    sid, lid = places["a_service"], places["a_location"]
    for url in ("/workspace/listings/services/new", f"/workspace/listings/services/{sid}",
                f"/workspace/listings/services/{sid}/hours", f"/workspace/listings/services/{sid}/closures",
                "/workspace/listings/locations/new", f"/workspace/listings/locations/{lid}"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/workspace/listings/services/{sid}", data=service_data()).status_code == 403
    assert rows.one(Service, id=sid).name_pl == "Porady dla rodzin"


def test_another_tenants_ids_answer_404_and_change_nothing(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_admin)
    sid, lid = places["b_service"], places["b_location"]
    for url in (f"/workspace/listings/services/{sid}", f"/workspace/listings/services/{sid}/hours",
                f"/workspace/listings/services/{sid}/closures", f"/workspace/listings/locations/{lid}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/workspace/listings/services/{sid}", data=service_data()).status_code == 404
    assert client.post(f"/workspace/listings/services/{sid}/hours", data={"d1_1_opens": "09:00",
                                                                          "d1_1_closes": "10:00"}).status_code == 404
    assert client.post(f"/workspace/listings/services/{sid}/closures",
                       data={"starts_on": "2031-01-01"}).status_code == 404
    assert client.post(f"/workspace/listings/services/{sid}/closures/remove",
                       data={"index": "0", "starts_on": "2030-01-02"}).status_code == 404
    assert client.post(f"/workspace/listings/locations/{lid}", data={"name": "Przejęte"}).status_code == 404
    b_service = rows.one(Service, id=sid)
    assert b_service.name_pl == "Nocleg dla mężczyzn"
    assert rows.count(Schedule, service_id=sid) == 1 and rows.count(Closure, service_id=sid) == 1
    assert rows.one(Location, id=lid).name == "Punkt B"


def test_another_tenants_location_cannot_be_attached(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_admin)
    url = f"/workspace/listings/services/{places['a_service']}"
    shown = page(client.post(url, data=service_data(locations=[str(places["b_location"])])))
    assert shown.status == 400
    assert shown.field_error("locations") == "Choose from the list."
    assert "Punkt B" not in shown  # B's location is not even offered
    shown = page(client.post("/workspace/listings/services/new",
                             data=service_data(locations=[str(places["a_location"]), "99999999"],
                                               categories=["abc"])))
    assert shown.status == 400 and shown.field_error("locations") and shown.field_error("categories")
    links = rows.all(ServiceAtLocation, location_id=places["b_location"])
    assert [link.service_id for link in links] == [places["b_service"]]
    assert rows.count(Service, organisation_id=city.org_a.id) == 1


def test_the_service_layer_refuses_another_tenants_location(app, city, places):
    from app.services import ServiceError
    from app.services.listings import editor as listing_editor
    from app.tenancy import organisation_scope

    with app.test_request_context(), organisation_scope(city.org_a.id):
        organisation = db.session.get(Organisation, city.org_a.id)
        organisation.is_verified = True
        with pytest.raises(ServiceError) as refused:
            listing_editor.save_service(None, {**service_data(), "locations": [places["b_location"]]},
                                        organisation=organisation, actor=None)
        assert refused.value.field == "locations"
        db.session.rollback()


def test_errors_are_shown_beside_the_fields_and_keep_what_was_typed(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}"
    shown = page(client.post(url, data=service_data(
        name_pl="", description_pl="Nowy opis, którego nie wolno zgubić.", minimum_age="30", maximum_age="12",
        url="ftp://files.example.org", email="not-an-address", is_free=None, fees_pl="",
        **{"phones-0-number": "call me", "phones-1-description_pl": "bez numeru"})))
    assert shown.status == 400
    assert shown.field_error("name_pl") == "Give the name in Polish."
    assert shown.field_error("maximum_age") == "The maximum age cannot be lower than the minimum age."
    assert "https://" in shown.field_error("url")
    assert shown.field_error("email") == "Enter an e-mail address like name@example.org."
    assert "what it costs" in shown.field_error("fees_pl")
    assert shown.field_error("phones-0-number") == "Use digits, spaces and + ( ) - only."
    assert shown.field_error("phones-1-number") == "Give the phone number, or clear the description."
    assert "Please correct the marked fields" in shown
    kept = shown.values()
    assert kept["description_pl"] == "Nowy opis, którego nie wolno zgubić." and kept["minimum_age"] == "30"
    assert kept["phones-0-number"] == "call me"
    assert shown.field_error("minimum_age") == ""
    assert page(client.post(url, data=service_data(minimum_age="121"))).field_error("minimum_age") == \
        "Give an age from 0 to 120."
    assert rows.one(Service, id=places["a_service"]).name_pl == "Porady dla rodzin"
    assert rows.audit("service.updated") == []


def test_translations_are_optional_and_the_form_says_polish_is_shown(browser, city, places):
    shown = page(browser(city.a_coordinator).get("/workspace/listings/services/new"))
    assert "residents who read the portal in Ukrainian or English see the Polish text" in shown
    assert "Name in Polish (required)" in shown and "Name in Ukrainian (required)" not in shown


def test_phone_rows_grow_after_saving(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}"
    assert "phones-2-number" in page(client.get(url)).values() and "phones-3-number" not in page(
        client.get(url)).values()
    client.post(url, data=service_data(**{"phones-1-number": "600 100 200", "phones-2-number": "600 100 300",
                                          "phones-2-is_24h": "y"}))
    values = page(client.get(url)).values()
    assert values["phones-2-number"] == "600 100 300" and "phones-4-number" in values
    assert [p.number for p in sorted(rows.all(Phone, service_id=places["a_service"]), key=lambda p: p.position)] == [
        "+48 32 111 22 33", "600 100 200", "600 100 300"]


# -- hours and closures -----------------------------------------------------------------------------------

def test_weekly_hours_two_spans_a_day_validated(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}/hours"
    assert page(client.get(url)).values()["d0_1_opens"] == "08:00"
    shown = page(client.post(url, data={"d0_1_opens": "08:00", "d0_1_closes": "12:00", "d0_2_opens": "11:00",
                                        "d0_2_closes": "16:00", "d1_1_opens": "10:00", "d1_1_closes": "09:00",
                                        "d2_1_opens": "10:00", "d3_1_opens": "banana"}))
    assert shown.status == 400
    assert shown.field_error("d0_2_opens") == \
        "Monday, second opening time: it must start after the first opening time closes."
    assert shown.field_error("d1_1_closes") == "Tuesday: the closing time must be later than the opening time."
    assert shown.field_error("d2_1_closes") == "Wednesday: give the closing time too."
    assert shown.field_error("d3_1_opens") == "Thursday: give the time like 08:30."
    assert shown.values()["d1_1_opens"] == "10:00"
    assert [s.opens_at.hour for s in rows.all(Schedule, service_id=places["a_service"])] == [8]
    response = client.post(url, data={"d0_1_opens": "08:00", "d0_1_closes": "12:00", "d0_2_opens": "13:00",
                                      "d0_2_closes": "16:30", "d4_1_opens": "10:00", "d4_1_closes": "14:00"})
    assert response.status_code == 303
    spans = sorted((s.weekday, s.opens_at.strftime("%H:%M"), s.closes_at.strftime("%H:%M"))
                   for s in rows.all(Schedule, service_id=places["a_service"]))
    assert spans == [(0, "08:00", "12:00"), (0, "13:00", "16:30"), (4, "10:00", "14:00")]
    public = page(browser().get(f"/services/{places['a_service']}"))
    assert "08:00–12:00, 13:00–16:30" in public


def test_hours_errors_name_the_day_and_row_beside_the_field_and_in_the_summary(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}/hours"
    shown = page(client.post(url, data={"d1_1_opens": "08:00", "d1_1_closes": "12:00", "d1_2_opens": "13:00",
                                        "d4_1_closes": "15:00", "d5_2_opens": "10:00", "d5_2_closes": "7 pm"}))
    assert shown.status == 400
    assert shown.field_errors() == {
        "d1_2_closes": "Tuesday, second opening time: give the closing time too.",
        "d4_1_opens": "Friday: give the opening time too.",
        "d5_2_closes": "Saturday, second opening time: give the time like 08:30.",
    }
    summary = shown.html.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#d1_2_closes">Tuesday, second opening time: give the closing time too.</a>' in summary
    assert '<a href="#d4_1_opens">Friday: give the opening time too.</a>' in summary
    assert [(s.weekday, s.opens_at.hour) for s in rows.all(Schedule, service_id=places["a_service"])] == [(0, 8)]


def test_closures_added_validated_and_removed(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}/closures"
    shown = page(client.post(url, data={"starts_on": "2030-05-10", "ends_on": "2030-05-01",
                                        "note_pl": "Urlop"}))
    assert shown.status == 400
    assert shown.field_error("ends_on") == "The last day cannot be before the first day."
    assert shown.values(url)["note_pl"] == "Urlop"
    assert page(client.post(url, data={"starts_on": "not a date"})).field_error("starts_on")
    assert client.post(url, data={"starts_on": "2030-05-01", "ends_on": "2030-05-10", "note_pl": "Urlop",
                                  "note_en": "Holiday"}).status_code == 303
    closures = sorted((c.starts_on.isoformat(), c.note_pl) for c in rows.all(Closure, service_id=places["a_service"]))
    assert closures == [("2030-01-02", "Remont"), ("2030-05-01", "Urlop")]
    assert client.post(f"{url}/remove", data={"index": "0", "starts_on": "2030-05-01"}).status_code == 303
    assert rows.count(Closure, service_id=places["a_service"]) == 2  # a stale page removes nothing
    assert client.post(f"{url}/remove", data={"index": "0", "starts_on": "2030-01-02"}).status_code == 303
    assert [c.note_pl for c in rows.all(Closure, service_id=places["a_service"])] == ["Urlop"]


# -- locations --------------------------------------------------------------------------------------------

LOCATION = {"name": "Mieszkanie chronione", "street": SECRET_STREET, "postal_code": "41-500", "city": "Miasto Demo",
            "district_id": "", "latitude": "50.2649", "longitude": "19.0238", "intake_pl": "", "intake_uk": "",
            "intake_en": ""}


def test_location_fields_are_validated(browser, city, places, rows):
    client = browser(city.a_coordinator)
    shown = page(client.post("/workspace/listings/locations/new", data={
        **LOCATION, "postal_code": "41500", "latitude": "120", "longitude": "", "is_confidential": "y",
        "district_id": "999"}))
    assert shown.status == 400
    assert shown.field_error("postal_code") == "Write the postal code like 41-500."
    assert shown.field_error("district_id")
    assert "confidential place needs a way to reach it" in shown.field_error("intake_pl")
    assert shown.values()["street"] == SECRET_STREET
    shown = page(client.post("/workspace/listings/locations/new", data={**LOCATION, "latitude": "120"}))
    assert shown.field_error("latitude").startswith("Give a latitude between 49 and 55")
    shown = page(client.post("/workspace/listings/locations/new", data={**LOCATION, "longitude": ""}))
    assert shown.field_error("longitude") == "Give both latitude and longitude, or neither."
    assert rows.count(Location, organisation_id=city.org_a.id) == 1


def test_confidential_location_explains_and_never_shows_its_address(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    form = page(client.get("/workspace/listings/locations/new"))
    assert "never shown to the public" in form
    response = client.post("/workspace/listings/locations/new", data={
        **LOCATION, "is_confidential": "y", "intake_pl": "Zadzwoń najpierw: 32 100 20 30.", "step_free": "y"})
    assert response.status_code == 303
    flat = rows.one(Location, name="Mieszkanie chronione")
    assert flat.is_confidential
    # the address is kept, but apart: the location row itself holds none of it
    assert (flat.street, flat.postal_code, flat.latitude, flat.longitude) == (None, None, None, None)
    hidden = rows.one(ConfidentialAddress, location_id=flat.id)
    assert (hidden.street, hidden.latitude) == (SECRET_STREET, Decimal("50.264900"))
    assert page(client.get(f"/workspace/listings/locations/{flat.id}")).values()["street"] == SECRET_STREET
    client.post(f"/workspace/listings/services/{places['a_service']}",
                data=service_data(locations=[str(flat.id)]))
    public = browser().get(f"/services/{places['a_service']}").get_data(as_text=True)
    assert "The address is confidential" in public and "Zadzwoń najpierw" in public
    assert SECRET_STREET not in public and "50.2649" not in public
    from app.services.open_data.hsds import hsds_id

    feed = browser().get(f"/api/hsds/services/{hsds_id('service', places['a_service'])}").get_data(as_text=True)
    assert SECRET_STREET not in feed and "50.2649" not in feed
    # editing the place later keeps the address hidden
    client.post(f"/workspace/listings/locations/{flat.id}", data={
        **LOCATION, "street": "ul. Nowa Tajna 2", "is_confidential": "y", "intake_pl": "Zadzwoń."})
    public = browser().get(f"/services/{places['a_service']}").get_data(as_text=True)
    assert "ul. Nowa Tajna 2" not in public and SECRET_STREET not in public
    assert "location.created" in rows.actions("location.") and "location.updated" in rows.actions("location.")


def test_unverified_organisation_makes_an_address_confidential_at_once(browser, city, places, rows):
    client = browser(city.a_coordinator)
    lid = places["a_location"]
    response = client.post(f"/workspace/listings/locations/{lid}", data={
        **LOCATION, "name": "Punkt A", "street": "ul. Jasna 1", "is_confidential": "y",
        "intake_pl": "Zadzwoń najpierw."})
    assert response.status_code == 303
    public = browser().get(f"/services/{places['a_service']}").get_data(as_text=True)
    assert "ul. Jasna 1" not in public and "Zadzwoń najpierw." in public
    change = rows.one(Revision, object_id=lid)
    assert change.kind == "location" and change.status.value == "pending"  # the rest waits
    assert "location.made_confidential" in rows.actions("location.")


def test_unverified_new_service_is_not_public_until_approved(browser, city, places, rows):
    client = browser(city.a_coordinator)
    response = client.post("/workspace/listings/services/new",
                           data=service_data(locations=[str(places["a_location"])]))
    assert response.status_code == 303
    service = rows.one(Service, name_pl="Poradnia rodzinna Słonecznik")
    assert not service.is_published
    assert browser().get(f"/services/{service.id}").status_code == 404
    assert "Sunflower" not in search(browser(), "słonecznik")
    listing = page(client.get("/workspace/listings/"))
    assert "Not public yet" in listing and "Change waiting for the department" in listing
    assert rows.one(Revision).action.value == "create"
    assert rows.count(AuditEvent, AuditEvent.action == "revision.submitted") == 1


def test_two_clicks_that_pass_the_check_together_still_make_one_listing(browser, city, places, rows, monkeypatch):
    """Both sends pass the name check before either is saved: the database's unique index says the same."""
    from app.services.listings import editor

    monkeypatch.setattr(editor, "_check_unique_name", lambda *_args, **_kwargs: None)
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    data = service_data(locations=[str(places["a_location"])])
    assert client.post("/workspace/listings/services/new", data=data).status_code == 303
    again = page(client.post("/workspace/listings/services/new", data=data))
    assert again.status == 400
    assert again.field_error("name_pl") == "Your organisation already has a service with this name."
    assert again.values()["description_pl"] == data["description_pl"]  # what was typed is kept
    assert rows.count(Service, name_pl="Poradnia rodzinna Słonecznik") == 1
    assert rows.count(AuditEvent, AuditEvent.action == "service.created") == 1  # the refused one left no trace


def test_a_form_sent_twice_does_not_create_the_listing_twice(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    data = service_data(locations=[str(places["a_location"])])
    assert client.post("/workspace/listings/services/new", data=data).status_code == 303
    again = page(client.post("/workspace/listings/services/new", data=data))
    assert again.status == 400
    assert again.field_error("name_pl") == "Your organisation already has a service with this name."
    assert rows.count(Service, name_pl="Poradnia rodzinna Słonecznik") == 1
    assert client.post("/workspace/listings/locations/new", data=LOCATION).status_code == 303
    assert page(client.post("/workspace/listings/locations/new", data=LOCATION)).field_error("name") == \
        "Your organisation already has a location with this name."
    assert rows.count(Location, name="Mieszkanie chronione") == 1
    # tenant B may use the same names
    assert browser(city.b_admin).post("/workspace/listings/locations/new", data=LOCATION).status_code == 303
