"""Crisis paths that protect: the quick exit wherever a page is about crisis or violence, every helpline number a
tap-to-call link, and an urgent alert on the home page at once — through any worker.

The browser side of the quick exit (the history it leaves, its size on a phone) is in tests/e2e/test_quick_exit.py.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app import create_app, page_cache
from app.i18n import link_phones, tel_uri
from app.localtime import local_now
from app.models import utcnow
from app.services.directory import listing
from app.services.directory import search as planner
from tests.conftest import sign_in_as
from tests.functional.support import page

NEUTRAL_SITE = 'href="https://www.google.com/" rel="noreferrer" data-quick-exit'


@pytest.fixture
def crisis_city(make, city):
    """A crisis category with a sub-category (not flagged itself), an ordinary one; a service in each, of A and B."""
    crisis = make.term("crisis", "Kryzys i przemoc", label_en="Crisis and violence", is_crisis=True)
    violence = make.term("crisis.violence", "Przemoc domowa", label_en="Domestic violence", parent=crisis)
    advice = make.term("advice", "Porady", label_en="Advice")
    return SimpleNamespace(
        hotline=make.service(city.org_a, "Telefon dla osób doznających przemocy", categories=[violence],
                             phones=["32 100 20 30"],
                             description_pl="Dyżur całą dobę. W zagrożeniu życia dzwoń na 112."),
        advice=make.service(city.org_b, "Poradnia prawna", categories=[advice], phones=["+48 32 555 21 00"]))


def _html(browser, url: str) -> str:
    return browser().get(url).get_data(as_text=True)


def _has_quick_exit(html: str) -> bool:
    return NEUTRAL_SITE in html


def _rewrites_history(html: str) -> bool:
    return "data-crisis-page" in html


# --- the quick exit ---------------------------------------------------------------------------------------------


def test_a_crisis_service_page_has_the_quick_exit_and_an_ordinary_one_does_not(browser, crisis_city):
    crisis = _html(browser, f"/services/{crisis_city.hotline}")
    assert _has_quick_exit(crisis) and _rewrites_history(crisis)
    assert crisis.index('class="skip-link"') < crisis.index("data-quick-exit") < crisis.index("<header")
    ordinary = _html(browser, f"/services/{crisis_city.advice}")
    assert not _has_quick_exit(ordinary) and not _rewrites_history(ordinary)


@pytest.mark.parametrize("category", ["crisis", "crisis.violence"])
def test_results_of_a_crisis_category_or_its_subcategory_have_the_quick_exit(browser, crisis_city, category):
    shown = page(browser().get(f"/search?category={category}"))
    assert "Telefon dla osób doznających przemocy" in shown
    assert _has_quick_exit(shown.html) and _rewrites_history(shown.html)


@pytest.mark.parametrize("url", ["/search?category=advice", "/search?category=no-such-code", "/search?q=porady",
                                 "/search"])
def test_other_results_have_no_quick_exit(browser, crisis_city, url):
    assert not _has_quick_exit(_html(browser, url))


def test_results_for_crisis_words_have_it_once_the_search_says_they_reached_a_crisis_category(
        browser, crisis_city, monkeypatch):
    """The search sets ``page.crisis`` when a query's words reach a crisis category ("mąż bije")."""
    plain = planner.search_page

    def reaching_crisis(*args, **kwargs):
        found = plain(*args, **kwargs)
        found.crisis = True
        return found

    monkeypatch.setattr(planner, "search_page", reaching_crisis)
    assert _rewrites_history(_html(browser, "/search?q=przemoc"))
    assert listing.crisis_results(SimpleNamespace(crisis=False), SimpleNamespace(category="")) is False


def test_the_home_page_has_the_quick_exit_but_keeps_its_place_in_the_history(browser, crisis_city):
    home = _html(browser, "/")
    assert _has_quick_exit(home) and not _rewrites_history(home)


def test_the_help_says_plainly_what_the_quick_exit_cannot_erase(browser, crisis_city):
    shown = page(browser().get(f"/services/{crisis_city.hotline}"))
    assert "cannot erase" in shown and "private (incognito) window" in shown
    assert "pages you opened before this one" in shown and "other tabs" in shown and "browser's history" in shown
    assert 'aria-describedby="quick-exit-hint"' in shown.html and "Esc key" in shown


# --- tap to call ------------------------------------------------------------------------------------------------


def _tel_links(html: str) -> dict[str, str]:
    """href → the number the link shows, for every tel: link."""
    return dict(re.findall(r'<a [^>]*href="tel:([^"]+)"[^>]*>([^<]+)</a>', html))


