"""Narrow phone screens and browsers without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, SIGN_OUT_BUTTON, html_lang, path_of, sign_in, switch_language

pytestmark = pytest.mark.e2e

SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.mark.parametrize("path", ["/", "/sign-in", "/accessibility", "/no-such-page", "/events", "/events/1",
                                  "/volunteering", "/volunteering/1"])
def test_no_horizontal_scroll_at_360_px(phone_page: Page, path: str):
    phone_page.goto(path)

    width = phone_page.evaluate(SCROLL_WIDTH)
    assert width <= PHONE["width"], f"{path} is {width} px wide on a {PHONE['width']} px screen"


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_home_page_has_no_horizontal_scroll_at_360_px_in_other_languages(new_context, lang: str):
    page = new_context(viewport=PHONE, lang=lang).new_page()
    page.goto("/")

    assert html_lang(page) == lang
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]


@pytest.mark.parametrize(("email", "path"), [
    ("coordinator@demo.example", "/workspace/"),
    ("coordinator@demo.example", "/workspace/members"),
    ("coordinator@demo.example", "/account/"),
    ("coordinator@demo.example", "/workspace/events"),
    ("coordinator@demo.example", "/workspace/events/new"),
    ("coordinator@demo.example", "/workspace/volunteering/new"),
])
def test_signed_in_pages_have_no_horizontal_scroll_at_360_px(phone_page: Page, email: str, path: str):
    sign_in(phone_page, email)
    phone_page.goto(path)

    width = phone_page.evaluate(SCROLL_WIDTH)
    assert width <= PHONE["width"], f"{path} is {width} px wide on a {PHONE['width']} px screen"


def test_helplines_are_readable_and_callable_on_a_phone(phone_page: Page):
    phone_page.goto("/")

    emergency = phone_page.locator("a[href='tel:112']")
    expect(emergency).to_be_visible()
    expect(emergency).to_be_in_viewport()  # the emergency number is on the first screen
    box = emergency.bounding_box()
    assert box is not None and box["height"] >= 24 and box["width"] >= 24, f"tap target too small: {box}"


def test_without_javascript_a_coordinator_signs_in_and_switches_language(new_context):
    page = new_context(java_script_enabled=False).new_page()
    assert page.evaluate("1 + 1") == 2  # Playwright still evaluates; the page's own scripts do not run

    sign_in(page, "coordinator@demo.example")

    assert path_of(page) == "/workspace/"
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()
    assert html_lang(page) == "pl"

    switch_language(page, "en")

    assert path_of(page) == "/workspace/", "the switcher should bring the person back to the same page"
    assert html_lang(page) == "en"
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("aria-current", "true")
    page.goto("/workspace/members")
    assert html_lang(page) == "en"

    switch_language(page, "pl")  # the choice is saved on the account: leave it as it was
    assert html_lang(page) == "pl"


def test_without_javascript_the_organisation_switcher_still_works(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "coordinator@demo.example")
    expect(page.locator("main h1")).to_have_text("Stowarzyszenie na Rzecz Rodziny")

    switcher = page.locator("form.organisation-switcher")
    switcher.locator("select").select_option(label="TPD")
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()

    page.goto("/workspace/")
    expect(page.locator("main h1")).to_have_text("Towarzystwo Przyjaciół Dzieci – Oddział Miejski")
