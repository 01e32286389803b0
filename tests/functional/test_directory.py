"""The residents' directory: search, filters, the service page and confidential places."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import (
    Closure,
    District,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TaxonomyTerm,
    utcnow,
)
from app.services.directory.index import refresh_search_text
from app.tenancy import system_scope

SECRET_STREET = "ul. Ukryta 13"
# Coordinates only the confidential flat has (the other places share 50.3, 18.95), as every output may write them.
SECRET_LATITUDE, SECRET_LONGITUDE = Decimal("50.271828"), Decimal("18.314159")
# (not after a digit or a colon: a time's seconds and microseconds, "…:18.314159", are not the flat's longitude)
SECRET_COORDINATES = re.compile(r"(?<![\d:])(?:50[.,]2718|18[.,]3141)")


@pytest.fixture
def listings(app, city):
    """Shelters, counselling and a confidential flat across tenants A and B."""
    with app.app_context(), system_scope("tests"):
        centrum = District(code="centrum", name="Centrum", latitude=Decimal("50.297"), longitude=Decimal("18.954"))
        batory = District(code="batory", name="Chorzów Batory", latitude=Decimal("50.28"), longitude=Decimal("18.92"))
        shelter = TaxonomyTerm(code="shelter", label_pl="Schronienie", label_uk="Притулок", label_en="Shelter",
                               synonyms_pl="noclegownia, nocleg", synonyms_uk="притулок, нічліжка",
                               synonyms_en="shelter, night shelter", position=1)
        crisis = TaxonomyTerm(code="crisis", label_pl="Kryzys i przemoc", label_uk="Криза", label_en="Crisis",
                              is_crisis=True, position=0)
        violence = TaxonomyTerm(code="crisis.violence", parent=crisis, label_pl="Przemoc domowa",
                                synonyms_en="domestic violence")
        advice = TaxonomyTerm(code="legal", label_pl="Porady prawne", label_en="Legal advice", position=2)
        db.session.add_all([centrum, batory, shelter, crisis, violence, advice])
        db.session.flush()

        def add(org, name, terms, *, district, street="ul. Jasna 1", confidential=False,
                at=(Decimal("50.3"), Decimal("18.95")), **fields):
            from app.models import Organisation

            organisation = db.session.get(Organisation, org.id)
            service = Service(organisation_id=org.id, organisation=organisation, name_pl=name,
                              description_pl=fields.pop("description_pl", f"Opis: {name}."),
                              last_verified_at=fields.pop("verified", utcnow()), **fields)
            location = Location(organisation_id=org.id, name=name, street=street, postal_code="41-500",
                                city="Miasto Demo", district=district, latitude=at[0],
                                longitude=at[1], is_confidential=confidential,
                                intake_pl="Najpierw zadzwoń." if confidential else None)
            service.service_at_locations.append(ServiceAtLocation(organisation_id=org.id, location=location))
            service.area_links.append(ServiceArea(organisation_id=org.id, district=district))
            for term in terms:
                service.taxonomy_links.append(ServiceTaxonomy(organisation_id=org.id, term=term))
            service.phones.append(Phone(organisation_id=org.id, number="+48 32 100 20 30", is_24h=True))
            db.session.add(service)
            refresh_search_text(service)
            return service

        night = add(city.org_b, "Noclegownia dla mężczyzn", [shelter], district=batory, always_open=True,
                    name_en="Night shelter for men", name_uk="Нічліжка для чоловіків")
        night.group_list = ["men", "homelessness"]
        night.language_list = ["pl", "uk"]
        flat = add(city.org_a, "Mieszkanie chronione", [violence, shelter], district=centrum, street=SECRET_STREET,
                   confidential=True, at=(SECRET_LATITUDE, SECRET_LONGITUDE))
        office = add(city.org_a, "Ośrodek Porad Prawnych", [advice], district=centrum, is_free=False,
                     fees_pl="20 zł za poradę", minimum_age=18)
        office.schedules.extend(Schedule(organisation_id=city.org_a.id, weekday=d, opens_at=time(8),
                                         closes_at=time(16)) for d in range(5))
        office.closures.append(Closure(organisation_id=city.org_a.id, starts_on=date(2026, 11, 11),
                                       ends_on=date(2026, 11, 11), note_pl="Święto Niepodległości"))
        add(city.org_a, "Punkt nieopublikowany", [advice], district=centrum, is_published=False)
        add(city.org_b, "Punkt zamknięty na stałe", [advice], district=batory, status=ServiceStatus.INACTIVE)
        add(city.org_b, "Stara informacja", [advice], district=batory, verified=utcnow() - timedelta(days=200))
        db.session.commit()
        return {"night": night.id, "flat": flat.id, "office": office.id}


def _names(client, **query) -> str:
    response = client.get("/search", query_string=query, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(client, **query) -> list[str]:
    """The names on the result cards, in order (English where a service has an English name)."""
    return re.findall(r'<li class="service-card">\s*<h3><a href="[^"]*"[^>]*>([^<]*)</a>', _names(client, **query))


@pytest.mark.parametrize(("words", "found"), [
    ("osrodek", {"Ośrodek Porad Prawnych"}),  # no diacritics typed
    ("OŚRODEK", {"Ośrodek Porad Prawnych"}),  # capitals
    ("Osr", {"Ośrodek Porad Prawnych"}),  # the start of a word
    ("mezczyzn", {"Night shelter for men"}),  # "mężczyzn" in the Polish name
    ("porad", {"Ośrodek Porad Prawnych", "Stara informacja"}),  # the name, and the category "Porady prawne"
    ("nocleg", {"Night shelter for men", "Mieszkanie chronione"}),  # "Noclegownia", and the shelter's synonym
    ("noclegown", {"Night shelter for men", "Mieszkanie chronione"}),
    ("egownia", set()),  # words match from their start only
])
def test_search_folds_diacritics_case_and_prefixes(client, listings, words, found):
    names = _found(client, q=words)
    assert sorted(names) == sorted(found), words  # exactly these, each once; the unpublished never
    expected_count = f"{len(found)} service found" if len(found) == 1 else f"{len(found)} services found"
    assert expected_count in _names(client, q=words)


def test_search_across_languages_through_synonyms(client, listings):
    for word in ("shelter", "притулок", "нічліжка"):
        page = _names(client, q=word)
        assert "Night shelter for men" in page, word


def test_unpublished_and_inactive_services_are_not_found(client, listings):
    page = _names(client)
    assert "Punkt nieopublikowany" not in page and "Punkt zamknięty na stałe" not in page
    assert "4 services found" in page


def test_filters_category_district_free_age_group_language(client, listings):
    assert "Mieszkanie chronione" in _names(client, category="crisis")  # parent category includes children
    assert "Night shelter" not in _names(client, category="crisis")
    assert "Ośrodek Porad" not in _names(client, district="batory")
    assert "Ośrodek Porad" not in _names(client, free="y")
    assert "Ośrodek Porad" not in _names(client, age="12") and "Ośrodek Porad" in _names(client, age="40")
    only_men = _names(client, group="men")
    assert "Night shelter for men" in only_men and "Mieszkanie" not in only_men
    assert "Night shelter for men" in _names(client, language="uk")
    assert "1 service found" in _names(client, always="y")


def test_open_at_a_chosen_day_and_hour_respects_closures(client, listings):
    monday_morning = _names(client, day="2026-11-23", hour="9")
    assert "Ośrodek Porad Prawnych" in monday_morning
    assert "Ośrodek Porad Prawnych" not in _names(client, day="2026-11-23", hour="17")
    assert "Ośrodek Porad Prawnych" not in _names(client, day="2026-11-22", hour="9")  # Sunday
    assert "Ośrodek Porad Prawnych" not in _names(client, day="2026-11-11", hour="9")  # closed on the holiday


def test_filters_show_as_removable_chips(client, listings):
    page = _names(client, q="porad", district="centrum")
    assert 'class="chip"' in page
    assert "/search?q=porad" in page  # removing the district keeps the words


def test_empty_result_helps(client, listings):
    page = _names(client, q="zzzznothing")
    assert "0 services found" in page
    assert "116 123" in page and "Search without filters" not in page


def _event_at_the_flat(app) -> int:
    """A published event at the confidential flat, a few days ahead."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from app.models import Event, EventKind

    with app.app_context(), system_scope("tests"):
        flat = db.session.execute(select(Location).where(Location.name == "Mieszkanie chronione")).scalar_one()
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
        event = Event(organisation_id=flat.organisation_id, kind=EventKind.SUPPORT_GROUP,
                      title_pl="Grupa w mieszkaniu", description_pl="Spotkanie.", starts_at=starts,
                      ends_at=starts + timedelta(hours=1), location_id=flat.id)
        db.session.add(event)
        db.session.commit()
        return event.id


