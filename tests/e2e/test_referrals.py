"""A referral in a browser: the crisis-intervention centre's coordinator, on a phone (360 px), finds the night
shelter for men and refers a person to it (no consent first: the message beside the consent, what was typed kept);
the shelter's admin opens the referral and accepts it."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, path_of, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()
SERVICE = "Noclegownia dla mężczyzn"
FORM = "form[action$='/workspace/referrals/new']"


def _no_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_coordinator_refers_a_person_on_a_phone_and_the_shelter_accepts(new_context):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "crisis.coordinator@demo.example")
    page.goto("/workspace/referrals/new?q=Noclegownia")
    _fits(page)
    _no_violations(page)
    page.locator("li", has_text=SERVICE).get_by_role("link").last.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Skieruj osobę")
    expect(page.locator("main")).to_contain_text(SERVICE)

    page.locator("#case_code").fill("OIK-2026/17")
    page.locator("input[name=needs][value=shelter]").check()
    page.locator("input[name=urgency][value=immediate]").check()
    page.locator("#consent_given_by").select_option("person")
    page.locator("#consent_method").select_option("oral")
    page.locator(f"{FORM} button[type=submit]").click()  # the consent box left unticked
    page.wait_for_load_state()
    expect(page.locator("#consent-error")).to_contain_text("Skierowanie wymaga zgody osoby")
    expect(page.locator("#case_code")).to_have_value("OIK-2026/17")
    _fits(page)
    _no_violations(page)

    page.locator("#consent").check()
    page.locator(f"{FORM} button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    detail = path_of(page)
    assert re.fullmatch(r"/workspace/referrals/\d+", detail), detail
    expect(page.locator("#case-code")).to_have_text("OIK-2026/17")
    expect(page.locator("#referral-status")).to_contain_text("czeka na odpowiedź")
    _fits(page)
    _no_violations(page)

    shelter = new_context(viewport=PHONE).new_page()
    sign_in(shelter, "shelter.admin@demo.example")
    shelter.goto("/workspace/referrals/")
    shelter.locator("main table a", has_text="S/").first.click()
    shelter.wait_for_load_state()
    assert path_of(shelter) == detail
    expect(shelter.locator("#case-code")).to_have_text("OIK-2026/17")
    shelter.get_by_role("button", name="Przyjmij").click()
    shelter.wait_for_load_state()
    expect(shelter.locator("#referral-status")).to_contain_text("Przyjęte")
    _fits(shelter)
