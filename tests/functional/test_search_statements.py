"""A results page costs the same number of SQL statements whatever its size (no N+1 in the cards)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import (
    Closure,
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from app.services.directory.index import refresh_search_text
from app.tenancy import system_scope


@pytest.fixture
def catalogue(app, city):
    """60 services in two organisations, each with phones, hours, a closure, a place, categories and areas."""
    with app.app_context(), system_scope("tests"):
        districts = [District(code=f"d{n}", name=f"Dzielnica {n}", latitude=Decimal("50.29") + n / Decimal(100),
                              longitude=Decimal("18.95"), position=n) for n in range(3)]
        parent = TaxonomyTerm(code="family", label_pl="Rodzina", label_en="Family", synonyms_pl="pomoc rodzinie")
        children = [TaxonomyTerm(code=f"family.{n}", parent=parent, label_pl=f"Wsparcie {n}", position=n)
                    for n in range(3)]
        db.session.add_all([*districts, parent, *children])
        db.session.flush()
        for n in range(60):
            org_id = (city.org_a if n % 2 else city.org_b).id
            organisation = db.session.get(Organisation, org_id)
            district = districts[n % 3]
            service = Service(organisation_id=org_id, organisation=organisation, name_pl=f"Punkt pomocy {n:02d}",
                              description_pl="Pomoc i wsparcie dla rodzin.", name_en=f"Help point {n:02d}")
            service.phones.extend(Phone(organisation_id=org_id, number=f"+48 32 100 00 {n:02d}", position=p)
                                  for p in range(2))
            service.schedules.extend(Schedule(organisation_id=org_id, weekday=d, opens_at=time(8), closes_at=time(16))
                                     for d in range(5))
            service.closures.append(Closure(organisation_id=org_id, starts_on=date(2026, 12, 24),
                                            ends_on=date(2026, 12, 26)))
            location = Location(organisation_id=org_id, name=f"Siedziba {n}", street=f"ul. Długa {n}",
                                city="Miasto Demo", district=district, latitude=district.latitude,
                                longitude=district.longitude + n / Decimal(1000), is_confidential=n % 7 == 0)
            service.service_at_locations.append(ServiceAtLocation(organisation_id=org_id, location=location))
            service.taxonomy_links.append(ServiceTaxonomy(organisation_id=org_id, term=children[n % 3]))
            service.area_links.append(ServiceArea(organisation_id=org_id, district=district))
            db.session.add(service)
            refresh_search_text(service)
        db.session.commit()


def _statements(app, client, **query) -> tuple[int, str]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get("/search", query_string=query, headers={"Accept-Language": "en"})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    {}, {"q": "pomoc"}, {"q": "pomoc wsparcie", "category": "family", "district": "d1"},
    {"sort": "distance", "near": "d0"},
    {"sort": "distance", "lat": "50.30", "lon": "18.96", "day": "2026-11-23", "hour": "9"},
    {"sort": "name", "free": "y"},
])
def test_results_page_statement_count_does_not_grow_with_page_size(app, client, catalogue, query):
    counts = {}
    for per_page in (10, 20, 50):
        counts[per_page], page = _statements(app, client, per_page=per_page, **query)
        assert page.count('class="service-card"') == min(per_page, 20 if "district" in query else 60)
    assert counts[10] == counts[20] == counts[50], counts
    assert counts[20] <= 12, counts  # choices, search, one load per related table, count


def test_per_page_outside_the_allowed_set_falls_back_with_a_message(client, catalogue):
    response = client.get("/search", query_string={"per_page": "100000"}, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="service-card"') == 20
    assert "Not a valid choice" in page


def test_more_matches_than_a_page_sorts_asks_for_a_narrower_search(client, catalogue, monkeypatch):
    from app.services.directory import search as directory

    monkeypatch.setattr(directory, "MAX_RESULTS", 25)
    page = client.get("/search", query_string={"q": "pomoc", "per_page": 10},
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "More than 25 services found" in page and "narrow the search" in page
    assert "Page 1 of 3" in page
    last = client.get("/search", query_string={"q": "pomoc", "per_page": 10, "page": 3},
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert last.count('class="service-card"') == 5 and "Next page" not in last
    narrow = client.get("/search", query_string={"q": "pomoc", "district": "d1"},
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "20 services found" in narrow  # exact again when few enough match
