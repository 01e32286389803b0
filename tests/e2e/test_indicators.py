"""The city's indicators in Chromium: the charts draw under the real Content-Security-Policy (nothing refused),
fit a phone, print, and axe-core finds nothing on the public page and the console's pages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.support import LANGUAGES, MAIN_SUBMIT, PHONE, html_lang, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()


def _refusals(page: Page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return messages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_city_in_figures_draws_its_charts_under_the_policy(new_context, lang):
    page = new_context(lang=lang).new_page()
    refused = _refusals(page)
    response = page.goto("/results/city")
    assert response is not None and response.status == 200 and html_lang(page) == lang
    assert "style-src 'self'" in response.headers["content-security-policy"]
    charts = page.locator("figure.chart-figure svg[role=img]")
    assert charts.count() >= 2, "the demo publishes the seeds' series"
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    # drawn with presentation attributes: the line is coloured even though no stylesheet says so
    stroke = charts.first.locator("path[fill=none]").first.evaluate("element => getComputedStyle(element).stroke")
    assert stroke != "none" and stroke != "rgb(0, 0, 0)"
    assert page.locator("table caption").count() == charts.count()
    assert refused == []
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_charts_fit_a_phone_and_print(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/results/city")
    chart = page.locator("figure.chart-figure svg").first.bounding_box()
    assert chart is not None and chart["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.emulate_media(media="print")
    assert page.locator("figure.chart-figure svg").first.is_visible()
    assert not page.locator(".downloads").first.is_visible()


def test_no_axe_violations_on_the_console_indicator_pages(new_context):
    page = new_context().new_page()
    refused = _refusals(page)
    sign_in(page, "officer@demo.example")
    page.goto("/console/indicators/")
    link = page.locator("a[href*='/values/new']").first.get_attribute("href")
    edit = page.locator("a[href$='/edit']").first.get_attribute("href")
    assert re.search(r"/console/indicators/\d+/values/new", link)
    reports = []
    for path in ("/console/indicators/", "/console/indicators/new", link, edit):
        page.goto(path)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"--- {path}\n{results.generate_report()}")
    page.goto(link)
    page.locator("#value").fill("minus pięć")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()
    assert page.locator("#value-error").is_visible()
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- the figure form with an error\n{results.generate_report()}")
    assert not reports, "\n".join(reports)
    assert refused == []
