"""The sign-in throttle, counted in the database (the Redis variant is tested in tests/security)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import LoginAttempt, utcnow
from app.services.accounts.authentication import check_credentials
from app.services.accounts.throttle import clear_account, prune_old_attempts, record_failure, retry_after
from app.tenancy import system_scope

ADDRESS = "192.0.2.10"  # the unit conftest's request comes from here


@pytest.fixture(autouse=True)
def database_backend(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", None)


def _fail(email, times, address=ADDRESS):
    for _ in range(times):
        record_failure(email, address)
    db.session.commit()


def test_five_failures_lock_that_account_only(ctx):
    limit = ctx.config["LOGIN_THROTTLE_PER_ACCOUNT"]
    assert limit == 5
    _fail("victim@example.org", limit - 1)
    assert retry_after("victim@example.org", ADDRESS) == 0
    _fail("victim@example.org", 1)
    wait = retry_after("victim@example.org", ADDRESS)
    assert 0 < wait <= ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"] + 1
    assert retry_after("VICTIM@example.org", "198.51.100.7") > 0  # any address, any case
    assert retry_after("bystander@example.org", ADDRESS) == 0  # same address, another account


def test_failures_expire_after_the_window(ctx):
    _fail("victim@example.org", 5)
    assert retry_after("victim@example.org", ADDRESS) > 0
    window = ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"]
    db.session.execute(update(LoginAttempt).values(attempted_at=utcnow() - timedelta(seconds=window + 1)))
    db.session.commit()
    assert retry_after("victim@example.org", ADDRESS) == 0
    assert prune_old_attempts() == 10  # five per account and five per address
    db.session.commit()
    assert db.session.execute(select(func.count(LoginAttempt.id))).scalar_one() == 0


def test_wait_counts_from_the_oldest_failure_in_the_window(ctx):
    _fail("victim@example.org", 5)
    window = ctx.config["LOGIN_THROTTLE_WINDOW_SECONDS"]
    db.session.execute(update(LoginAttempt).values(attempted_at=utcnow() - timedelta(seconds=window - 60)))
    db.session.commit()
    assert 0 < retry_after("victim@example.org", ADDRESS) <= 61


def test_address_limit_covers_many_accounts(ctx):
    limit = ctx.config["LOGIN_THROTTLE_PER_ADDRESS"]
    for n in range(limit):
        record_failure(f"guess{n}@example.org", "203.0.113.5")
    db.session.commit()
    assert retry_after("fresh@example.org", "203.0.113.5") > 0
    assert retry_after("fresh@example.org", "203.0.113.6") == 0


def test_a_successful_sign_in_clears_the_account(ctx):
    _fail("victim@example.org", 5)
    clear_account("Victim@Example.org")
    db.session.commit()
    assert retry_after("victim@example.org", None) == 0


def test_check_credentials_counts_failures_then_refuses_even_the_right_password(ctx, make):
    person = make.user("locked.out@example.org")
    bystander = make.user("bystander@example.org")
    with system_scope("tests"):
        for _ in range(5):
            refused = check_credentials(person.email, "not the password at all")
            assert refused.user is None and refused.refusal.field == "password"
            assert not refused.throttled
        db.session.commit()
        throttled = check_credentials(person.email, person.password)
        assert throttled.user is None and throttled.throttled
        assert throttled.refusal.retry_after > 0
        assert "Too many failed attempts" in str(throttled.refusal.message)
        assert check_credentials(bystander.email, bystander.password).user.email == bystander.email
