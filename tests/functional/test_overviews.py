"""What waits for coordinators and department staff, on the pages they open first.

The workspace overview shows the organisation's residents' reports waiting for an answer; a
report's page leads to the listing's editor (or, in the console, to the organisation's page);
the console overview counts the city's waiting reports and stale services; an organisation's
page in the console lists its services, events, volunteering offers and reports. Organisation
B is always there too, and never shows up where only A belongs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from app.models import FeedbackStatus, ListingKind, utcnow
from app.services.feedback import inbox
from app.tenancy import TenantScopeError, organisation_scope
from tests.functional.support import page


@dataclass(frozen=True)
class Listings:
    stale_a: int  # public, confirmed 200 days ago
    fresh_a: int  # public, confirmed today
    hidden_a: int  # never published
    stale_b: int  # public, never confirmed
    group_a: int  # a published event of A
    hidden_event_a: int
    event_b: int
    offer_a: int
    offer_b: int
    old_report_a: int  # about stale_a, three days old
    event_report_a: int  # about group_a, one day old
    hidden_report_a: int  # about hidden_a, today
    handled_report_a: int
    report_b: int


@pytest.fixture
def listings(city, make) -> Listings:
    now = utcnow()
    stale_a = make.service(city.org_a, "Noclegownia Przystań", last_verified_at=now - timedelta(days=200))
    fresh_a = make.service(city.org_a, "Punkt porad Przystań", last_verified_at=now)
    hidden_a = make.service(city.org_a, "Punkt w przygotowaniu", is_published=False)
    stale_b = make.service(city.org_b, "Jadłodajnia Schronu")
    group_a = make.event(city.org_a, "Grupa wsparcia Przystań")
    hidden_event_a = make.event(city.org_a, "Warsztat jeszcze ukryty", is_published=False)
    event_b = make.event(city.org_b, "Spotkanie w Schronie")
    offer_a = make.opportunity(city.org_a, "Wolontariat w Przystani")
    offer_b = make.opportunity(city.org_b, "Wolontariat w Schronie")
    return Listings(
        stale_a=stale_a, fresh_a=fresh_a, hidden_a=hidden_a, stale_b=stale_b, group_a=group_a,
        hidden_event_a=hidden_event_a, event_b=event_b, offer_a=offer_a, offer_b=offer_b,
        old_report_a=make.feedback(stale_a, message="Numer telefonu nie działa od tygodnia.",
                                   created_at=now - timedelta(days=3)),
        event_report_a=make.feedback(group_a, kind=ListingKind.EVENT, message="Spotkania są teraz we wtorki.",
                                     created_at=now - timedelta(days=1)),
        hidden_report_a=make.feedback(hidden_a, message="Adres jest nieaktualny.", created_at=now),
        handled_report_a=make.feedback(fresh_a, message="Już poprawione godziny.", status=FeedbackStatus.RESOLVED,
                                       created_at=now - timedelta(days=30)),
        report_b=make.feedback(stale_b, message="Jadłodajnia jest zamknięta w soboty.",
                               created_at=now - timedelta(days=10)),
    )


def section(shown, heading_id: str) -> str:
    """The text of the page's section headed by ``heading_id`` ('' when the page has none)."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', shown.html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def section_html(shown, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', shown.html, re.S)
    return match.group(1) if match else ""


def links_in(shown) -> dict[str, str]:
    """{link text: address} of the links in a report's details (the <dl>)."""
    block = re.search(r'<dl class="details">(.*?)</dl>', shown.html, re.S).group(1)
    return {" ".join(re.sub(r"<[^>]+>", "", text).split()): href
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', block, re.S) if not href.startswith("mailto:")}


# --- the workspace overview -------------------------------------------------------------------


def test_workspace_overview_shows_the_organisations_waiting_reports_oldest_first(browser, city, listings):
    shown = page(browser(city.a_staff).get("/workspace/"))
    assert shown.status == 200
    waiting = section(shown, "waiting-reports-heading")
    assert "Residents' reports waiting for an answer" in waiting
    assert "3 reports are waiting for an answer." in waiting
    order = [waiting.index(title) for title in
             ("Noclegownia Przystań", "Grupa wsparcia Przystań", "Punkt w przygotowaniu")]
    assert order == sorted(order), waiting  # the oldest first
    assert "Numer telefonu nie działa" in waiting
    assert "Już poprawione" not in waiting  # handled
    # organisation B's report is not A's business
    assert "Jadłodajnia" not in shown and "zamknięta w soboty" not in shown
    links = section_html(shown, "waiting-reports-heading")
    for report in (listings.old_report_a, listings.event_report_a, listings.hidden_report_a):
        assert f'href="/workspace/feedback/{report}"' in links
    assert f'/workspace/feedback/{listings.report_b}"' not in shown.html
    assert 'href="/workspace/feedback"' in links


def test_workspace_overview_of_the_other_organisation_shows_its_own(browser, city, listings):
    waiting = section(page(browser(city.b_staff).get("/workspace/")), "waiting-reports-heading")
    assert "1 report is waiting for an answer." in waiting
    assert "Jadłodajnia Schronu" in waiting and "Przystań" not in waiting


def test_workspace_overview_lists_a_few_and_says_when_none_wait(browser, city, make, rows):
    shown = section(page(browser(city.a_staff).get("/workspace/")), "waiting-reports-heading")
    assert "No report is waiting for an answer." in shown
    service = make.service(city.org_a, "Punkt wielu zgłoszeń")
    for n in range(inbox.WAITING_SHOWN + 2):
        make.feedback(service, message=f"Zgłoszenie numer {n} o błędzie.")
    html = section_html(page(browser(city.a_staff).get("/workspace/")), "waiting-reports-heading")
    assert f"{inbox.WAITING_SHOWN + 2} reports are waiting for an answer." in " ".join(
        re.sub(r"<[^>]+>", " ", html).split())
    assert html.count('href="/workspace/feedback/') == inbox.WAITING_SHOWN


def test_waiting_reports_of_the_whole_city_need_the_departments_view(app, city, listings):
    with app.test_request_context(), organisation_scope(city.org_a.id):
        assert inbox.waiting_feedback(organisation_id=city.org_a.id).count == 3
        with pytest.raises(TenantScopeError):
            inbox.waiting_feedback()  # in one organisation's scope it would quietly count less


# --- a report's page ----------------------------------------------------------------------------


def test_report_links_an_editor_to_the_listings_editor_and_the_public_page(browser, city, listings):
    shown = page(browser(city.a_coordinator).get(f"/workspace/feedback/{listings.old_report_a}"))
    assert shown.status == 200
    assert "Service: Noclegownia Przystań" in shown
    assert links_in(shown) == {
        "Correct the listing: Noclegownia Przystań": f"/workspace/listings/services/{listings.stale_a}",
        "See the public page: Noclegownia Przystań": f"/services/{listings.stale_a}"}
    event = page(browser(city.a_admin).get(f"/workspace/feedback/{listings.event_report_a}"))
    assert links_in(event) == {
        "Correct the listing: Grupa wsparcia Przystań": f"/workspace/events/{listings.group_a}/edit",
        "See the public page: Grupa wsparcia Przystań": f"/events/{listings.group_a}"}


def test_report_about_a_hidden_listing_says_so_and_links_no_public_page(browser, city, listings):
    shown = page(browser(city.a_coordinator).get(f"/workspace/feedback/{listings.hidden_report_a}"))
    assert "Residents cannot open it now" in shown
    assert links_in(shown) == {"Correct the listing: Punkt w przygotowaniu":
                               f"/workspace/listings/services/{listings.hidden_a}"}


def test_staff_who_cannot_edit_get_the_public_page_only(browser, city, listings):
    shown = page(browser(city.a_staff).get(f"/workspace/feedback/{listings.old_report_a}"))
    assert links_in(shown) == {"See the public page: Noclegownia Przystań": f"/services/{listings.stale_a}"}


def test_console_report_links_the_organisations_page_and_the_public_page(browser, city, listings):
    shown = page(browser(city.dept_analyst).get(f"/console/feedback/{listings.report_b}"))
    assert shown.status == 200
    assert links_in(shown) == {city.org_b.name: f"/console/organisations/{city.org_b.id}",
                               "See the public page: Jadłodajnia Schronu": f"/services/{listings.stale_b}"}
    hidden = page(browser(city.dept_analyst).get(f"/console/feedback/{listings.hidden_report_a}"))
    assert "Residents cannot open it now" in hidden
    assert links_in(hidden) == {city.org_a.name: f"/console/organisations/{city.org_a.id}"}


# --- the console overview -------------------------------------------------------------------------


def test_console_overview_counts_waiting_reports_and_stale_services(browser, city, listings):
    shown = page(browser(city.dept_analyst).get("/console/"))
    assert shown.status == 200
    assert '<a href="/console/feedback">4 reports from residents waiting for an answer</a>' in shown.html
    assert ('<a href="/console/moderation/services?state=stale">2 public services not confirmed for 180 days</a>'
            in shown.html)
    waiting = section(shown, "waiting-reports-heading")
    assert f"Noclegownia Przystań ({city.org_a.name})" in waiting
    assert f"Jadłodajnia Schronu ({city.org_b.name})" in waiting
    assert waiting.index("Jadłodajnia Schronu") < waiting.index("Noclegownia Przystań")  # 10 days old before 3
    assert f'href="/console/feedback/{listings.report_b}"' in section_html(shown, "waiting-reports-heading")


def test_stale_services_across_the_city_with_their_organisation(browser, city, listings, make):
    make.service(make.organisation("Fundacja Zamknięta", is_active=False), "Usługa nieczynnej fundacji")
    shown = page(browser(city.dept_officer).get("/console/moderation/services", query_string={"state": "stale"}))
    assert shown.status == 200
    assert "2 services" in shown and "have not confirmed them for 180 days" in shown
    rows = re.findall(r"<tr>(.*?)</tr>", shown.html, re.S)[1:]
    listed = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert listed[0].startswith(f"Jadłodajnia Schronu {city.org_b.name}") and "never" in listed[0]  # never first
    assert listed[1].startswith(f"Noclegownia Przystań {city.org_a.name}")
    assert all("Not confirmed for 180 days" in row for row in listed)
    # confirmed recently, not public, or of a deactivated organisation: residents see no warning there
    assert "Punkt porad" not in shown and "Punkt w przygotowaniu" not in shown and "nieczynnej" not in shown


def test_organisation_people_see_neither_the_console_overview_nor_the_stale_list(browser, city, listings):
    assert browser(city.a_admin).get("/console/").status_code == 403
    assert browser(city.a_admin).get("/console/moderation/services?state=stale").status_code == 403


# --- an organisation's page in the console ------------------------------------------------------------


def test_organisation_page_lists_its_services_events_offers_and_reports(browser, city, listings):
    shown = page(browser(city.dept_analyst).get(f"/console/organisations/{city.org_a.id}"))
    assert shown.status == 200
    services = section(shown, "services-heading")
    assert "Noclegownia Przystań Active Public" in services and "Not confirmed for 180 days" in services
    assert "Punkt porad Przystań Active Public" in services
    assert "Punkt w przygotowaniu Active Not public yet never" in services
    html = section_html(shown, "services-heading")
    assert f'<a href="/services/{listings.stale_a}">Noclegownia Przystań</a>' in html
    assert f'href="/services/{listings.hidden_a}"' not in html  # residents cannot open it
    assert html.count("Not confirmed for 180 days") == 2  # the stale one and the never confirmed one
    events = section_html(shown, "events-heading")
    assert f'<a href="/events/{listings.group_a}">Grupa wsparcia Przystań</a>' in events
    assert "Warsztat jeszcze ukryty" in events and f'href="/events/{listings.hidden_event_a}"' not in events
    statuses = section(shown, "events-heading")
    assert "Grupa wsparcia Przystań" in statuses and "Published" in statuses and "Hidden" in statuses
    offers = section_html(shown, "volunteering-heading")
    assert f'<a href="/volunteering/{listings.offer_a}">Wolontariat w Przystani</a>' in offers
    assert "Published" in section(shown, "volunteering-heading")  # each row says where it stands
    reports = section(shown, "reports-heading")
    assert "3 reports are waiting for an answer." in reports
    assert "Numer telefonu nie działa" in reports and "Już poprawione godziny." in reports
    assert reports.index("Adres jest nieaktualny.") < reports.index("Już poprawione godziny.")  # waiting first
    assert (f'href="/console/feedback?organisation={city.org_a.id}&amp;status=all"'
            in section_html(shown, "reports-heading"))
    # nothing of organisation B on A's page
    for other in ("Jadłodajnia Schronu", "Spotkanie w Schronie", "Wolontariat w Schronie", "zamknięta w soboty"):
        assert other not in shown


def test_the_other_organisations_page_shows_only_its_own(browser, city, listings):
    shown = page(browser(city.dept_officer).get(f"/console/organisations/{city.org_b.id}"))
    assert "Jadłodajnia Schronu" in section(shown, "services-heading")
    assert "Spotkanie w Schronie" in section(shown, "events-heading")
    assert "Wolontariat w Schronie" in section(shown, "volunteering-heading")
    assert "1 report is waiting for an answer." in section(shown, "reports-heading")
    for other in ("Przystań", "Przystani", "Punkt w przygotowaniu", "Warsztat jeszcze ukryty", "Numer telefonu"):
        assert other not in shown


def test_a_deactivated_organisations_listings_are_not_linked(browser, city, listings, make):
    closed = make.organisation("Fundacja Zamknięta", is_active=False)
    service = make.service(closed, "Usługa nieczynnej fundacji", last_verified_at=utcnow())
    shown = page(browser(city.dept_analyst).get(f"/console/organisations/{closed.id}"))
    services = section(shown, "services-heading")
    assert "Usługa nieczynnej fundacji" in services and "Residents cannot open it now" in services
    assert f'href="/services/{service}"' not in shown.html
    assert "No events." in shown and "No volunteering offers." in shown and "No reports here." in shown


def test_the_departments_own_page_has_no_listings(browser, city):
    shown = page(browser(city.dept_admin).get(f"/console/organisations/{city.department.id}"))
    assert shown.status == 200
    assert section(shown, "services-heading") == "" and section(shown, "reports-heading") == ""
