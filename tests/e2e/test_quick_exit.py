"""The quick exit in a real browser: it leaves no crisis page behind the back button, works by keyboard and without
JavaScript, and on a phone it is a small button that covers neither the first result nor the emergency numbers."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.support import PHONE, path_of

pytestmark = pytest.mark.e2e

NEUTRAL_SITE = "https://www.google.com/"
CRISIS_SEARCH = "category=crisis"


def _with_neutral_site(context: BrowserContext) -> BrowserContext:
    """The neutral website answered by the test itself (no network is needed or used)."""
    context.route(NEUTRAL_SITE + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><html lang='en'><title>Neutral</title><p>Neutral"))
    return context


def _crisis_results_from_home(page: Page) -> None:
    page.goto("/")
    page.locator(f".tiles a[href$='{CRISIS_SEARCH}']").click()
    page.wait_for_load_state()
    expect(page.locator(".service-card").first).to_be_visible()


def _leave_by_quick_exit(page: Page) -> None:
    page.locator(".quick-exit").click()
    page.wait_for_url(NEUTRAL_SITE)


def _back(page: Page) -> None:
    page.go_back()
    page.wait_for_load_state()


def _assert_home(page: Page) -> None:
    """The page shown is the home page (waiting for a kept copy of a crisis page to be replaced by it)."""
    expect(page.locator("#emergency-heading")).to_be_visible()
    expect(page.locator(".service-card")).to_have_count(0)
    assert path_of(page) == "/"


def test_after_the_quick_exit_back_does_not_return_to_the_crisis_search(new_context):
    page = _with_neutral_site(new_context()).new_page()
    _crisis_results_from_home(page)
    entries = page.evaluate("history.length")
    _leave_by_quick_exit(page)

    assert page.evaluate("history.length") == entries  # the crisis search was replaced, not left behind
    _back(page)
    assert CRISIS_SEARCH not in page.url
    _assert_home(page)


def test_no_crisis_page_is_behind_the_back_button_after_opening_a_crisis_service(new_context):
    page = _with_neutral_site(new_context()).new_page()
    _crisis_results_from_home(page)
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    assert path_of(page) == "/"  # a crisis page's own entry is the home page already
    _leave_by_quick_exit(page)

    _back(page)  # to where the crisis results were
    assert CRISIS_SEARCH not in page.url
    _assert_home(page)
    _back(page)  # to the home page the visit began on
    _assert_home(page)


def test_escape_leaves_a_crisis_page_at_once(new_context):
    page = _with_neutral_site(new_context()).new_page()
    _crisis_results_from_home(page)
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_SITE)
    _back(page)
    assert CRISIS_SEARCH not in page.url


def test_in_a_search_box_the_first_escape_clears_the_words_and_the_next_one_leaves(new_context):
    page = _with_neutral_site(new_context()).new_page()
    page.goto("/")
    box = page.locator("#home-q")
    box.fill("przemoc")
    box.press("Escape")
    expect(box).to_have_value("")
    assert path_of(page) == "/"
    box.press("Escape")
    page.wait_for_url(NEUTRAL_SITE)


def test_a_form_on_a_crisis_page_is_still_sent_to_its_own_address(new_context):
    """The report form of a crisis service has no action: it must not be sent to the neutral address."""
    page = new_context().new_page()
    page.goto("/search?category=crisis")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    page.locator(".report-link a").click()
    page.wait_for_load_state()
    assert path_of(page) == "/"  # the address shown is neutral…
    page.locator("main form button[type=submit]").click()  # …but the empty report goes to the form's own page
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()


def test_the_quick_exit_is_reached_by_the_second_tab_right_after_the_skip_link(new_context):
    page = new_context().new_page()
    page.goto("/search?category=crisis")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".quick-exit")).to_be_focused()


def test_without_javascript_the_quick_exit_still_goes_to_the_neutral_site(new_context):
    page = _with_neutral_site(new_context(java_script_enabled=False)).new_page()
    page.goto("/search?category=crisis")
    assert CRISIS_SEARCH in page.url  # nothing rewrote the address without the script
    _leave_by_quick_exit(page)
    assert page.url == NEUTRAL_SITE


def _boxes_overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_on_a_phone_it_is_a_small_button_that_covers_no_result(new_context, lang):
    page = new_context(viewport=PHONE, lang=lang).new_page()
    page.goto("/search?category=crisis")
    button = page.locator(".quick-exit")
    box = button.bounding_box()
    assert box is not None and 44 <= box["height"] <= 56 and box["width"] >= 44, f"quick exit is {box}"
    assert box["width"] <= PHONE["width"] / 2, f"a button, not a bar: {box}"
    for covered in (".service-card", "h1", ".brand", ".language-switcher", ".site-menu-toggle"):
        other = page.locator(covered).first.bounding_box()
        assert other is not None and not _boxes_overlap(box, other), f"the quick exit covers {covered}"

    page.evaluate("window.scrollTo(0, 900)")  # far down the results it is still at hand
    assert page.evaluate("window.scrollY") > 500
    expect(button).to_be_in_viewport()
    assert button.bounding_box()["y"] < 20


def test_on_a_phone_the_home_page_keeps_the_emergency_number_on_the_first_screen(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/")
    emergency = page.locator("a[href='tel:112']").first
    expect(emergency).to_be_in_viewport()
    assert not _boxes_overlap(page.locator(".quick-exit").bounding_box(), emergency.bounding_box())


@pytest.mark.parametrize("path", ["/", "/search?category=crisis"])
def test_axe_finds_nothing_on_a_phone_with_the_quick_exit_and_its_help_open(new_context, path):
    page = new_context(viewport=PHONE).new_page()
    page.goto(path)
    page.locator(".quick-exit-help summary").click()
    expect(page.locator(".quick-exit-help p").first).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
