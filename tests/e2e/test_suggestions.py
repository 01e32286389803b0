"""Suggestions while typing: a keyboard-only combobox, accessible, and no change without JavaScript."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, html_lang, path_of

pytestmark = pytest.mark.e2e

AXE = Axe()
LISTBOX = "[role=listbox]"
OPTIONS = "[role=listbox] [role=option]"


def _type(page: Page, box: str, text: str) -> None:
    """Put the focus in the box from the keyboard's point of view (no click) and type, key by key."""
    page.locator(box).focus()
    page.keyboard.type(text, delay=40)


def test_arrow_down_and_enter_on_a_category_runs_its_search(page: Page):
    page.goto("/search")
    box = page.locator("#q")
    _type(page, "#q", "no")
    expect(page.locator(LISTBOX)).to_be_visible()
    expect(page.get_by_role("listbox", name="Czego potrzebujesz?")).to_be_visible()  # named by the box's label
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    first = page.locator(OPTIONS).first
    expect(first).to_contain_text("Noclegownie i ogrzewalnie")
    expect(page.locator(".suggest [role=status]")).to_have_text(re.compile(r"\d"))  # "5 suggestions", read out
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(box).to_be_focused()  # the focus stays in the box; the option is only pointed at
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # a night shelter's results are a crisis page: the quick exit's script shows "/" in the address bar at once
    # (tests/e2e/test_quick_exit.py), so the search run is read from the page itself
    expect(page.locator("#category")).to_have_value("shelter.night-shelter")
    assert page.locator(".service-card").count() > 0
    assert html_lang(page) == "pl"


def test_enter_without_a_chosen_suggestion_sends_the_form_as_before(page: Page):
    page.goto("/search")
    _type(page, "#q", "noclegownia")
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(LISTBOX)).to_be_hidden()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "false")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#q")).to_have_value("noclegownia")  # a night shelter's results: "/" in the address bar
    assert page.locator(".service-card").count() > 0


def test_nothing_is_suggested_before_the_second_letter(page: Page):
    page.goto("/search")
    _type(page, "#q", "n")
    page.wait_for_timeout(600)  # well past the delay before a request
    expect(page.locator(LISTBOX)).to_be_hidden()


def test_a_service_opens_its_page_and_the_reader_language_is_kept(new_context):
    page = new_context(lang="uk", viewport=PHONE).new_page()
    page.goto("/")
    _type(page, "#home-q", "ніч")
    expect(page.locator(LISTBOX)).to_be_visible()
    labels = page.locator(OPTIONS).all_inner_texts()
    assert any("Нічліжки" in label for label in labels), labels  # the category in Ukrainian
    page.keyboard.press("ArrowUp")  # from the box, ArrowUp points at the last suggestion
    last = page.locator(OPTIONS).last
    expect(last).to_have_attribute("aria-selected", "true")
    box = page.locator("#home-q").bounding_box()
    option = page.locator(OPTIONS).first.bounding_box()
    assert box and option and option["height"] >= 44 and option["y"] >= box["y"] + box["height"] - 1
    with page.expect_navigation():
        page.locator(OPTIONS).first.click()  # a tap
    assert page.locator("#category").input_value() != ""  # a category search (maybe a crisis page: "/" shown)
    assert html_lang(page) == "uk"


@pytest.mark.parametrize("where, box, viewport", [("/search", "#q", None), ("/", "#home-q", PHONE)])
def test_no_axe_violations_with_the_list_open(new_context, where, box, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto(where)
    _type(page, box, "po")
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("ArrowDown")
    results = AXE.run(page)
    assert results.violations_count == 0, f"axe-core on {page.url} with the list open:\n{results.generate_report()}"


def test_the_search_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/search")
    box = page.locator("#q")
    assert box.get_attribute("role") is None
    box.fill("noclegownia")
    with page.expect_navigation():
        box.press("Enter")
    assert "q=noclegownia" in path_of(page)
    assert page.locator(".service-card").count() > 0
    assert page.locator(LISTBOX).count() == 0
