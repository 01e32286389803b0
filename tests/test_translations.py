"""Every catalogue is complete, and pages, errors and formats follow the chosen language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.i18n_check import catalogue_problems
from tests.conftest import ROOT

LANGUAGES = ("pl", "uk", "en")


def test_no_catalogue_has_untranslated_or_fuzzy_entries():
    problems = catalogue_problems(ROOT / "translations")
    assert problems == [], f"{len(problems)} problems, first: {problems[:10]}"


def _message_keys(path) -> set[tuple[str | None, str]]:
    """(context, id) of every message of a catalogue or of the template."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id}


def test_the_template_and_every_catalogue_hold_the_same_messages():
    template_keys = _message_keys(ROOT / "translations" / "messages.pot")
    for language in LANGUAGES:
        keys = _message_keys(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po")
        assert template_keys - keys == set(), f"{language} lacks messages: run flask i18n update"


# Short words whose Polish or Ukrainian translation changes with what they describe ("Aktywna" usługa,
# "Aktywne" konto) or with their meaning ("Name" of a person or of a service). They are always written
# with a context – pgettext("service status", "Active") – never as a plain _("Active").
AMBIGUOUS_WITHOUT_CONTEXT = (
    "Active", "Deactivated", "Verified", "Not verified", "Approved", "Rejected", "Waiting", "Resolved",
    "Dismissed", "Cancelled", "Hidden", "Over", "Public", "Not public", "Withdrawn", "Coming", "Changed",
    "On", "Off", "Free", "Paid", "All", "Name", "Published",
)


def test_ambiguous_short_words_always_have_a_context():
    for path in (ROOT / "translations" / "messages.pot", *sorted(ROOT.glob("translations/*/LC_MESSAGES/messages.po"))):
        plain = {message_id for context, message_id in _message_keys(path) if context is None}
        used_plain = sorted(plain.intersection(AMBIGUOUS_WITHOUT_CONTEXT))
        assert used_plain == [], (f"{path.relative_to(ROOT)}: {used_plain} used without a context; write "
                                  f'pgettext("what it describes", …) in templates, lazy_pgettext(…) in Python')


@pytest.mark.parametrize(("language", "sign_in_label"), [("pl", "Zaloguj"), ("uk", "Увійти"), ("en", "Sign in")])
def test_language_cookie_sets_page_language(client, language, sign_in_label):
    client.post("/language", data={"lang": language, "next": "/sign-in"})
    page = client.get("/sign-in").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert sign_in_label in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_are_translated_and_show_no_internals(client, language):
    client.post("/language", data={"lang": language})
    for path, method, code in (("/no-such-page", "GET", 404), ("/sign-out", "GET", 405)):
        response = client.open(path, method=method)
        page = response.get_data(as_text=True)
        assert response.status_code == code
        assert f'<html lang="{language}">' in page
        assert "Traceback" not in page
    english = "Page not found"
    page = client.get("/no-such-page").get_data(as_text=True)
    assert (english in page) == (language == "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_translated(client, language):
    client.post("/language", data={"lang": language})
    page = client.post("/sign-in", data={"email": "", "password": ""}).get_data(as_text=True)
    english = "Enter your e-mail address."
    assert (english in page) == (language == "en")
    assert 'aria-invalid="true"' in page


def test_accept_language_then_polish(client):
    page = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="uk">' in page
    page = client.get("/", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="pl">' in page


def test_money_dates_and_numbers_follow_the_locale(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from app.i18n import money

    moment = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # already 16 January in Warsaw
    with app.test_request_context():
        render = app.jinja_env.from_string("{{ amount|money }}|{{ moment|date('short') }}|{{ count|number }}")
        with force_locale("pl"):
            pl = render.render(amount=Decimal("1234.5"), moment=moment, count=1234567)
        with force_locale("en"):
            en = render.render(amount=Decimal("1234.5"), moment=moment, count=1234567)
        with force_locale("uk"):
            uk = render.render(amount=Decimal("1234.5"), moment=moment, count=1234567)
        assert money("not a number") == ""
    assert pl.split("|")[0].replace("\xa0", " ") == "1 234,50 zł"
    assert pl.split("|")[1] == "16.01.2026"
    assert en.split("|")[0] == "PLN\xa01,234.50"
    assert en.split("|")[2] == "1,234,567"
    assert uk.split("|")[1] == "16.01.2026"
    assert en.split("|")[1] == "16/01/2026"  # British, not 1/16/26


@pytest.mark.parametrize("language, message", [
    ("pl", "Nieprawidłowa liczba całkowita"), ("uk", "Недійсне ціле число."), ("en", "Not a valid integer value."),
])
def test_wtforms_own_messages_follow_the_language_of_each_request(app, language, message):
    """WTForms' built-in messages come from a catalogue kept per worker, in each request's language."""
    from wtforms import IntegerField

    from blueprints.forms import BaseForm

    class AgeForm(BaseForm):
        age = IntegerField()

    for _ in range(2):  # the second request reuses the kept catalogue
        with app.test_request_context("/", method="POST", data={"age": "abc"},
                                      headers={"Accept-Language": language}):
            form = AgeForm(meta={"csrf": False})
            assert not form.validate()
            assert form.age.errors == [message]
