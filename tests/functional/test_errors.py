"""Error pages are ours: translated, helpful, without internals."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import g
from flask_babel import force_locale
from sqlalchemy import select

from app import create_app, errors
from app.extensions import db
from app.models import Invitation, Organisation, OrganisationKind, Role
from app.tenancy import system_scope
from tests.functional.support import page


@pytest.mark.parametrize(("method", "path", "status", "title"), [
    ("GET", "/no-such-page", 404, "Page not found"),
    ("GET", "/console/organisations/not-a-number", 404, "Page not found"),
    ("GET", "/sign-out", 405, "Not allowed"),
    ("PUT", "/sign-in", 405, "Not allowed"),
    ("DELETE", "/", 405, "Not allowed"),
])
def test_error_pages(browser, method, path, status, title):
    response = browser().open(path, method=method)
    shown = page(response)
    assert shown.status == status
    assert shown.h1 == f"{title} (error {status})"
    assert "If you need help now, call 112" in shown
    assert 'href="/"' in shown.html
    for internal in ("Traceback", "werkzeug", "jinja2", "sqlalchemy", "File \""):
        assert internal not in shown.html


def test_forbidden_page(browser, city):
    shown = page(browser(city.a_staff).get("/workspace/profile"))
    assert shown.status == 403
    assert shown.h1 == "No access (error 403)"
    assert "Your role does not allow this. If you think it should, ask your organisation's administrator." in shown


@pytest.mark.parametrize(("who", "method", "path", "told", "not_told"), [
    ("a_coordinator", "POST", "/workspace/members", "ask your organisation's administrator", "department"),
    ("dept_analyst", "GET", "/console/audit", "ask the department's portal administrator",
     "your organisation's administrator"),
    ("dept_officer", "GET", "/workspace/", "Your work as department staff is in the department console.",
     "administrator"),
    ("dept_admin", "GET", "/workspace/members", "Your work as department staff is in the department console.",
     "administrator"),
    ("a_staff", "GET", "/console/", "The department console is for the staff of the city's Department",
     "ask your organisation's administrator"),
    ("b_admin", "GET", "/console/organisations", "The department console is for the staff", "administrator"),
    ("outsider", "GET", "/workspace/", "Your account does not belong to any organisation",
     "department's portal administrator"),
])
def test_forbidden_page_says_whom_to_ask(browser, city, who, method, path, told, not_told):
    shown = page(browser(getattr(city, who)).open(path, method=method, data={"email": "x@example.org",
                                                                             "role": "staff"}))
    assert shown.status == 403
    assert told in shown and not_told not in shown
    way_back = "Go to the department console" if who.startswith("dept") else (
        "Go to your organisation's workspace" if who != "outsider" else "Go to the home page")
    assert way_back in shown  # a way back to where the reader works, not only the home page


@pytest.mark.parametrize(("signed_in", "membership", "path", "told"), [
    (False, None, "/workspace/", "If you are one of them, sign in first."),
    (True, None, "/workspace/", "Your account does not belong to any organisation"),
    (True, (False, Role.STAFF), "/workspace/members", "ask your organisation's administrator"),
    (True, (False, Role.ADMIN), "/workspace/feedback/1/handle", "even as your organisation's administrator"),
    (True, (False, Role.ADMIN), "/console/", "The department console is for the staff"),
    (True, (True, Role.ANALYST), "/console/audit", "ask the department's portal administrator"),
])
def test_whom_to_ask_follows_where_the_reader_stands(app, monkeypatch, signed_in, membership, path, told):
    monkeypatch.setattr(errors, "current_user", SimpleNamespace(is_authenticated=signed_in))
    with app.test_request_context(path), force_locale("en"):
        if membership is not None:
            in_department, role = membership
            g.membership = SimpleNamespace(role=role, organisation=SimpleNamespace(is_department=in_department))
        message = str(errors.forbidden_message())
    assert told in message


def test_error_pages_in_polish_by_default(app, client):
    shown = page(client.get("/no-such-page"))
    assert shown.status == 404 and shown.lang == "pl"
    from tests.functional.support import translated

    assert translated(app, "pl", "Page not found") in shown.h1


def test_unexpected_failure_shows_our_page_and_changes_nothing(app, tmp_path):
    broken = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                     "MAIL_OUTBOX_DIR": str(tmp_path), "SERVER_NAME": "portal.test"})

    @broken.get("/boom")
    def boom():  # a view that fails half-way through a change
        with system_scope("tests"):
            db.session.add(Organisation(slug="half-done", name="Half done", kind=OrganisationKind.NGO))
            db.session.flush()
        raise RuntimeError("secret internals: password=hunter2")

    boom.__permission__ = "public"
    client = broken.test_client()
    client.set_cookie("sw_lang", "en", domain="portal.test")
    shown = page(client.get("/boom"))
    assert shown.status == 500
    assert shown.h1 == "Something went wrong (error 500)"
    assert "Nothing was changed." in shown
    assert "hunter2" not in shown.html and "RuntimeError" not in shown.html and "Traceback" not in shown.html
    with broken.app_context(), system_scope("tests"):
        assert db.session.execute(select(Organisation).filter_by(slug="half-done")).first() is None
        db.session.remove()
        db.engine.dispose()


def test_api_paths_answer_errors_in_json(browser):
    response = browser().get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"] == "not_found"
    polish = browser(lang="pl").get("/api/nothing-here").get_json()
    assert polish["error"] == "not_found" and polish["message"] != response.get_json()["message"]


def test_only_answers_that_ask_to_wait_say_how_long(browser):
    """A wrong parameter is not a reason to wait: no Retry-After (the rate limiter would put one on every answer)."""
    wrong = browser().get("/api/hsds/services?per_page=")
    assert wrong.status_code == 400 and "Retry-After" not in wrong.headers
    fine = browser().get("/api/hsds/services")
    assert fine.status_code == 200 and "Retry-After" not in fine.headers and "X-RateLimit-Limit" in fine.headers


def test_a_refused_method_says_which_ones_the_address_takes(browser):
    """405 carries Allow (HTTP requires it), on pages and on the API alike."""
    for path in ("/api/hsds/services", "/search"):
        response = browser().delete(path)
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_a_commit_that_fails_says_so_and_keeps_nothing(browser, city, rows, outbox, monkeypatch):
    """The database refuses the request's one commit: the person sees the error page, nothing is kept or sent."""
    from app import unit_of_work

    def refused():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(unit_of_work, "commit", refused)
    shown = page(browser(city.a_admin).post("/workspace/members", data={
        "email": "nowa.osoba@example.org", "role": "staff"}))
    assert shown.status == 500
    assert "Nothing was changed." in shown
    assert rows.count(Invitation, email="nowa.osoba@example.org") == 0
    assert outbox() == []  # the invitation e-mail waited for a commit that never came
    monkeypatch.undo()
    assert browser(city.a_admin).post("/workspace/members", data={
        "email": "nowa.osoba@example.org", "role": "staff"}).status_code == 303
    assert rows.count(Invitation, email="nowa.osoba@example.org") == 1
    assert [message["to"] for message in outbox()] == ["nowa.osoba@example.org"]
