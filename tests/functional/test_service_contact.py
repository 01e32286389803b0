"""A service names a contact person: edited by the organisation, shown to residents, moderated (issue 3 §1)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Revision, Service
from app.services.listings.values import clean_service_values, service_values
from app.tenancy import system_scope
from tests.functional.listing_support import build_places, service_data, verify
from tests.functional.support import page

CONTACT = {"contact_name": "Anna Wróbel", "contact_title_pl": "kierowniczka ośrodka", "contact_title_uk": "",
           "contact_title_en": "head of the centre", "contact_email": "a.wrobel@example.org",
           "contact_phone": "+48 32 555 21 14"}


@pytest.fixture
def places(city, make):
    """A published service with a location for each of tenants A and B."""
    return build_places(make, city)


def _table_row(shown, label: str) -> str:
    """The before/after table's row of the field labelled ``label``."""
    for row in html.unescape(shown.html).split("<tr")[1:]:
        if row.split('<th scope="row">', 1)[-1].startswith((f"{label}<", f"{label} <")):
            return row
    raise AssertionError(f"no row for {label!r}")


def _edit(client, places, **changes):
    return client.post(f"/workspace/listings/services/{places['a_service']}", data=service_data(
        name_pl="Porady dla rodzin", locations=[str(places["a_location"])], **changes))


def test_the_editor_saves_the_contact_person_and_shows_it_again(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    assert _edit(client, places, **CONTACT).status_code == 303
    saved = rows.one(Service, id=places["a_service"])
    assert (saved.contact_name, saved.contact_title_pl, saved.contact_title_uk, saved.contact_title_en,
            saved.contact_email, saved.contact_phone) == (
        "Anna Wróbel", "kierowniczka ośrodka", None, "head of the centre", "a.wrobel@example.org",
        "+48 32 555 21 14")
    form = page(client.get(f"/workspace/listings/services/{places['a_service']}")).values()
    assert form["contact_name"] == "Anna Wróbel" and form["contact_phone"] == "+48 32 555 21 14"
    assert form["contact_title_en"] == "head of the centre" and form["contact_title_uk"] == ""
    event = rows.audit("service.updated")[-1]
    assert "contact_name" in event.details["fields"] and "contact_email" in event.details["fields"]

    assert _edit(client, places, **dict.fromkeys(CONTACT, "")).status_code == 303  # cleared again
    cleared = rows.one(Service, id=places["a_service"])
    assert cleared.contact_name is None and cleared.contact_email is None and cleared.contact_phone is None
    assert "Contact person" not in page(browser().get(f"/services/{places['a_service']}"))


def test_bad_contact_details_are_refused_beside_the_fields_and_kept(browser, city, places, rows):
    verify(rows, city.org_a)
    client = browser(city.a_coordinator)
    shown = page(_edit(client, places, **{**CONTACT, "contact_email": "anna(at)example", "contact_phone": "call"}))
    assert shown.status == 400
    assert shown.field_error("contact_email") == "Enter an e-mail address like name@example.org."
    assert shown.field_error("contact_phone") == "Use digits, spaces and + ( ) - only."
    assert shown.field_error("email") == ""
    kept = shown.values()
    assert kept["contact_email"] == "anna(at)example" and kept["contact_name"] == "Anna Wróbel"
    nameless = page(_edit(client, places, **{**CONTACT, "contact_name": ""}))
    assert nameless.status == 400
    assert nameless.field_error("contact_name") == "Give the contact person's name, or clear their details."
    too_long = page(_edit(client, places, **{**CONTACT, "contact_name": "A" * 121}))
    assert too_long.status == 400 and too_long.field_error("contact_name")
    assert rows.one(Service, id=places["a_service"]).contact_name is None
    assert rows.audit("service.updated") == []


def test_the_service_rules_refuse_bad_contacts_whatever_the_form(app, city, places):
    from app.services import ServiceError

    base = {**service_data(), "locations": []}
    with app.app_context(), system_scope("tests"):
        for changes, field in (({"contact_email": "nobody"}, "contact_email"),
                               ({"contact_phone": "12"}, "contact_phone"),
                               ({"contact_name": None}, "contact_name")):
            with pytest.raises(ServiceError) as refused:
                clean_service_values({**base, **CONTACT, **changes}, city.org_a.id)
            assert refused.value.field == field
        cleaned = clean_service_values({**base, "contact_name": "  Jan Nowak  "}, city.org_a.id)
        assert cleaned["contact_name"] == "Jan Nowak" and cleaned["contact_email"] is None


def test_the_public_page_shows_the_contact_person_with_links(browser, city, places, rows):
    verify(rows, city.org_a)
    _edit(browser(city.a_coordinator), places, **CONTACT)
    english = page(browser(lang="en").get(f"/services/{places['a_service']}"))
    assert "Contact person" in english and "Anna Wróbel" in english and "head of the centre" in english
    assert 'href="tel:+48325552114"' in english.html
    assert 'href="mailto:a.wrobel@example.org"' in english.html
    ukrainian = page(browser(lang="uk").get(f"/services/{places['a_service']}"))
    assert '<li lang="pl">kierowniczka ośrodka</li>' in ukrainian.html  # no Ukrainian title: Polish, marked
    assert "head of the centre" not in ukrainian


def test_only_the_given_contact_details_are_shown(browser, city, places, rows):
    verify(rows, city.org_a)
    _edit(browser(city.a_coordinator), places, contact_name="Jan Nowak")
    shown = page(browser().get(f"/services/{places['a_service']}"))
    assert "Jan Nowak" in shown
    block = shown.html.split("Contact person", 1)[1].split("</ul>", 1)[0]
    assert "tel:" not in block and "mailto:" not in block


def test_an_unverified_organisations_contact_waits_and_the_table_shows_it(browser, city, places, rows):
    client = browser(city.a_coordinator)
    assert _edit(client, places, **CONTACT).status_code == 303
    assert "Anna Wróbel" not in page(browser().get(f"/services/{places['a_service']}"))
    assert rows.one(Service, id=places["a_service"]).contact_name is None
    change = rows.one(Revision)
    assert change.proposed["contact_email"] == "a.wrobel@example.org"
    assert page(client.get(f"/workspace/listings/services/{places['a_service']}")).values()[
        "contact_name"] == "Anna Wróbel"  # the editor shows what waits
    shown = page(browser(city.dept_officer).get(f"/console/moderation/changes/{change.id}"))
    assert shown.status == 200
    name_row, email_row = _table_row(shown, "Contact person"), _table_row(shown, "Contact person's e-mail")
    assert "Anna Wróbel" in name_row and "Changed" in name_row and "<ins>" in name_row
    assert "a.wrobel@example.org" in email_row and "Changed" in email_row
    assert "Changed" not in _table_row(shown, "Name in Polish")

    response = browser(city.dept_officer).post(f"/console/moderation/changes/{change.id}/approve", data={"note": ""})
    assert response.status_code == 303
    public = page(browser().get(f"/services/{places['a_service']}"))
    assert "Anna Wróbel" in public and 'href="mailto:a.wrobel@example.org"' in public.html


def test_demo_services_name_valid_contact_persons_once(app, rows):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0

    def contacts():
        with app.app_context(), system_scope("tests"):
            services = db.session.execute(select(Service).where(Service.contact_name.is_not(None))).unique().scalars()
            found = {}
            for service in services:
                values = service_values(service)
                assert clean_service_values(values, service.organisation_id) == values  # valid as the editor says
                found[service.id] = (service.contact_name, service.contact_email, service.contact_phone)
            return found

    first = contacts()
    assert 5 <= len(first) <= 6
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert contacts() == first
