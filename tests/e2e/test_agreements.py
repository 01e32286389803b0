"""An agreement's two sides in a browser: the organisation's admin accepts it on a phone by keyboard, the
department's officer records the signing with the scan, and the organisation then reads it in force."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from app.localtime import local_today
from tests.e2e.support import DESKTOP, PHONE, path_of, sign_in
from tests.factories.funding import MINIMAL_PDF

pytestmark = pytest.mark.e2e

AXE = Axe()


def _no_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_organisation_accepts_and_the_department_records_the_signing(new_context):
    # The crisis-intervention centre's admin, on a phone and in Ukrainian, finds the agreement waiting for them.
    page = new_context(viewport=PHONE, lang="uk").new_page()
    sign_in(page, "crisis.admin@demo.example")
    page.goto("/workspace/agreements/")
    assert page.locator("html").get_attribute("lang") == "uk"
    waiting = page.locator("main table a[href*='/workspace/agreements/']").first
    waiting.click()
    page.wait_for_load_state()
    detail = path_of(page)
    assert re.fullmatch(r"/workspace/agreements/\d+", detail), detail
    agreement_id = detail.rsplit("/", 1)[1]
    expect(page.locator("#waiting-notice")).to_be_visible()
    _no_violations(page)

    # Accepting without ticking the confirmation changes nothing and says why, beside the box.
    accept = page.locator("form[action$='/accept']")
    accept.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("form[action$='/accept'] .error, .error-summary").first).to_be_visible()

    # By keyboard: the box, then the button.
    page.locator("form[action$='/accept'] input[type=checkbox]").focus()
    page.keyboard.press("Space")
    page.locator("form[action$='/accept'] button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#next-step")).to_be_visible()
    expect(page.locator("#waiting-notice")).to_have_count(0)

    # The department's officer, on a desktop, records the signing with the scan.
    officer = new_context(viewport=DESKTOP, lang="en").new_page()
    sign_in(officer, "officer@demo.example")
    officer.goto(f"/console/agreements/{agreement_id}")
    signing = officer.locator("form[action$='/sign']")
    expect(signing).to_be_visible()
    expect(officer.locator("main")).to_contain_text("Accepted, to be signed")
    signing.locator("input[type=date]").fill(local_today().isoformat())
    signing.locator("select").select_option("paper")
    signing.locator("input[type=file]").set_input_files(
        {"name": "umowa-podpisana.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF})
    signing.locator("button[type=submit]").click()
    officer.wait_for_load_state()
    expect(officer.locator("main")).to_contain_text("In force")
    expect(officer.locator("main")).to_contain_text("umowa-podpisana.pdf")

    # The organisation reads it in force, with the document to print.
    page.goto(detail)
    expect(page.locator("#next-step")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("umowa-podpisana.pdf")
    page.locator(f"main a[href='/workspace/agreements/{agreement_id}/document']").first.click()
    page.wait_for_load_state()
    expect(page.locator("main [lang=pl]").first).to_contain_text("UMOWA")
    _no_violations(page)
