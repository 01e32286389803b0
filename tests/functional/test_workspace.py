"""The organisation workspace: dashboard, profile, members list."""

from __future__ import annotations

import pytest

from app.models import Membership, Organisation, Role
from tests.functional.support import location, page

PROFILE = {
    "name": "Stowarzyszenie A", "short_name": "SA", "krs": "0000123456", "nip": "", "regon": "",
    "street": "ul. Polna 1", "postal_code": "41-500", "city": "Miasto Demo", "email": "biuro@sa.example",
    "phone": "32 123 45 67", "website": "https://sa.example", "description_pl": "Pomagamy.",
    "description_uk": "", "description_en": "",
}


def test_dashboard_shows_completeness_and_whats_missing(browser, city, rows):
    shown = page(browser(city.a_staff).get("/workspace/"))
    assert shown.status == 200
    assert shown.h1 == city.org_a.name
    assert "Profile 0% complete" in shown
    for item in ("Description in Polish", "Street address", "Contact phone",
                 "A legal identifier (KRS, NIP or REGON)"):
        assert item in shown
    assert "Complete the profile" not in shown  # staff cannot edit it
    assert "Jan Testowy – Admin" in shown  # the members

    client = browser(city.a_admin)
    assert client.post("/workspace/profile", data=PROFILE).status_code == 303
    shown = page(client.get("/workspace/"))
    assert "Profile 78% complete" in shown  # 7 of 9: only the Ukrainian and English descriptions missing
    assert "Description in Ukrainian" in shown and "Description in English" in shown
    assert "Street address" not in shown and "A legal identifier" not in shown
    assert "Complete the profile" in shown


def test_full_profile_is_complete(browser, city):
    client = browser(city.a_coordinator)
    client.post("/workspace/profile", data={**PROFILE, "description_uk": "Допомагаємо.",
                                             "description_en": "We help."})
    shown = page(client.get("/workspace/"))
    assert "Profile 100% complete" in shown
    assert "The profile is complete. Thank you!" in shown


def test_profile_edit_saves_and_is_audited(browser, city, rows):
    client = browser(city.a_admin)
    form = page(client.get("/workspace/profile")).values()
    assert form["name"] == city.org_a.name
    assert "kind" not in form  # only the department sets the kind
    response = client.post("/workspace/profile", data={**form, "phone": "+48 32 765 43 21",
                                                       "description_pl": "Nowy opis.", "kind": "church"})
    assert response.status_code == 303 and location(response) == "/workspace/"
    assert "The profile has been saved." in page(client.get("/workspace/")).flashes("success")
    organisation = rows.one(Organisation, id=city.org_a.id)
    assert (organisation.phone, organisation.description_pl) == ("+48 32 765 43 21", "Nowy opis.")
    assert organisation.kind == "association"
    [event] = rows.audit("organisation.updated")
    assert (event.actor_id, event.organisation_id) == (city.a_admin.id, city.org_a.id)
    assert sorted(event.details["fields"]) == ["description_pl", "phone"]
    # saving again without changes writes nothing
    form = page(client.get("/workspace/profile")).values()
    client.post("/workspace/profile", data=form)
    assert "Nothing was changed." in page(client.get("/workspace/")).flashes("success")
    assert len(rows.audit("organisation.updated")) == 1


def test_profile_bad_input_is_explained_and_changes_nothing(browser, city, make, rows):
    make.organisation("Ktoś inny", nip="5261040828")
    client = browser(city.a_admin)
    shown = page(client.post("/workspace/profile", data={**PROFILE, "postal_code": "41500",
                                                         "phone": "call me maybe"}))
    assert shown.status == 400
    assert "Write the postal code like 41-500." in shown.field_error("postal_code")
    assert "Use digits, spaces and + ( ) - only." in shown.field_error("phone")
    assert shown.values()["street"] == PROFILE["street"]
    shown = page(client.post("/workspace/profile", data={**PROFILE, "nip": "526-104-08-28"}))
    assert "Another organisation in the registry has this number." in shown.field_error("nip")
    organisation = rows.one(Organisation, id=city.org_a.id)
    assert organisation.street is None and organisation.nip is None
    assert rows.actions("organisation.updated") == []


def test_staff_cannot_edit_the_profile(browser, city, rows):
    client = browser(city.a_staff)
    assert client.get("/workspace/profile").status_code == 403
    assert client.post("/workspace/profile", data=PROFILE).status_code == 403
    assert rows.one(Organisation, id=city.org_a.id).street is None
    shown = page(client.get("/workspace/profile"))
    assert "Your role does not allow this." in shown and "Traceback" not in shown.html


def test_profile_edits_only_the_active_organisation(browser, city, rows):
    browser(city.b_admin).post("/workspace/profile", data={**PROFILE, "name": "Schronisko B"})
    assert rows.one(Organisation, id=city.org_a.id).street is None
    assert rows.one(Organisation, id=city.org_b.id).street == PROFILE["street"]


def test_members_page_lists_only_this_organisation(browser, city):
    shown = page(browser(city.a_staff).get("/workspace/members"))
    assert shown.status == 200
    for person in (city.a_admin, city.a_coordinator, city.a_staff):
        assert person.email in shown
    for person in (city.b_admin, city.b_staff, city.dept_admin):
        assert person.email not in shown
    assert "Change role" not in shown and "Remove" not in shown


@pytest.mark.parametrize("who", ["dept_admin", "dept_officer", "outsider"])
def test_workspace_is_for_organisation_members(browser, city, who):
    assert browser(getattr(city, who)).get("/workspace/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(browser):
    response = browser().get("/workspace/profile")
    assert response.status_code == 302 and location(response) == "/sign-in?next=/workspace/profile"


def test_coordinator_of_a_cannot_touch_b_memberships(browser, city, rows):
    b_membership = rows.one(Membership, user_id=city.b_staff.id).id
    client = browser(city.a_coordinator)
    response = client.post(f"/workspace/members/{b_membership}/role", data={"role": "admin"})
    # A coordinator may not change roles at all, so the permission check answers first: 403 for
    # every id, own or B's, existing or not, so nothing about B leaks (tests/security/test_route_matrix.py
    # expects exactly this). An admin of A, who may change roles, gets 404 for B's membership
    # (test_invitations.py::test_another_tenants_members_answer_404).
    assert response.status_code == 403
    assert rows.one(Membership, id=b_membership).role == Role.STAFF
