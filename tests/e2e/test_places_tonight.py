"""Places tonight in the browser: on a 360 px phone in every language axe-core finds nothing, nothing is wider
than the phone, and without JavaScript the filters still work (they are links); a service page shows its places.

Until the demo city keeps capacity units of its own, the test gives a few of its services some: an exact count, a
coarse one, a stale one and a confidential protected flat.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page

from tests.e2e.support import LANGUAGES, PHONE, html_lang
from tests.e2e.test_accessibility import assert_no_axe_violations

pytestmark = pytest.mark.e2e
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def _seed(database_url: str) -> None:
    """Give the demo city's services a few units, unless the demo city has its own."""
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.models import (
        CapacityKindCode,
        CapacityUnit,
        Location,
        PublicAvailability,
        Service,
        ServiceAtLocation,
        utcnow,
    )
    from app.tenancy import system_scope

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context(), system_scope("tests.e2e"):
        if db.session.scalar(select(func.count(CapacityUnit.id))):
            return
        links = db.session.execute(
            select(ServiceAtLocation.service_id, ServiceAtLocation.location_id, Location.is_confidential,
                   Service.organisation_id)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .join(Service, Service.id == ServiceAtLocation.service_id)
            .where(Service.is_published.is_(True))
            .order_by(Location.is_confidential.desc(), ServiceAtLocation.id)).all()
        settings = [
            (CapacityKindCode.PROTECTED_FLAT, PublicAvailability.COARSE, 2, 1, 1, " women mothers_with_children "),
            (CapacityKindCode.NIGHT_SHELTER, PublicAvailability.EXACT, 30, 12, 1, " men "),
            (CapacityKindCode.SHELTER_BED, PublicAvailability.COARSE, 10, 10, 3, " women "),
            (CapacityKindCode.CRISIS_HOTEL, PublicAvailability.EXACT, 4, 1, 30, " families wheelchair_users "),
        ]
        used = set()
        for (service_id, location_id, _confidential, organisation_id), setting in zip(
                [row for row in links if not (row[0] in used or used.add(row[0]))], settings, strict=False):
            kind, shown, total, occupied, hours, serves = setting
            db.session.add(CapacityUnit(
                organisation_id=organisation_id, name=f"E2E {kind.value}", kind=kind, service_id=service_id,
                location_id=location_id, total=total, occupied=occupied, public_availability=shown, serves=serves,
                counted_at=utcnow() - timedelta(hours=hours)))
        db.session.commit()


@pytest.fixture(scope="module")
def with_units(live_server):
    _seed(live_server.database_url)
    return live_server


@pytest.mark.parametrize("lang", LANGUAGES)
def test_places_tonight_on_a_phone_has_no_axe_violations(new_context, with_units, lang: str):
    page = new_context(viewport=PHONE, lang=lang).new_page()
    page.goto("/places-tonight")
    assert html_lang(page) == lang
    assert page.locator(".places-entry").count() > 0
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    assert_no_axe_violations(page)
    page.goto("/places-tonight?serves=women")
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_with_places_on_a_phone_has_no_axe_violations(new_context, with_units, lang: str):
    page = new_context(viewport=PHONE, lang=lang).new_page()
    page.goto("/places-tonight")
    page.locator(".places-entry h2 a").first.click()
    page.wait_for_load_state()
    assert page.locator("#places-heading").is_visible()
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    assert_no_axe_violations(page)


def test_without_javascript_the_filters_work_and_the_crisis_lines_are_first(new_context, with_units):
    page: Page = new_context(viewport=PHONE, lang="en", java_script_enabled=False).new_page()
    page.goto("/")
    page.locator("a[href='/places-tonight']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/places-tonight")
    assert page.locator("a[href='tel:112']").first.is_visible()
    everyone = page.locator(".places-entry").count()
    # the demo city's confidential places (a shelter for people experiencing violence, protected flats)
    assert page.locator(".service-place", has_text="Address given by phone").count() > 0
    page.locator(".places-filters a", has_text="Women").click()
    page.wait_for_load_state()
    assert page.url.endswith("/places-tonight?serves=women")
    assert page.locator(".places-filters a[aria-current='page']").inner_text() == "Women"
    assert 0 < page.locator(".places-entry").count() <= everyone
