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

    emergency = phone_page.locator("main a[href='tel:112']")
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


TPD, SNRR = "Towarzystwo Przyjaciół Dzieci – Oddział Miejski", "Stowarzyszenie na Rzecz Rodziny"


def test_choosing_in_the_switcher_changes_nothing_until_its_button_is_pressed(new_context):
    """WCAG 3.2.2: moving through the list with the arrow keys must not switch the organisation."""
    page = new_context().new_page()
    sign_in(page, "coordinator@demo.example")
    page.goto("/workspace/listings/")
    select = page.locator("form.organisation-switcher select")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url.endswith("/workspace/listings/")
    select.select_option(label=SNRR)
    page.goto("/workspace/")
    expect(page.locator("main h1")).to_have_text(SNRR)


def test_without_javascript_the_organisation_switcher_still_works(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "coordinator@demo.example")
    expect(page.locator("main h1")).to_have_text("Stowarzyszenie na Rzecz Rodziny")

    switcher = page.locator("form.organisation-switcher")
    switcher.locator("select").select_option(label=TPD)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()

    page.goto("/workspace/")
    expect(page.locator("main h1")).to_have_text("Towarzystwo Przyjaciół Dzieci – Oddział Miejski")


# --- the first screen of a phone (360×640): nothing wider than it, the header folded --------------------------

FIRST_SCREEN = {"width": 360, "height": 640}
COORDINATOR = "coordinator@demo.example"  # acts for two organisations: the header has the switcher
WORKSPACE_PAGES = ["/workspace/", "/workspace/events", "/workspace/volunteering", "/workspace/listings/",
                   "/workspace/members", "/workspace/feedback", "/workspace/profile", "/account/"]
CONSOLE_PAGES = ["/console/", "/console/organisations", "/console/users", "/console/audit", "/console/feedback",
                 "/console/moderation/", "/console/moderation/services", "/console/alerts/", "/console/taxonomy/",
                 "/console/programmes/", "/console/calls/", "/console/search/", "/console/search/test?q=nocleg"]
# The tables' scroll regions may be wider inside; the page itself may not.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def _walk_at_360(page: Page, paths: list[str]) -> dict[str, str]:
    """Each of ``paths`` that is wider than the phone, with what sticks out."""
    too_wide = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        width = page.evaluate(SCROLL_WIDTH)
        if width > FIRST_SCREEN["width"]:
            too_wide[path] = f"{width} px: {page.evaluate(TOO_WIDE)}"
    return too_wide


def test_no_workspace_page_is_wider_than_a_phone(new_context):
    page = new_context(viewport=FIRST_SCREEN).new_page()
    sign_in(page, COORDINATOR)

    assert _walk_at_360(page, WORKSPACE_PAGES) == {}


def test_no_console_page_is_wider_than_a_phone(new_context):
    page = new_context(viewport=FIRST_SCREEN).new_page()
    sign_in(page, "admin@demo.example")
    page.goto("/console/organisations")
    organisation = page.locator("main table a").first.get_attribute("href")

    assert _walk_at_360(page, [*CONSOLE_PAGES, organisation]) == {}


@pytest.mark.parametrize("path", ["/workspace/", "/workspace/events"])
def test_the_heading_is_on_the_first_screen_of_a_phone(new_context, path: str):
    page = new_context(viewport=FIRST_SCREEN).new_page()
    sign_in(page, COORDINATOR)
    page.goto(path)

    assert page.locator("form.organisation-switcher").count() == 1, "the coordinator should act for two organisations"
    box = page.locator("main h1").bounding_box()
    assert box is not None and box["y"] + box["height"] <= FIRST_SCREEN["height"], f"the h1 of {path} is at {box}"
    assert box["y"] <= FIRST_SCREEN["height"] / 2, f"the header takes most of the first screen: the h1 is at {box}"


def test_on_a_phone_the_menu_folds_and_opens_by_keyboard(new_context):
    page = new_context(viewport=FIRST_SCREEN).new_page()
    sign_in(page, COORDINATOR)
    page.goto("/workspace/events")
    account = page.get_by_role("link", name="Moje konto", exact=True)
    expect(account).to_be_hidden()

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"  # still the first stop
    toggle = page.locator("summary.site-menu-toggle")
    toggle.focus()
    page.keyboard.press("Enter")

    expect(account).to_be_visible()
    expect(page.locator("form.organisation-switcher select")).to_be_visible()


