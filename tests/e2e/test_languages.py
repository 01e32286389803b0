"""The header's language switcher: Polish, Ukrainian and English, remembered across pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import LANGUAGE_BUTTONS, html_lang, path_of, sign_in, switch_language

pytestmark = pytest.mark.e2e


def press(page: Page, lang: str) -> None:
    """Press the language button a visitor sees (its name is the language's own name)."""
    button = page.get_by_role("button", name=LANGUAGE_BUTTONS[lang], exact=True)
    with page.expect_navigation():
        button.click()


def test_switcher_sets_the_language_and_it_is_remembered_on_the_next_page(page: Page):
    page.goto("/")
    assert html_lang(page) == "pl"
    expect(page.get_by_role("button", name="Polski", exact=True)).to_have_attribute("aria-current", "true")

    press(page, "en")

    assert path_of(page) == "/", "the switcher should bring the visitor back to the same page"
    assert html_lang(page) == "en"
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("button", name="Polski", exact=True)).not_to_have_attribute("aria-current", "true")
    expect(page.locator("a.skip-link")).to_have_text("Skip to main content")  # the English catalogue is the source

    page.locator("header a[href='/sign-in']").click()
    page.wait_for_load_state()
    assert path_of(page) == "/sign-in"
    assert html_lang(page) == "en", "the choice must be remembered on the next page"
    expect(page.locator("main h1")).to_have_text("Sign in")

    press(page, "uk")

    assert path_of(page) == "/sign-in"
    assert html_lang(page) == "uk"
    expect(page.locator("main h1")).not_to_have_text("Sign in")
    expect(page.locator("main h1")).not_to_be_empty()
    expect(page.get_by_role("button", name="Українська", exact=True)).to_have_attribute("aria-current", "true")
    page.goto("/accessibility")
    assert html_lang(page) == "uk"
    other_tab = page.context.new_page()
    other_tab.goto("/")
    assert html_lang(other_tab) == "uk", "a new tab of the same browser keeps the choice"

    press(page, "pl")
    assert html_lang(page) == "pl"
    assert path_of(page) == "/accessibility"


def test_switching_language_changes_the_visible_text(page: Page):
    page.goto("/")
    texts = {"pl": page.locator("main").inner_text()}
    for lang in ("uk", "en"):
        switch_language(page, lang)
        assert html_lang(page) == lang
        texts[lang] = page.locator("main").inner_text()

    assert texts["pl"] != texts["en"], "the Polish and English home pages show the same text"
    assert texts["uk"] != texts["en"], "the Ukrainian and English home pages show the same text"
    assert texts["uk"] != texts["pl"], "the Ukrainian and Polish home pages show the same text"


def test_a_signed_in_persons_choice_follows_them_to_another_browser(new_context):
    first = new_context().new_page()
    sign_in(first, "family.staff@demo.example")
    assert html_lang(first) == "pl"
    switch_language(first, "uk")
    assert html_lang(first) == "uk"

    second = new_context().new_page()  # no language cookie, the browser asks for Polish
    second.goto("/sign-in")
    assert html_lang(second) == "pl"
    sign_in(second, "family.staff@demo.example")

    assert path_of(second) == "/workspace/"
    assert html_lang(second) == "uk", "the saved preference should apply after signing in elsewhere"
