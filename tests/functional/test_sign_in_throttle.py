"""Guessing is stopped and nobody is locked out: the sign-in throttle, the holder's notice, and the limits on
reset and invitation e-mails, seen from the browser (run with TEST_REDIS_URL set for the Redis path)."""

from __future__ import annotations

from flask_babel import force_locale, ngettext

from app.extensions import db
from app.models import User
from tests.functional.support import page, translated

WRONG = "not-my-password-at-all"
NOTICE = "Failed attempts to sign in to your account"


def _sign_in(client, email, password, address):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _ask_reset(client, email, address="10.20.0.1"):
    return client.post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})


def _wait_message(app, locale, minutes):
    with app.test_request_context(), force_locale(locale):
        return ngettext("Too many failed attempts. Try again in %(num)d minute.",
                        "Too many failed attempts. Try again in %(num)d minutes.", minutes)


def _hit_the_ceiling(app, browser, email, first_octet=10):
    """Fail once from each of as many addresses as the account's ceiling (an attacker that moves around)."""
    for n in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT"]):
        assert _sign_in(browser(), email, WRONG, f"{first_octet}.66.0.{n}").status_code == 200


def test_the_owner_signs_in_from_a_fresh_address_after_the_ceiling_was_hit_elsewhere(app, browser, city, rows):
    _hit_the_ceiling(app, browser, city.a_admin.email)
    # an address that failed is held back, even with the right password ...
    held = page(_sign_in(browser(), city.a_admin.email, city.a_admin.password, "10.66.0.0"))
    assert held.status == 429
    assert "Too many failed attempts" in held.field_error("sign-in-wait")
    # ... a new one of the attacker's gets one more guess only ...
    assert _sign_in(browser(), city.a_admin.email, WRONG, "10.77.0.1").status_code == 200
    assert _sign_in(browser(), city.a_admin.email, city.a_admin.password, "10.77.0.1").status_code == 429
    # ... while the owner, from an address that has not failed, signs in; so does another account
    assert _sign_in(browser(), city.a_admin.email, city.a_admin.password, "192.168.5.5").status_code == 303
    assert _sign_in(browser(), city.a_staff.email, city.a_staff.password, "10.66.0.0").status_code == 303
    assert "auth.sign_in_throttled" in rows.actions("auth.sign_in_throttled")


def test_a_pair_that_failed_waits_longer_each_time_and_is_told_so_in_its_language(app, browser, city):
    client = browser(lang="uk")
    for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        assert _sign_in(client, city.b_staff.email, WRONG, "10.30.0.1").status_code == 200
    shown = page(_sign_in(client, city.b_staff.email, city.b_staff.password, "10.30.0.1"))
    assert shown.status == 429 and shown.lang == "uk"
    assert shown.field_error("sign-in-wait") == _wait_message(app, "uk", 1)
    assert shown.field_error("password") == ""  # a wait, not a mistake in the password field
    assert shown.values()["email"] == city.b_staff.email
    english = page(_sign_in(browser(), city.b_staff.email, city.b_staff.password, "10.30.0.1"))
    assert english.field_error("sign-in-wait") == "Too many failed attempts. Try again in 1 minute."
    # another account from the same address, and the same account from another, are not held back
    assert _sign_in(browser(), city.b_admin.email, city.b_admin.password, "10.30.0.1").status_code == 303
    assert _sign_in(browser(), city.b_staff.email, city.b_staff.password, "10.30.0.2").status_code == 303