def test_the_footer_numbers_are_tap_to_call_on_every_page(browser, city):
    for url in ("/accessibility", "/events", "/search"):
        links = _tel_links(_html(browser, url))
        assert links.get("112") == "112" and links.get("116123") == "116 123" and links.get("116111") == "116 111"


def test_the_error_pages_numbers_are_tap_to_call(browser, city):
    missing = browser().get("/no-such-page")
    assert missing.status_code == 404
    main = missing.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]
    assert {"112", "116123"} <= set(_tel_links(main))


def test_an_empty_result_offers_the_helplines_as_links(browser, crisis_city):
    shown = browser().get("/search?q=qqxxzz").get_data(as_text=True)
    empty = shown.split('class="empty-result"', 1)[1].split("</div>", 1)[0]
    assert {"112", "116123"} <= set(_tel_links(empty))


def test_the_home_helplines_and_a_services_phones_dial_with_the_country_code(browser, crisis_city):
    home = _tel_links(_html(browser, "/"))
    assert home.get("800120002") is None and home.get("+48800120002") == "800 120 002"
    service = _tel_links(_html(browser, f"/services/{crisis_city.hotline}"))
    assert service.get("+48321002030") == "32 100 20 30"  # a Ukrainian SIM card needs the +48


@pytest.mark.parametrize(("written", "dialled"), [
    ("112", "112"), ("116 123", "116123"), ("19 115", "19115"), ("800 120 002", "+48800120002"),
    ("22 668 70 00", "+48226687000"), ("+48 (32) 100-20-30", "+48321002030"), ("(0-32) 100 20 30", "+48321002030"),
    ("0048 32 100 20 30", "+48321002030"), ("32 100 20 30 wew. 12", "+48321002030"),
    ("600 100 200, 601 200 300", "+48600100200"), ("+380 44 123 4567", "+380441234567"), ("", ""),
])
def test_a_number_as_written_becomes_digits_to_dial(written, dialled):
    assert tel_uri(written) == dialled


@pytest.mark.parametrize(("text", "linked"), [
    ("W zagrożeniu życia dzwoń na 112.", ["112"]),
    ("If a life is in danger, call 112.", ["112"]),
    ("Якщо життю загрожує небезпека, телефонуйте 112.", ["112"]),
    ("Zadzwoń: +48 32 100 20 30 lub 600 100 200.", ["+48321002030", "+48600100200"]),
    ("Telefon zaufania 116 123, Niebieska Linia 800 120 002, (32) 100-20-30", ["116123", "+48800120002",
                                                                              "+48321002030"]),
    ("ul. Długa 112, pokój 112, budynek 112a", []),  # house and room numbers are not the emergency number
    ("Budżet 250 000 000 zł, od 2026-12-01, kod 40-001, cena 1.112,50", []),
])
def test_numbers_in_free_text_become_links_and_nothing_else_does(text, linked):
    assert re.findall(r'href="tel:([^"]+)"', str(link_phones(text))) == linked


def test_free_text_stays_escaped_around_its_links():
    shown = str(link_phones("<script>alert(1)</script> dzwoń na 112"))
    assert "<script>" not in shown and "&lt;script&gt;" in shown and 'href="tel:112"' in shown


def test_numbers_in_a_description_an_intake_note_and_an_alert_are_links(browser, make, crisis_city, city):
    place = make.location(city.org_a, "Mieszkanie", is_confidential=True,
                          intake_pl="Najpierw zadzwoń pod 600 100 200, powiemy, gdzie przyjść.")
    flat = make.service(city.org_a, "Mieszkanie chronione", places=[place])
    description = _tel_links(_html(browser, f"/services/{crisis_city.hotline}"))
    assert description.get("112") == "112"
    assert _tel_links(_html(browser, f"/services/{flat}")).get("+48600100200") == "600 100 200"
    make.alert("Mróz: noclegownie otwarte, zgłoszenia pod numerem 600 200 300.")
    alerts = _html(browser, "/").split('class="alerts"', 1)[1].split("</section>", 1)[0]
    assert _tel_links(alerts) == {"+48600200300": "600 200 300"}