def test_confidential_address_never_appears(app, client, listings):
    """No street and no coordinates of the flat in any public output; it is listed everywhere nonetheless."""
    from app.services.open_data.hsds import hsds_id

    event_id = _event_at_the_flat(app)
    flat, service_id = f"/services/{listings['flat']}", hsds_id("service", listings["flat"])
    outputs = {  # what to ask for: the sign that the flat (or the event at it) is in the answer
        "/search": "Mieszkanie chronione", "/search?q=mieszkanie": "Mieszkanie chronione",
        flat: "Mieszkanie chronione", "/directory.csv": "Mieszkanie chronione",
        "/events": "Grupa w mieszkaniu", f"/events/{event_id}": "Grupa w mieszkaniu",
        "/events.ics": "Grupa w mieszkaniu", f"/events/{event_id}.ics": "Grupa w mieszkaniu",
        "/api/hsds/services?per_page=100": "Mieszkanie chronione",
        f"/api/hsds/services/{service_id}": "Mieszkanie chronione",
        "/api/hsds/service_at_locations?per_page=100": service_id,
    }
    for url, sign in outputs.items():
        response = client.get(url, headers={"Accept-Language": "en"})
        assert response.status_code == 200, url
        body = response.get_data(as_text=True).replace("\r\n ", "")  # unfold iCalendar lines
        assert sign in body, url  # the flat is there…
        assert SECRET_STREET not in body and "Ukryta" not in body, url  # …without its street
        assert not SECRET_COORDINATES.search(body), url  # …or its coordinates
    service_page = client.get(flat, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Najpierw zadzwoń." in service_page and "Quick exit" in service_page
    assert "openstreetmap" not in service_page  # its only place is confidential: no map link at all
    card = _names(client, q="mieszkanie").split("Mieszkanie chronione", 1)[1].split("</li>\n</ul>", 1)[0]
    assert "Confidential address – contact by phone first." in card and "openstreetmap" not in card


def test_service_page_shows_hours_phone_map_and_fallback_notice(client, listings):
    page = client.get(f"/services/{listings['office']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Ośrodek Porad Prawnych" in page
    assert "This information is available only in Polish." in page
    assert 'href="tel:+48321002030"' in page
    assert "openstreetmap.org" in page
    assert "08:00–16:00" in page
    assert "20 zł za poradę" in page
    english = client.get(f"/services/{listings['night']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Night shelter for men" in english and "available only in Polish" in english  # description untranslated
    assert "Quick exit" not in english


def test_stale_listing_is_flagged(client, listings):
    assert "Information may be out of date" in _names(client, q="stara")


def test_unpublished_service_page_is_404(app, client, listings):
    with app.app_context(), system_scope("tests"):
        from sqlalchemy import select

        hidden = db.session.execute(select(Service.id).where(Service.name_pl == "Punkt nieopublikowany")).scalar()
    assert client.get(f"/services/{hidden}").status_code == 404
    assert client.get("/services/999999").status_code == 404
    with app.app_context(), system_scope("tests"):
        db.session.get(Service, hidden).is_published = True
        db.session.commit()
    published = client.get(f"/services/{hidden}")  # so the 404 meant "not published", not "no such id"
    assert published.status_code == 200 and "Punkt nieopublikowany" in published.get_data(as_text=True)


def test_signed_in_organisation_user_still_sees_the_whole_directory(client, listings, login, city):
    login(client, city.a_admin)
    assert "Night shelter for men" in _names(client)  # tenant B's service, public view


@pytest.mark.parametrize("query", [
    {"page": "999999999"}, {"age": "-5"}, {"age": "abc"}, {"day": "2026-13-45"}, {"hour": "99"},
    {"category": "nope"}, {"district": "%00"}, {"q": "a" * 500}, {"sort": "drop table"}, {"q": "%_\\"},
])
def test_bad_query_strings_answer_normally(client, listings, query):
    assert client.get("/search", query_string=query).status_code == 200


def test_dashboard_flags_stale_listings_and_confirming_clears_it(app, listings, login, city):
    from tests.conftest import sign_in_as

    client = app.test_client()
    sign_in_as(client, app, city.b_admin)
    page = client.get("/workspace/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 listing has not been confirmed for 180 days" in page
    with app.app_context(), system_scope("tests"):
        from sqlalchemy import select

        stale_id = db.session.execute(select(Service.id).where(Service.name_pl == "Stara informacja")).scalar()
    assert client.post(f"/workspace/services/{stale_id}/confirm").status_code == 303
    page = client.get("/workspace/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "has not been confirmed" not in page
    assert "Information may be out of date" not in _names(app.test_client(), q="stara")


def test_staff_cannot_confirm_and_other_tenants_listing_is_404(app, listings, city):
    from tests.conftest import sign_in_as

    staff = app.test_client()
    sign_in_as(staff, app, city.b_staff)
    assert staff.post(f"/workspace/services/{listings['night']}/confirm").status_code == 403
    admin_a = app.test_client()
    sign_in_as(admin_a, app, city.a_admin)
    assert admin_a.post(f"/workspace/services/{listings['night']}/confirm").status_code == 404


def test_csv_download_lists_public_services_without_confidential_addresses(client, listings):
    import csv
    import io

    response = client.get("/directory.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    names = {row["name"] for row in rows}
    assert "Mieszkanie chronione" in names and "Punkt nieopublikowany" not in names and len(rows) == 4
    flat = next(row for row in rows if row["name"] == "Mieszkanie chronione")
    assert flat["address"] == "" and SECRET_STREET not in response.get_data(as_text=True)
    office = next(row for row in rows if row["name"] == "Ośrodek Porad Prawnych")
    assert office["free"] == "no" and "08:00-16:00" in office["hours"]


def test_a_service_closed_on_public_holidays_says_so_and_names_the_next_one(app, client, listings, monkeypatch):
    from datetime import UTC, datetime

    from app import localtime

    with app.app_context(), system_scope("tests"):
        db.session.get(Service, listings["office"]).closed_on_holidays = True
        db.session.commit()
    monkeypatch.setattr(localtime, "utcnow", lambda: datetime(2026, 12, 20, 10, tzinfo=UTC))
    english = client.get(f"/services/{listings['office']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Closed on public holidays." in english and "Christmas Eve" in english
    polish = client.get(f"/services/{listings['office']}", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert "Wigilia Bożego Narodzenia" in polish
    # a Monday that is a holiday (Easter Monday): not open, though its weekly hours say so
    assert "Ośrodek Porad Prawnych" not in _names(client, day="2026-04-06", hour="9")
    assert "Ośrodek Porad Prawnych" in _names(client, day="2026-04-13", hour="9")


def test_sorting_by_name_follows_the_readers_language(client, listings):
    def order(language):
        page = client.get("/search", query_string={"sort": "name"}, headers={"Accept-Language": language})
        return page.get_data(as_text=True)

    text = order("pl")
    assert text.index("Mieszkanie chronione") < text.index("Noclegownia dla mężczyzn") < text.index(
        "Ośrodek Porad Prawnych")
    text = order("en")
    # in English the shelter is "Night shelter for men": it sorts after "Mieszkanie", before "Ośrodek"
    assert text.index("Mieszkanie chronione") < text.index("Night shelter for men") < text.index(
        "Ośrodek Porad Prawnych")
    text = order("uk")
    # in Ukrainian its name is Cyrillic, which sorts after every Latin name
    assert text.index("Ośrodek Porad Prawnych") < text.index("Нічліжка для чоловіків")
