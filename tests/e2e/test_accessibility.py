"""axe-core finds no violations on the public pages, in every language."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.support import LANGUAGES, MAIN_SUBMIT, PHONE, html_lang, path_of, sign_in

pytestmark = pytest.mark.e2e

AXE = Axe()


def _home(page: Page) -> None:
    page.goto("/")


def _sign_in(page: Page) -> None:
    page.goto("/sign-in")


def _not_found(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404


def _sign_in_with_error(page: Page) -> None:
    page.goto("/sign-in")
    page.locator(MAIN_SUBMIT).click()  # nothing typed
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible(), "submitting the empty form should show the errors"


def _results(page: Page) -> None:
    page.goto("/search?q=pomoc")
    assert page.locator(".service-card").count() > 0, "the demo city should have services matching 'pomoc'"


def _no_results(page: Page) -> None:
    page.goto("/search?q=zzzzbrak&category=shelter&free=y")
    assert page.locator(".empty-result").is_visible()


def _service_page(page: Page) -> None:
    page.goto("/search?category=shelter")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").is_visible()


def _crisis_service_page(page: Page) -> None:
    page.goto("/search?category=crisis")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator(".quick-exit").is_visible()


def _report_form(page: Page) -> None:
    _service_page(page)
    page.locator(".report-link a").click()
    page.wait_for_load_state()
    assert page.locator("#message").is_visible()


def _report_form_with_error(page: Page) -> None:
    _report_form(page)
    page.locator(MAIN_SUBMIT).click()  # nothing typed
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible(), "sending the empty report should show the errors"


def _events(page: Page) -> None:
    page.goto("/events")
    assert page.locator(".event-card").count() > 0, "the demo city should have events in the coming weeks"


def _event_page(page: Page) -> None:
    page.goto("/events")
    page.locator(".event-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").is_visible()


def _events_filtered_with_error(page: Page) -> None:
    page.goto("/events?kind=support_group&weeks=99")
    assert page.locator(".error-message").is_visible()


def _volunteering(page: Page) -> None:
    page.goto("/volunteering")
    assert page.locator(".service-card").count() > 0, "the demo city should have volunteering offers"


def _offer_page(page: Page) -> None:
    page.goto("/volunteering")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").is_visible()


def _calls(page: Page) -> None:
    page.goto("/calls")
    assert page.locator(".service-card").count() > 0, "the demo city should have published calls"


def _call_page(page: Page) -> None:
    page.goto("/calls?stage=open")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator("#criteria-heading").is_visible() and page.locator("#history-heading").is_visible()


def _recipients(page: Page) -> None:
    page.goto("/who-received-what")
    assert page.locator("table").count() > 0, "the demo city should have signed agreements"


def _recipients_with_error(page: Page) -> None:
    page.goto("/who-received-what?year=junk")
    assert page.locator(".error-message").count() == 1


PAGES: dict[str, Callable[[Page], None]] = {
    "home": _home,
    "sign-in": _sign_in,
    "not-found": _not_found,
    "sign-in-error": _sign_in_with_error,
    "results": _results,
    "no-results": _no_results,
    "service": _service_page,
    "crisis-service": _crisis_service_page,
    "events": _events,
    "event": _event_page,
    "events-error": _events_filtered_with_error,
    "volunteering": _volunteering,
    "offer": _offer_page,
    "report-form": _report_form,
    "report-form-error": _report_form_with_error,
    "calls": _calls,
    "call": _call_page,
    "who-received-what": _recipients,
    "who-received-what-error": _recipients_with_error,
}


def assert_no_axe_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"axe-core on {page.url}:\n{results.generate_report()}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(new_context, name: str, lang: str):
    page = new_context(lang=lang).new_page()
    PAGES[name](page)
    assert html_lang(page) == lang

    assert_no_axe_violations(page)


def _violations_on(page: Page, paths: list[str]) -> list[str]:
    reports = []
    for path in paths:
        page.goto(path)
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"--- {path}\n{results.generate_report()}")
    return reports


def test_no_axe_violations_in_the_organisation_workspace(new_context):
    page = new_context().new_page()
    sign_in(page, "coordinator@demo.example")
    reports = _violations_on(page, ["/workspace/", "/workspace/members", "/workspace/profile",
                                    "/workspace/call-alerts", "/account/", "/workspace/feedback"])

    # The invitation form with a mistake in it.
    page.goto("/workspace/members")
    page.locator("form[action='/workspace/members'] #email").fill("not-an-address")
    page.locator("form[action='/workspace/members'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- invitation form with an error\n{results.generate_report()}")

    assert not reports, "\n".join(reports)


def test_no_axe_violations_in_the_workspace_events_and_volunteering(new_context):
    page = new_context().new_page()
    sign_in(page, "crisis.admin@demo.example")
    paths = ["/workspace/events", "/workspace/events/new", "/workspace/volunteering", "/workspace/volunteering/new"]
    paths.append(_first_link(page, "/workspace/events", r"/workspace/events/\d+/edit"))
    reports = _violations_on(page, paths)

    # The event form with mistakes in it.
    page.goto("/workspace/events/new")
    page.locator(MAIN_SUBMIT).click()  # nothing typed
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- event form with errors\n{results.generate_report()}")

    assert not reports, "\n".join(reports)


def _first_link(page: Page, path: str, pattern: str) -> str:
    """On ``path``, the first link in main whose address matches ``pattern``."""
    page.goto(path)
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    matching = [href for href in hrefs if re.fullmatch(pattern, href)]
    assert matching, f"no link like {pattern} on {path}"
    return matching[0]


def test_no_axe_violations_in_the_department_console(new_context):
    page = new_context().new_page()
    sign_in(page, "admin@demo.example")
    assert path_of(page) == "/console/"
    paths = [
        "/console/", "/console/organisations", "/console/organisations/new", "/console/users", "/console/audit",
        "/console/feedback", "/console/alerts/", "/console/alerts/new", "/console/taxonomy/", "/console/taxonomy/new",
        _first_link(page, "/console/taxonomy/", r"/console/taxonomy/\d+/edit"),
        _first_link(page, "/console/organisations", r"/console/organisations/\d+"),
        _first_link(page, "/console/users", r"/console/users/\d+"),
        "/console/programmes/", "/console/programmes/new",
        _first_link(page, "/console/programmes/", r"/console/programmes/\d+"),
        _first_link(page, "/console/programmes/", r"/console/programmes/\d+") + "/lines/new",
        "/console/calls/", _first_link(page, "/console/calls/", r"/console/calls/\d+"),
        _first_link(page, "/console/calls/", r"/console/calls/\d+") + "/edit",
        "/console/search/", "/console/search/test?q=gdzie+spa%C4%87+dla+kobiet&lang=pl",
    ]

    reports = _violations_on(page, paths)

    assert not reports, "\n".join(reports)


def test_no_axe_violations_on_a_phone_with_the_menu_folded_and_open(new_context):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, "coordinator@demo.example")  # two organisations: the switcher is in the menu
    reports = []
    for path in ("/workspace/events", "/workspace/members"):
        page.goto(path)
        reports += _violations_on(page, [path])
        page.locator("summary.site-menu-toggle").click()
        results = AXE.run(page)
        if results.violations_count:
            reports.append(f"--- {path} with the menu open\n{results.generate_report()}")

    assert not reports, "\n".join(reports)


def test_no_axe_violations_with_an_alert_on_the_home_page(new_context):
    page = new_context().new_page()
    sign_in(page, "officer@demo.example")
    page.goto("/console/alerts/new")
    page.locator("#message_pl").fill("Mróz: noclegownie i ogrzewalnie są otwarte całą dobę.")
    page.locator("#level").select_option("danger")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()
    assert path_of(page) == "/console/alerts/"
    try:
        page.goto("/")
        assert page.locator(".alerts .alert-danger").is_visible()
        assert_no_axe_violations(page)
    finally:
        page.goto("/console/alerts/")
        page.locator("main form[action$='/withdraw'] button").first.click()
        page.wait_for_load_state()


def test_no_axe_violations_in_the_listing_editor_and_moderation(new_context):
    page = new_context().new_page()
    sign_in(page, "dayclub.admin@demo.example")  # an organisation the department has not verified yet
    service = _first_link(page, "/workspace/listings/", r"/workspace/listings/services/\d+")
    paths = ["/workspace/listings/", "/workspace/listings/services/new", service, f"{service}/hours",
             f"{service}/closures", "/workspace/listings/locations/new",
             _first_link(page, "/workspace/listings/", r"/workspace/listings/locations/\d+")]
    reports = _violations_on(page, paths)

    # The service form with mistakes in it, then a change sent to the department.
    page.goto(service)
    page.locator("#name_pl").fill("")
    page.locator("#maximum_age").fill("200")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    results = AXE.run(page)
    if results.violations_count:
        reports.append(f"--- service form with errors\n{results.generate_report()}")
    page.goto(f"{service}/hours")
    page.locator("#d5_1_opens").fill("10:00")
    page.locator("#d5_1_closes").fill("12:00")
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()
    results = AXE.run(page)  # now "waiting for the department"
    if results.violations_count:
        reports.append(f"--- hours waiting for the department\n{results.generate_report()}")

    console = new_context().new_page()
    sign_in(console, "officer@demo.example")
    paths = ["/console/moderation/", "/console/moderation/services",
             _first_link(console, "/console/moderation/", r"/console/moderation/changes/\d+"),
             _first_link(console, "/console/moderation/services", r"/console/moderation/services/\d+")]
    reports.extend(_violations_on(console, paths))

    assert not reports, "\n".join(reports)
