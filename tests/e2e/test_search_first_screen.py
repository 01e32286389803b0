"""The search results on a phone's first screen (360×740): after the home page's "help tonight"
shortcut and after a filter, with and without JavaScript, by keyboard too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

TONIGHT_SHORTCUT = "a[href='/search?tonight=y']"
FIRST_RESULT = ".service-card, .empty-result"  # the first result, or the help when nothing is found
MAX_TABS = 80
NAME_LINE = 48  # px of the card's top that must be on the screen: the first line of the service's name


def _first_result_on_first_screen(page: Page) -> None:
    """The first card's top (its name) is on the screen without scrolling; the count and chips are above it."""
    assert page.evaluate("window.scrollY") == 0
    first = page.locator(FIRST_RESULT).first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + NAME_LINE <= PHONE["height"], f"first result at {box}"
    count = page.locator(".result-count").bounding_box()
    assert count is not None and count["y"] < box["y"], "the count should stand above the results"
    for chip in page.locator(".chip").all():
        chip_box = chip.bounding_box()
        assert chip_box is not None and chip_box["y"] < box["y"], "the chips should stand above the results"


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} was not reached by Tab in {MAX_TABS} presses")


@pytest.mark.parametrize("javascript", [True, False])
def test_after_the_help_tonight_shortcut_the_first_result_is_on_the_first_screen(new_context, javascript: bool):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto("/")
    page.locator(TONIGHT_SHORTCUT).click()
    page.wait_for_load_state()

    assert "tonight=y" in page.url
    expect(page.locator(".chip").first).to_be_visible()  # "can go or call now", removable
    expect(page.locator(".filter-panel")).not_to_have_attribute("open", "")  # folded: the results lead
    _first_result_on_first_screen(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_after_a_filter_the_first_result_is_on_the_first_screen(new_context, javascript: bool):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto("/search?q=pomoc")
    _first_result_on_first_screen(page)
    page.locator(".filter-panel > summary").click()
    page.locator("#free").check()
    page.locator(".filter-panel button[type=submit]").click()
    page.wait_for_load_state()

    assert "free=y" in page.url
    expect(page.locator(".chip")).to_have_count(1)
    _first_result_on_first_screen(page)


def test_the_filters_open_and_apply_by_keyboard(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/search?q=pomoc")
    panel = page.locator(".filter-panel")
    expect(page.locator("#free")).to_be_hidden()

    _tab_to(page, ".filter-panel > summary")
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    _tab_to(page, "#free")
    page.keyboard.press("Space")
    expect(page.locator("#free")).to_be_checked()
    _tab_to(page, ".filter-panel button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "free=y" in page.url
    _first_result_on_first_screen(page)


def test_on_a_wide_screen_the_filters_stand_beside_the_results(new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/search?tonight=y")

    expect(page.locator(".filter-panel")).to_have_attribute("open", "")  # opened there by the page's script
    filters = page.locator(".search-form").bounding_box()
    results = page.locator(".search-results").bounding_box()
    assert filters and results and filters["x"] + filters["width"] <= results["x"], (filters, results)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_the_results_page_is_no_wider_than_a_phone(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/search?tonight=y")
    page.locator(".filter-panel > summary").click()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_no_axe_violations_on_the_phone_results_folded_and_open(new_context, lang: str):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_context(viewport=PHONE, lang=lang).new_page()
    for path in ("/search?tonight=y", "/search?category=nonexistent&district=atlantis", "/search?q=pomoc&page=99",
                 "/search?day=2026-12-23&hour=13"):
        page.goto(path)
        for opened in (False, True):
            if opened:
                page.locator(".filter-panel > summary").click()
            results = axe.run(page)
            assert results.violations_count == 0, f"axe-core on {path} (open: {opened}):\n{results.generate_report()}"


@pytest.mark.parametrize(("language", "words"), [("uk", "нічліг"), ("pl", "gdzie spać"), ("pl", "nie chcę żyć")])
def test_with_the_emergency_lines_above_them_the_first_result_is_on_the_first_screen(new_context, language, words):
    """Words about a crisis put the 112 / 116 123 lines above the results; on a phone they stay compact."""
    page = new_context(viewport=PHONE, extra_http_headers={"Accept-Language": language}).new_page()
    page.goto(f"/search?q={words}")
    expect(page.locator(".crisis-lines")).to_be_visible()
    _first_result_on_first_screen(page)
    box = page.locator(".service-card").first.bounding_box()
    assert box is not None and box["y"] + 120 <= PHONE["height"], f"more than the name should show: {box}"
