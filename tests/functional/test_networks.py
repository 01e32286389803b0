"""Networks of partner organisations: the department creates them, names their coordinators, adds and removes
members and says what each brings; a member organisation reads its networks with every member's contacts and keeps
its own contact; an organisation outside a network gets 404. Partner institutions (police, schools…) are
organisations like any other."""

from __future__ import annotations

import re

import pytest

from app.models import Network, NetworkMember, Organisation, OrganisationKind
from tests.functional.support import page

CONSOLE = "/console/networks"
WORKSPACE = "/workspace/networks"


@pytest.fixture
def partners(make, city):
    """A police station, a school and a deactivated library of the city."""
    police = make.organisation("Komenda Powiatowa Policji", kind=OrganisationKind.POLICE, phone="32 200 10 10",
                               email="kpp@example.org")
    school = make.organisation("Szkoła Podstawowa nr 1", kind=OrganisationKind.SCHOOL)
    library = make.organisation("Biblioteka Miejska", kind=OrganisationKind.LIBRARY, is_active=False)
    return police, school, library


def _network_form(coordinator, name="Zespół interdyscyplinarny", purpose="Wspólna praca z rodzinami.") -> dict:
    return {"name": name, "purpose": purpose, "coordinator_organisation_id": str(getattr(coordinator, "id",
                                                                                         coordinator))}


def test_the_department_creates_a_network_and_adds_members(browser, city, partners, rows):
    """An officer creates a network coordinated by the police (which becomes its first member), adds B and the school
    at once with what they bring; every step is in the audit log and the list counts the members."""
    police, school, _library = partners
    officer = browser(city.dept_officer)
    form = page(officer.get(f"{CONSOLE}/new"))
    assert form.status == 200 and "Komenda Powiatowa Policji (Police station)" in form
    created = officer.post(f"{CONSOLE}/new", data=_network_form(police))
    assert created.status_code == 303
    network = rows.one(Network)
    assert (network.name, network.coordinator_organisation_id, network.organisation_id, network.is_active) == (
        "Zespół interdyscyplinarny", police.id, city.department.id, True)
    assert created.headers["Location"].endswith(f"{CONSOLE}/{network.id}")
    # the organisations to add are chosen on a page of their own, linked from the network's page
    assert f'href="{CONSOLE}/{network.id}/members"' in page(officer.get(f"{CONSOLE}/{network.id}")).html
    choose = page(officer.get(f"{CONSOLE}/{network.id}/members"))
    assert choose.status == 200 and choose.h1 == "Add organisations to Zespół interdyscyplinarny"
    assert "Szkoła Podstawowa nr 1 (School)" in choose and "Biblioteka Miejska" not in choose
    assert "Komenda Powiatowa Policji (Police station) — already in the network" in choose
    added = officer.post(f"{CONSOLE}/{network.id}/members",
                         data={"organisations": [str(city.org_b.id), str(school.id)],
                               "role_in_network": "Wsparcie dzieci"})
    assert added.status_code == 303
    members = {m.organisation_id: m for m in rows.all(NetworkMember, network_id=network.id)}
    assert set(members) == {police.id, city.org_b.id, school.id}
    assert all(m.organisation_id == o for o, m in members.items())  # each row is the member organisation's own
    assert members[school.id].role_in_network == "Wsparcie dzieci" and members[police.id].role_in_network is None
    assert rows.actions("network.") == ["network.created"] + ["network.member_added"] * 3
    assert {e.organisation_id for e in rows.audit("network.member_added")} == {police.id, city.org_b.id, school.id}
    log = page(browser(city.dept_admin).get("/console/audit"))
    assert log.status == 200 and "Network created" in log and "Organisation added to a network" in log

    listing = page(officer.get(f"{CONSOLE}/"))
    assert listing.tables()[0].records() == [{"Network": "Zespół interdyscyplinarny",
                                            "Coordinator": "Komenda Powiatowa Policji", "Members": "3",
                                            "Status": "Active"}]
    shown = page(officer.get(f"{CONSOLE}/{network.id}"))
    assert shown.status == 200 and shown.text_of("coordinator") == "Komenda Powiatowa Policji"
    assert "Wspólna praca z rodzinami." in shown and "Add organisations" in shown

    # what a member brings, then taking one out
    assert officer.post(f"{CONSOLE}/{network.id}/members/{city.org_b.id}",
                        data={"role_in_network": "Noclegi"}).status_code == 303
    assert rows.one(NetworkMember, organisation_id=city.org_b.id).role_in_network == "Noclegi"
    registry_page = page(officer.get(f"/console/organisations/{city.org_b.id}"))
    assert "Zespół interdyscyplinarny — Noclegi" in registry_page
    assert "Zespół interdyscyplinarny (coordinator)" in page(officer.get(f"/console/organisations/{police.id}"))
    assert officer.post(f"{CONSOLE}/{network.id}/members/{school.id}/remove").status_code == 303
    assert rows.count(NetworkMember, network_id=network.id) == 2
    assert rows.actions("network.")[-2:] == ["network.member_updated", "network.member_removed"]
    log = page(browser(city.dept_admin).get("/console/audit"))
    assert "Szkoła Podstawowa nr 1 – Zespół interdyscyplinarny" in log  # the removed member, by the saved name
    assert f'href="/console/networks/{network.id}"' in log.html  # the network's entries link to its page


