"""The department console: the organisation registry, users and the audit log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import AuditEvent, Organisation, OrganisationKind, User, UserSession, utcnow
from app.validators import with_nip_checksum, with_regon_checksum
from tests.functional.support import location, page, post_sign_in

VALID_NIP = "5261040828"
NEW_ORGANISATION = {
    "name": "Fundacja Ciepły Kąt", "short_name": "Ciepły Kąt", "kind": "foundation",
    "krs": "0000123456", "nip": VALID_NIP, "regon": "010016565", "street": "ul. Słoneczna 4",
    "postal_code": "41-500", "city": "Miasto Demo", "email": "kontakt@cieplykat.example",
    "phone": "+48 32 123 45 67", "website": "https://cieplykat.example",
    "description_pl": "Noclegi i ciepły posiłek.", "description_uk": "", "description_en": "Beds and a warm meal.",
}


@pytest.fixture
def admin(browser, city):
    return browser(city.dept_admin)


def _listed(client, **query) -> str:
    shown = page(client.get("/console/organisations", query_string=query))
    assert shown.status == 200
    return shown.text


# --- registry list --------------------------------------------------------------------------

def test_registry_search_by_name_and_number(admin, city, make):
    make.organisation("Caritas Parafii Świętej Jadwigi", kind=OrganisationKind.CHURCH, nip=VALID_NIP)
    everything = _listed(admin)
    for name in (city.org_a.name, city.org_b.name, "Caritas Parafii"):
        assert name in everything
    assert "4 organisations" in everything
    by_name = _listed(admin, q="jadwigi")
    assert "Caritas Parafii" in by_name and city.org_a.name not in by_name and "1 organisation" in by_name
    by_nip = _listed(admin, q="526-104-08-28")
    assert "Caritas Parafii" in by_nip and city.org_b.name not in by_nip
    nothing = _listed(admin, q="no such organisation")
    assert "No organisation matches." in nothing


def test_registry_filter_by_kind_and_status(admin, city, make, rows):
    dormant = make.organisation("Stowarzyszenie Nieaktywne")
    rows.run(lambda: setattr(db.session.get(Organisation, dormant.id), "is_active", False))
    shelters = _listed(admin, kind="shelter")
    assert city.org_b.name in shelters and city.org_a.name not in shelters
    inactive = _listed(admin, status="inactive")
    assert "Stowarzyszenie Nieaktywne" in inactive and city.org_a.name not in inactive
    active = _listed(admin, status="active")
    assert "Stowarzyszenie Nieaktywne" not in active and city.org_a.name in active

    def verify_b():
        db.session.get(Organisation, city.org_b.id).is_verified = True

    rows.run(verify_b)
    verified = _listed(admin, status="verified")
    assert city.org_b.name in verified and city.org_a.name not in verified
    unverified = _listed(admin, status="unverified")
    assert city.org_a.name in unverified and city.org_b.name not in unverified
    both = _listed(admin, kind="association", status="inactive")
    assert "Stowarzyszenie Nieaktywne" in both and city.org_a.name not in both


@pytest.mark.parametrize("query", [{"kind": "spaceship"}, {"status": "<script>"}, {"page": "abc"},
                                   {"page": "-5"}, {"page": "99999999999"}, {"q": "x" * 500}])
def test_registry_survives_junk_in_the_address(admin, city, query):
    shown = page(admin.get("/console/organisations", query_string=query))
    assert shown.status == 200
    if query.get("page") != "99999999999":  # (a page past the end is empty)
        assert city.org_a.name in shown  # junk filters are ignored, the registry is listed
    assert "<script>" not in shown.html.split("</header>", 1)[1]  # nothing typed is echoed unescaped


@pytest.mark.parametrize("typed", ["%", "_", "100%", "a_b"])
def test_registry_search_takes_wildcards_literally(admin, city, make, typed):
    make.organisation("Fundacja 100% Pomocy")
    make.organisation("Klub a_b")
    make.organisation("Klub aXb")
    shown = _listed(admin, q=typed)
    listed = {"Fundacja 100% Pomocy": "Fundacja 100% Pomocy" in shown, "Klub a_b": "Klub a_b" in shown,
              "Klub aXb": "Klub aXb" in shown, city.org_a.name: city.org_a.name in shown}
    expected = {"%": {"Fundacja 100% Pomocy"}, "100%": {"Fundacja 100% Pomocy"}, "_": {"Klub a_b"},
                "a_b": {"Klub a_b"}}[typed]
    assert {name for name, found in listed.items() if found} == expected


def test_registry_pages_are_numbered(admin, make):
    for n in range(27):
        make.organisation(f"Organizacja numer {n:02d}")
    first = _listed(admin)
    assert "Page 1 of 2" in first and "Organizacja numer 00" in first
    second = _listed(admin, page=2)
    assert "Page 2 of 2" in second and "Organizacja numer 26" in second
    assert "Organizacja numer 00" not in second
    beyond = _listed(admin, page=50)
    assert "Organizacja numer" not in beyond


# --- registering and editing ----------------------------------------------------------------

def test_register_an_organisation(admin, rows):
    response = admin.post("/console/organisations/new", data=NEW_ORGANISATION)
    assert response.status_code == 303
    organisation = rows.one(Organisation, name="Fundacja Ciepły Kąt")
    assert (organisation.nip, organisation.krs, organisation.regon) == (VALID_NIP, "0000123456", "010016565")
    assert organisation.kind == OrganisationKind.FOUNDATION
    assert organisation.description_uk is None  # blank stays empty
    assert not organisation.is_verified and organisation.is_active
    shown = page(admin.get(location(response)))
    assert shown.h1 == "Fundacja Ciepły Kąt"
    assert "Fundacja Ciepły Kąt has been added to the registry." in shown.flashes("success")
    [event] = [e for e in rows.audit("organisation.registered") if e.organisation_id == organisation.id]
    assert event.actor_id is not None and event.details == {"kind": "foundation"}


def test_invalid_nip_is_shown_beside_the_field_and_the_rest_is_kept(admin, rows):
    before = rows.count(Organisation), rows.count(AuditEvent)
    data = {**NEW_ORGANISATION, "nip": "5261040829"}
    shown = page(admin.post("/console/organisations/new", data=data))
    assert shown.status == 400
    assert shown.field_error("nip") == "This is not a valid NIP: check the digits."
    assert set(shown.field_errors()) == {"nip"}
    values = shown.values()
    for field in ("name", "short_name", "krs", "regon", "street", "postal_code", "city", "email", "phone",
                  "website", "description_pl", "description_en", "kind"):
        assert values[field] == NEW_ORGANISATION[field], field
    assert (rows.count(Organisation), rows.count(AuditEvent)) == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("regon", "010016566", "This is not a valid REGON: check the digits."),
    ("krs", "12345", "A KRS number has exactly 10 digits."),
    ("postal_code", "41500", "Write the postal code like 41-500."),
    ("website", "cieplykat", "Enter a full address starting with https://"),
    ("name", "", "Enter the organisation's name."),
    ("kind", "department", None),
])
def test_other_bad_fields_are_refused(admin, rows, field, value, message):
    shown = page(admin.post("/console/organisations/new", data={**NEW_ORGANISATION, field: value}))
    assert shown.status == 400
    assert shown.field_error(field)
    if message:
        assert message in shown.field_error(field)
    assert rows.count(Organisation, name=NEW_ORGANISATION["name"]) == 0


def test_duplicate_nip_is_refused(admin, make, rows, outbox):
    make.organisation("Pierwsza z tym NIP", nip=VALID_NIP)
    data = {**NEW_ORGANISATION, "admin_email": "szef@example.org"}
    shown = page(admin.post("/console/organisations/new", data=data))
    assert shown.status == 400
    assert "Another organisation in the registry has this number." in shown.field_error("nip")
    assert shown.values()["name"] == NEW_ORGANISATION["name"]
    assert shown.values()["admin_email"] == "szef@example.org"
    assert rows.count(Organisation, name=NEW_ORGANISATION["name"]) == 0
    assert rows.count(Organisation, nip=VALID_NIP) == 1
    assert outbox() == []


def test_edit_an_organisation(admin, city, rows):
    form = page(admin.get(f"/console/organisations/{city.org_a.id}/edit")).values()
    assert form["name"] == city.org_a.name and form["kind"] == "association"
    nip = with_nip_checksum("777000111") or with_nip_checksum("777000112")
    data = {**form, "name": "Stowarzyszenie A (nowa nazwa)", "kind": "ngo", "nip": nip,
            "regon": with_regon_checksum("27182818")}
    response = admin.post(f"/console/organisations/{city.org_a.id}/edit", data=data)
    assert response.status_code == 303
    organisation = rows.one(Organisation, id=city.org_a.id)
    assert (organisation.name, organisation.kind, organisation.nip) == ("Stowarzyszenie A (nowa nazwa)",
                                                                        OrganisationKind.NGO, nip)
    [event] = rows.audit("organisation.updated")
    assert sorted(event.details["fields"]) == ["kind", "name", "nip", "regon"]
    assert "The changes have been saved." in page(admin.get(location(response))).flashes("success")


def test_edit_refuses_another_organisations_nip(admin, city, make, rows):
    make.organisation("Ma już ten NIP", nip=VALID_NIP)
    form = page(admin.get(f"/console/organisations/{city.org_a.id}/edit")).values()
    shown = page(admin.post(f"/console/organisations/{city.org_a.id}/edit",
                            data={**form, "name": "Zmieniona", "nip": VALID_NIP}))
    assert "Another organisation in the registry has this number." in shown.field_error("nip")
    assert shown.values()["name"] == "Zmieniona"
    assert rows.one(Organisation, id=city.org_a.id).name == city.org_a.name


def test_department_kind_cannot_be_changed(admin, city, rows):
    form = page(admin.get(f"/console/organisations/{city.department.id}/edit")).values()
    assert "kind" not in form
    admin.post(f"/console/organisations/{city.department.id}/edit", data={**form, "kind": "ngo"})
    assert rows.one(Organisation, id=city.department.id).kind == OrganisationKind.DEPARTMENT


def test_unknown_organisation_is_404(admin):
    assert admin.get("/console/organisations/999999").status_code == 404
    assert admin.post("/console/organisations/999999/verify").status_code == 404


# --- verify, deactivate -----------------------------------------------------------------------

def test_verify_and_withdraw(admin, city, rows):
    url = f"/console/organisations/{city.org_a.id}"
    assert admin.post(f"{url}/verify").status_code == 303
    organisation = rows.one(Organisation, id=city.org_a.id)
    assert organisation.is_verified and organisation.verified_at is not None
    shown = page(admin.get(url))
    assert f"{city.org_a.name} is marked as verified." in shown.flashes("success")
    assert "Withdraw verification" in shown
    admin.post(f"{url}/verify")  # twice changes nothing
    assert rows.actions("organisation.verified") == ["organisation.verified"]
    assert admin.post(f"{url}/unverify").status_code == 303
    assert not rows.one(Organisation, id=city.org_a.id).is_verified
    assert rows.actions("organisation.unverified") == ["organisation.unverified"]


def test_deactivated_organisation_locks_its_members_out(admin, browser, city, rows):
    member = browser(city.a_staff)
    assert member.get("/workspace/").status_code == 200
    assert admin.post(f"/console/organisations/{city.org_a.id}/deactivate").status_code == 303
    assert not rows.one(Organisation, id=city.org_a.id).is_active
    assert member.get("/workspace/").status_code == 403
    fresh = browser()
    response = post_sign_in(fresh, city.a_admin.email, city.a_admin.password)
    assert location(response) == "/account/"  # signed in, but with no organisation to act for
    assert fresh.get("/workspace/members").status_code == 403
    assert browser(city.b_staff).get("/workspace/").status_code == 200  # B is untouched
    assert admin.post(f"/console/organisations/{city.org_a.id}/activate").status_code == 303
    assert member.get("/workspace/").status_code == 200
    assert rows.actions("organisation.") [-2:] == ["organisation.deactivated", "organisation.reactivated"]


def test_the_department_cannot_be_deactivated(admin, city, rows):
    admin.post(f"/console/organisations/{city.department.id}/deactivate")
    assert "The department cannot be deactivated." in page(
        admin.get(f"/console/organisations/{city.department.id}")).flashes("error")
    assert rows.one(Organisation, id=city.department.id).is_active


@pytest.mark.parametrize("who", ["dept_officer", "dept_analyst"])
def test_officer_and_analyst_may_look_but_not_change(browser, city, rows, who):
    client = browser(getattr(city, who))
    assert client.get("/console/").status_code == 200
    assert client.get("/console/organisations").status_code == 200
    shown = page(client.get(f"/console/organisations/{city.org_a.id}"))
    assert shown.status == 200 and shown.h1 == city.org_a.name
    assert "Mark as verified" not in shown and "Register an organisation" not in page(
        client.get("/console/organisations"))
    assert client.get("/console/organisations/new").status_code == 403
    assert client.post("/console/organisations/new", data=NEW_ORGANISATION).status_code == 403
    assert client.get(f"/console/organisations/{city.org_a.id}/edit").status_code == 403
    assert client.post(f"/console/organisations/{city.org_a.id}/edit",
                       data={**NEW_ORGANISATION, "name": "Przejęta"}).status_code == 403
    for action in ("verify", "unverify", "deactivate", "activate"):
        assert client.post(f"/console/organisations/{city.org_a.id}/{action}").status_code == 403
    assert client.post(f"/console/organisations/{city.org_a.id}/invitations",
                       data={"email": "x@example.org", "role": "admin"}).status_code == 403
    assert client.get("/console/users").status_code == 403
    assert client.get("/console/audit").status_code == 403
    assert client.post(f"/console/users/{city.a_staff.id}/deactivate").status_code == 403
    organisation = rows.one(Organisation, id=city.org_a.id)
    assert organisation.name == city.org_a.name and not organisation.is_verified and organisation.is_active
    assert rows.count(Organisation, name=NEW_ORGANISATION["name"]) == 0
    assert rows.one(User, id=city.a_staff.id).is_active_account


@pytest.mark.parametrize("who", ["a_admin", "a_coordinator", "a_staff", "outsider"])
def test_organisation_people_have_no_console(browser, city, who):
    client = browser(getattr(city, who))
    assert client.get("/console/").status_code == 403
    assert client.get(f"/console/organisations/{city.org_b.id}").status_code == 403


# --- users ------------------------------------------------------------------------------------

def test_users_list_and_detail(admin, city):
    shown = page(admin.get("/console/users"))
    assert shown.status == 200
    for person in (city.a_admin, city.b_staff, city.outsider):
        assert person.email in shown
    found = page(admin.get("/console/users", query_string={"q": "B.STAFF"}))
    assert city.b_staff.email in found and city.a_staff.email not in found
    assert "1 account" in found
    detail = page(admin.get(f"/console/users/{city.a_admin.id}"))
    assert detail.h1 == "Jan Testowy"
    assert city.a_admin.email in detail and f"{city.org_a.name} – Admin" in detail
    assert "Not a member of any organisation." in page(admin.get(f"/console/users/{city.outsider.id}"))
    assert admin.get("/console/users/999999").status_code == 404


def test_deactivating_a_user_ends_their_sessions(admin, browser, city, rows):
    victim = browser()
    post_sign_in(victim, city.b_staff.email, city.b_staff.password)
    assert victim.get("/workspace/").status_code == 200
    response = admin.post(f"/console/users/{city.b_staff.id}/deactivate")
    assert response.status_code == 303 and location(response) == f"/console/users/{city.b_staff.id}"
    assert "The account has been deactivated." in page(admin.get(location(response))).flashes("success")
    assert rows.count(UserSession, user_id=city.b_staff.id) == 0
    response = victim.get("/workspace/")
    assert response.status_code == 302 and location(response).startswith("/sign-in")
    assert post_sign_in(browser(), city.b_staff.email, city.b_staff.password).status_code == 200
    [event] = rows.audit("user.deactivated")
    assert event.actor_id == city.dept_admin.id and event.object_id == city.b_staff.id
    admin.post(f"/console/users/{city.b_staff.id}/activate")
    assert post_sign_in(browser(), city.b_staff.email, city.b_staff.password).status_code == 303


def test_admin_cannot_deactivate_themselves(admin, city, rows):
    admin.post(f"/console/users/{city.dept_admin.id}/deactivate")
    assert "You cannot deactivate your own account." in page(
        admin.get(f"/console/users/{city.dept_admin.id}")).flashes("error")
    assert rows.one(User, id=city.dept_admin.id).is_active_account


def test_resetting_someones_two_factor(admin, browser, city, rows):
    officer = browser(city.dept_officer)
    assert officer.get("/console/").status_code == 200
    assert admin.post(f"/console/users/{city.dept_officer.id}/reset-two-factor").status_code == 303
    assert rows.one(User, id=city.dept_officer.id).totp_enabled_at is None
    assert officer.get("/console/").status_code == 302  # the lost device's session is gone
    response = post_sign_in(browser(), city.dept_officer.email, city.dept_officer.password)
    assert location(response) == "/sign-in/set-up-code"


# --- audit log --------------------------------------------------------------------------------

@pytest.fixture
def history(app, city, rows):
    """A few audit entries at known times and places."""
    def write():
        from app.services.audit.log import record_event

        a_admin = db.session.get(User, city.a_admin.id)
        b_admin = db.session.get(User, city.b_admin.id)
        old = record_event("organisation.updated", actor=a_admin, organisation_id=city.org_a.id,
                           details={"fields": ["phone"]})
        old.occurred_at = utcnow() - timedelta(days=40)  # before its insert: the audit log is never changed
        record_event("membership.role_changed", actor=b_admin, organisation_id=city.org_b.id)
        record_event("auth.sign_in", actor=b_admin)
        db.session.flush()

    rows.run(write)


def _audit(client, **query):
    response = client.get("/console/audit", query_string=query)
    assert response.status_code == 200
    return page(response)


def _listed_actions(shown) -> list[str]:
    return re.findall(r'<code class="audit-code[^"]*">([^<]+)</code>', shown.html)


def test_audit_log_filters(admin, city, history):
    everything = _listed_actions(_audit(admin))
    for action in ("organisation.updated", "membership.role_changed", "auth.sign_in", "organisation.registered"):
        assert action in everything
    assert _listed_actions(_audit(admin, organisation=str(city.org_b.id))) == [
        "membership.role_changed", "organisation.registered"]
    by_user = _listed_actions(_audit(admin, user="b.admin@"))
    assert "membership.role_changed" in by_user and "auth.sign_in" in by_user
    assert "organisation.updated" not in by_user
    assert "1 entry" in _audit(admin, user="B.Admin@", action="membership.")
    by_action = set(_listed_actions(_audit(admin, action="organisation.")))
    assert by_action == {"organisation.updated", "organisation.registered"}
    today = utcnow().date()
    recent = _audit(admin, date_from=(today - timedelta(days=1)).isoformat(), action="organisation.updated")
    assert _listed_actions(recent) == [] and "No entries match." in recent
    older = _audit(admin, date_to=(today - timedelta(days=30)).isoformat())
    assert _listed_actions(older) == ["organisation.updated"]
    between = _audit(admin, date_from=(today - timedelta(days=41)).isoformat(),
                     date_to=(today - timedelta(days=39)).isoformat())
    assert _listed_actions(between) == ["organisation.updated"]
    future = _audit(admin, date_from=(today + timedelta(days=2)).isoformat())
    assert "No entries match." in future


HISTORY = ["organisation.updated", "membership.role_changed", "auth.sign_in"]  # the entries ``history`` wrote


@pytest.mark.parametrize(("field", "junk", "message"), [
    ("date_from", "yesterday", "Not a valid date value."), ("date_to", "2024-13-45", "Not a valid date value."),
    ("date_from", "0000-00-00", "Not a valid date value."), ("organisation", "abc", "Not a valid choice."),
    ("organisation", "999999", "Not a valid choice."),
])
def test_audit_log_says_which_filter_is_wrong(admin, city, history, field, junk, message):
    shown = _audit(admin, **{field: junk})  # 200, not a 500
    assert shown.field_error(field) == message
    if field.startswith("date_"):
        assert shown.values()[field] == junk  # the person sees what they typed
    assert set(shown.field_errors()) == {field}


@pytest.mark.parametrize("query", [{"page": "x"}, {"page": "-1"}, {"page": "1.5"}, {"sort": "<script>"}])
def test_audit_log_ignores_junk_in_other_parameters(admin, city, history, rows, query):
    shown = _audit(admin, **query)
    assert shown.field_errors() == {}
    listed = _listed_actions(shown)
    assert set(HISTORY) <= set(listed) and len(listed) == rows.count(AuditEvent)
    narrowed = _audit(admin, action="membership.", **query)  # a real filter still works beside the junk
    assert _listed_actions(narrowed) == ["membership.role_changed"] and "1 entry" in narrowed


def test_audit_log_page_past_the_end_is_empty_but_counts(admin, city, history, rows):
    shown = _audit(admin, page="100000000000000000000")
    assert _listed_actions(shown) == [] and f"{rows.count(AuditEvent)} entries" in shown
    assert shown.field_errors() == {}


@pytest.mark.parametrize("query", [
    {"user": "'; drop table audit_event; --"},
    {"action": "auth.sign_in'; --"},
    {"action": "%_%"}, {"user": "%"}, {"user": "_"},  # LIKE's wildcards are text here
])
def test_audit_log_takes_odd_filter_text_literally(admin, city, history, rows, query):
    before = rows.count(AuditEvent)
    shown = _audit(admin, **query)
    [(field, typed)] = query.items()
    assert shown.values()[field] == typed and shown.field_errors() == {}
    assert _listed_actions(shown) == [] and "No entries match." in shown  # no entry has such text
    assert rows.count(AuditEvent) == before


def test_audit_log_shows_where_and_never_secrets(admin, browser, city, rows):
    post_sign_in(browser(), city.a_staff.email, "my-secret-wrong-guess")
    shown = _audit(admin, action="auth.sign_in_failed")
    assert city.a_staff.email in shown
    assert "my-secret-wrong-guess" not in shown.html


def test_audit_log_is_not_for_every_department_role(browser, city):
    assert browser(city.dept_officer).get("/console/audit").status_code == 403


def test_console_dashboard_counts_and_lists_the_unverified(admin, browser, city, rows):
    def verify_a():
        db.session.execute(update(Organisation).where(Organisation.id == city.org_a.id).values(is_verified=True))

    rows.run(verify_a)
    shown = page(admin.get("/console/"))
    assert shown.status == 200
    waiting = shown.html.split('id="unverified-heading"', 1)[1].split("</section>", 1)[0]
    assert city.org_b.name in waiting and city.org_a.name not in waiting
    assert "Recent activity" in shown  # the admin sees the audit log
    assert "Recent activity" not in page(browser(city.dept_officer).get("/console/"))


def test_double_submitted_registration_creates_one_organisation(admin, rows):
    for _ in range(2):
        admin.post("/console/organisations/new", data={"name": "Dwa razy wysłana", "kind": "ngo"})
    assert rows.count(Organisation, name="Dwa razy wysłana") == 1


def test_no_invitation_into_a_deactivated_organisation(admin, city, outbox, rows):
    assert admin.post(f"/console/organisations/{city.org_b.id}/deactivate").status_code == 303
    response = page(admin.post(f"/console/organisations/{city.org_b.id}/invitations",
                               data={"email": "late@example.org", "role": "staff"}))
    assert response.status == 400
    assert "This organisation is deactivated." in response.text
    assert not any(m["to"] == "late@example.org" for m in outbox())


def test_second_organisation_with_the_same_name_is_refused(admin, rows):
    admin.post("/console/organisations/new", data={"name": "Fundacja Jedyna", "kind": "foundation"})
    response = page(admin.post("/console/organisations/new", data={"name": "fundacja jedyna", "kind": "ngo"}))
    assert "An organisation with this name is already in the registry." in response.text
    assert rows.count(Organisation, name="Fundacja Jedyna") == 1
