"""What residents see of free places: the level of each unit on its service page, "places tonight" with 24/7
services with free places first, filters by who the places are for, and never a confidential address, a hidden
unit or a unit of an unpublished service; a changed count shows on the next anonymous visit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app import page_cache
from app.extensions import db
from app.models import CapacityKind, CapacityKindCode, CapacityUnit, Membership, OccupancyChange, User, utcnow
from app.models.capacity import PublicAvailability
from app.permissions import Actor
from app.services.capacity.occupancy import change_occupancy
from app.tenancy import organisation_scope, system_scope
from app.unit_of_work import unit_of_work
from tests.factories import Org
from tests.functional.support import page

SECRET_STREET = "ul. Ukryta 13"


def add_unit(app, service: int, location: int, org, name: str, *, kind=CapacityKindCode.NIGHT_SHELTER, total=10,
             occupied=0, out_of_service=0, shown=PublicAvailability.EXACT, serves=("men",), hours_ago=1.0,
             active=True, custom_kind: int | None = None) -> int:
    """A capacity unit counted ``hours_ago`` hours ago (its id)."""
    with app.app_context(), system_scope("tests"):
        unit = CapacityUnit(organisation_id=getattr(org, "id", org), name=name, kind=kind, service_id=service,
                            location_id=location, total=total, occupied=occupied, out_of_service=out_of_service,
                            public_availability=shown, counted_at=utcnow() - timedelta(hours=hours_ago),
                            is_active=active, custom_kind_id=custom_kind)
        unit.serves_list = serves
        db.session.add(unit)
        db.session.commit()
        return unit.id


@pytest.fixture
def shelters(app, make, city):
    """A's 24/7 night shelter for men (free), A's shelter for women at a confidential address (few places), B's
    crisis hotel (full), B's stale protected flat, a day club and a social welfare home (not "tonight"), a hidden
    unit, a retired unit, and a unit of an unpublished service."""
    org_a: Org = city.org_a
    org_b: Org = city.org_b
    district = make.district("srodmiescie", "Śródmieście")
    open_place = make.location(org_a, "Noclegownia przy Jasnej", street="ul. Jasna 5", district=district)
    secret = make.location(org_a, "Schronisko dla kobiet", street=SECRET_STREET, is_confidential=True,
                           district=district)
    b_place = make.location(org_b, "Hotel interwencyjny", street="ul. Polna 2")
    night = make.service(org_a, "Noclegownia dla mężczyzn", places=[open_place], always_open=True, walk_in=True,
                         phones=[{"number": "32 100 20 30", "is_24h": True}])
    women = make.service(org_a, "Schronisko dla kobiet", places=[secret], by_referral=True,
                         phones=["32 100 20 31"])
    hotel = make.service(org_b, "Hotel interwencyjny", places=[b_place], always_open=True, phones=["32 200 00 00"])
    flat = make.service(org_b, "Mieszkania chronione", places=[b_place], phones=["32 200 00 01"])
    club = make.service(org_b, "Klub dzienny", places=[b_place])
    draft = make.service(org_b, "Schronisko w przygotowaniu", places=[b_place], is_published=False)
    units = {
        "night": add_unit(app, night, open_place, org_a, "Sala A", total=20, occupied=5, serves=("men",)),
        "women": add_unit(app, women, secret, org_a, "Pokoje", kind=CapacityKindCode.SHELTER_BED, total=10,
                          occupied=8, shown=PublicAvailability.COARSE,
                          serves=("women", "mothers_with_children")),
        "hotel": add_unit(app, hotel, b_place, org_b, "Hotel", kind=CapacityKindCode.CRISIS_HOTEL, total=4,
                          occupied=3, out_of_service=1, serves=("families", "wheelchair_users")),
        "flat": add_unit(app, flat, b_place, org_b, "Mieszkanie 1", kind=CapacityKindCode.PROTECTED_FLAT, total=2,
                         shown=PublicAvailability.COARSE, hours_ago=30, serves=("youth",)),
        "club": add_unit(app, club, b_place, org_b, "Klub", kind=CapacityKindCode.DAY_CLUB, total=30),
        "hidden": add_unit(app, flat, b_place, org_b, "Ukryte miejsce", kind=CapacityKindCode.PROTECTED_FLAT,
                           total=3, shown=PublicAvailability.HIDDEN),
        "retired": add_unit(app, flat, b_place, org_b, "Zamknięte miejsce", kind=CapacityKindCode.PROTECTED_FLAT,
                            total=3, active=False),
        "draft": add_unit(app, draft, b_place, org_b, "Miejsce w przygotowaniu", total=9),
    }
    return {"services": {"night": night, "women": women, "hotel": hotel, "flat": flat, "club": club,
                         "draft": draft}, "units": units, "a": org_a, "b": org_b}


def _entries(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'<li class="places-entry">\s*<h2>(.*?)</h2>',
                                                                   html, re.S)]


def test_places_tonight_orders_24_7_with_places_first_then_places_then_full_and_unconfirmed(browser, shelters):
    shown = page(browser().get("/places-tonight"))
    assert shown.status == 200
    # the night shelter (24/7, free), the women's shelter (few places), the hotel (24/7 but full), the stale flat
    assert _entries(shown.html) == ["Noclegownia dla mężczyzn", "Schronisko dla kobiet", "Hotel interwencyjny",
                                    "Mieszkania chronione"]
    assert "2 services with free places tonight" in shown
    assert "15 free places" in shown  # exact: 20 − 5
    assert "Few places" in shown  # coarse, 2 of 10 free (≤ 2)
    assert "Full" in shown and "Not confirmed today — call before you come" in shown
    assert "updated 1 hour ago" in shown and "updated 30 hours ago" in shown
    assert "Walk in" in shown and "By referral" in shown
    assert 'href="tel:112"' in shown.html and 'href="tel:116123"' in shown.html
    assert 'href="tel:+48321002030"' in shown.html and "(24 hours)" in shown
    assert "Klub dzienny" not in shown  # a day club is not a place for the night


def test_a_confidential_hidden_retired_or_unpublished_unit_shows_nothing(app, browser, shelters):
    for url in ("/places-tonight", f"/services/{shelters['services']['women']}",
                f"/services/{shelters['services']['flat']}", "/places-tonight?serves=women"):
        shown = page(browser().get(url))
        assert shown.status == 200, url
        assert SECRET_STREET not in shown.html and "Ukryta" not in shown.html, url
        assert "Ukryte miejsce" not in shown.html and "Zamknięte miejsce" not in shown.html, url
        assert "Schronisko w przygotowaniu" not in shown.html, url
    tonight = page(browser().get("/places-tonight"))
    assert "Address given by phone" in tonight and "ul. Jasna 5" in tonight
    assert browser().get(f"/services/{shelters['services']['draft']}").status_code == 404
    # the flat's only visible unit is the stale one: hidden and retired units add nothing to the page
    flat = page(browser().get(f"/services/{shelters['services']['flat']}"))
    assert flat.html.count('class="places-unit"') == 1


@pytest.mark.parametrize(("total", "occupied", "out", "shown", "hours_ago", "expected"), [
    (10, 3, 0, PublicAvailability.EXACT, 1, "7 free places"),
    (10, 9, 0, PublicAvailability.EXACT, 1, "1 free place"),
    (10, 10, 0, PublicAvailability.EXACT, 1, "Full"),
    (10, 5, 5, PublicAvailability.EXACT, 1, "Full"),  # the rest out of service
    (10, 3, 0, PublicAvailability.EXACT, 25, "Not confirmed today — call before you come"),
    (20, 5, 0, PublicAvailability.COARSE, 1, "Places now"),
    (20, 17, 0, PublicAvailability.COARSE, 1, "Few places"),  # 3 free: ≤ 20 % of 20
    (5, 3, 0, PublicAvailability.COARSE, 1, "Few places"),  # 2 free
    (50, 39, 0, PublicAvailability.COARSE, 1, "Places now"),  # 11 free: over 20 % of 50
    (50, 40, 0, PublicAvailability.COARSE, 1, "Few places"),  # 10 free: 20 % of 50
    (4, 4, 0, PublicAvailability.COARSE, 1, "Full, call"),
    (20, 5, 0, PublicAvailability.COARSE, 25, "Not confirmed today — call before you come"),
])
def test_each_setting_and_count_gives_its_level_on_the_service_page(app, make, browser, city, total, occupied,
                                                                   out, shown, hours_ago, expected):
    place = make.location(city.org_a, "Punkt", street="ul. Jasna 1")
    service = make.service(city.org_a, "Schronisko", places=[place], phones=["32 111 22 33"])
    add_unit(app, service, place, city.org_a, "Sala", total=total, occupied=occupied, out_of_service=out,
             shown=shown, hours_ago=hours_ago, serves=("women",))
    found = page(browser().get(f"/services/{service}"))
    level = re.search(r'<span class="places-level[^"]*">(.*?)</span>\s*<span class="places-updated">',
                      found.html, re.S)
    assert level is not None
    words = re.sub(r"<[^>]+>", "", level.group(1)).split(maxsplit=1)[1]  # after the symbol
    assert words == expected
    assert "Women" in found and "Call before you come: 32 111 22 33" in found
    if shown == PublicAvailability.COARSE or hours_ago > 24:
        assert not re.search(r"\d+ free place", found.text)  # no number where the organisation shows none


def test_the_service_page_names_the_unit_kind_and_a_department_kind(app, make, browser, city):
    place = make.location(city.org_a, "Punkt", street="ul. Jasna 1")
    service = make.service(city.org_a, "Hostel", places=[place])
    with app.app_context(), system_scope("tests"):
        kind = CapacityKind(code="hostel", label_pl="Hostel dla kobiet", label_en="Hostel for women")
        db.session.add(kind)
        db.session.commit()
        kind_id = kind.id
    add_unit(app, service, place, city.org_a, "Hostel", kind=CapacityKindCode.OTHER, custom_kind=kind_id)
    assert "Hostel for women" in page(browser().get(f"/services/{service}"))
    assert "Hostel dla kobiet" in page(browser(lang="pl").get(f"/services/{service}"))
    tonight = page(browser().get("/places-tonight"))
    assert _entries(tonight.html) == ["Hostel"]  # the department's kinds are places for the night


@pytest.mark.parametrize(("serves", "expected"), [
    ("women", ["Schronisko dla kobiet"]),
    ("men", ["Noclegownia dla mężczyzn"]),
    ("mothers_with_children", ["Schronisko dla kobiet"]),
    ("families", ["Hotel interwencyjny"]),
    ("youth", ["Mieszkania chronione"]),
    ("wheelchair_users", ["Hotel interwencyjny"]),
])
def test_each_filter_keeps_the_places_for_those_people(browser, shelters, serves, expected):
    shown = page(browser().get("/places-tonight", query_string={"serves": serves}))
    assert shown.status == 200
    assert _entries(shown.html) == expected
    assert f'serves={serves}" aria-current="page"' in shown.html


@pytest.mark.parametrize("junk", ["", "kids", "women'--", "<script>", "x" * 5000, "%00", "women men"])
def test_junk_filters_are_ignored_never_an_error(browser, shelters, junk):
    shown = page(browser().get("/places-tonight", query_string={"serves": junk, "page": junk}))
    assert shown.status == 200
    assert len(_entries(shown.html)) == 4


def test_no_places_says_what_to_do(browser, city):
    shown = page(browser().get("/places-tonight"))
    assert shown.status == 200 and "0 services with free places tonight" in shown
    assert "Call 112 in an emergency" in shown


def test_the_page_speaks_each_language(browser, shelters):
    assert "Noclegi na dziś" in page(browser(lang="pl").get("/places-tonight"))
    assert "Ночівля сьогодні" in page(browser(lang="uk").get("/places-tonight"))


def test_it_is_linked_from_the_home_page_and_the_search(browser, shelters):
    assert 'href="/places-tonight"' in browser().get("/").get_data(as_text=True)
    assert 'href="/places-tonight"' in browser().get("/search").get_data(as_text=True)
    service = browser().get(f"/services/{shelters['services']['night']}").get_data(as_text=True)
    assert 'href="/places-tonight"' in service


@pytest.fixture
def cache_on(app):
    app.config["PAGE_CACHE_SECONDS"] = 60
    page_cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    page_cache.clear()


def test_a_changed_count_shows_on_the_next_anonymous_visit(app, browser, make, city, shelters, cache_on):
    night = shelters["services"]["night"]
    assert "15 free places" in page(browser().get("/places-tonight"))
    assert "15 free places" in page(browser().get(f"/services/{night}"))
    staff = make.user("a.night@example.org", member_of=city.org_a, role="staff")
    with app.app_context(), organisation_scope(city.org_a.id), unit_of_work():
        with system_scope("tests"):
            user = db.session.get(User, staff.id)
            membership = db.session.scalars(select(Membership).where(Membership.user_id == staff.id)).one()
        change_occupancy(Actor(user, membership), shelters["units"]["night"], OccupancyChange.SET, 19)
    tonight = browser().get("/places-tonight")
    assert tonight.headers.get("X-Page-Cache") is None  # never kept: the count is always as it stands
    assert "1 free place" in page(tonight) and "15 free places" not in page(tonight)
    assert "1 free place" in page(browser().get(f"/services/{night}"))


def test_a_temporarily_closed_service_comes_last_and_shows_no_level(app, browser, shelters):
    from app.models import Service, ServiceStatus

    with app.app_context(), system_scope("tests"):
        db.session.get(Service, shelters["services"]["night"]).status = ServiceStatus.TEMPORARILY_CLOSED
        db.session.commit()
    shown = page(browser().get("/places-tonight"))
    assert _entries(shown.html)[-1] == "Noclegownia dla mężczyzn"
    assert "1 service with free places tonight" in shown and "15 free places" not in shown
    assert "Temporarily closed" in shown


@pytest.fixture
def statements(app):
    """Counts SQL statements sent while the test runs."""
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_the_page_reads_a_fixed_number_of_queries_however_many_services(app, make, browser, city, statements):
    def visit() -> int:
        client = browser()
        client.get("/places-tonight")  # the first request of a client may read more (the language, the session)
        before = len(statements)
        assert client.get("/places-tonight").status_code == 200
        return len(statements) - before

    def add(n: int) -> None:
        for i in range(n):
            place = make.location(city.org_a, f"Punkt {n}-{i}", street="ul. Jasna 1")
            service = make.service(city.org_a, f"Schronisko {n}-{i}", places=[place], phones=["32 100 00 00"])
            add_unit(app, service, place, city.org_a, f"Sala {n}-{i}")

    add(2)
    few = visit()
    assert few <= 12
    add(6)
    assert visit() == few


def test_a_place_only_a_referral_opens_comes_after_those_a_person_can_walk_into(app, browser, shelters):
    """Help tonight means it: a referral-only shelter open 24/7 comes after a walk-in one with free places."""
    from app.models import Service

    with app.app_context(), system_scope("test"), unit_of_work():
        services = shelters["services"]
        db.session.get(Service, services["women"]).always_open = True  # by referral only, 24/7, few places
        db.session.get(Service, services["night"]).always_open = False  # walk in, free places
    assert _entries(page(browser().get("/places-tonight")).html)[:2] == ["Noclegownia dla mężczyzn",
                                                                       "Schronisko dla kobiet"]