def test_the_department_may_coordinate_and_archive(browser, city, rows):
    officer = browser(city.dept_officer)
    assert officer.post(f"{CONSOLE}/new", data=_network_form(city.department, "Akcja zima")).status_code == 303
    network = rows.one(Network)
    assert network.coordinator_organisation_id == city.department.id
    assert rows.count(NetworkMember) == 0  # the department coordinates without being a member
    assert officer.post(f"{CONSOLE}/{network.id}/archive").status_code == 303
    assert rows.one(Network).is_active is False and "Archived" in page(officer.get(f"{CONSOLE}/"))
    assert officer.post(f"{CONSOLE}/{network.id}/reactivate").status_code == 303
    assert rows.one(Network).is_active is True
    assert rows.actions("network.") == ["network.created", "network.archived", "network.reactivated"]
    # the coordinator changes: the new one joins the network
    edited = officer.post(f"{CONSOLE}/{network.id}/edit", data=_network_form(city.org_a, "Akcja zima 2026"))
    assert edited.status_code == 303
    assert rows.one(Network).name == "Akcja zima 2026"
    assert [m.organisation_id for m in rows.all(NetworkMember)] == [city.org_a.id]


def test_bad_input_is_refused_beside_the_field(browser, city, make, partners, rows):
    """A duplicate name, an inactive coordinator, junk, an organisation already in, the coordinator's removal: a
    clear message, what was typed kept, nothing changed."""
    police, school, library = partners
    network = make.network(police, [school], "Zespół interdyscyplinarny")
    officer = browser(city.dept_officer)

    duplicate = page(officer.post(f"{CONSOLE}/new", data=_network_form(police, " zespół INTERDYSCYPLINARNY ",
                                                                       "Cel wpisany.")))
    assert duplicate.status == 400
    assert duplicate.field_error("name") == "A network with this name already exists."
    assert duplicate.values()["purpose"] == "Cel wpisany."

    pesel = page(officer.post(f"{CONSOLE}/new", data=_network_form(police, "Sieć z numerem", "Sprawa 44051401359")))
    assert pesel.status == 400 and "PESEL" in pesel.field_error("purpose")
    born = page(officer.post(f"{CONSOLE}/new", data=_network_form(police, "Sieć z datą", "Dziecko ur. 12.03.1985")))
    assert born.status == 400 and "date of birth" in born.field_error("purpose")
    role = page(officer.post(f"{CONSOLE}/{network}/members", data={"organisations": [str(library.id)],
                                                                   "role_in_network": "Dzielnicowy 44051401359"}))
    assert role.status == 400 and "PESEL" in role.field_error("role_in_network")

    inactive = page(officer.post(f"{CONSOLE}/new", data=_network_form(library, "Sieć biblioteczna")))
    assert inactive.status == 400
    assert "Biblioteka Miejska is deactivated" in inactive.field_error("coordinator_organisation_id")
    junk = page(officer.post(f"{CONSOLE}/new", data=_network_form("abc", "Sieć z niczym")))
    assert junk.status == 400 and junk.field_error("coordinator_organisation_id")
    missing = page(officer.post(f"{CONSOLE}/new", data=_network_form("999999", "Sieć z niczym")))
    assert missing.status == 400 and missing.field_error("coordinator_organisation_id")
    assert rows.count(Network) == 1

    renamed = page(officer.post(f"{CONSOLE}/{network}/edit", data=_network_form(police, "")))
    assert renamed.status == 400 and renamed.field_error("name") == "Enter the network's name."

    again = page(officer.post(f"{CONSOLE}/{network}/members",
                              data={"organisations": [str(city.org_b.id), str(school.id)]}))
    assert again.status == 400
    assert again.field_error("organisations") == "Szkoła Podstawowa nr 1 is already in this network."
    nothing = page(officer.post(f"{CONSOLE}/{network}/members", data={"organisations": []}))
    assert nothing.status == 400 and nothing.field_error("organisations") == "Choose at least one organisation."
    closed = page(officer.post(f"{CONSOLE}/{network}/members", data={"organisations": [str(library.id)]}))
    assert closed.status == 400 and "deactivated" in closed.field_error("organisations")
    department = page(officer.post(f"{CONSOLE}/{network}/members", data={"organisations": [str(city.department.id)]}))
    assert department.status == 400 and department.field_error("organisations") == "Choose from the list."
    assert rows.count(NetworkMember, network_id=network) == 2

    kept = page(officer.post(f"{CONSOLE}/{network}/members/{police.id}/remove", follow_redirects=True))
    assert "Komenda Powiatowa Policji coordinates this network: choose another coordinator first." in kept.flashes()
    outsider = page(officer.post(f"{CONSOLE}/{network}/members/{city.org_a.id}/remove", follow_redirects=True))
    assert "This organisation is not in this network." in outsider.flashes()
    assert rows.count(NetworkMember, network_id=network) == 2
    assert officer.get(f"{CONSOLE}/999999").status_code == 404
    assert rows.actions("network.") == []


