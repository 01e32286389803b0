"""Signing in and out: password, the code step, enrolment of a department account."""

from __future__ import annotations

import pyotp
import pytest

from app.models import AuditEvent, Role, User, UserSession
from tests.functional.support import location, page, post_sign_in, totp_now

WRONG = "not-my-password-at-all"
NOT_RIGHT = "The e-mail address or password is not right."


@pytest.mark.parametrize(("who", "landing"), [("a_admin", "/workspace/"), ("a_staff", "/workspace/"),
                                              ("b_staff", "/workspace/"), ("outsider", "/account/")])
def test_password_sign_in_lands_by_role(browser, city, rows, who, landing):
    person = getattr(city, who)
    client = browser()
    response = post_sign_in(client, person.email, person.password)
    assert response.status_code == 303
    assert location(response) == landing
    assert client.get(landing).status_code == 200
    assert rows.one(User, id=person.id).last_sign_in_at is not None
    assert rows.count(UserSession, user_id=person.id) == 1
    [event] = rows.audit("auth.sign_in")
    assert event.actor_id == person.id and event.details == {"method": "password"}


def test_email_is_matched_whatever_its_case(browser, city):
    response = post_sign_in(browser(), "  A.Admin@Example.ORG ", city.a_admin.password)
    assert response.status_code == 303


def test_wrong_password_says_so_beside_the_field_and_keeps_the_email(browser, city, rows):
    response = post_sign_in(browser(), city.a_admin.email, WRONG)
    shown = page(response)
    assert shown.status == 200
    assert NOT_RIGHT in shown.field_error("password")
    assert shown.values()["email"] == city.a_admin.email
    assert shown.values()["password"] == ""
    assert WRONG not in shown.html
    assert rows.count(UserSession) == 0
    [event] = rows.audit("auth.sign_in_failed")
    assert event.actor_id == city.a_admin.id
    assert WRONG not in str(event.details)


def test_unknown_email_gets_the_same_answer(browser, city):
    known = page(post_sign_in(browser(), city.a_admin.email, WRONG))
    unknown = page(post_sign_in(browser(), "nobody@example.org", WRONG))
    assert unknown.status == known.status == 200
    assert unknown.field_error("password") == known.field_error("password")
    assert unknown.field_error("email") == known.field_error("email") == ""


def test_deactivated_account_cannot_sign_in(browser, city, rows):
    def deactivate():
        from app.extensions import db

        db.session.get(User, city.a_staff.id).is_active_account = False

    rows.run(deactivate)
    shown = page(post_sign_in(browser(), city.a_staff.email, city.a_staff.password))
    assert shown.status == 200
    assert NOT_RIGHT in shown.field_error("password")


def test_empty_form_marks_both_fields(browser):
    shown = page(browser().post("/sign-in", data={"email": "", "password": ""}))
    assert shown.status == 200
    assert "Enter your e-mail address." in shown.field_error("email")
    assert "Enter your password." in shown.field_error("password")


def test_fourth_attempt_from_the_same_address_is_refused_with_429(browser, city, app, rows):
    client = browser()
    for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        assert post_sign_in(client, city.a_admin.email, WRONG).status_code == 200
    shown = page(post_sign_in(client, city.a_admin.email, city.a_admin.password))
    assert shown.status == 429
    assert "Too many failed attempts" in shown.field_error("sign-in-wait")
    assert shown.values()["email"] == city.a_admin.email
    assert rows.count(UserSession) == 0
    assert rows.actions("auth.sign_in_throttled") == ["auth.sign_in_throttled"]
    # another account is unaffected
    assert post_sign_in(browser(), city.a_staff.email, city.a_staff.password).status_code == 303


def test_next_on_this_site_is_followed_and_elsewhere_ignored(browser, city):
    response = post_sign_in(browser(), city.a_admin.email, city.a_admin.password, next="/workspace/members")
    assert location(response) == "/workspace/members"
    response = post_sign_in(browser(), city.a_admin.email, city.a_admin.password, next="//evil.example/")
    assert location(response) == "/workspace/"


def test_protected_page_sends_to_sign_in_and_back(browser, city):
    client = browser()
    response = client.get("/workspace/members")
    assert response.status_code == 302
    assert location(response).startswith("/sign-in?next=")
    form = page(client.get(location(response))).values()
    assert form["next"] == "/workspace/members"
    response = post_sign_in(client, city.a_admin.email, city.a_admin.password, next=form["next"])
    assert location(response) == "/workspace/members"


def test_signed_in_visitor_of_sign_in_goes_to_their_landing(browser, city):
    client = browser(city.a_staff)
    response = client.get("/sign-in")
    assert response.status_code == 302 and location(response) == "/workspace/"


