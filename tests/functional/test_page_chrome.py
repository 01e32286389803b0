"""The kept site header and footer (app/page_chrome.py): the same page as drawn afresh, the switcher returning to
each page, a signed-in person's own header, the quick exit's help only where the page has the button."""

from __future__ import annotations

import re

import pytest

from app import fragment_cache
from app.page_chrome import forget_kept_chrome

EN = {"Accept-Language": "en"}


@pytest.fixture
def kept(app):
    """The kept parts on, as in production, for one test."""
    app.config["FRAGMENT_CACHE"] = True
    app.config["PAGE_CACHE_SECONDS"] = 0
    forget_kept_chrome()
    fragment_cache.clear()  # parts kept under a data version (the taxonomy) that another test's rollback reuses
    yield
    app.config["FRAGMENT_CACHE"] = False
    forget_kept_chrome()
    fragment_cache.clear()


def _next(page: str) -> str:
    return re.search(r'<input type="hidden" name="next" value="([^"]*)">', page).group(1)


def test_the_kept_header_returns_each_page_to_itself(app, client, kept):
    first = client.get("/search?q=pomoc&district=centrum").get_data(as_text=True)
    second = client.get("/events").get_data(as_text=True)
    assert _next(first) == "/search?q=pomoc&amp;district=centrum"
    assert _next(second) == "/events"
    app.config["FRAGMENT_CACHE"] = False
    fresh = client.get("/search?q=pomoc&district=centrum").get_data(as_text=True)
    assert fresh == first


def test_each_language_keeps_its_own_header_and_footer(client, kept):
    english = client.get("/events", headers={"Accept-Language": "en"}).get_data(as_text=True)
    polish = client.get("/events", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "Find help" in english and "In danger? Call" in english
    assert "Find help" not in polish and "In danger? Call" not in polish


def test_a_signed_in_person_gets_their_own_header(app, browser, city, kept):
    anonymous = app.test_client().get("/events", headers=EN).get_data(as_text=True)
    assert "Sign in for organisations" in anonymous
    page = browser(city.a_coordinator).get("/events", headers=EN).get_data(as_text=True)
    assert "Sign out" in page and "My account" in page and "Sign in for organisations" not in page
    again = app.test_client().get("/events", headers=EN).get_data(as_text=True)
    assert "Sign out" not in again and 'name="csrf_token"' not in again.split("</header>")[0]


def test_the_quick_exit_help_only_where_the_page_has_the_button(client, kept):
    home = client.get("/", headers=EN).get_data(as_text=True)  # the home page carries the quick exit
    events = client.get("/events", headers=EN).get_data(as_text=True)
    assert "what it cannot erase" in home.split('<footer class="site-footer">')[1]
    assert "what it cannot erase" not in events.split('<footer class="site-footer">')[1]


def _token(page: str) -> str:
    header = page.split("</header>")[0]
    return re.search(r'name="csrf_token" value="([^"]+)"', header).group(1)


def test_a_kept_signed_in_header_carries_each_persons_own_form_token(app, browser, city, make, kept):
    """Two coordinators of one organisation share the kept header; each signs out with the token of their own."""
    second = make.user(member_of=city.org_a, role="coordinator")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        first_client, second_client = browser(city.a_coordinator), browser(second)
        first_page = first_client.get("/events", headers=EN).get_data(as_text=True)
        second_page = second_client.get("/events", headers=EN).get_data(as_text=True)
        assert _token(first_page) != _token(second_page)
        assert first_client.post("/sign-out", data={"csrf_token": _token(second_page)}).status_code == 400
        assert first_client.post("/sign-out", data={"csrf_token": _token(first_page)}).status_code == 303
        assert "Sign out" not in first_client.get("/events", headers=EN).get_data(as_text=True)
        assert "Sign out" in second_client.get("/events", headers=EN).get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_kept_menu_follows_the_readers_role_and_page(browser, city, kept):
    admin = browser(city.a_admin).get("/workspace/", headers=EN).get_data(as_text=True)
    staff = browser(city.a_staff).get("/workspace/", headers=EN).get_data(as_text=True)
    assert 'href="/workspace/profile"' in admin
    assert 'href="/workspace/profile"' not in staff
    assert '<a href="/workspace/" aria-current="page">Overview</a>' in staff
    profile = browser(city.a_admin).get("/workspace/profile", headers=EN).get_data(as_text=True)
    assert 'aria-current="page">Profile</a>' in profile and 'aria-current="page">Overview' not in profile


def test_a_renamed_organisation_is_named_anew_in_the_kept_header(app, browser, city, kept):
    from app.extensions import db
    from app.models import Organisation
    from app.tenancy import system_scope

    client = browser(city.a_coordinator)
    assert "Acting for" in client.get("/events", headers=EN).get_data(as_text=True)
    with app.app_context(), system_scope("test: rename the organisation"):
        organisation = db.session.get(Organisation, city.org_a.id)
        organisation.name, organisation.short_name = "Fundacja Nowa Nazwa", None
        db.session.commit()
    page = client.get("/events", headers=EN).get_data(as_text=True)
    assert "<strong>Fundacja Nowa Nazwa</strong>" in page.split("</header>")[0]


def test_the_header_marks_the_console_or_the_workspace_while_inside(browser, city, kept):
    officer = browser(city.dept_officer)
    inside = officer.get("/console/", headers=EN).get_data(as_text=True).split("</header>")[0]
    outside = officer.get("/events", headers=EN).get_data(as_text=True).split("</header>")[0]
    assert 'aria-current="true">Department console</a>' in inside
    assert 'aria-current="true">Department console' not in outside and ">Department console</a>" in outside
    workspace = browser(city.a_coordinator).get("/workspace/", headers=EN).get_data(as_text=True)
    assert 'aria-current="true">Organisation workspace</a>' in workspace.split("</header>")[0]
