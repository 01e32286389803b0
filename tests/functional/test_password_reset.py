"""Forgotten password: one answer for everyone, a one-time link, every session ended."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from app.models import OneTimeToken, utcnow
from tests.functional.support import link_in, location, page, post_sign_in, translated

NEW_PASSWORD = "srebrny-czajnik-pod-lipa"


def _ask(client, email):
    return client.post("/password/forgot", data={"email": email})


def _reset_link(client, outbox, email) -> str:
    assert _ask(client, email).status_code == 200
    message = next(m for m in outbox() if m["to"] == email)
    return link_in(message["body"])


def test_the_answer_is_the_same_for_unknown_and_known_addresses(browser, city, outbox, rows):
    known = page(_ask(browser(), city.a_staff.email))
    unknown = page(_ask(browser(), "nobody@example.org"))
    assert known.status == unknown.status == 200
    assert known.h1 == unknown.h1 == "Check your e-mail"
    assert known.text.replace(city.a_staff.email, "X") == unknown.text.replace("nobody@example.org", "X")
    assert [m["to"] for m in outbox()] == [city.a_staff.email]
    assert rows.actions("user.password_reset_requested") == [
        "user.password_reset_requested", "user.password_reset_requested_unknown"]


def test_invalid_address_is_explained_beside_the_field(browser, outbox):
    shown = page(_ask(browser(), "not-an-address"))
    assert shown.status == 200
    assert "Enter an e-mail address like name@example.org." in shown.field_error("email")
    assert shown.values()["email"] == "not-an-address"
    assert outbox() == []


def test_link_sets_a_new_password_once(browser, city, outbox, rows):
    client = browser()
    link = _reset_link(client, outbox, city.a_staff.email)
    [message] = outbox()
    assert message["subject"] == "Reset your password"
    assert link.startswith("/password/reset/")
    assert page(client.get(link)).h1 == "Choose a new password"
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and location(response) == "/sign-in"
    assert "Your password has been changed" in " ".join(page(client.get("/sign-in")).flashes())
    assert post_sign_in(browser(), city.a_staff.email, city.a_staff.password).status_code == 200
    assert post_sign_in(browser(), city.a_staff.email, NEW_PASSWORD).status_code == 303
    again = page(browser().get(link))
    assert again.status == 404 and again.h1 == "This link no longer works"
    assert browser().post(link, data={"password": "inny-nowy-kot-w-butach", "confirm": "inny-nowy-kot-w-butach"}
                          ).status_code == 404
    assert "user.password_reset" in rows.actions("user.password_reset")


def test_expired_link_shows_the_404_page(browser, city, outbox, rows):
    client = browser()
    link = _reset_link(client, outbox, city.a_staff.email)

    def expire():
        db.session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(minutes=1)))

    rows.run(expire)
    shown = page(client.get(link))
    assert shown.status == 404
    assert "This link has expired or has already been used." in shown.text
    assert 'href="/password/forgot"' in shown.html


def test_made_up_link_is_404(browser):
    assert browser().get("/password/reset/made-up-token").status_code == 404
    assert browser().get("/password/reset/" + "x" * 300).status_code == 404


def test_a_new_request_replaces_the_old_link(browser, city, outbox):
    client = browser()
    first = _reset_link(client, outbox, city.a_staff.email)
    second_response = _ask(client, city.a_staff.email)
    assert second_response.status_code == 200
    second = link_in(outbox()[0]["body"])
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_new_password_ends_every_other_session(browser, city, outbox):
    elsewhere = browser()
    assert post_sign_in(elsewhere, city.a_staff.email, city.a_staff.password).status_code == 303
    assert elsewhere.get("/workspace/").status_code == 200
    client = browser()
    link = _reset_link(client, outbox, city.a_staff.email)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    response = elsewhere.get("/workspace/")
    assert response.status_code == 302 and location(response).startswith("/sign-in")


def test_weak_new_password_is_refused_and_the_link_still_works(browser, city, outbox, rows):
    client = browser()
    link = _reset_link(client, outbox, city.a_staff.email)
    shown = page(client.post(link, data={"password": "qwerty123456", "confirm": "qwerty123456"}))
    assert shown.status == 200
    assert "common passwords" in shown.field_error("password")
    assert "qwerty123456" not in shown.html
    shown = page(client.post(link, data={"password": "short", "confirm": "short"}))
    assert "Use at least 12 characters." in shown.field_error("password")
    shown = page(client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}))
    assert "The two passwords are different." in shown.field_error("confirm")
    assert post_sign_in(browser(), city.a_staff.email, city.a_staff.password).status_code == 303
    assert "user.password_reset" not in rows.actions("user.password_reset")
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 303


def test_very_long_passphrase_is_judged_not_crashed_on(browser, city, outbox):
    client = browser()
    link = _reset_link(client, outbox, city.a_staff.email)
    passphrase = ("ptaki nad rzeka spiewaja o swicie, a stary mlynarz liczy worki maki przy drodze do lasu; "
                  "w oddali szczeka pies")
    assert 72 < len(passphrase) <= 128
    response = client.post(link, data={"password": passphrase, "confirm": passphrase})
    assert response.status_code == 303
    assert post_sign_in(browser(), city.a_staff.email, passphrase).status_code == 303


def test_reset_mail_is_in_the_users_language(app, browser, city, outbox, rows):
    def prefer_ukrainian():
        from app.models import User

        db.session.get(User, city.a_staff.id).locale = "uk"

    rows.run(prefer_ukrainian)
    _ask(browser(lang="en"), city.a_staff.email)
    [message] = outbox()
    assert message["subject"] == translated(app, "uk", "Reset your password")
    assert translated(app, "uk", "Hello %(name)s,", name="Jan Testowy") in message["body"]
    assert "/password/reset/" in message["body"]