def test_an_unknown_e_mail_is_answered_exactly_like_a_known_one(app, browser, city):
    def answers(email, address):
        client = browser()
        shown = [page(_sign_in(client, email, WRONG, address))
                 for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"] + 1)]
        return [(one.status, one.field_error("password"), one.field_error("sign-in-wait"), one.field_error("email"))
                for one in shown]

    known = answers(city.a_coordinator.email, "10.40.0.1")
    unknown = answers("nobody.here@example.org", "10.40.0.2")
    assert known == unknown
    assert known[-1][0] == 429 and known[0][0] == 200


def test_the_holder_is_told_once_in_their_language(app, browser, city, outbox, rows):
    def prefer_ukrainian():
        db.session.get(User, city.a_admin.id).locale = "uk"

    rows.run(prefer_ukrainian)
    _hit_the_ceiling(app, browser, city.a_admin.email)
    _hit_the_ceiling(app, browser, city.a_admin.email, first_octet=11)  # still failing: no second message
    _hit_the_ceiling(app, browser, "nobody.here@example.org", first_octet=12)  # no account: nobody to tell
    [message] = outbox()
    assert message["to"] == city.a_admin.email
    assert message["subject"] == translated(app, "uk", NOTICE)
    assert "/password/forgot" in message["body"] and "/account/two-factor" in message["body"]
    assert rows.actions("auth.failures_notice_sent") == ["auth.failures_notice_sent"]


def test_the_notice_is_in_polish_for_a_holder_without_a_preference(app, browser, city, outbox):
    _hit_the_ceiling(app, browser, city.a_staff.email)
    [message] = outbox()
    assert message["subject"] == translated(app, "pl", NOTICE)


def test_twelve_reset_requests_write_at_most_the_limit_and_look_the_same(app, browser, city, outbox):
    limit = app.config["MAIL_LIMIT_PER_ACCOUNT"]
    answers = [page(_ask_reset(browser(), city.a_staff.email, f"10.50.0.{n}")) for n in range(12)]
    assert len(outbox()) == limit == 3
    assert {(shown.status, shown.h1, shown.text) for shown in answers} == {
        (200, "Check your e-mail", answers[0].text)}
    unknown = page(_ask_reset(browser(), "nobody.here@example.org"))
    assert unknown.text.replace("nobody.here@example.org", "X") == answers[0].text.replace(city.a_staff.email, "X")
    assert len(outbox()) == limit


def test_one_address_cannot_send_reset_links_to_everyone(app, browser, city, outbox, make):
    people = [make.user(f"person{n}@example.org") for n in range(app.config["MAIL_LIMIT_PER_ADDRESS"] + 1)]
    for person in people:
        assert _ask_reset(browser(), person.email, "10.60.0.1").status_code == 200
    assert len(outbox()) == app.config["MAIL_LIMIT_PER_ADDRESS"] == 10
    assert _ask_reset(browser(), people[-1].email, "10.60.0.2").status_code == 200
    assert len(outbox()) == 11


def test_a_limited_reset_keeps_the_earlier_link_working(app, browser, city, outbox):
    from tests.functional.support import link_in

    for _ in range(app.config["MAIL_LIMIT_PER_ACCOUNT"] + 2):
        _ask_reset(browser(), city.a_staff.email)
    newest = link_in(outbox()[0]["body"])
    assert browser().get(newest).status_code == 200


def test_invitation_e_mails_to_one_address_are_limited(app, browser, city, outbox):
    admin = browser(city.a_admin)
    limit = app.config["MAIL_LIMIT_PER_ACCOUNT"]
    for _ in range(limit):
        assert admin.post("/workspace/members", data={"email": "new.person@example.org", "role": "staff"}
                          ).status_code == 303
    shown = page(admin.post("/workspace/members", data={"email": "new.person@example.org", "role": "staff"}))
    assert shown.status == 400
    assert "Too many invitation e-mails" in shown.field_error("email")
    assert len(outbox()) == limit
    # an address that has an account gets the same answer
    for _ in range(limit):
        admin.post("/workspace/members", data={"email": city.outsider.email, "role": "staff"})
    again = page(admin.post("/workspace/members", data={"email": city.outsider.email, "role": "staff"}))
    assert again.field_error("email") == shown.field_error("email")


def test_the_counts_live_in_redis_when_it_is_configured_and_in_the_database_otherwise(app, browser, city, rows):
    from app.models import LoginAttempt
    from app.services.accounts import counters

    _sign_in(browser(), city.a_admin.email, WRONG, "10.90.0.1")
    if app.config["REDIS_URL"]:
        with app.app_context():
            assert len(counters.redis_client().keys(counters.REDIS_PREFIX + "signin-*")) == 3
        assert rows.count(LoginAttempt) == 0
    else:
        assert rows.count(LoginAttempt) == 3


def test_with_redis_down_sign_in_still_works_and_the_log_says_so(app, browser, city, rows, monkeypatch, caplog):
    import logging

    from app.models import LoginAttempt
    from app.services.accounts import counters

    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/15")  # nothing listens there
    monkeypatch.setattr(counters, "_redis_down_until", {})
    with caplog.at_level(logging.WARNING, logger=counters.__name__):
        for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
            assert _sign_in(browser(), city.a_admin.email, WRONG, "10.91.0.1").status_code == 200
        assert _sign_in(browser(), city.a_admin.email, city.a_admin.password, "10.91.0.1").status_code == 429
        assert _sign_in(browser(), city.a_admin.email, city.a_admin.password, "10.91.0.2").status_code == 303
    assert "Redis is not answering" in caplog.text
    assert rows.count(LoginAttempt) == 9  # counted in the database meanwhile
