"""Shared set-up of the listing editor and moderation tests."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from app.extensions import db
from app.models import (
    Closure,
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    utcnow,
)
from app.services.directory.index import refresh_search_text
from tests.functional.support import page


def build_places(rows, city) -> dict:
    """Districts and categories, a published service and a location for each of tenants A and B."""

    def build():
        centrum = District(code="centrum", name="Centrum", latitude=Decimal("50.297"), longitude=Decimal("18.954"))
        batory = District(code="batory", name="Batory", latitude=Decimal("50.28"), longitude=Decimal("18.92"))
        advice = TaxonomyTerm(code="legal", label_pl="Porady prawne", label_en="Legal advice",
                              synonyms_pl="prawnik")
        shelter = TaxonomyTerm(code="shelter", label_pl="Schronienie", label_en="Shelter", synonyms_pl="nocleg")
        db.session.add_all([centrum, batory, advice, shelter])
        db.session.flush()
        made = {"centrum": centrum.id, "batory": batory.id, "advice": advice.id, "shelter": shelter.id}
        for key, org, name, street in (("a", city.org_a, "Porady dla rodzin", "ul. Jasna 1"),
                                       ("b", city.org_b, "Nocleg dla mężczyzn", "ul. Tajna 7")):
            organisation = db.session.get(Organisation, org.id)
            place = Location(organisation_id=org.id, name=f"Punkt {key.upper()}", street=street,
                             postal_code="41-500", city="Miasto Demo", district_id=centrum.id)
            service = Service(organisation_id=org.id, organisation=organisation, name_pl=name,
                              description_pl="Stary opis usługi.", audience_pl="Dorośli.",
                              last_verified_at=utcnow())
            service.service_at_locations.append(ServiceAtLocation(organisation_id=org.id, location=place))
            service.phones.append(Phone(organisation_id=org.id, number="32 100 20 30"))
            service.schedules.append(Schedule(organisation_id=org.id, weekday=0, opens_at=time(8),
                                              closes_at=time(16)))
            service.closures.append(Closure(organisation_id=org.id, starts_on=date(2030, 1, 2),
                                            ends_on=date(2030, 1, 3), note_pl="Remont"))
            db.session.add(service)
            db.session.flush()
            refresh_search_text(service)
            made[f"{key}_service"], made[f"{key}_location"] = service.id, place.id
        return made

    return rows.run(build)


def verify(rows, org) -> None:
    """Mark an organisation verified by the department."""
    def run():
        db.session.get(Organisation, org.id).is_verified = True
    rows.run(run)


def service_data(**changes) -> dict:
    """A complete, valid service form."""
    data = {
        "name_pl": "Poradnia rodzinna Słonecznik", "name_uk": "", "name_en": "Sunflower family counselling",
        "description_pl": "Bezpłatne porady psychologiczne dla rodzin.", "description_uk": "", "description_en": "",
        "audience_pl": "Rodziny z dziećmi.", "audience_uk": "", "audience_en": "",
        "status": "active", "walk_in": "y", "is_free": "y", "fees_pl": "", "fees_uk": "", "fees_en": "",
        "minimum_age": "", "maximum_age": "", "target_groups": ["families"], "languages": ["pl", "uk"],
        "email": "poradnia@example.org", "url": "https://poradnia.example.org",
        "phones-0-number": "+48 32 111 22 33", "phones-0-description_pl": "Rejestracja",
        "phones-1-number": "", "phones-2-number": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def search(client, words: str) -> str:
    return page(client.get("/search", query_string={"q": words})).text