def test_without_javascript_the_phone_menu_opens_and_the_switcher_works(new_context):
    page = new_context(viewport=FIRST_SCREEN, java_script_enabled=False).new_page()
    sign_in(page, COORDINATOR)
    switcher = page.locator("form.organisation-switcher")
    expect(switcher).to_be_hidden()

    page.locator("summary.site-menu-toggle").click()
    switcher.locator("select").select_option(label=TPD)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()
    page.goto("/workspace/")
    expect(page.locator("main h1")).to_have_text("Towarzystwo Przyjaciół Dzieci – Oddział Miejski")

    page.locator("summary.site-menu-toggle").click()  # back to the first organisation for the other tests
    switcher.locator("select").select_option(label=SNRR)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()


def test_on_a_wide_screen_the_menu_is_open_as_before(new_context):
    page = new_context().new_page()
    sign_in(page, COORDINATOR)

    expect(page.locator("summary.site-menu-toggle")).to_be_hidden()
    expect(page.get_by_role("link", name="Moje konto", exact=True)).to_be_visible()
    expect(page.locator("form.organisation-switcher select")).to_be_visible()
    nav, main = page.locator("header nav").bounding_box(), page.locator("main h1").bounding_box()
    assert nav is not None and main is not None and nav["y"] + nav["height"] <= main["y"]


def test_the_actions_of_an_event_sit_in_its_row(new_context):
    page = new_context().new_page()
    sign_in(page, COORDINATOR)
    page.goto("/workspace/events")

    rows = page.locator("main table tbody tr")
    assert rows.count() > 0, "the demo organisation should have events"
    for index in range(rows.count()):
        title, actions = rows.nth(index).locator("td").first, rows.nth(index).locator("td").last
        title_box, actions_box = title.bounding_box(), actions.bounding_box()
        assert title_box is not None and actions_box is not None
        assert abs(actions_box["y"] - title_box["y"]) < 1, "the actions cell should start where its row starts"
        expect(rows.nth(index).locator("td").nth(2)).not_to_be_empty()  # the status, in words


# A word split across two lines leaves two boxes.
BROKEN_WORDS = """() => [...document.querySelectorAll('.tiles a')].flatMap(tile => {
    const text = tile.firstChild, broken = [];
    for (const match of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index); range.setEnd(text, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
    return broken;
  })"""


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_home_page_tiles_keep_their_words_whole_on_a_phone(new_context, lang: str):
    page = new_context(viewport=FIRST_SCREEN, lang=lang).new_page()
    page.goto("/")

    assert page.locator(".tiles a").count() > 5
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(SCROLL_WIDTH) <= FIRST_SCREEN["width"]


def test_a_comment_of_one_long_word_does_not_widen_the_console_page(new_context):
    """A resident's comment of 2000 letters without a space wraps on a phone and on a desktop."""
    resident = new_context().new_page()
    resident.goto("/calls/small-grants")
    resident.locator("ul[aria-labelledby=open-heading] h3 a").first.click()
    grant_path = path_of(resident)
    resident.locator("textarea[name=message]").fill("x" * 2000)
    resident.wait_for_timeout(3500)  # people take longer than the spam check's 3 seconds
    resident.locator("form.narrow-form button[type=submit]").click()
    expect(resident.locator(".flash-success")).to_be_visible()

    officer = new_context(viewport=PHONE).new_page()
    sign_in(officer, "officer@demo.example")
    officer.goto(grant_path.replace("/calls/small-grants/", "/console/small-grants/"))
    expect(officer.locator(".comment-list")).to_contain_text("x" * 200)
    for viewport in (PHONE, {"width": 1366, "height": 800}):
        officer.set_viewport_size(viewport)
        width = officer.evaluate(SCROLL_WIDTH)
        assert width <= viewport["width"], f"{officer.url} is {width} px wide on a {viewport['width']} px screen"


@pytest.mark.parametrize("javascript", [True, False])
def test_after_a_save_the_confirmation_has_the_focus(new_context, javascript):
    """A screen reader reads what was just done first, and Tab goes on from there — with or without JavaScript."""
    page = new_context(java_script_enabled=javascript).new_page()
    sign_in(page, "coordinator@demo.example")
    page.goto("/account/")
    page.get_by_role("button", name="Zapisz").first.click()
    page.wait_for_load_state()
    flashes = page.locator(".flashes")
    expect(flashes).to_contain_text("Twoje dane zostały zapisane.")
    expect(flashes).to_be_focused()


def test_a_save_that_returns_to_its_row_keeps_the_row_in_view(new_context):
    """The capacity page comes back at the unit just changed (#unit-…): the address's target wins over the focus of
    the confirmation, so the person's place on a long page is kept."""
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "staff@demo.example")
    page.goto("/workspace/capacity/")
    units = page.locator("li.capacity-unit")
    unit = units.nth(units.count() - 1)
    unit_id = unit.get_attribute("id")
    unit.locator("button[name=change][value=plus], button[name=change][value=minus]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("#" + unit_id)
    expect(page.locator(f"#{unit_id}")).to_be_in_viewport()