def test_a_member_sees_its_network_with_every_contact_and_an_outsider_gets_404(browser, city, make, partners, rows):
    police, school, _library = partners
    network = make.network(police, [city.org_b, school], "Zespół interdyscyplinarny", purpose="Rodziny w kryzysie.")
    rows.run(lambda: None)
    b = browser(city.b_staff)
    ours = page(b.get(f"{WORKSPACE}/"))
    assert ours.status == 200 and ours.tables()[0].records()[0]["Network"] == "Zespół interdyscyplinarny"
    shown = page(b.get(f"{WORKSPACE}/{network}"))
    assert shown.status == 200 and shown.h1 == "Zespół interdyscyplinarny"
    assert "Rodziny w kryzysie." in shown and shown.text_of("coordinator") == "Komenda Powiatowa Policji"
    members = {row["Organisation"].split(" Police")[0].split(" School")[0].split(" Shelter")[0]: row
               for row in shown.tables()[0].records()}
    assert len(members) == 3
    police_row = next(row for name, row in members.items() if name.startswith("Komenda"))
    assert "32 200 10 10" in police_row["Organisation's phone and e-mail"]
    assert "kpp@example.org" in police_row["Organisation's phone and e-mail"]
    assert f"kontakt{police.id}@example.org" in police_row["Contact for the network"]
    assert "tel:" in shown.html
    # the console's address sends a member to its own page; staff may not change the contact
    assert b.get(f"{CONSOLE}/{network}").headers["Location"].endswith(f"{WORKSPACE}/{network}")
    assert "Change our contact" not in shown

    a = browser(city.a_admin)
    for url in (f"{WORKSPACE}/{network}", f"{CONSOLE}/{network}", f"{WORKSPACE}/{network}/contact"):
        assert a.get(url).status_code == 404, url
    assert a.post(f"{WORKSPACE}/{network}/contact", data={"contact_name": "A"}).status_code == 404
    assert "Zespół interdyscyplinarny" not in page(a.get(f"{WORKSPACE}/"))
    assert rows.one(NetworkMember, organisation_id=city.org_b.id).contact_name is None

    department = browser(city.dept_analyst)
    assert department.get(f"{WORKSPACE}/{network}").headers["Location"].endswith(f"{CONSOLE}/{network}")
    assert page(department.get(f"{CONSOLE}/{network}")).status == 200


