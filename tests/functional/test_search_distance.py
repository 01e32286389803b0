"""Sorting by distance from a district or the browser's position; confidential places stay district-level."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.extensions import db
from app.models import District, Location, Organisation, Service, ServiceAtLocation
from app.services.directory.index import refresh_search_text
from app.tenancy import system_scope

SECRET = (Decimal("50.300100"), Decimal("18.950100"))  # a shelter's real coordinates: never used, never shown


@pytest.fixture
def places(app, city):
    """Four services around Centrum: two open addresses, a confidential shelter in Batory, a helpline with no place."""
    with app.app_context(), system_scope("tests"):
        centrum = District(code="centrum", name="Centrum", latitude=Decimal("50.30"), longitude=Decimal("18.95"),
                           position=0)
        batory = District(code="batory", name="Batory", latitude=Decimal("50.25"), longitude=Decimal("18.95"),
                          position=1)
        db.session.add_all([centrum, batory])
        organisation = db.session.get(Organisation, city.org_a.id)

        def add(name, *, at=None, district=centrum, confidential=False):
            service = Service(organisation_id=organisation.id, organisation=organisation, name_pl=name,
                              description_pl="Wsparcie i pomoc.")
            if at is not None:
                location = Location(organisation_id=organisation.id, name=name, street="ul. Ukryta 1",
                                    district=district, latitude=at[0], longitude=at[1], is_confidential=confidential)
                service.service_at_locations.append(
                    ServiceAtLocation(organisation_id=organisation.id, location=location))
            db.session.add(service)
            refresh_search_text(service)

        add("Alfa", at=(Decimal("50.31"), Decimal("18.95")))  # 1.1 km north of Centrum's centre
        add("Beta", at=(Decimal("50.302"), Decimal("18.95")))  # 0.2 km
        add("Gamma schronisko", at=SECRET, district=batory, confidential=True)  # counts as Batory: 5.6 km
        add("Delta telefon")  # no place
        db.session.commit()


def _page(client, language="en", **query) -> str:
    response = client.get("/search", query_string=query, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(page: str, names=("Alfa", "Beta", "Gamma", "Delta")) -> list[str]:
    return sorted(names, key=page.index)


def test_sort_by_distance_from_a_district(client, places):
    page = _page(client, sort="distance", near="centrum")
    assert _order(page) == ["Beta", "Alfa", "Gamma", "Delta"]  # no place: last
    assert "Distances from the centre of Centrum." in page and "Nearest first." in page
    assert "≈ 0.2 km away" in page and "≈ 1.1 km away" in page
    assert _order(_page(client, sort="name", near="centrum")) == ["Alfa", "Beta", "Delta", "Gamma"]


def test_distance_is_formatted_for_the_language(client, places):
    assert "1,1 km" in _page(client, language="pl", sort="distance", near="centrum")


def test_sort_by_distance_from_the_browsers_position(client, places):
    page = _page(client, sort="distance", lat="50.249", lon="18.95")  # in Batory
    assert _order(page) == ["Gamma", "Beta", "Alfa", "Delta"]
    assert "Distances from your position." in page and "Forget my position" in page
    assert "≈ 5.9 km away" in page  # Beta, from 50.249


def test_confidential_place_is_sorted_and_described_by_its_district_only(client, places):
    page = _page(client, sort="distance", lat="50.3002", lon="18.9502")  # standing at the shelter's door
    assert _order(page) == ["Beta", "Alfa", "Gamma", "Delta"]  # the shelter is not first: it counts as Batory
    card = page.split("Gamma schronisko")[1].split('class="service-card"')[0]
    assert "In the Batory district" in card and "km away" not in card
    assert "ul. Ukryta" not in card
    assert "50.3001" not in page and "18.9501" not in page


@pytest.mark.parametrize("position", [
    {"lat": "abc", "lon": "18.95"}, {"lat": "91", "lon": "18.95"}, {"lat": "50.3", "lon": "-181"},
    {"lat": "nan", "lon": "18.95"}, {"lat": "inf", "lon": "18.95"}, {"lat": "50.3"}, {"lon": "18.95"},
    {"lat": "1e400", "lon": "1"}, {"lat": "50,3", "lon": "18,9"}, {"lat": "-", "lon": "x"},
])
def test_bad_position_is_ignored_with_a_message(client, places, position):
    page = _page(client, sort="distance", **position)
    assert "Your position could not be read. Choose a district instead." in page
    assert "km away" not in page
    assert _order(page) == ["Alfa", "Beta", "Delta", "Gamma"]  # relevance without words: by name


def test_bad_position_falls_back_to_the_chosen_district(client, places):
    page = _page(client, sort="distance", near="centrum", lat="999", lon="18.95")
    assert "Your position could not be read" in page
    assert _order(page) == ["Beta", "Alfa", "Gamma", "Delta"]


def test_distance_sort_without_an_origin_says_what_is_needed(client, places):
    page = _page(client, sort="distance")
    assert "To sort by distance, choose a district or use your position." in page
    assert _order(page) == ["Alfa", "Beta", "Delta", "Gamma"]


def test_unknown_district_is_refused_beside_the_field(client, places):
    page = _page(client, sort="distance", near="atlantyda")
    assert "Choose a district from the list." in page
    assert "km away" not in page


def test_position_button_is_progressive_enhancement(client, places):
    page = _page(client)
    assert 'src="/static/js/nearby.js"' in page
    assert "<script>" not in page
    assert 'class="nearby-position" hidden' in page  # shown by the script only when the browser can locate
    assert 'name="lat"' in page and 'type="hidden"' in page
