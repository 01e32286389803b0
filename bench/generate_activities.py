"""Add events and volunteering offers to a catalogue made by bench/generate.py (the public pages bench).

    .venv/bin/python bench/generate_activities.py sqlite:////tmp/catalogue.db            # 1,500 events, 1,000 offers
    .venv/bin/python bench/generate_activities.py postgresql+psycopg://postgres@127.0.0.1:5432/x --events 15000

The demo city has 8 events and 6 volunteering offers for its 55 services; the defaults keep about that share for
10,000 services. Each event is a variation of a demo event (its kind, title, description, length and groups), of a
random organisation, at one of its locations (some confidential) or at a described place, starting within the
coming ten weeks (a few in the past weeks); half repeat weekly for up to half a year. Each offer is a variation of
a demo offer in a district, a third of them with an end date. 98 % published. Rows go in with Core
``executemany`` with ids assigned here; deterministic for a ``--seed``.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating

BATCH = 2000


def parse_args(argv):
    parser = generating.make_parser(__doc__, "bench")
    parser.add_argument("--events", type=int, default=1500)
    parser.add_argument("--offers", type=int, default=1000)
    return parser.parse_args(argv)


def _batches(connection, table, rows):
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start:start + BATCH])


def generate(database_url: str, events: int, offers: int, seed: int) -> dict[str, int]:
    """Insert the rows; return how many of each."""
    from sqlalchemy import func, select

    from app.demo.content import read
    from app.extensions import db
    from app.localtime import local_to_utc, local_today
    from app.models import District, Event, Location, Organisation, VolunteerOpportunity
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    app = generating.portal_app(database_url)
    templates, offer_templates = read("events"), read("volunteering")
    now = datetime.now(UTC)
    today = local_today()
    with app.app_context(), system_scope("bench.generate_activities"):
        organisations = list(db.session.execute(select(Organisation.id)).scalars())
        locations: dict[int, list[int]] = {}
        for location_id, organisation_id in db.session.execute(select(Location.id, Location.organisation_id)):
            locations.setdefault(organisation_id, []).append(location_id)
        districts = list(db.session.execute(select(District.id)).scalars())
        event_id = (db.session.execute(select(func.max(Event.id))).scalar() or 0) + 1
        offer_id = (db.session.execute(select(func.max(VolunteerOpportunity.id))).scalar() or 0) + 1
        event_rows, offer_rows = [], []
        for n in range(events):
            template = rng.choice(templates)
            organisation_id = rng.choice(organisations)
            day = today + timedelta(days=rng.randint(-21, 70))
            start_hour = rng.randint(9, 19)
            hours = rng.choice((1, 2, 2, 3))
            weekly = rng.random() < 0.5
            located = rng.random() < 0.8 and organisation_id in locations
            title = template["title"]
            event_rows.append({
                "id": event_id + n, "organisation_id": organisation_id, "kind": template["kind"],
                "title_pl": f"{title['pl']} #{n}", "title_uk": f"{title['uk']} #{n}" if title.get("uk") else None,
                "title_en": f"{title['en']} #{n}" if title.get("en") else None,
                "description_pl": template["description"]["pl"],
                "description_uk": template["description"].get("uk"),
                "description_en": template["description"].get("en"),
                "starts_at": local_to_utc(day, datetime.min.time().replace(hour=start_hour)),
                "ends_at": local_to_utc(day, datetime.min.time().replace(hour=min(start_hour + hours, 23))),
                "recurrence": "weekly" if weekly else "once",
                "repeat_until": day + timedelta(weeks=rng.randint(4, 26)) if weekly else None,
                "location_id": rng.choice(locations[organisation_id]) if located else None,
                "place_pl": None if located else "online", "place_uk": None, "place_en": None,
                "service_id": None, "target_groups": " " + " ".join(template.get("groups") or []) + " ",
                "is_free": rng.random() < 0.9, "registration_pl": "Zapisy telefoniczne.", "registration_uk": None,
                "registration_en": None, "contact_phone": "+48 32 200 00 00", "contact_email": None,
                "is_cancelled": rng.random() < 0.03, "is_published": rng.random() < 0.98, "is_demo": False,
                "created_at": now, "updated_at": now,
            })
        for n in range(offers):
            template = rng.choice(offer_templates)
            title = template["title"]
            offer_rows.append({
                "id": offer_id + n, "organisation_id": rng.choice(organisations),
                "title_pl": f"{title['pl']} #{n}", "title_uk": f"{title['uk']} #{n}" if title.get("uk") else None,
                "title_en": f"{title['en']} #{n}" if title.get("en") else None,
                "description_pl": template["description"]["pl"], "description_uk": template["description"].get("uk"),
                "description_en": template["description"].get("en"),
                "requirements_pl": (template.get("requirements") or {}).get("pl"), "requirements_uk": None,
                "requirements_en": None, "commitment_pl": "2 godziny w tygodniu", "commitment_uk": None,
                "commitment_en": None, "district_id": rng.choice(districts) if districts else None,
                "starts_on": None, "ends_on": today + timedelta(days=rng.randint(1, 200)) if n % 3 == 0 else None,
                "minimum_age": template.get("minimum_age"), "contact_name": "Koordynator wolontariatu",
                "contact_phone": "+48 32 300 00 00", "contact_email": None, "is_published": rng.random() < 0.98,
                "is_demo": False, "created_at": now, "updated_at": now,
            })
        connection = db.session.connection()
        _batches(connection, Event.__table__, event_rows)
        _batches(connection, VolunteerOpportunity.__table__, offer_rows)
        db.session.commit()
        generating.move_sequences(("event", "volunteer_opportunity"))
        generating.analyze()
    return {"event": len(event_rows), "volunteer_opportunity": len(offer_rows)}


def main(argv=None) -> int:
    args = parse_args(argv)
    counts = generate(args.database_url, args.events, args.offers, args.seed)
    print("added " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