def test_a_member_keeps_its_own_contact_and_staff_only_read(browser, city, make, partners, rows):
    police, _school, _library = partners
    network = make.network(police, [city.org_b], "Akcja zima")
    staff = browser(city.b_staff)
    assert staff.get(f"{WORKSPACE}/{network}/contact").status_code == 403
    assert staff.post(f"{WORKSPACE}/{network}/contact", data={"contact_name": "X"}).status_code == 403

    admin = browser(city.b_admin)
    assert "Change our contact for this network" in page(admin.get(f"{WORKSPACE}/{network}"))
    wrong = page(admin.post(f"{WORKSPACE}/{network}/contact",
                            data={"contact_name": "Dyżurny", "contact_email": "nie-mail", "contact_phone": "abc"}))
    assert wrong.status == 400
    assert wrong.field_error("contact_email") == "Enter an e-mail address like name@example.org."
    assert wrong.field_error("contact_phone") == "Use digits, spaces and + ( ) - only."
    assert wrong.values()["contact_name"] == "Dyżurny"
    pesel = page(admin.post(f"{WORKSPACE}/{network}/contact", data={"contact_name": "Kontakt 44051401359"}))
    assert pesel.status == 400 and "PESEL" in pesel.field_error("contact_name")
    saved = admin.post(f"{WORKSPACE}/{network}/contact", data={
        "contact_name": "Dyżurny schroniska", "contact_email": "dyzur@b.example.org", "contact_phone": "32 111 22 33"})
    assert saved.status_code == 303
    row = rows.one(NetworkMember, organisation_id=city.org_b.id)
    assert (row.contact_name, row.contact_email, row.contact_phone) == (
        "Dyżurny schroniska", "dyzur@b.example.org", "32 111 22 33")
    assert rows.one(NetworkMember, organisation_id=police.id).contact_email == f"kontakt{police.id}@example.org"
    assert rows.actions("network.") == ["network.contact_updated"]
    assert rows.audit("network.contact_updated")[0].organisation_id == city.org_b.id

    police_admin = make.user("kpp.admin@example.org", member_of=police, role="admin")
    seen = page(browser(police_admin).get(f"{WORKSPACE}/{network}"))
    assert "Dyżurny schroniska" in seen and "dyzur@b.example.org" in seen


def test_the_analyst_reads_but_cannot_change(browser, city, make, partners, rows):
    police, school, _library = partners
    network = make.network(police, [school], "Zespół interdyscyplinarny")
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get(f"{CONSOLE}/{network}"))
    assert shown.status == 200 and "Add organisations" not in shown and "Remove from the network" not in shown
    assert page(analyst.get(f"{CONSOLE}/")).status == 200
    for url, data in ((f"{CONSOLE}/new", _network_form(police, "Inna")),
                      (f"{CONSOLE}/{network}/edit", _network_form(police, "Inna")),
                      (f"{CONSOLE}/{network}/members", {"organisations": [str(city.org_b.id)]}),
                      (f"{CONSOLE}/{network}/members/{school.id}", {"role_in_network": "x"}),
                      (f"{CONSOLE}/{network}/members/{school.id}/remove", {}),
                      (f"{CONSOLE}/{network}/archive", {})):
        assert analyst.post(url, data=data).status_code == 403, url
    assert analyst.get(f"{CONSOLE}/new").status_code == 403
    assert analyst.get(f"{CONSOLE}/{network}/members").status_code == 403
    assert rows.one(Network).name == "Zespół interdyscyplinarny" and rows.one(Network).is_active
    assert rows.count(NetworkMember, network_id=network) == 2 and rows.actions("network.") == []


