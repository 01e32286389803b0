"""Fill a database with a large, realistic directory for the search bench.

    .venv/bin/python bench/generate.py sqlite:////tmp/bench.db                 # 2,000 organisations, 10,000 services
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench --services 100000

The schema is brought to the latest migration first; the database must hold no services yet.
The taxonomy is the city's reference tree (app/data/taxonomy.json) and the districts are the demo
city's (app/demo/data/districts.json). Every service is a variation of one of the demo services
(app/demo/data/services.json): its categories, hours, phones,
languages, groups and kind of place, a name with a qualifier and a patron, and a description
made of sentences from demo services of the same kind, in Polish and, for some, Ukrainian and
English. So a word such as "pomoc", "terapia" or "noclegownia" hits about the share of
services it hits in the demo city. Places lie around their district's centre; confidential
ones (shelters, protected flats) carry only the district centre, as the demo ones do.

Rows go in with Core ``executemany`` in batches, ids assigned here; the search columns and
the word index are built with the app's own functions (``search_columns``, ``index_rows``).
Deterministic: the same ``--seed`` gives the same catalogue.
"""

from __future__ import annotations

import random
import re
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating

ROOT = generating.ROOT

BATCH = 2000  # services per transaction
GENERATED_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # fixed, so runs are identical

PATRONS = ("Nadzieja", "Przystań", "Promyk", "Kotwica", "Arka", "Azyl", "Dobry Start", "Most", "Otwarte Drzwi",
           "Horyzont", "Św. Brata Alberta", "Św. Józefa", "Bł. Karoliny", "Razem", "Sąsiedzi", "Zielona Ławka",
           "Latarnia", "Ognisko", "Pod Lipami", "Stokrotka", "Krok Dalej", "Źródło", "Wędrowiec", "Słoneczko")
QUALIFIERS = ("", "", "", "dla dzieci i młodzieży", "dla dorosłych", "dla seniorów", "dla rodzin", "dla kobiet",
              "dla mężczyzn", "w dzielnicy", "przy parafii", "– filia", "– punkt dyżurny", "popołudniowy")
ORG_FORMS = ("Fundacja", "Stowarzyszenie", "Stowarzyszenie Pomocy", "Parafia Rzymskokatolicka pw.",
             "Towarzystwo", "Spółdzielnia Socjalna", "Klub", "Fundacja Wspierania Rodzin", "Caritas",
             "Polski Komitet Pomocy Społecznej – Koło")
STREETS = ("ul. Wolności", "ul. Katowicka", "ul. Powstańców", "ul. Dąbrowskiego", "ul. Sienkiewicza",
           "ul. Mickiewicza", "ul. Strzelców Bytomskich", "ul. Karola Miarki", "ul. Hajducka", "ul. 3 Maja",
           "ul. Długa", "ul. Kościuszki", "ul. Batorego", "ul. Łagiewnicka", "ul. Moniuszki", "ul. Armii Krajowej")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def parse_args(argv):
    parser = generating.make_parser(__doc__, "bench")
    parser.add_argument("--services", type=int, default=10_000, help="services to create (default 10,000)")
    parser.add_argument("--organisations", type=int, default=2_000, help="organisations (default 2,000)")
    args = parser.parse_args(argv)
    if args.services < 1 or args.organisations < 1:
        parser.error("need at least one service and one organisation")
    return args


def sentences(text):
    return [s for s in SENTENCE.split(text or "") if s]


