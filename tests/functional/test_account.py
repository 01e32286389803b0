"""The signed-in person's own account: password, details, two-factor sign-in, active organisation."""

from __future__ import annotations

import pyotp
import pytest

from app.models import Role, User
from tests.functional.support import location, page, post_sign_in, totp_now

NEW_PASSWORD = "cicha-sowa-nad-jeziorem-9"


def _change(client, current, new, confirm=None):
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "confirm": new if confirm is None else confirm})


def test_wrong_current_password_is_refused(browser, city, rows):
    client = browser(city.a_staff)
    before = rows.one(User, id=city.a_staff.id).password_hash
    shown = page(_change(client, "not-my-password-at-all", NEW_PASSWORD))
    assert shown.status == 200
    assert shown.field_error("current_password") == "This is not your current password."
    assert "not-my-password-at-all" not in shown.html and NEW_PASSWORD not in shown.html
    assert rows.one(User, id=city.a_staff.id).password_hash == before


@pytest.mark.parametrize(("new", "confirm", "field", "message"), [
    ("qwerty123456", None, "new_password", "This password is on the list of common passwords."),
    ("krotkie", None, "new_password", "Use at least 12 characters."),
    ("jan-testowy-ma-kota", None, "new_password", "The password must not contain your name or e-mail address."),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "confirm", "The two passwords are different."),
])
def test_unacceptable_new_password_is_refused(browser, city, rows, new, confirm, field, message):
    client = browser(city.a_staff)
    before = rows.one(User, id=city.a_staff.id).password_hash
    shown = page(_change(client, city.a_staff.password, new, confirm))
    assert shown.status == 200
    assert message in shown.field_error(field)
    assert rows.one(User, id=city.a_staff.id).password_hash == before


def test_changing_the_password_signs_out_other_devices(browser, city, rows):
    old_laptop = browser()
    assert post_sign_in(old_laptop, city.a_staff.email, city.a_staff.password).status_code == 303
    client = browser()
    post_sign_in(client, city.a_staff.email, city.a_staff.password)
    response = _change(client, city.a_staff.password, NEW_PASSWORD)
    assert response.status_code == 303 and location(response) == "/account/"
    assert "Your password has been changed. Other devices have been signed out." in page(
        client.get("/account/")).flashes("success")
    assert client.get("/workspace/").status_code == 200  # this device stays signed in
    response = old_laptop.get("/workspace/")
    assert response.status_code == 302 and location(response).startswith("/sign-in")
    assert post_sign_in(browser(), city.a_staff.email, city.a_staff.password).status_code == 200
    assert post_sign_in(browser(), city.a_staff.email, NEW_PASSWORD).status_code == 303
    assert rows.actions("user.password_changed") == ["user.password_changed"]


def test_profile_and_language_are_saved(browser, city, rows):
    client = browser(city.a_staff, lang=None)
    form = page(client.get("/account/")).values()
    assert form["full_name"] == "Jan Testowy" and form["locale"] == ""
    response = client.post("/account/", data={"full_name": "  Janina Testowa ", "locale": "en"})
    assert response.status_code == 303
    shown = page(client.get("/account/"))
    assert shown.lang == "en"  # the saved preference is used when no language was chosen on the page
    assert "Your details have been saved." in shown.flashes("success")
    assert shown.values()["full_name"] == "Janina Testowa"
    user = rows.one(User, id=city.a_staff.id)
    assert (user.full_name, user.locale) == ("Janina Testowa", "en")
    assert rows.actions("user.profile_updated") == ["user.profile_updated"]


def test_profile_needs_a_name_and_a_known_language(browser, city, rows):
    client = browser(city.a_staff)
    shown = page(client.post("/account/", data={"full_name": "", "locale": "en"}))
    assert "Enter your name." in shown.field_error("full_name")
    shown = page(client.post("/account/", data={"full_name": "Ktoś", "locale": "de"}))
    assert shown.field_error("locale")
    user = rows.one(User, id=city.a_staff.id)
    assert (user.full_name, user.locale) == ("Jan Testowy", None)


def test_account_page_lists_memberships(browser, city):
    shown = page(browser(city.a_coordinator).get("/account/"))
    assert f"{city.org_a.name} Coordinator" in shown
    assert "Two-factor sign-in is off." in shown
    assert "You are not a member of any organisation yet." in page(browser(city.outsider).get("/account/"))


