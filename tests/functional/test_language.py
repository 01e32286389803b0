"""The page language: switcher cookie → saved preference → Accept-Language → Polish."""

from __future__ import annotations

import pytest

from app.models import User
from tests.functional.support import location, page, translated


def test_polish_is_the_default(client):
    shown = page(client.get("/"))
    assert shown.lang == "pl"
    assert 'aria-current="true" class="current">Polski' in shown.html


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_switcher_sets_the_language_and_returns_to_the_page(app, client, language):
    response = client.post("/language", data={"lang": language, "next": "/accessibility"})
    assert response.status_code == 303 and location(response) == "/accessibility"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("sw_lang="))
    assert f"sw_lang={language}" in cookie and "HttpOnly" in cookie and "Max-Age=31536000" in cookie
    shown = page(client.get("/accessibility"))
    assert shown.lang == language
    assert shown.h1 == translated(app, language, "Accessibility statement")


def test_unknown_language_is_ignored(client):
    response = client.post("/language", data={"lang": "de", "next": "/"})
    assert response.status_code == 303
    assert not any(c.startswith("sw_lang=") for c in response.headers.getlist("Set-Cookie"))
    assert page(client.get("/")).lang == "pl"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_switcher_returns_only_to_this_site(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert location(response) == "/"


@pytest.mark.parametrize(("header", "expected"), [
    ("en-GB,en;q=0.9", "en"), ("uk-UA,uk;q=0.9,ru;q=0.5", "uk"), ("de-DE,de;q=0.9", "pl"),
    ("de;q=0.9,en;q=0.5", "en"), ("", "pl"),
])
def test_browser_language_is_used_without_a_choice(client, header, expected):
    assert page(client.get("/", headers={"Accept-Language": header})).lang == expected


def test_choice_beats_the_browser_language(client):
    client.post("/language", data={"lang": "uk"})
    assert page(client.get("/", headers={"Accept-Language": "en"})).lang == "uk"


def test_signed_in_users_preference_is_used_without_a_cookie(app, client, city, login, rows):
    from app.extensions import db

    rows.run(lambda: setattr(db.session.get(User, city.a_staff.id), "locale", "uk"))
    login(client, city.a_staff)
    assert page(client.get("/workspace/", headers={"Accept-Language": "en"})).lang == "uk"
    client.post("/language", data={"lang": "en"})  # the switcher wins, and becomes the preference
    assert page(client.get("/workspace/")).lang == "en"
    assert rows.one(User, id=city.a_staff.id).locale == "en"


def test_switching_while_signed_in_is_remembered_on_another_device(app, browser, city, rows):
    phone = browser(city.a_admin, lang=None)
    phone.post("/language", data={"lang": "uk"})
    laptop = browser(city.a_admin, lang=None)
    assert page(laptop.get("/workspace/")).lang == "uk"
    assert rows.one(User, id=city.a_admin.id).locale == "uk"


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_form_messages_follow_the_language(app, client, language):
    client.post("/language", data={"lang": language})
    shown = page(client.post("/sign-in", data={"email": "", "password": ""}))
    assert shown.field_error("email") == translated(app, language, "Enter your e-mail address.")


@pytest.mark.parametrize("language, day, moment, numeric", [
    ("en", "10 Dec 2026", "10 Dec 2026, 17:05", "10/12/2026"),
    ("pl", "10 grudnia 2026", "10 grudnia 2026, 17:05", "10.12.2026"),
    ("uk", "10 грудня 2026 р.", "10 грудня 2026 р., 17:05", "10.12.2026"),
])
def test_dates_and_times_follow_each_languages_convention(app, language, day, moment, numeric):
    """One English convention (British, like the spelling: no 12/10/26, no PM), Polish and
    Ukrainian months in the genitive, 24-hour times; a moment is shown in Warsaw's time."""
    from datetime import UTC, date, datetime

    from app.i18n import format_clock, format_day, format_moment

    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert format_day(date(2026, 12, 10)) == day
        assert format_day(date(2026, 12, 10), "short") == numeric
        assert format_moment(datetime(2026, 12, 10, 16, 5, tzinfo=UTC)) == moment  # 17:05 in Warsaw
        assert format_clock(datetime(2026, 7, 1, 15, 5, tzinfo=UTC)) == "17:05"  # summer time
        assert format_day(None) == format_moment(None) == ""


def test_switching_the_language_after_a_refused_form_returns_to_the_forms_page(browser):
    """A sent form answered with its errors lives at a URL that only takes a POST: the switcher goes back to the
    page the form was on, never to a 405; a referrer of another site sends it home."""
    client = browser()
    refused = client.post("/sign-in", data={"email": "nobody@example.org", "password": "wrong"},
                          headers={"Referer": "http://portal.test/sign-in?next=/workspace/"})
    assert 'name="next" value="/sign-in?next=/workspace/"' in refused.get_data(as_text=True)
    elsewhere = client.post("/sign-in", data={"email": "nobody@example.org", "password": "wrong"},
                            headers={"Referer": "https://evil.example/sign-in"})
    assert 'name="next" value="/"' in elsewhere.get_data(as_text=True)
    assert 'name="next" value="/calls"' in client.get("/calls").get_data(as_text=True)


def test_templates_follow_a_forced_language_within_a_request(app):
    """A page's strings come from its language's catalogue, kept for the request; an e-mail rendered in the
    recipient's language (force_locale) in the same request is in that language, and the page's language
    comes back after it."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ _('Search') }}|{{ ngettext('%(num)d service found', '%(num)d services found', 5) }}"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = render_template_string(template)
        with force_locale("uk"):
            ukrainian = render_template_string(template)
        with force_locale("pl"):
            polish = render_template_string(template)
        again = render_template_string(template)
    assert english == again == "Search|5 services found"
    assert ukrainian == "Шукати|Знайдено 5 послуг"
    assert polish.startswith("Szukaj|") and polish.endswith("5 usług")


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_a_pages_day_formatter_writes_what_format_day_writes(app, language):
    """``day_formatter`` (a list's rows: the language looked up once) gives ``format_day``'s text for days, aware and
    naive (UTC) moments — the last minutes of a UTC day are the next day in Warsaw — and nothing for None."""
    from datetime import UTC, date, datetime

    from app.i18n import day_formatter, format_day

    with app.test_request_context("/", headers={"Accept-Language": language}):
        day = day_formatter()
        for value in (date(2026, 12, 10), datetime(2026, 12, 31, 23, 30, tzinfo=UTC), datetime(2026, 6, 30, 22, 30),
                      None):
            assert day(value) == format_day(value), value
        assert day(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == format_day(date(2027, 1, 1))


def test_the_clock_reads_as_babel_writes_it_in_every_language(app):
    from datetime import UTC, datetime, time

    from babel import dates as babel_dates
    from flask_babel import force_locale

    from app.i18n import TIME_PATTERN, format_clock, formatting_locale
    from app.localtime import WARSAW

    with app.test_request_context("/"):
        for language in ("pl", "uk", "en"):
            with force_locale(language):
                for moment in (time(0, 5), time(9, 0), time(23, 59), datetime(2026, 7, 1, 22, 30, tzinfo=UTC)):
                    local = moment if isinstance(moment, time) else moment.astimezone(WARSAW)
                    assert format_clock(moment) == babel_dates.format_time(
                        local, TIME_PATTERN, locale=formatting_locale()), (language, moment)
