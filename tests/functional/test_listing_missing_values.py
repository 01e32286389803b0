"""A required value an older listing lacks blocks no unrelated edit and is asked for (issue 8)."""

from __future__ import annotations

import json
import re
from datetime import time
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Revision, Service
from app.services.listings.values import missing_required
from tests.functional.listing_support import build_places, service_data, verify
from tests.functional.support import location, page

NEW_DESCRIPTION = "Doradca pomoże ułożyć plan spłaty długów."
MISSING_NOTICE = "Residents need information this listing still lacks."
FULL_PROFILE = {
    "name": "Stowarzyszenie A", "short_name": "SA", "krs": "0000123456", "nip": "", "regon": "",
    "street": "ul. Polna 1", "postal_code": "41-500", "city": "Miasto Demo", "email": "biuro@sa.example",
    "phone": "32 123 45 67", "website": "https://sa.example", "description_pl": "Pomagamy.",
    "description_uk": "Допомагаємо.", "description_en": "We help.",
}


@pytest.fixture
def places(city, make):
    """Tenants A and B with a complete service each, and for A an older service saved before "who it is for"
    was required."""
    made = build_places(make, city)
    made["older"] = make.service(city.org_a, "Poradnictwo dla osób zadłużonych", description_pl="Stary opis.",
                                 audience_pl=None, places=[made["a_location"]], hours=[(1, time(9), time(15))])
    return made


def edit_description(client, service_id: int, **changes):
    """Send the service form as it is shown, with a new description (and ``changes``)."""
    url = f"/workspace/listings/services/{service_id}"
    shown = page(client.get(url))
    data = {**shown.values(), "is_free": "y", "locations": [str(v) for v in changes.pop("locations", [])],
            "description_pl": NEW_DESCRIPTION, **changes}
    return client.post(url, data=data)


def audience_textarea(shown) -> str:
    return re.search(r"<textarea[^>]*name=\"audience_pl\"[^>]*>", shown.html).group(0)


def test_editing_only_the_description_of_an_older_listing_goes_live(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['older']}"
    shown = page(client.get(url))
    assert " required" not in audience_textarea(shown)  # the browser would not let the form go
    assert "Who it is for, in Polish (required)" not in shown
    response = edit_description(client, places["older"], locations=[places["a_location"]])
    assert response.status_code == 303 and location(response) == url
    service = rows.one(Service, id=places["older"])
    assert service.description_pl == NEW_DESCRIPTION and service.audience_pl is None
    assert "Saved. Residents see the listing as it is now." in page(client.get(url)).flashes()
    hours = client.post(f"{url}/hours", data={"d1_1_opens": "10:00", "d1_1_closes": "14:00"})
    assert hours.status_code == 303  # the other pages of the listing save too


def test_an_unverified_organisations_edit_of_an_older_listing_waits_and_is_approved(browser, city, places, rows):
    client = browser(city.a_coordinator)
    assert edit_description(client, places["older"], locations=[places["a_location"]]).status_code == 303
    change = rows.one(Revision)
    assert change.status.value == "pending" and change.proposed["description_pl"] == NEW_DESCRIPTION
    assert rows.one(Service, id=places["older"]).description_pl == "Stary opis."
    console = browser(city.dept_officer)
    assert console.post(f"/console/moderation/changes/{change.id}/approve", data={"note": ""}).status_code == 303
    assert rows.one(Revision).status.value == "approved"
    assert rows.one(Service, id=places["older"]).description_pl == NEW_DESCRIPTION


def test_clearing_an_audience_that_is_there_is_refused_beside_the_field(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['a_service']}"
    assert " required" in audience_textarea(page(client.get(url)))
    shown = page(client.post(url, data=service_data(name_pl="Porady dla rodzin", audience_pl="")))
    assert shown.status == 400
    assert shown.field_error("audience_pl") == "Say in Polish who the service is for."
    assert rows.one(Service, id=places["a_service"]).audience_pl == "Dorośli."


def test_a_new_service_without_audience_or_fees_is_refused(browser, city, places, rows):
    client = browser(city.a_coordinator)
    shown = page(client.get("/workspace/listings/services/new"))
    assert " required" in audience_textarea(shown) and MISSING_NOTICE not in shown
    shown = page(client.post("/workspace/listings/services/new",
                             data=service_data(audience_pl="", is_free=None, fees_pl="")))
    assert shown.status == 400
    assert shown.field_error("audience_pl") == "Say in Polish who the service is for."
    assert "what it costs" in shown.field_error("fees_pl")
    assert rows.count(Service, name_pl="Poradnia rodzinna Słonecznik") == 0


