"""The sign-in throttle: per account and address pair, an account ceiling nobody can use to lock the owner out,
per address; shared by every worker, in the database or in Redis."""

from __future__ import annotations

import socket

import pytest

from app import create_app


def _attempt(client, email, password, address="10.0.0.1"):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_a_pair_waits_after_three_failures_even_with_the_right_password(client, city, app):
    for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        assert _attempt(client, city.a_admin.email, "wrong password here").status_code == 200
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password},
                           environ_base={"REMOTE_ADDR": "10.0.0.1"}, headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in 1 minute." in response.get_data(as_text=True)
    assert _attempt(app.test_client(), city.a_admin.email, city.a_admin.password, "10.0.0.2").status_code == 303


def test_other_accounts_from_the_same_address_still_sign_in(client, city, app):
    for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        _attempt(client, city.a_admin.email, "wrong password here")
    response = _attempt(app.test_client(), city.a_staff.email, city.a_staff.password)
    assert response.status_code == 303


def test_address_is_throttled_after_many_failures_across_accounts(client, city, app):
    limit = app.config["LOGIN_THROTTLE_PER_ADDRESS"]
    for n in range(limit):
        _attempt(client, f"nobody{n}@example.org", "wrong password here", address="10.9.9.9")
    assert _attempt(client, city.a_staff.email, city.a_staff.password, address="10.9.9.9").status_code == 429
    assert _attempt(client, city.a_staff.email, city.a_staff.password, address="10.1.1.1").status_code == 303


def test_failures_are_shared_between_workers(app, city, tmp_path):
    """A second app on the same database and Redis, if any (another gunicorn worker), sees the same count."""
    other_worker = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                          "MAIL_OUTBOX_DIR": str(tmp_path), "REDIS_URL": app.config["REDIS_URL"]})
    first, second = app.test_client(), other_worker.test_client()
    for n in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        _attempt(first if n % 2 else second, city.a_admin.email, "wrong password here")
    assert _attempt(second, city.a_admin.email, city.a_admin.password).status_code == 429


def _redis_url() -> str:
    return "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_redis_backend_is_shared_between_workers(app, city, tmp_path):
    if not _redis_up():
        pytest.fail("Redis is not running at 127.0.0.1:6379; the Redis throttle backend cannot be tested")
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": _redis_url(),
                "MAIL_OUTBOX_DIR": str(tmp_path)}
    worker_one, worker_two = create_app("testing", settings), create_app("testing", settings)
    from app.services.accounts import counters

    with worker_one.app_context():
        counters.redis_client().flushdb()  # db 15 holds only the tests' counts
    try:
        ceiling = app.config["LOGIN_THROTTLE_PER_ACCOUNT"]
        for n in range(ceiling):
            _attempt(worker_one.test_client(), city.a_admin.email, "wrong password here", f"10.0.1.{n}")
        with worker_one.app_context():
            assert counters.redis_client().keys(counters.REDIS_PREFIX + "signin-account:*")
        assert _attempt(worker_two.test_client(), city.a_admin.email, city.a_admin.password,
                        "10.0.1.0").status_code == 429
        assert _attempt(worker_two.test_client(), city.a_admin.email, city.a_admin.password,
                        "10.0.2.1").status_code == 303
        assert _attempt(worker_two.test_client(), city.a_staff.email, city.a_staff.password,
                        "10.0.1.0").status_code == 303
    finally:
        with worker_one.app_context():
            counters.redis_client().flushdb()


def test_successful_sign_in_clears_the_pair_failures(client, city, app):
    free = app.config["LOGIN_PAIR_FREE_FAILURES"]
    for _ in range(free - 1):
        _attempt(client, city.a_admin.email, "wrong password here")
    assert _attempt(client, city.a_admin.email, city.a_admin.password).status_code == 303
    fresh = app.test_client()
    for _ in range(free):
        assert _attempt(fresh, city.a_admin.email, "wrong password here").status_code == 200
