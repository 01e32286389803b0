"""The anonymous page cache: fast home page for crowds, never someone else's page or token."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app import page_cache
from app.extensions import db
from tests.functional.support import form_token


@pytest.fixture
def cache_on(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    app.config["WTF_CSRF_ENABLED"] = True
    page_cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.config["WTF_CSRF_ENABLED"] = False
    page_cache.clear()


@pytest.fixture
def statements(app):
    """Counts SQL statements sent while the test runs."""
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)



def test_second_visitor_gets_the_cached_home_without_touching_the_database(app, cache_on, statements):
    first = app.test_client().get("/")
    assert first.headers["X-Page-Cache"] == "miss"
    before = len(statements)
    second = app.test_client().get("/")
    assert second.headers["X-Page-Cache"] == "hit"
    assert len(statements) == before
    assert "116 123" in second.get_data(as_text=True)


def test_cached_page_sets_no_cookie_and_the_language_switch_works(app, cache_on):
    app.test_client().get("/")
    visitor = app.test_client()
    page = visitor.get("/")
    assert page.headers["X-Page-Cache"] == "hit"
    assert "Set-Cookie" not in page.headers
    assert "\x00" not in page.get_data(as_text=True)
    switched = visitor.post("/language", data={"lang": "uk", "next": "/"}, headers={"Origin": "http://portal.test"})
    assert switched.status_code == 303
    assert 'lang="uk"' in visitor.get("/").get_data(as_text=True)


def test_a_cached_page_with_a_form_token_gives_each_visitor_their_own(app, cache_on, monkeypatch):
    """Pages with a token (none are cached today but the mechanism allows it) never share one."""
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context("/"):
        first = generate_csrf()
        response = app.response_class(f"<input value='{first}'>", mimetype="text/html")
        from flask import g

        g.page_cache_key, g.page_cache_versions = ("/token-test", "pl"), (0, 0, 0)
        page_cache.store_in_cache(response)
    with app.test_request_context("/"):
        from flask import g

        g.page_cache_key = ("/token-test", "pl")
        body = page_cache.worker_cache(app).pages[("/token-test", "pl")][2]
        assert first.encode() not in body
        second = body.replace(page_cache.TOKEN_HOLE, generate_csrf().encode()).decode()
        assert first not in second and "value='" in second


def test_languages_are_cached_apart(app, cache_on):
    polish = app.test_client()
    polish.get("/")
    english = app.test_client()
    english.set_cookie("sw_lang", "en", domain="portal.test")
    english.get("/")
    assert 'lang="en"' in english.get("/").get_data(as_text=True)
    assert 'lang="pl"' in polish.get("/").get_data(as_text=True)
    ukrainian = app.test_client().get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    assert 'lang="uk"' in ukrainian.get_data(as_text=True)


def test_signed_in_people_and_pending_messages_bypass_the_cache(app, city, login, cache_on):
    app.test_client().get("/")
    member = app.test_client()
    login(member, city.a_admin)
    page = member.get("/")
    assert "X-Page-Cache" not in page.headers
    assert 'action="/sign-out"' in page.get_data(as_text=True)
    signed_out = member.post("/sign-out", data={"csrf_token": form_token(page.get_data(as_text=True))},
                             follow_redirects=True)
    assert signed_out.headers.get("X-Page-Cache") != "hit"  # the "signed out" message must show


def test_query_strings_and_other_pages_are_never_cached(app, cache_on):
    client = app.test_client()
    client.get("/?x=1")
    assert "X-Page-Cache" not in client.get("/?x=1").headers
    client.get("/sign-in")
    assert "X-Page-Cache" not in client.get("/sign-in").headers


def test_cache_expires(app, cache_on, monkeypatch):
    app.test_client().get("/")
    assert app.test_client().get("/").headers["X-Page-Cache"] == "hit"
    real = page_cache.time.monotonic
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: real() + 61)
    assert app.test_client().get("/").headers["X-Page-Cache"] == "miss"


def test_search_results_are_cached_per_query_string_and_language(app, cache_on):
    app.test_client().get("/search?q=pomoc")
    again = app.test_client().get("/search?q=pomoc")
    assert again.headers["X-Page-Cache"] == "hit"
    other = app.test_client().get("/search?q=nocleg")
    assert other.headers["X-Page-Cache"] == "miss"
    english = app.test_client().get("/search?q=pomoc", headers={"Accept-Language": "en"})
    assert english.headers["X-Page-Cache"] == "miss" and 'lang="en"' in english.get_data(as_text=True)


def test_the_cache_keeps_within_its_budget(app, cache_on, monkeypatch):
    size = len(app.test_client().get("/search?q=zz").get_data())
    page_cache.clear()
    monkeypatch.setattr(page_cache, "MAX_CACHED_BYTES", int(size * 2.5))  # room for two pages
    for word in ("a1", "b2", "c3", "d4", "e5", "f6"):
        app.test_client().get(f"/search?q={word}")
    kept = page_cache.worker_cache(app)
    assert kept.size <= size * 2.5 and len(kept.pages) == 2
    assert app.test_client().get("/search?q=f6").headers["X-Page-Cache"] == "hit"
    assert app.test_client().get("/search?q=a1").headers["X-Page-Cache"] == "miss"  # the oldest went first
