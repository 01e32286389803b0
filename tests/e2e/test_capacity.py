"""Updating a unit's count from a phone: the shelter's staff member, on a 360 px screen, opens the capacity page,
taps "+1 taken" under the night shelter's main room and is back at the same unit with the new count — two taps,
no JavaScript needed; the page fits the screen and has no accessibility violations."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.support import PHONE, path_of, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()
UNIT = "Noclegownia – sala główna"


@pytest.mark.parametrize("javascript", [True, False])
def test_staff_taps_plus_one_on_a_phone_and_sees_the_new_count(new_context, javascript):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    sign_in(page, "staff@demo.example")
    page.goto("/workspace/capacity/")
    unit = page.locator("li.capacity-unit", has_text=UNIT)
    occupied = unit.locator(".capacity-counts dd").first
    before = int(occupied.inner_text())
    total = int(re.search(r"(\d+)\s*$", unit.locator(".capacity-free").inner_text()).group(1))
    assert total == 30 and before < total
    if javascript:  # the checks run scripts in the page; the tap itself needs none
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
        results = AXE.run(page)
        assert results.violations_count == 0, results.generate_report()

    unit.locator("button[name=change][value=plus]").click()
    page.wait_for_load_state()
    assert path_of(page) == "/workspace/capacity/"
    assert page.url.endswith("#unit-" + unit.get_attribute("id").removeprefix("unit-"))
    expect(page.locator(".flash")).to_contain_text(f"{UNIT}: zajęte {before + 1} z 30 miejsc")
    expect(page.locator("li.capacity-unit", has_text=UNIT).locator(".capacity-counts dd").first).to_have_text(
        str(before + 1))