def test_partner_institutions_are_organisations_like_any_other(browser, city, make, rows):
    """The department registers a police station; the registry filters by its kind; its admin has the ordinary
    workspace, and with no listing the public directory simply has none of it."""
    admin = browser(city.dept_admin)
    form = page(admin.get("/console/organisations/new"))
    assert "Police station" in form and "Municipal commission" in form and "Social welfare centre" in form
    registered = admin.post("/console/organisations/new", data={"name": "Straż Miejska", "kind": "city_guard",
                                                               "phone": "32 986 00 00", "city": "Miasto"})
    assert registered.status_code == 303
    guard = rows.one(Organisation, name="Straż Miejska")
    assert guard.kind == OrganisationKind.CITY_GUARD
    detail = page(admin.get(f"/console/organisations/{guard.id}"))
    assert detail.status == 200 and "City guard" in detail and "Not in any network." in detail
    listed = page(admin.get("/console/organisations?kind=city_guard"))
    assert [r["Organisation"] for r in listed.tables()[0].records()] == ["Straż Miejska"]
    assert "Straż Miejska" not in page(admin.get("/console/organisations?kind=police"))

    commander = make.user("sm.admin@example.org", member_of=guard, role="admin")
    guard_admin = browser(commander)
    assert page(guard_admin.get("/workspace/")).status == 200
    assert page(guard_admin.get("/workspace/profile")).status == 200
    assert page(guard_admin.get(f"{WORKSPACE}/")).status == 200
    resident = browser()
    search = page(resident.get("/search?q=Straż+Miejska"))
    assert search.status == 200 and not any("Straż Miejska" in str(t.rows) for t in search.tables())
    listing = resident.get("/directory.csv")
    assert listing.status_code == 200 and "Straż Miejska" not in listing.get_data(as_text=True)


@pytest.fixture
def kept(app):
    """The kept page parts on, as in production, for one test."""
    app.config["FRAGMENT_CACHE"] = True
    yield
    app.config["FRAGMENT_CACHE"] = False


def test_the_kept_members_table_shows_every_change_at_once(app, browser, city, make, partners, kept):
    """The members table is drawn once and kept: a member's new contact, what it brings, a removed member and an
    organisation's new phone are on the next page of every reader; each reader's forms carry their own token."""
    police, school, _library = partners
    network = make.network(police, [city.org_b, school], "Akcja zima")
    b_admin, officer = browser(city.b_admin), browser(city.dept_officer)
    own_row = re.compile(r'<tr id="member-(\d+)">\s*<th scope="row">[^<]*<br><span class="hint">[^<]*your organisation')
    assert own_row.findall(page(b_admin.get(f"{WORKSPACE}/{network}")).html) == [str(city.org_b.id)]
    police_admin = browser(make.user(member_of=police, role="admin"))
    assert own_row.findall(page(police_admin.get(f"{WORKSPACE}/{network}")).html) == [str(police.id)]
    first = page(officer.get(f"{CONSOLE}/{network}"))
    assert "Szkoła Podstawowa nr 1" in first

    assert b_admin.post(f"{WORKSPACE}/{network}/contact", data={"contact_name": "Dyżurny schroniska"}
                        ).status_code == 303
    assert officer.post(f"{CONSOLE}/{network}/members/{police.id}", data={"role_in_network": "Patrole nocne"}
                        ).status_code == 303
    assert officer.post(f"{CONSOLE}/{network}/members/{school.id}/remove").status_code == 303
    for reader in (b_admin, officer):
        seen = page(reader.get(f"{WORKSPACE if reader is b_admin else CONSOLE}/{network}"))
        table = seen.html.split('id="members-heading"')[1].split("</table>")[0]
        assert "Dyżurny schroniska" in table and "Szkoła Podstawowa nr 1" not in table
        assert "Patrole nocne" in table  # the officer's in the field to change it
    with app.app_context():
        from app.extensions import db
        from app.tenancy import system_scope

        with system_scope("test: the police's new phone"):
            db.session.get(Organisation, police.id).phone = "32 999 88 77"
            db.session.commit()
    for reader in (b_admin, officer):
        assert "32 999 88 77" in page(reader.get(f"{WORKSPACE if reader is b_admin else CONSOLE}/{network}"))

    other_officer = browser(make.user(member_of=city.department, role="officer", totp_secret="JBSWY3DPEHPK3PXP"))
    row = re.compile(rf'<tr id="member-{police.id}">.*?name="csrf_token" value="([^"]+)"', re.S)
    tokens = [row.search(page(client.get(f"{CONSOLE}/{network}")).html).group(1) for client in (officer, other_officer)]
    assert tokens[0] != tokens[1] and "__form_token__" not in tokens