def test_organisation_user_turns_two_factor_on_and_off(browser, city, rows):
    client = browser(city.a_staff)
    shown = page(client.get("/account/two-factor"))
    assert shown.status == 200 and shown.h1 == "Set up two-factor sign-in"
    with client.session_transaction() as session:
        secret = session["enrol_secret"]
    assert secret in shown.text
    qr = client.get("/account/two-factor/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    shown = page(client.post("/account/two-factor", data={"code": wrong}))
    assert "That code is not right" in shown.field_error("code")
    assert rows.one(User, id=city.a_staff.id).totp_enabled_at is None

    shown = page(client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()}))
    assert shown.h1 == "Your recovery codes" and len(shown.codes()) == 10
    assert "Two-factor sign-in is on. You have 10 unused recovery codes." in page(client.get("/account/"))
    assert client.get("/account/two-factor/qr.svg").status_code == 404  # nothing being set up any more
    # the next sign-in asks for a code
    other = browser()
    assert location(post_sign_in(other, city.a_staff.email, city.a_staff.password)) == "/sign-in/code"

    shown = page(client.post("/account/two-factor/disable", data={"current_password": "wrong-password-here"}))
    assert shown.field_error("current_password") == "This is not your current password."
    assert rows.one(User, id=city.a_staff.id).totp_enabled_at is not None
    response = client.post("/account/two-factor/disable", data={"current_password": city.a_staff.password})
    assert response.status_code == 303
    assert "Two-factor sign-in is off." in page(client.get("/account/")).flashes("success")
    user = rows.one(User, id=city.a_staff.id)
    assert user.totp_enabled_at is None and user.totp_secret is None
    assert location(post_sign_in(browser(), city.a_staff.email, city.a_staff.password)) == "/workspace/"
    assert rows.actions("user.two_factor") == ["user.two_factor_enabled", "user.two_factor_disabled"]


def test_department_user_cannot_turn_two_factor_off(browser, city, rows):
    client = browser(city.dept_officer)
    response = client.post("/account/two-factor/disable", data={"current_password": city.dept_officer.password})
    assert response.status_code == 302 and location(response) == "/account/"
    assert "Two-factor sign-in is required for department roles." in page(client.get("/account/")).flashes("error")
    assert rows.one(User, id=city.dept_officer.id).totp_enabled_at is not None
    assert "user.two_factor_disabled" not in rows.actions("user.")


def test_new_recovery_codes_need_the_password(browser, city):
    client = browser(city.dept_admin)
    shown = page(client.post("/account/two-factor/recovery-codes", data={"current_password": "wrong-password-x"}))
    assert shown.field_error("current_password") == "This is not your current password."
    assert shown.codes() == []
    shown = page(client.post("/account/two-factor/recovery-codes",
                             data={"current_password": city.dept_admin.password}))
    assert len(shown.codes()) == 10


# --- active organisation -----------------------------------------------------------------------

@pytest.fixture
def two_hats(city, make):
    """a_coordinator is also staff of organisation B."""
    make.add_membership(city.a_coordinator, city.org_b, Role.STAFF)
    return city.a_coordinator


def test_switching_the_active_organisation(browser, city, two_hats):
    client = browser()
    post_sign_in(client, two_hats.email, two_hats.password)
    shown = page(client.get("/workspace/"))
    switcher = shown.values(action="/account/organisation")
    assert switcher["organisation_id"] == str(city.org_b.id)  # alphabetical: "Schronisko B" first
    assert shown.h1 == city.org_b.name
    response = client.post("/account/organisation", data={"organisation_id": city.org_a.id})
    assert response.status_code == 303 and location(response) == "/workspace/"
    shown = page(client.get("/workspace/"))
    assert shown.h1 == city.org_a.name
    assert shown.values(action="/account/organisation")["organisation_id"] == str(city.org_a.id)
    # acting for A as a coordinator: may edit A's profile; as staff of B could not
    assert client.get("/workspace/profile").status_code == 200
    client.post("/account/organisation", data={"organisation_id": city.org_b.id})
    assert client.get("/workspace/profile").status_code == 403


@pytest.mark.parametrize("wanted", ["not-a-member", "garbage", ""])
def test_switching_to_an_organisation_you_do_not_belong_to_is_404(browser, city, two_hats, wanted):
    client = browser(two_hats, organisation=city.org_a)
    value = {"not-a-member": str(city.department.id), "garbage": "abc", "": ""}[wanted]
    response = client.post("/account/organisation", data={"organisation_id": value})
    assert response.status_code == 404
    assert page(client.get("/workspace/")).h1 == city.org_a.name  # nothing changed


def test_department_and_organisation_member_switches_between_console_and_workspace(browser, city, make):
    make.add_membership(city.dept_officer, city.org_a, Role.STAFF)
    client = browser()
    post_sign_in(client, city.dept_officer.email, city.dept_officer.password)
    response = client.post("/sign-in/code", data={"code": totp_now(city.dept_officer.email)})
    assert location(response) == "/console/"  # the department comes first
    response = client.post("/account/organisation", data={"organisation_id": city.org_a.id})
    assert location(response) == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    assert client.get("/console/").status_code == 403
    response = client.post("/account/organisation", data={"organisation_id": city.department.id})
    assert location(response) == "/console/"
    assert client.get("/console/").status_code == 200


def test_header_shows_the_switcher_only_with_several_organisations(browser, city, two_hats):
    assert 'action="/account/organisation"' in browser(two_hats).get("/account/").get_data(as_text=True)
    single = page(browser(city.a_staff).get("/account/"))
    assert 'action="/account/organisation"' not in single.html
    assert f"Acting for: {city.org_a.name}" in single
