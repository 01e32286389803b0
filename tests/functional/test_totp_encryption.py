"""TOTP secrets are encrypted at rest: the column never holds the base32 secret, codes still sign in, a plain secret
left from before is read and encrypted at its next use, and `flask users rotate-totp-key` moves every secret to
the newest key (all or nothing)."""

from __future__ import annotations

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text, update

import config
from app import secret_box
from app.extensions import db
from app.models import User
from app.services.accounts.two_factor import verify_totp
from app.tenancy import system_scope
from tests.conftest import DEPARTMENT_TOTP
from tests.functional.support import location, post_sign_in, totp_now


def _stored(app, user_id: int) -> str:
    with app.app_context(), system_scope("tests"):
        return db.session.execute(text("SELECT totp_secret FROM user_account WHERE id = :id"),
                                  {"id": user_id}).scalar_one()


def _store_raw(app, user_id: int, value: str) -> None:
    with app.app_context(), system_scope("tests"):
        db.session.execute(update(User).where(User.id == user_id).values(totp_secret_stored=value))
        db.session.commit()


@pytest.fixture
def keys(app):
    """Two fresh keys; the app's setting is put back afterwards."""
    before = app.config.get("TOTP_ENCRYPTION_KEYS")
    yield Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["TOTP_ENCRYPTION_KEYS"] = before


def test_the_column_holds_no_base32_secret_and_a_code_still_signs_in(app, browser, city):
    officer = city.dept_officer
    stored = _stored(app, officer.id)
    plain = DEPARTMENT_TOTP[officer.email]
    assert plain not in stored and stored.startswith(secret_box.TOKEN_PREFIX)
    with app.app_context(), system_scope("tests"):
        assert db.session.get(User, officer.id).totp_secret == plain
    client = browser()
    assert location(post_sign_in(client, officer.email, officer.password)) == "/sign-in/code"
    response = client.post("/sign-in/code", data={"code": totp_now(officer.email)})
    assert response.status_code == 303 and client.get("/console/").status_code == 200


def test_a_plain_secret_from_before_is_read_then_encrypted_at_its_next_use(app, city):
    officer = city.dept_officer
    plain = pyotp.random_base32()
    _store_raw(app, officer.id, plain)
    with app.app_context(), system_scope("tests"):
        user = db.session.get(User, officer.id)
        assert user.totp_secret == plain
        assert verify_totp(user, pyotp.TOTP(plain).now())
        db.session.commit()
    stored = _stored(app, officer.id)
    assert plain not in stored and stored.startswith(secret_box.TOKEN_PREFIX)


def test_rotation_moves_every_secret_to_the_newest_key(app, city, keys):
    old, new = keys
    officer = city.dept_officer
    plain = pyotp.random_base32()
    app.config["TOTP_ENCRYPTION_KEYS"] = old
    with app.app_context(), system_scope("tests"):
        db.session.get(User, officer.id).totp_secret = plain
        legacy = db.session.execute(select(User).where(User.id == city.dept_admin.id)).scalar_one()
        legacy.totp_secret_stored = "JBSWY3DPEHPK3PXP"  # a secret stored before encryption
        db.session.commit()
    first = secret_box.derived_key(app.secret_key)  # the city's other accounts were saved under the testing key
    app.config["TOTP_ENCRYPTION_KEYS"] = f"{new},{old},{first}"
    with app.app_context(), system_scope("tests"):
        assert db.session.get(User, officer.id).totp_secret == plain  # the old key still opens it

    result = app.test_cli_runner().invoke(args=["users", "rotate-totp-key"])
    assert result.exit_code == 0, result.output
    assert "(1 of them were stored in plain text)" in result.output
    assert app.test_cli_runner().invoke(args=["users", "rotate-totp-key"]).exit_code == 0  # safe to run again
    stored = _stored(app, officer.id)
    assert Fernet(new).decrypt(stored.encode()).decode() == plain
    assert Fernet(new).decrypt(_stored(app, city.dept_admin.id).encode()).decode() == "JBSWY3DPEHPK3PXP"
    app.config["TOTP_ENCRYPTION_KEYS"] = new  # the old keys are removed: every secret still opens
    with app.app_context(), system_scope("tests"):
        assert all(user.totp_secret for user in db.session.execute(
            select(User).where(User.totp_secret_stored.is_not(None))).scalars())
        assert verify_totp(db.session.get(User, officer.id), pyotp.TOTP(plain).now())


def test_rotation_changes_nothing_when_a_key_is_missing(app, city, keys):
    old, new = keys
    app.config["TOTP_ENCRYPTION_KEYS"] = old
    with app.app_context(), system_scope("tests"):
        db.session.get(User, city.dept_officer.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    before = _stored(app, city.dept_admin.id)
    app.config["TOTP_ENCRYPTION_KEYS"] = new  # the old key dropped too early
    result = app.test_cli_runner().invoke(args=["users", "rotate-totp-key"])
    assert result.exit_code != 0 and str(city.dept_officer.id) in result.output
    assert _stored(app, city.dept_admin.id) == before  # all or nothing
    with app.app_context(), system_scope("tests"):
        assert not verify_totp(db.session.get(User, city.dept_officer.id), "123456")  # refused, not a crash


def test_production_needs_valid_keys(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://portal@localhost/portal")
    monkeypatch.delenv("TOTP_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(config.ConfigurationError, match="TOTP_ENCRYPTION_KEYS"):
        config.Production.validate()
    monkeypatch.setenv("TOTP_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},not-a-key")
    with pytest.raises(config.ConfigurationError, match="key 2 of TOTP_ENCRYPTION_KEYS"):
        config.Production.validate()