def test_an_older_paid_listing_without_fees_keeps_saving_but_cannot_lose_its_audience(browser, city, make, places,
                                                                                      rows):
    verify(rows, city.org_a)
    paid = make.service(city.org_a, "Opieka wytchnieniowa", audience_pl="Opiekunowie osób starszych.",
                        is_free=False, fees_pl=None)
    client = browser(city.a_coordinator)
    shown = page(client.get(f"/workspace/listings/services/{paid}"))
    assert "Fees, in Polish" in shown.text.split(MISSING_NOTICE)[1].split("What it is")[0]
    assert edit_description(client, paid, is_free="").status_code == 303
    assert rows.one(Service, id=paid).description_pl == NEW_DESCRIPTION
    refused = page(edit_description(client, paid, is_free="", audience_pl=""))
    assert refused.field_error("audience_pl") == "Say in Polish who the service is for."


def test_what_is_missing_is_asked_for_on_the_editor_the_list_and_the_dashboard(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    url = f"/workspace/listings/services/{places['older']}"
    editor = page(client.get(url))
    assert MISSING_NOTICE in editor
    assert '<li><a href="#audience_pl">Who it is for, in Polish</a></li>' in editor.html
    complete = page(client.get(f"/workspace/listings/services/{places['a_service']}"))
    assert MISSING_NOTICE not in complete

    listing = page(client.get("/workspace/listings/"))
    row = next(r for r in listing.html.split("<tr") if "Poradnictwo dla osób zadłużonych" in r)
    assert "Information missing" in row and f'href="{url}#missing-values"' in row
    assert "Who it is for, in Polish" in row
    assert "Information missing" not in next(r for r in listing.html.split("<tr") if "Porady dla rodzin" in r)

    dashboard = page(client.get("/workspace/"))
    assert "“Poradnictwo dla osób zadłużonych” lacks: Who it is for, in Polish" in dashboard
    assert f'href="{url}#missing-values"' in dashboard.html
    assert "Porady dla rodzin” lacks" not in dashboard
    assert "Poradnictwo dla osób zadłużonych" not in page(browser(city.b_admin).get("/workspace/"))

    filled = edit_description(client, places["older"], audience_pl="Dorośli z długami.",
                              locations=[places["a_location"]])
    assert filled.status_code == 303
    assert MISSING_NOTICE not in page(client.get(url))
    assert "Information missing" not in page(client.get("/workspace/listings/"))
    assert "lacks:" not in page(client.get("/workspace/"))


def test_a_listing_lacking_values_counts_in_the_profile_completeness(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_admin)
    assert client.post("/workspace/profile", data=FULL_PROFILE).status_code == 303
    dashboard = page(client.get("/workspace/"))
    assert "Profile 90% complete" in dashboard  # the 9 items of the profile, and not the one listing
    assert "Complete the profile" not in dashboard  # the profile itself is complete
    edit_description(client, places["older"], audience_pl="Dorośli z długami.", locations=[places["a_location"]])
    assert "Profile 100% complete" in page(client.get("/workspace/"))


def test_a_waiting_change_that_fills_the_value_ends_the_prompt(browser, city, places, rows):
    client = browser(city.a_coordinator)  # unverified: the change waits
    edit_description(client, places["older"], audience_pl="Dorośli z długami.")
    assert rows.one(Service, id=places["older"]).audience_pl is None
    assert "Information missing" not in page(client.get("/workspace/listings/"))
    assert "lacks:" not in page(client.get("/workspace/"))


def test_the_staff_see_what_is_missing_without_a_link_to_the_editor(browser, city, places):
    dashboard = page(browser(city.a_staff).get("/workspace/"))
    assert "“Poradnictwo dla osób zadłużonych” lacks: Who it is for, in Polish" in dashboard
    assert f"/workspace/listings/services/{places['older']}" not in dashboard.html


def test_no_demo_service_lacks_required_values():
    services = json.loads((Path(__file__).parents[2] / "app/demo/data/services.json").read_text("utf-8"))
    assert len(services) == 55
    for spec in services:
        assert (spec["audience"] or {}).get("pl"), spec["name"]["pl"]
        assert spec["is_free"] or (spec["fees"] or {}).get("pl"), spec["name"]["pl"]
        for locale in ("uk", "en"):  # where the service speaks a language, it says who it is for in it
            if spec["description"].get(locale):
                assert spec["audience"].get(locale), (spec["name"]["pl"], locale)


def test_the_loaded_demo_lacks_no_required_value_and_a_reload_fills_an_older_copy(app, rows):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    services = rows.all(Service)
    assert len(services) == 55 and all(missing_required(service) == {} for service in services)

    def make_older():
        db.session.get(Service, services[0].id).audience_pl = None
    rows.run(make_older)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert rows.one(Service, id=services[0].id).audience_pl == services[0].audience_pl
