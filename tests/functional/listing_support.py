"""Shared set-up of the listing editor and moderation tests."""

from __future__ import annotations

from datetime import date, time

from app.extensions import db
from app.models import Organisation, utcnow
from tests.functional.support import page


def build_places(make, city) -> dict:
    """Districts and categories, a published service and a location for each of tenants A and B."""
    made = {"centrum": make.district("centrum", "Centrum", latitude="50.297", longitude="18.954"),
            "batory": make.district("batory", "Batory", latitude="50.28", longitude="18.92"),
            "advice": make.term("legal", "Porady prawne", label_en="Legal advice", synonyms_pl="prawnik"),
            "shelter": make.term("shelter", "Schronienie", label_en="Shelter", synonyms_pl="nocleg")}
    for key, org, name, street in (("a", city.org_a, "Porady dla rodzin", "ul. Jasna 1"),
                                   ("b", city.org_b, "Nocleg dla mężczyzn", "ul. Tajna 7")):
        place = make.location(org, f"Punkt {key.upper()}", street=street, postal_code="41-500",
                              district=made["centrum"])
        made[f"{key}_service"] = make.service(
            org, name, description_pl="Stary opis usługi.", audience_pl="Dorośli.", last_verified_at=utcnow(),
            places=[place], phones=["32 100 20 30"], hours=[(0, time(8), time(16))],
            closures=[(date(2030, 1, 2), date(2030, 1, 3), "Remont")])
        made[f"{key}_location"] = place
    return made


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


