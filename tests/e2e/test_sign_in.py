"""Signing in: every demo role lands where its work is; the form works by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    DEMO_PASSWORD,
    MAIN_SUBMIT,
    SIGN_OUT_BUTTON,
    path_of,
    sign_in,
    submit_code,
    submit_password,
)

pytestmark = pytest.mark.e2e

# (e-mail, where the person lands, the heading there). The officer signs in in its own test
# below. A code from the authenticator can be used only once per 30-second step, so
# support.totp_code() waits for the next step when an account signs in twice within one.
ROLES = [
    pytest.param("coordinator@demo.example", "/workspace/", "Stowarzyszenie na Rzecz Rodziny",
                 id="organisation-admin"),
    pytest.param("staff@demo.example", "/workspace/", "Towarzystwo Pomocy im. św. Brata Alberta – Koło Miejskie",
                 id="organisation-staff"),
    pytest.param("admin@demo.example", "/console/", None, id="department-admin-totp"),
    pytest.param("analyst@demo.example", "/console/", None, id="department-analyst-totp"),
]


@pytest.mark.parametrize(("email", "landing", "heading"), ROLES)
def test_each_demo_role_signs_in_and_lands_on_its_home(page: Page, email: str, landing: str, heading: str | None):
    sign_in(page, email)

    assert path_of(page) == landing
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()
    expect(page.locator("header a[href='/sign-in']")).to_have_count(0)
    if heading:  # an organisation member sees the organisation they act for, and no console
        expect(page.locator("main h1")).to_have_text(heading)
        expect(page.locator("header a[href='/console/']")).to_have_count(0)
    else:  # department staff see the console, named as in the main menu
        console_link = page.locator("header nav a[href='/console/']")
        expect(console_link).to_be_visible()
        expect(page.locator("main h1")).to_have_text(console_link.inner_text())


def test_department_officer_signs_in_with_totp(page: Page):
    page.goto("/sign-in")
    submit_password(page, "officer@demo.example")

    # The password alone is not enough for a department account.
    assert path_of(page) == "/sign-in/code"
    expect(page.locator("#code")).to_be_visible()
    expect(page.locator("#code")).to_have_attribute("autocomplete", "one-time-code")

    submit_code(page, "officer@demo.example")

    assert path_of(page) == "/console/"
    expect(page.locator("main h1")).to_be_visible()
    # The heading of the console is the same words as its link in the main menu.
    console_link = page.locator("header nav a[href='/console/']")
    expect(console_link).to_be_visible()
    expect(page.locator("main h1")).to_have_text(console_link.inner_text())


def test_wrong_password_keeps_the_person_out_with_a_message(page: Page):
    page.goto("/sign-in")
    submit_password(page, "coordinator@demo.example", "not-the-right-password-1")

    assert path_of(page) == "/sign-in"
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email")).to_have_value("coordinator@demo.example")  # what was typed is kept
    expect(page.locator("#password")).to_have_value("")


def test_sign_in_form_works_with_the_keyboard_alone(page: Page):
    page.goto("/sign-in")

    for _ in range(25):  # Tab through the header to the first field of the form
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    else:
        pytest.fail("Tab never reached the e-mail field of the sign-in form")
    page.keyboard.type("coordinator@demo.example")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password", "Tab from the e-mail field should reach password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page) == "/workspace/"
    expect(page.locator(SIGN_OUT_BUTTON)).to_be_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})")
    assert focused == {"cls": "skip-link", "href": "#main"}
    skip_link = page.locator("a.skip-link")
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes into the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "Tab after the skip link should stay in main"


def test_sign_out_ends_the_session(page: Page):
    sign_in(page, "staff@demo.example")
    page.locator(SIGN_OUT_BUTTON).click()
    page.wait_for_load_state()

    assert path_of(page) == "/"
    page.goto("/workspace/")
    assert path_of(page).startswith("/sign-in"), "after signing out the workspace must ask to sign in again"
    expect(page.locator(MAIN_SUBMIT)).to_be_visible()


def test_empty_form_shows_errors_next_to_the_fields_and_focuses_the_summary(page: Page):
    page.goto("/sign-in")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # screen-reader users hear what went wrong first
    for name in ("email", "password"):
        field = page.locator(f"#{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", f"{name}-error")
        expect(page.locator(f"#{name}-error")).to_be_visible()

    summary.locator("a[href='#email']").click()
    expect(page.locator("#email")).to_be_focused()


def test_signing_in_from_a_protected_page_returns_to_it(page: Page):
    page.goto("/workspace/members")
    assert path_of(page).startswith("/sign-in?next="), f"expected the sign-in page, got {page.url}"

    submit_password(page, "coordinator@demo.example")

    assert path_of(page) == "/workspace/members"
