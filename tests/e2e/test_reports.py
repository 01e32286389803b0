"""An outcome report's round trip in a browser: the crisis-intervention centre's coordinator, on a phone in Ukrainian
and by keyboard, corrects the report the department returned (a wrong figure first: the message beside the field,
the typed values kept), submits it; the department's officer, on a desktop in Polish, compares the two versions
and accepts it."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.support import DESKTOP, PHONE, path_of, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()
TITLE = "Miejsca hotelowe w Ośrodku Interwencji Kryzysowej"


def _no_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_organisation_corrects_a_returned_report_and_the_department_accepts_it(new_context):
    page = new_context(viewport=PHONE, lang="uk").new_page()
    sign_in(page, "crisis.coordinator@demo.example")
    page.goto("/workspace/reports/")
    assert page.locator("html").get_attribute("lang") == "uk"
    link = page.locator("main table tr", has_text=TITLE).locator("a").first
    link.click()
    page.wait_for_load_state()
    report = path_of(page)
    assert re.fullmatch(r"/workspace/agreements/\d+/reports/\d+", report), report
    expect(page.locator("#returned-notice")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Przy wskaźniku obłożenia")  # the department's comment
    _no_violations(page)

    # A wrong figure: the message beside the field, everything typed kept, nothing submitted.
    total = page.locator("#people-total")
    total.focus()
    total.fill("-18")
    page.locator("#narrative").fill("Poprawione sprawozdanie: 18 osób, w tym dzieci liczone osobno.")
    page.locator("button[name=action][value=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#people-total-error")).to_be_visible()
    expect(page.locator("#people-total")).to_have_value("-18")
    expect(page.locator("#narrative")).to_have_value("Poprawione sprawozdanie: 18 osób, w tym dzieci liczone osobno.")
    expect(page.locator("#error-summary")).to_be_visible()
    _no_violations(page)

    # Corrected by keyboard and submitted.
    page.locator("#people-total").fill("18")
    page.locator("button[name=action][value=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert path_of(page) == report
    expect(page.locator("#report-form")).to_have_count(0)  # waiting for review, no longer editable
    expect(page.locator("main table").first).to_contain_text("2")

    # The officer compares the versions and accepts the report.
    officer = new_context(viewport=DESKTOP, lang="pl").new_page()
    sign_in(officer, "officer@demo.example")
    console = report.replace("/workspace/", "/console/")
    officer.goto(console + "/compare")
    expect(officer.locator("h1")).to_contain_text("Wersje 1 i 2")
    expect(officer.locator("tr.changed").first).to_be_visible()
    _no_violations(officer)
    officer.goto(console)
    officer.locator("textarea[name=general]").fill("Dziękujemy, sprawozdanie przyjęte.")
    officer.get_by_role("button", name="Przyjmij sprawozdanie").click()
    officer.wait_for_load_state()
    expect(officer.locator("#report-status")).to_contain_text("Przyjęte")

    page.goto(report)
    expect(page.locator("#report-status")).to_contain_text("Прийнято")
    expect(page.locator("main")).to_contain_text("Dziękujemy, sprawozdanie przyjęte.")
