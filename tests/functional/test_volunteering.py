"""Volunteering offers: the residents' list and page, and the organisation's editing (with moderation)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from app.extensions import db
from app.localtime import local_today
from app.models import AuditEvent, ListingKind, Organisation, Revision, RevisionStatus, User, VolunteerOpportunity
from app.services.moderation import review
from app.services.workflow import revisions
from app.services.workflow.comparison import title_of
from app.tenancy import system_scope
from tests.functional.support import location, page


@pytest.fixture
def offers(city, make):
    """Offers of A (open, ongoing, ended, hidden) and of B, in two districts."""
    centrum = make.district("centrum", "Centrum", latitude="50.297", longitude="18.954")
    batory = make.district("batory", "Batory", latitude="50.28", longitude="18.92")
    today = local_today()
    add = partial(make.opportunity, contact_phone="+48 32 100 20 30")
    return {
        "tutoring": add(city.org_a, "Korepetycje w świetlicy", district=centrum, title_uk="Репетиторство",
                        description_uk="Допомога дітям з уроками.", requirements_pl="Niekaralność.",
                        commitment_pl="2 godziny w tygodniu", minimum_age=18, contact_name="Teresa",
                        contact_email="wolontariat@a.example", ends_on=today + timedelta(days=30)),
        "ongoing": add(city.org_a, "Odwiedziny u seniorów", district=centrum),
        "ended": add(city.org_a, "Zbiórka sprzed roku", district=centrum, ends_on=today - timedelta(days=1)),
        "hidden": add(city.org_a, "Szkic oferty", is_published=False),
        "b": add(city.org_b, "Patrole zimowe B", district=batory, ends_on=today + timedelta(days=90)),
        "centrum": centrum,
    }


def test_list_shows_current_offers_only(browser, offers):
    shown = page(browser().get("/volunteering"))
    assert shown.status == 200 and shown.h1 == "Volunteering"
    for title in ("Korepetycje w świetlicy", "Odwiedziny u seniorów", "Patrole zimowe B"):
        assert title in shown
    for title in ("Zbiórka sprzed roku", "Szkic oferty"):
        assert title not in shown
    assert "3 offers" in shown
    assert shown.html.index("Korepetycje") < shown.html.index("Patrole") < shown.html.index("Odwiedziny")


def test_district_filter(browser, offers):
    shown = page(browser().get("/volunteering?district=batory"))
    assert "Patrole zimowe B" in shown and "Korepetycje" not in shown


@pytest.mark.parametrize("query", ["district=nowhere", "page=abc", "page=99999999999999999", "page=-5",
                                   "district=%00", "x=" + "y" * 3000])
def test_bad_query_strings_give_a_normal_page(browser, offers, query):
    assert browser().get(f"/volunteering?{query}").status_code == 200


def test_offer_page_has_requirements_commitment_and_contact(browser, offers):
    shown = page(browser().get(f"/volunteering/{offers['tutoring']}"))
    assert shown.status == 200 and shown.h1 == "Korepetycje w świetlicy"
    assert "Niekaralność." in shown and "2 godziny w tygodniu" in shown and "Centrum" in shown
    assert 'href="tel:+48321002030"' in shown.html and 'href="mailto:wolontariat@a.example"' in shown.html
    assert "This information is available only in Polish." in shown
    ukrainian = page(browser(lang="uk").get(f"/volunteering/{offers['tutoring']}"))
    assert ukrainian.h1 == "Репетиторство" and "Допомога дітям з уроками." in ukrainian


def test_ended_hidden_and_missing_offers(browser, offers, rows, city):
    client = browser()
    assert "This offer has ended." in page(client.get(f"/volunteering/{offers['ended']}"))
    assert client.get(f"/volunteering/{offers['hidden']}").status_code == 404
    assert client.get("/volunteering/0").status_code == 404
    assert client.get("/volunteering/99999999999999").status_code == 404
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_b.id), "is_active", False))
    assert client.get(f"/volunteering/{offers['b']}").status_code == 404


# --- the workspace ------------------------------------------------------------------------------------------

def _form(**overrides) -> dict:
    data = {"title_pl": "Pomoc w magazynie", "description_pl": "Sortowanie darów.", "district_id": "",
            "starts_on": "", "ends_on": (local_today() + timedelta(days=60)).isoformat(), "minimum_age": "16",
            "contact_name": "Jan", "contact_phone": "+48 32 555 00 11", "contact_email": "", "is_published": "y"}
    data.update(overrides)
    return data


def _verify_a(rows, city):
    rows.run(lambda: setattr(db.session.get(Organisation, city.org_a.id), "is_verified", True))


def test_the_workspace_list_says_where_each_offer_stands(browser, city, offers, make):
    make.revision(offers["ongoing"], kind=ListingKind.VOLUNTEERING, changes={"commitment_pl": "Soboty"})

    table, = page(browser(city.a_coordinator).get("/workspace/volunteering")).tables()

    assert table.rows[0] == ["Title", "Until", "Status", "Actions"]
    assert all(len(row) == 4 for row in table.rows)
    statuses = {row["Title"]: row["Status"] for row in table.records()}
    assert statuses == {"Korepetycje w świetlicy": "Published",
                        "Odwiedziny u seniorów": "Published Change waiting for the department",
                        "Zbiórka sprzed roku": "Over", "Szkic oferty": "Hidden"}
    assert all(row["Actions"].startswith(f"Edit: {row['Title']}") for row in table.records())


def test_verified_organisation_adds_and_edits_an_offer(browser, city, rows, offers):
    _verify_a(rows, city)
    client = browser(city.a_coordinator)
    response = client.post("/workspace/volunteering/new", data=_form(district_id=str(offers["centrum"])))
    assert response.status_code == 303 and location(response) == "/workspace/volunteering"
    offer = rows.one(VolunteerOpportunity, title_pl="Pomoc w magazynie")
    assert (offer.district_id, offer.minimum_age) == (offers["centrum"], 16)
    assert "Pomoc w magazynie" in page(browser().get("/volunteering"))
    assert rows.audit("volunteering.created")[0].actor_id == city.a_coordinator.id
    assert client.post("/workspace/volunteering/new", data=_form()).status_code == 400  # sent twice: one offer
    assert rows.count(VolunteerOpportunity, title_pl="Pomoc w magazynie") == 1

    form = page(client.get(f"/workspace/volunteering/{offer.id}/edit")).values()
    assert form["title_pl"] == "Pomoc w magazynie"
    client.post(f"/workspace/volunteering/{offer.id}/edit", data={**form, "commitment_pl": "Soboty",
                                                                  "is_published": "y"})
    assert rows.one(VolunteerOpportunity, id=offer.id).commitment_pl == "Soboty"
    assert rows.audit("volunteering.updated")[0].details["fields"] == ["commitment_pl"]
    assert client.post(f"/workspace/volunteering/{offer.id}/delete").status_code == 303
    assert rows.count(VolunteerOpportunity, id=offer.id) == 0


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"title_pl": ""}, "title_pl", "Give the offer a title."),
    ({"starts_on": "2027-05-01", "ends_on": "2027-04-01"}, "ends_on", "The end cannot be before the start."),
    ({"ends_on": "2020-01-01"}, "ends_on", "The end date has already passed."),
    ({"ends_on": "2099-01-01"}, "ends_on", "within the next two years"),
    ({"minimum_age": "150"}, "minimum_age", "Give an age from 0 to 99."),
    ({"minimum_age": "abc"}, "minimum_age", ""),
    ({"contact_phone": "", "contact_email": ""}, "contact_phone", "Give a phone number or an e-mail address"),
    ({"contact_email": "nope"}, "contact_email", "Enter an e-mail address like"),
    ({"district_id": "99999"}, "district_id", "Choose a district from the list."),
    ({"district_id": "junk"}, "district_id", "Choose a district from the list."),
])
def test_bad_input_is_explained_and_changes_nothing(browser, city, rows, offers, overrides, field, message):
    _verify_a(rows, city)
    shown = page(browser(city.a_admin).post("/workspace/volunteering/new", data=_form(**overrides)))
    assert shown.status == 400
    assert message in shown.field_error(field), shown.field_errors()
    assert shown.values()["description_pl"] == "Sortowanie darów."
    assert rows.count(VolunteerOpportunity) == 5 and rows.actions("volunteering.") == []


def test_tenant_b_offers_are_404_and_unchanged(browser, city, rows, offers):
    client = browser(city.a_admin)
    b = offers["b"]
    assert client.get(f"/workspace/volunteering/{b}/edit").status_code == 404
    assert client.post(f"/workspace/volunteering/{b}/edit", data=_form()).status_code == 404
    assert client.post(f"/workspace/volunteering/{b}/delete").status_code == 404
    assert rows.one(VolunteerOpportunity, id=b).title_pl == "Patrole zimowe B"
    shown = page(client.get("/workspace/volunteering"))
    assert "Korepetycje" in shown and "Patrole zimowe B" not in shown


def test_staff_see_but_cannot_change(browser, city, rows, offers):
    client = browser(city.a_staff)
    shown = page(client.get("/workspace/volunteering"))
    assert shown.status == 200 and "Korepetycje" in shown and "Add a volunteering offer" not in shown
    assert client.post("/workspace/volunteering/new", data=_form()).status_code == 403
    assert client.post(f"/workspace/volunteering/{offers['tutoring']}/delete").status_code == 403
    assert client.get(f"/workspace/volunteering/{offers['tutoring']}/edit").status_code == 403
    assert rows.count(VolunteerOpportunity) == 5
    for who in (city.dept_admin, city.dept_officer, city.outsider):
        assert browser(who).get("/workspace/volunteering").status_code == 403


def test_unverified_organisation_offer_waits_for_approval(browser, city, rows, app, offers):
    client = browser(city.a_admin)
    before = rows.count(AuditEvent)
    assert client.post("/workspace/volunteering/new", data=_form()).status_code == 303
    assert rows.count(VolunteerOpportunity, title_pl="Pomoc w magazynie") == 0
    change = rows.one(Revision, status=RevisionStatus.PENDING)
    assert change.kind == "volunteering" and change.proposed["ends_on"] == _form()["ends_on"]
    assert "Pomoc w magazynie" in page(client.get("/workspace/volunteering"))
    client.post(f"/workspace/volunteering/{offers['ongoing']}/delete")
    assert rows.count(VolunteerOpportunity, id=offers["ongoing"]) == 1
    assert rows.count(AuditEvent) > before and rows.actions("volunteering.") == []

    def approve_all():
        officer = db.session.get(User, city.dept_officer.id)
        for waiting in db.session.execute(review.pending_query()).scalars().all():
            revisions.approve(waiting, actor=officer)

    with app.test_request_context():
        rows.run(approve_all)
    assert rows.count(VolunteerOpportunity, title_pl="Pomoc w magazynie") == 1
    assert rows.count(VolunteerOpportunity, id=offers["ongoing"]) == 0
    assert "Pomoc w magazynie" in page(browser().get("/volunteering"))
    with app.app_context(), system_scope("tests"):
        assert title_of(db.session.get(Revision, change.id)) == "Pomoc w magazynie"


def test_offer_page_leads_to_the_report_form(browser, offers):
    client = browser()
    shown = page(client.get(f"/volunteering/{offers['tutoring']}"))
    assert f'href="/volunteering/{offers["tutoring"]}/feedback"' in shown.html
    assert client.get(f"/volunteering/{offers['tutoring']}/feedback").status_code == 200