def test_no_number_anywhere_on_the_public_pages_is_left_as_plain_text(browser, crisis_city):
    """The helpline numbers never appear outside a link (the text of a sentence aside from its link)."""
    for url in ("/", "/search?q=qqxxzz", "/no-such-page", f"/services/{crisis_city.hotline}", "/places-tonight"):
        html = _html(browser, url)
        body = re.sub(r"<a [^>]*>.*?</a>", "", html.split("<body", 1)[1], flags=re.S)
        for number in ("112", "116 123", "116 111", "800 120 002"):
            assert not re.search(rf"(?<!\d){number}(?![\d])", re.sub(r"<[^>]+>", " ", body)), (url, number)


# --- an urgent alert, at once, through any worker -----------------------------------------------------------------


def _warsaw_form(message: str) -> dict:
    local = local_now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    return {"message_pl": message, "level": "danger", "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")}


@pytest.fixture
def two_workers(app, tmp_path):
    """Two apps over one database, each with its own page cache, as two gunicorn workers (or hosts) are."""
    settings = {name: app.config[name] for name in ("SQLALCHEMY_DATABASE_URI", "SERVER_NAME")}
    other = create_app("testing", {**settings, "MAIL_OUTBOX_DIR": str(tmp_path)})
    for worker in (app, other):
        worker.config.update(PAGE_CACHE_SECONDS=600, PAGE_CACHE_CHECK_SECONDS=0)
    page_cache.clear()
    yield app, other
    app.config.update(PAGE_CACHE_SECONDS=0, PAGE_CACHE_CHECK_SECONDS=1.0)
    page_cache.clear()


@pytest.mark.commits
def test_an_alert_published_through_one_worker_is_on_the_home_page_of_another_at_once(two_workers, city):
    worker_a, worker_b = two_workers
    assert worker_a.test_client().get("/").headers["X-Page-Cache"] == "miss"
    cached = worker_a.test_client().get("/")
    assert cached.headers["X-Page-Cache"] == "hit" and "Ogłoszenie: mróz" not in cached.get_data(as_text=True)

    officer = worker_b.test_client()
    sign_in_as(officer, worker_b, city.dept_officer)
    assert officer.post("/console/alerts/new", data=_warsaw_form("Ogłoszenie: mróz, noclegownie otwarte")
                        ).status_code == 303

    after = worker_a.test_client().get("/")
    assert after.headers["X-Page-Cache"] == "miss"  # the kept page was not served
    assert "Ogłoszenie: mróz, noclegownie otwarte" in after.get_data(as_text=True)
    assert worker_a.test_client().get("/").headers["X-Page-Cache"] == "hit"  # and the new page is kept again

    alert_id = int(re.search(r"/console/alerts/(\d+)/edit", officer.get("/console/alerts/").get_data(as_text=True))
                   .group(1))
    assert officer.post(f"/console/alerts/{alert_id}/withdraw").status_code == 303
    assert "Ogłoszenie: mróz" not in worker_a.test_client().get("/").get_data(as_text=True)


@pytest.mark.commits
def test_each_worker_reads_the_versions_at_most_once_a_second(two_workers, city, monkeypatch):
    """The bound behind "at once": a worker checks the versions once a second, so a crowd costs one small read."""
    worker_a, worker_b = two_workers
    worker_a.config["PAGE_CACHE_CHECK_SECONDS"] = 1.0
    now = [1000.0]
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(monotonic=lambda: now[0]))
    worker_a.test_client().get("/")
    officer = worker_b.test_client()
    sign_in_as(officer, worker_b, city.dept_officer)
    assert officer.post("/console/alerts/new", data=_warsaw_form("Komunikat pilny")).status_code == 303

    now[0] += 0.5
    assert worker_a.test_client().get("/").headers["X-Page-Cache"] == "hit"  # within the second: not read yet
    now[0] += 0.6
    fresh = worker_a.test_client().get("/")
    assert fresh.headers["X-Page-Cache"] == "miss" and "Komunikat pilny" in fresh.get_data(as_text=True)


def test_the_home_page_is_kept_no_longer_than_until_the_next_alert_starts(app, make, city):
    """An alert the department scheduled for 22:00 is on the home page at 22:00, not when the kept page expires."""
    app.config.update(PAGE_CACHE_SECONDS=600)
    page_cache.clear()
    try:
        make.alert("Od zaraz: punkt ogrzewania otwarty", starts_at=utcnow() + timedelta(seconds=90))
        assert app.test_client().get("/").headers["X-Page-Cache"] == "miss"
        (expires, _versions, body), = page_cache.worker_cache(app).pages.values()
        assert b"punkt ogrzewania" not in body and 60 < expires - time.monotonic() <= 90
    finally:
        app.config.update(PAGE_CACHE_SECONDS=0)
        page_cache.clear()
