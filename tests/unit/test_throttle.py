"""The sign-in throttle and the mail limits, counted in the database (Redis: tests/security/test_throttle.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import LoginAttempt
from app.services.accounts import counters
from app.services.accounts.authentication import check_credentials
from app.services.accounts.mail_limits import allow_mail
from app.services.accounts.throttle import (
    _pair_delay,
    clear_pair,
    prune_old_attempts,
    record_failure,
    retry_after,
)
from app.tenancy import system_scope

ADDRESS = "192.0.2.10"  # the unit conftest's request comes from here


@pytest.fixture(autouse=True)
def database_backend(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", None)


def _fail(email, times, address=ADDRESS):
    for _ in range(times):
        record_failure(email, address)
    db.session.commit()


def _age(seconds):
    """Move every counted event ``seconds`` into the past."""
    for attempt in db.session.execute(select(LoginAttempt)).scalars():
        attempt.attempted_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_a_pair_may_fail_three_times_then_waits_longer_each_time(ctx):
    free = ctx.config["LOGIN_PAIR_FREE_FAILURES"]
    assert free == 3
    _fail("victim@example.org", free - 1)
    assert retry_after("victim@example.org", ADDRESS) == 0
    _fail("victim@example.org", 1)
    assert 25 < retry_after("victim@example.org", ADDRESS) <= 30
    assert retry_after("VICTIM@example.org ", ADDRESS) > 0  # any case
    assert retry_after("victim@example.org", "198.51.100.7") == 0  # another address
    assert retry_after("bystander@example.org", ADDRESS) == 0  # another account from the same address
    _age(31)
    assert retry_after("victim@example.org", ADDRESS) == 0
    _fail("victim@example.org", 1)
    assert 55 < retry_after("victim@example.org", ADDRESS) <= 60


def test_the_pair_delay_doubles_up_to_the_cap(ctx):
    assert [_pair_delay(n) for n in range(7)] == [0, 0, 0, 30, 60, 120, 240]
    assert _pair_delay(50) == ctx.config["LOGIN_PAIR_MAX_DELAY_SECONDS"] == 900


def test_the_account_ceiling_holds_back_addresses_that_failed_but_not_a_fresh_one(ctx):
    ceiling = ctx.config["LOGIN_THROTTLE_PER_ACCOUNT"]
    for n in range(ceiling - 1):
        assert not record_failure("victim@example.org", f"203.0.113.{n}")
    assert record_failure("victim@example.org", f"203.0.113.{ceiling - 1}")  # reached: the holder may be told
    db.session.commit()
    assert 0 < retry_after("victim@example.org", "203.0.113.0") <= ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"]
    assert retry_after("victim@example.org", "198.51.100.7") == 0  # the owner's own address
    assert retry_after("bystander@example.org", "203.0.113.0") == 0
    _age(ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"] + 1)
    assert retry_after("victim@example.org", "203.0.113.0") == 0


def test_address_limit_covers_many_accounts(ctx):
    limit = ctx.config["LOGIN_THROTTLE_PER_ADDRESS"]
    for n in range(limit):
        record_failure(f"guess{n}@example.org", "203.0.113.5")
    db.session.commit()
    assert retry_after("fresh@example.org", "203.0.113.5") > 0
    assert retry_after("fresh@example.org", "203.0.113.6") == 0


def test_a_successful_sign_in_clears_the_pair_not_the_account(ctx):
    _fail("victim@example.org", 3)
    clear_pair("Victim@Example.org", ADDRESS)
    db.session.commit()
    assert retry_after("victim@example.org", ADDRESS) == 0
    account = counters.key("signin-account", "victim@example.org")
    assert counters.count(account, ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"]).count == 3


def test_no_e_mail_address_is_stored_in_plain_text(ctx):
    _fail("victim@example.org", 1)
    keys = db.session.execute(select(LoginAttempt.key)).scalars().all()
    assert len(keys) == 3 and not any("victim" in key or ADDRESS in key for key in keys)


def test_prune_deletes_each_kind_after_its_window(ctx):
    _fail("victim@example.org", 2)
    assert allow_mail("password_reset", "victim@example.org", ADDRESS)
    db.session.commit()
    _age(ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"] + 1)
    assert prune_old_attempts() == 4  # two failures each of the account and the address; the pair is kept an hour
    _age(ctx.config["LOGIN_PAIR_WINDOW_SECONDS"])
    assert prune_old_attempts() == 4  # the pair's two, and the two counts of the reset e-mail
    db.session.commit()
    assert db.session.execute(select(func.count(LoginAttempt.id))).scalar_one() == 0


def test_check_credentials_holds_back_a_pair_even_with_the_right_password(ctx, make):
    person = make.user("held.back@example.org")
    bystander = make.user("bystander@example.org")
    with system_scope("tests"):
        for _ in range(3):
            refused = check_credentials(person.email, "not the password at all")
            assert refused.user is None and refused.refusal.field == "password"
            assert not refused.throttled
        db.session.commit()
        throttled = check_credentials(person.email, person.password)
        assert throttled.user is None and throttled.throttled
        assert 0 < throttled.refusal.retry_after <= 30
        assert str(throttled.refusal.message) == "Too many failed attempts. Try again in 1 minute."
        assert check_credentials(bystander.email, bystander.password).user.email == bystander.email


def test_mail_limits_per_recipient_and_per_requesting_address(ctx):
    assert [allow_mail("password_reset", "victim@example.org", ADDRESS) for _ in range(4)] == [
        True, True, True, False]
    assert allow_mail("invitation", "victim@example.org", ADDRESS)  # counted apart from resets
    assert not allow_mail("password_reset", "victim@example.org", "198.51.100.7")  # per recipient, anywhere
    answers = [allow_mail("password_reset", f"someone{n}@example.org", "203.0.113.9") for n in range(11)]
    assert answers == [True] * 10 + [False]
    assert allow_mail("password_reset", "someone10@example.org", "203.0.113.10")


def test_redis_down_falls_back_to_the_database_with_a_warning(ctx, monkeypatch, caplog):
    monkeypatch.setitem(ctx.config, "REDIS_URL", "redis://127.0.0.1:1/15")  # nothing listens there
    monkeypatch.setattr(counters, "_redis_down_until", {})
    with caplog.at_level(logging.WARNING, logger=counters.__name__):
        _fail("victim@example.org", 3)
        assert retry_after("victim@example.org", ADDRESS) > 0
    assert "Redis is not answering" in caplog.text
    assert db.session.execute(select(func.count(LoginAttempt.id))).scalar_one() == 9
    assert caplog.text.count("Redis is not answering") == 1  # not tried again at every request