def test_department_user_goes_through_the_code_step(browser, city, rows):
    client = browser()
    response = post_sign_in(client, city.dept_officer.email, city.dept_officer.password)
    assert response.status_code == 303 and location(response) == "/sign-in/code"
    assert rows.count(UserSession) == 0  # not signed in yet
    assert client.get("/console/").status_code == 302
    assert page(client.get("/sign-in/code")).h1 == "Enter your code"
    response = client.post("/sign-in/code", data={"code": totp_now(city.dept_officer.email)})
    assert response.status_code == 303 and location(response) == "/console/"
    assert client.get("/console/").status_code == 200
    [event] = rows.audit("auth.sign_in")
    assert event.actor_id == city.dept_officer.id and event.details == {"method": "totp"}


def test_wrong_code_is_refused_and_counted(browser, city, rows):
    client = browser()
    post_sign_in(client, city.dept_admin.email, city.dept_admin.password)
    right = totp_now(city.dept_admin.email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    shown = page(client.post("/sign-in/code", data={"code": wrong}))
    assert shown.status == 200
    assert "That code is not right" in shown.field_error("code")
    assert rows.count(UserSession) == 0
    assert rows.actions("auth.second_factor_failed") == ["auth.second_factor_failed"]
    assert client.post("/sign-in/code", data={"code": right}).status_code == 303


def test_code_step_without_a_password_step_goes_back_to_sign_in(browser):
    response = browser().post("/sign-in/code", data={"code": "123456"})
    assert response.status_code == 302 and location(response) == "/sign-in"


def test_code_step_expires_after_ten_minutes(browser, city):
    client = browser()
    post_sign_in(client, city.dept_admin.email, city.dept_admin.password)
    with client.session_transaction() as session:
        session["pending_since"] -= 601
    response = client.post("/sign-in/code", data={"code": totp_now(city.dept_admin.email)})
    assert response.status_code == 302 and location(response) == "/sign-in"


def test_department_user_without_a_code_must_enrol(app, browser, make, rows):
    department = make.department()
    officer = make.user("new.officer@example.org", member_of=department, role=Role.OFFICER)
    client = browser()
    response = post_sign_in(client, officer.email, officer.password)
    assert response.status_code == 303 and location(response) == "/sign-in/set-up-code"
    shown = page(client.get("/sign-in/set-up-code"))
    assert shown.status == 200
    assert 'src="/sign-in/set-up-code/qr.svg"' in shown.html
    with client.session_transaction() as session:
        secret = session["enrol_secret"]
    assert secret in shown.text  # for typing in by hand
    qr = client.get("/sign-in/set-up-code/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).lstrip().startswith("<svg")
    assert client.get("/console/").status_code == 302  # not signed in until the code is confirmed

    wrong = page(client.post("/sign-in/set-up-code", data={"code": "000000"}))
    if "That code is not right" in wrong.text:  # (unless 000000 happens to be the current code)
        assert rows.one(User, id=officer.id).totp_enabled_at is None

    done = page(client.post("/sign-in/set-up-code", data={"code": pyotp.TOTP(secret).now()}))
    assert done.status == 200
    assert done.h1 == "Your recovery codes"
    assert len(done.codes()) == 10
    assert 'href="/console/"' in done.html
    assert client.get("/console/").status_code == 200
    user = rows.one(User, id=officer.id)
    with app.app_context():  # the secret is stored encrypted with the app's key
        assert user.totp_secret == secret and user.totp_enabled_at is not None
    assert "user.two_factor_enabled" in rows.actions("user.")


def test_enrolment_qr_code_is_only_for_the_person_enrolling(browser):
    assert browser().get("/sign-in/set-up-code/qr.svg").status_code == 404
    assert browser().get("/sign-in/set-up-code").status_code == 302


def test_recovery_code_signs_in_once(browser, city, make):
    client = browser(city.dept_analyst)
    # make fresh recovery codes as the signed-in analyst
    shown = page(client.post("/account/two-factor/recovery-codes",
                             data={"current_password": city.dept_analyst.password}))
    codes = shown.codes()
    assert len(codes) == 10
    first = browser()
    post_sign_in(first, city.dept_analyst.email, city.dept_analyst.password)
    assert first.post("/sign-in/code", data={"code": codes[0]}).status_code == 303
    second = browser()
    post_sign_in(second, city.dept_analyst.email, city.dept_analyst.password)
    assert page(second.post("/sign-in/code", data={"code": codes[0]})).field_error("code")


def test_sign_out_ends_the_session(browser, city, rows):
    client = browser()
    post_sign_in(client, city.a_admin.email, city.a_admin.password)
    assert client.get("/account/").status_code == 200
    response = client.post("/sign-out")
    assert response.status_code == 303 and location(response) == "/"
    assert "You have signed out." in page(client.get("/")).flashes("info")
    response = client.get("/account/")
    assert response.status_code == 302 and location(response).startswith("/sign-in")
    assert rows.count(UserSession, user_id=city.a_admin.id) == 0
    assert rows.count(AuditEvent, action="auth.sign_out", actor_id=city.a_admin.id) == 1


def test_sign_out_by_get_is_not_allowed(browser, city):
    client = browser(city.a_admin)
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert client.get("/account/").status_code == 200  # still signed in