class Catalogue:
    """Builds rows from the demo services, with ids assigned here."""

    def __init__(self, rng, terms, districts, organisations):
        from app.demo.content import read

        self.rng = rng
        self.terms = terms
        self.districts = districts
        self.organisations = organisations
        self.names_used: dict[tuple[int, str], int] = {}
        self.templates = read("services")
        # sentence pools per top category and language, from the demo descriptions
        self.pools: dict[tuple[str, str], list[str]] = {}
        for spec in self.templates:
            kind = spec["categories"][0].split(".")[0]
            for language, text in spec["description"].items():
                self.pools.setdefault((kind, language), []).extend(sentences(text))

    def description(self, kind, language, template_text):
        pool = self.pools.get((kind, language)) or sentences(template_text)
        first = sentences(template_text)[:1]
        rest = self.rng.sample(pool, k=min(len(pool), self.rng.randint(1, 3)))
        return " ".join(dict.fromkeys(first + rest))

    def service(self, service_id, location_id):
        """The rows of one service: service, location, links, hours, phones."""
        from app.models import ServiceStatus

        rng = self.rng
        spec = rng.choice(self.templates)
        organisation_id, organisation_name = rng.choice(self.organisations)
        kind = spec["categories"][0].split(".")[0]
        qualifier = rng.choice(QUALIFIERS)
        patron = rng.choice(PATRONS)
        base = re.sub(r"\s*\(.*\)$", "", spec["name"]["pl"])
        name_pl = " ".join(p for p in (base, qualifier, f"„{patron}”") if p)[:190]
        # names are unique per organisation (as its editor and the database insist): number a repeat
        repeat = self.names_used.get((organisation_id, name_pl), 0)
        self.names_used[(organisation_id, name_pl)] = repeat + 1
        if repeat:
            name_pl = f"{name_pl} {repeat + 1}"
        has_uk, has_en = rng.random() < 0.4, rng.random() < 0.5
        name, description = spec["name"], spec["description"]
        names = (name_pl, f"{name['uk']} „{patron}”" if has_uk and name["uk"] else None,
                 f"{name['en']} ({patron})" if has_en and name["en"] else None)
        descriptions = (self.description(kind, "pl", description["pl"]),
                        self.description(kind, "uk", description["uk"]) if has_uk and description["uk"] else None,
                        self.description(kind, "en", description["en"]) if has_en and description["en"] else None)
        audience = spec["audience"] or {"pl": None, "uk": None, "en": None}
        audience = (audience["pl"], audience["uk"] if has_uk else None, audience["en"] if has_en else None)
        status = ServiceStatus.TEMPORARILY_CLOSED if rng.random() < 0.02 else ServiceStatus(spec["status"])
        if status == ServiceStatus.INACTIVE and rng.random() < 0.5:
            status = ServiceStatus.ACTIVE
        categories = list(dict.fromkeys(spec["categories"]))
        place = spec["location"]
        district = (self.districts[place["district"]] if rng.random() < 0.3
                    else rng.choice(list(self.districts.values())))
        areas = list(dict.fromkeys([district.code, *rng.sample(sorted(self.districts), k=rng.randint(0, 2))]))
        confidential = place["confidential"]
        if confidential:  # its address is kept apart (confidential_address); the location row holds none
            latitude, longitude, street = None, None, None
        else:
            latitude = (district.latitude + Decimal(f"{rng.gauss(0, 0.006):.6f}")).quantize(Decimal("0.000001"))
            longitude = (district.longitude + Decimal(f"{rng.gauss(0, 0.009):.6f}")).quantize(Decimal("0.000001"))
            street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        verified = GENERATED_AT - timedelta(days=rng.choice((3, 20, 45, 90, 150, 170, 200, 400)))
        texts = (*names, *descriptions, *audience, organisation_name)
        service = {
            "id": service_id, "organisation_id": organisation_id,
            "name_pl": names[0], "name_uk": names[1], "name_en": names[2],
            "description_pl": descriptions[0], "description_uk": descriptions[1], "description_en": descriptions[2],
            "audience_pl": audience[0], "audience_uk": audience[1], "audience_en": audience[2],
            "status": status, "walk_in": spec["walk_in"], "by_appointment": spec["by_appointment"],
            "by_referral": spec["by_referral"],
            "is_free": spec["is_free"] if rng.random() < 0.9 else not spec["is_free"],
            "fees_pl": spec["fees"]["pl"] if spec["fees"] else None, "minimum_age": spec["min_age"],
            "maximum_age": spec["max_age"], "always_open": spec["always_open"],
            "closed_on_holidays": spec["closed_on_holidays"], "email": spec["email"], "url": spec["url"],
            "is_published": rng.random() < 0.97, "last_verified_at": verified, "is_demo": False,
            "target_groups": " " + " ".join(spec["target_groups"]) + " ",
            "languages": " " + " ".join(spec["languages"]) + " ",
            "created_at": verified, "updated_at": verified,
        }
        location = {
            "id": location_id, "organisation_id": organisation_id, "name": names[0][:200], "street": street,
            "postal_code": None if confidential else place["postal_code"], "city": "Miasto Demo",
            "district_id": district.id,
            "latitude": latitude, "longitude": longitude, "is_confidential": confidential,
            "intake_pl": place["intake"]["pl"] if place["intake"] else None,
            "step_free": place["step_free"] or rng.random() < 0.2, "accessible_toilet": place["accessible_toilet"],
            "induction_loop": place["induction_loop"], "sign_language": place["sign_language"],
            "created_at": verified, "updated_at": verified,
        }
        links = {
            "service_at_location": [{"organisation_id": organisation_id, "service_id": service_id,
                                     "location_id": location_id}],
            "service_taxonomy": [{"organisation_id": organisation_id, "service_id": service_id,
                                  "taxonomy_term_id": self.terms[code].id} for code in categories],
            "service_area": [{"organisation_id": organisation_id, "service_id": service_id,
                              "district_id": self.districts[code].id} for code in areas],
            "schedule": [{"organisation_id": organisation_id, "service_id": service_id, "weekday": hours["weekday"],
                          "opens_at": time.fromisoformat(hours["opens"]),
                          "closes_at": time.fromisoformat(hours["closes"])}
                         for hours in spec["hours"]],
            "phone": [{"organisation_id": organisation_id, "service_id": service_id, "number": phone["number"],
                       "description_pl": phone["description"]["pl"] if phone["description"] else None,
                       "is_24h": phone["is_24h"], "position": position}
                      for position, phone in enumerate(spec["phones"])],
        }
        category_terms = [self.terms[code] for code in categories]
        return service, location, links, names, texts, category_terms


