"""Cookies and server-side sessions: flags, fixation, sign-out, password change, timeouts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app import create_app
from app.extensions import db
from app.models import UserSession, utcnow


def _sign_in(client, person, remember=False):
    data = {"email": person.email, "password": person.password}
    if remember:
        data["remember"] = "y"
    response = client.post("/sign-in", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response


def _session_cookie(client):
    domain = client.application.config.get("SERVER_NAME") or "localhost"
    cookie = client.get_cookie("sw_session", domain=domain)
    assert cookie is not None
    return cookie.value


def _signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_cookie_flags_outside_development(tmp_path, city, app):
    secure_app = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True,
        "MAIL_OUTBOX_DIR": str(tmp_path),
    })
    client = secure_app.test_client()
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password,
                                             "remember": "y"}, base_url="https://localhost")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("sw_session="))
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert "Expires=" in session_cookie  # "keep me signed in" makes it outlive the browser session


def test_session_cookie_without_remember_ends_with_the_browser(client, city):
    response = _sign_in(client, city.a_admin)
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("sw_session="))
    assert "Expires=" not in session_cookie
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_session_id_changes_at_sign_in(client, city, app):
    with client.session_transaction() as session:
        session["sid"] = "attacker-chosen-id"
    _sign_in(client, city.a_admin)
    with client.session_transaction() as session:
        assert session["sid"] != "attacker-chosen-id"


def test_sign_out_ends_the_session_on_the_server(app, client, city):
    _sign_in(client, city.a_admin)
    old_cookie = _session_cookie(client)
    assert client.post("/sign-out").status_code == 303
    assert not _signed_in(client)
    replay = app.test_client()
    replay.set_cookie("sw_session", old_cookie, domain=app.config.get("SERVER_NAME") or "localhost")
    response = replay.get("/account/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_password_change_ends_other_sessions(app, city):
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, city.a_admin)
    _sign_in(phone, city.a_admin)
    response = laptop.post("/account/password", data={
        "current_password": city.a_admin.password, "new_password": "cicha-sowa-nad-jeziorem-9",
        "confirm": "cicha-sowa-nad-jeziorem-9"})
    assert response.status_code == 303
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def _age_sessions(app, **changes):
    with app.app_context():
        db.session.execute(update(UserSession).values(**changes))
        db.session.commit()


def test_idle_timeout(app, client, city):
    _sign_in(client, city.a_admin)
    _age_sessions(app, last_seen_at=utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
    assert not _signed_in(client)
    with app.app_context():
        assert db.session.execute(select(UserSession)).first() is None


def test_absolute_timeout(app, client, city):
    _sign_in(client, city.a_admin)
    _age_sessions(app, created_at=utcnow() - timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"] + 1))
    assert not _signed_in(client)


def test_remembered_session_survives_idle_but_not_its_lifetime(app, client, city):
    _sign_in(client, city.a_admin, remember=True)
    _age_sessions(app, last_seen_at=utcnow() - timedelta(hours=3))
    assert _signed_in(client)
    _age_sessions(app, created_at=utcnow() - timedelta(days=app.config["SESSION_REMEMBER_DAYS"] + 1))
    assert not _signed_in(client)


def test_deactivated_account_loses_its_session(app, client, city, client_as):
    _sign_in(client, city.a_staff)
    admin = client_as("dept_admin")
    assert admin.post(f"/console/users/{city.a_staff.id}/deactivate").status_code == 303
    assert not _signed_in(client)


def test_signed_in_pages_are_not_cached(client, city):
    _sign_in(client, city.a_admin)
    for path in ("/workspace/", "/account/", "/"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path


def test_department_role_without_second_factor_must_set_it_up(app, make, login):
    department = make.department()
    newcomer = make.user("new.officer@example.org", member_of=department, role="officer")
    client = app.test_client()
    login(client, newcomer)
    response = client.get("/console/organisations")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor")
    assert client.get("/account/two-factor").status_code == 200
