"""The department's capacity board and its kinds in Chromium: the chart draws under the real Content-Security-Policy,
the page fits a phone, the filter form works by keyboard without JavaScript's help, and axe-core finds nothing."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.support import MAIN_SUBMIT, PHONE, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()


def test_the_board_and_the_kinds_pass_axe_and_fit_a_phone(new_context):
    page = new_context(viewport=PHONE).new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    sign_in(page, "officer@demo.example")
    response = page.goto("/console/capacity/?days=30")
    assert response is not None and response.status == 200
    assert page.locator("figure svg[role=img]").count() == 1
    assert page.locator("#capacity-days table tbody tr").count() == 30
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    reports = []
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- board\n{results.generate_report()}")
    page.locator("#free").check()
    page.locator("#free").press("Enter")
    page.wait_for_load_state()
    assert "free=y" in page.url
    for path in ("/console/capacity/kinds/", "/console/capacity/kinds/new"):
        page.goto(path)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"--- {path}\n{results.generate_report()}")
    page.locator("#code").fill("Zły kod")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()
    assert page.locator("#code-error").is_visible() and page.locator("#label_pl-error").is_visible()
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- the kind form with errors\n{results.generate_report()}")
    assert not reports, "\n".join(reports)
    assert refused == []