def _bulk_load_settings(engine) -> None:
    """SQLite, for a bulk load: a big page cache and no fsync per commit, set as each connection opens
    (outside any transaction, where SQLite accepts them)."""
    from sqlalchemy import event

    from app.extensions import db

    @event.listens_for(engine, "connect")
    def _bulk(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA cache_size=-262144")
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    db.session.remove()
    engine.dispose()  # connections opened from now on get the settings


def insert(connection, table, rows: list[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL; on SQLite a plain executemany, straight to the driver for the
    word index (integers and bytes need no conversion) and through SQLAlchemy's types for the rest."""
    columns = list(rows[0])
    dialect = connection.dialect.name
    if dialect == "postgresql":
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    elif dialect == "sqlite" and table.name == "search_word":
        connection.exec_driver_sql(
            f"INSERT INTO search_word ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",  # noqa: S608
            [tuple(row[c] for c in columns) for row in rows])
    else:
        connection.execute(table.insert(), rows)


def generate(database_url: str, services: int, organisations: int, seed: int) -> dict[str, int]:
    """Create the catalogue; returns how many rows each table got."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.demo.listings import load_districts, load_taxonomy
    from app.extensions import db
    from app.models import (
        Location,
        Organisation,
        OrganisationKind,
        Phone,
        Schedule,
        SearchWord,
        Service,
        ServiceArea,
        ServiceAtLocation,
        ServiceTaxonomy,
    )
    from app.services.directory.index import category_texts, index_rows, search_columns
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    app = generating.portal_app(database_url)
    counts: dict[str, int] = {}
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if db.engine.dialect.name == "sqlite":
            _bulk_load_settings(db.engine)
        with system_scope("bench.generate"):
            if db.session.execute(select(func.count()).select_from(Service)).scalar_one():
                raise SystemExit("the database already holds services: give an empty one")
            districts = load_districts()
            terms = load_taxonomy()
            for term in terms.values():  # the parents, loaded now, for category_texts
                _ = term.parent
            db.session.commit()
            first_org = (db.session.execute(select(func.max(Organisation.id))).scalar() or 0) + 1
            kinds = [k for k in OrganisationKind if k != OrganisationKind.DEPARTMENT]
            org_rows = []
            for n in range(organisations):
                form, patron = rng.choice(ORG_FORMS), rng.choice(PATRONS)
                name = f"{form} „{patron}” {n + 1}"
                org_rows.append({"id": first_org + n, "slug": f"bench-{seed}-{n + 1}", "name": name,
                                 "kind": rng.choice(kinds), "city": "Miasto Demo", "is_active": rng.random() < 0.98,
                                 "is_verified": True, "is_demo": False, "created_at": GENERATED_AT,
                                 "updated_at": GENERATED_AT})
            db.session.execute(Organisation.__table__.insert(), org_rows)
            db.session.commit()
            counts["organisation"] = len(org_rows)
            catalogue = Catalogue(rng, terms, districts, [(r["id"], r["name"]) for r in org_rows])
            first_service = (db.session.execute(select(func.max(Service.id))).scalar() or 0) + 1
            first_location = (db.session.execute(select(func.max(Location.id))).scalar() or 0) + 1
            tables = {"service": Service.__table__, "location": Location.__table__,
                      "service_at_location": ServiceAtLocation.__table__, "service_taxonomy": ServiceTaxonomy.__table__,
                      "service_area": ServiceArea.__table__, "schedule": Schedule.__table__, "phone": Phone.__table__,
                      "search_word": SearchWord.__table__}
            started = clock.monotonic()
            for start in range(0, services, BATCH):
                rows: dict[str, list[dict]] = {name: [] for name in tables}
                for n in range(start, min(services, start + BATCH)):
                    service, location, links, names, texts, category_terms = catalogue.service(
                        first_service + n, first_location + n)
                    service["search_text"], service["search_name"] = search_columns(
                        names, texts, category_texts(category_terms))
                    rows["service"].append(service)
                    rows["location"].append(location)
                    for name, link_rows in links.items():
                        rows[name].extend(link_rows)
                    rows["search_word"].extend(index_rows(service["id"], service["organisation_id"], texts))
                connection = db.session.connection()
                for name, table in tables.items():  # parents before children
                    if rows[name]:
                        insert(connection, table, rows[name])
                        counts[name] = counts.get(name, 0) + len(rows[name])
                db.session.commit()
                done = min(services, start + BATCH)
                print(f"  {done:>7} services ({clock.monotonic() - started:.0f} s)", flush=True)
            generating.move_sequences(("organisation", "service", "location"))  # ids were given here
        generating.analyze()
    return counts


def main(argv=None) -> int:
    args = parse_args(argv)
    started = clock.monotonic()
    counts = generate(args.database_url, args.services, args.organisations, args.seed)
    rows = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    print(f"generated in {clock.monotonic() - started:.0f} s: {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
