"""Fill a database for the capacity bench: 500 units of places with a year of hourly updates, and 50,000 referrals.

    .venv/bin/python bench/generate_capacity.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_h2
    .venv/bin/python bench/generate_capacity.py sqlite:////tmp/capacity.db --units 50 --referrals 1000

The schema is brought to the latest migration first; the database must hold no capacity unit yet. Creates the
department with one officer (two-factor sign-in), ``--organisations`` (50) organisations, each with a staff member,
a shelter service open day and night and a day service, a location in one of the city's districts (one in five
confidential), and ``--units`` (500) units spread over them — every kind, who they serve, 4 to 40 places. Each unit
gets ``--days`` (365) days of hourly updates ending now (+1, −1 or a confirmation, the occupancy a random walk
inside its places; a twentieth of the units stop 30 hours early: stale), its ``OccupancyDay`` rows (the day's
highest and last occupancy, Europe/Warsaw days) and counts that match its last update. Then ``--referrals``
(50,000) referrals between the organisations, "S/{year}/{sequence:06d}", in every state.

The bulk rows go in with COPY on PostgreSQL (Core ``executemany`` in batches elsewhere), ids assigned by the
database, in the system scope: a generator, not the portal's services (which the bench's write test uses). It ends
with ``ANALYZE``. Prints (and returns) as JSON what the bench needs: the officer's e-mail, the password and TOTP
secret (random each run) and the row counts. The same ``--seed`` gives the same data.
"""

from __future__ import annotations

import random
import secrets
import sys
import time as clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating

ROOT = generating.ROOT

WARSAW = ZoneInfo("Europe/Warsaw")
OFFICER_EMAIL = "officer@capacity.bench.example"
BATCH = 50_000
KINDS = ("shelter_bed", "night_shelter", "crisis_hotel", "protected_flat", "day_club", "social_welfare_home")
SERVES = ("women", "men", "mothers_with_children", "families", "youth", "seniors", "wheelchair_users")
STATUSES = (("sent", 10), ("accepted", 15), ("declined", 15), ("completed", 50), ("cancelled", 10))


def _copy(connection, table, columns: list[str], rows) -> int:
    """Write ``rows`` (tuples in ``columns``' order) to ``table``: COPY on PostgreSQL, executemany elsewhere."""
    count = 0
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
                f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    for row in rows:
        batch.append(dict(zip(columns, row, strict=True)))
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def generate(database_url: str, *, organisations: int, units: int, days: int, referrals: int,
             seed: int) -> dict[str, object]:
    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.demo.listings import load_districts
    from app.extensions import db
    from app.models import (
        CapacityUnit,
        Location,
        Membership,
        OccupancyDay,
        OccupancyUpdate,
        Organisation,
        OrganisationKind,
        Referral,
        Role,
        Service,
        User,
    )
    from app.passwords import hash_password
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    password_text, totp_secret = secrets.token_urlsafe(18), pyotp.random_base32()
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    app = generating.portal_app(database_url)
    counts: dict[str, int] = {}
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with system_scope("bench.generate_capacity"):
            if db.session.execute(select(func.count()).select_from(CapacityUnit)).scalar_one():
                raise SystemExit("the database already holds capacity units: give an empty one")
            districts = sorted(district.id for district in load_districts().values())
            password_hash = hash_password(password_text)
            generating.department_and_officer(
                slug="capacity-bench-department", name="Wydział Zdrowia i Pomocy Społecznej", email=OFFICER_EMAIL,
                password_hash=password_hash, totp_secret=totp_secret, at=now)
            orgs = []
            for number in range(1, organisations + 1):
                org = Organisation(slug=f"capacity-bench-{number}", name=f"Organizacja {number:03d} (bench)",
                                   kind=OrganisationKind.SHELTER)
                db.session.add(org)
                db.session.flush()
                staff = User(email=f"staff{number}@capacity.bench.example", full_name=f"Pracownik {number}",
                             locale="pl", password_hash=password_hash)
                db.session.add(staff)
                db.session.flush()
                db.session.add(Membership(user_id=staff.id, organisation_id=org.id, role=Role.STAFF))
                place = Location(organisation_id=org.id, name=f"Siedziba {number}", city="Miasto",
                                 district_id=rng.choice(districts), is_confidential=number % 5 == 0)
                shelter = Service(organisation_id=org.id, name_pl=f"Schronienie {number}",
                                  description_pl="Miejsca noclegowe i schronienie.", always_open=True)
                club = Service(organisation_id=org.id, name_pl=f"Klub dzienny {number}",
                               description_pl="Klub dzienny.")
                db.session.add_all([place, shelter, club])
                db.session.flush()
                orgs.append({"id": org.id, "staff": staff.id, "location": place.id, "services": [shelter.id, club.id]})
            made_units = []
            for number in range(units):
                org = orgs[number % len(orgs)]
                kind = KINDS[number % len(KINDS)]
                unit = CapacityUnit(organisation_id=org["id"], name=f"Jednostka {number + 1:03d}", kind=kind,
                                    service_id=org["services"][1 if kind == "day_club" else 0],
                                    location_id=org["location"], total=rng.randrange(4, 41),
                                    serves=" " + " ".join(rng.sample(SERVES, rng.randrange(1, 3))) + " ")
                db.session.add(unit)
                made_units.append((unit, org))
            db.session.flush()
            # Plain values: the COPY below holds the connection, so nothing may load a row while it runs.
            plain = [(unit.id, unit.total, org) for unit, org in made_units]
            db.session.commit()
            counts.update(organisation=organisations + 1, capacity_unit=units)

            started = clock.monotonic()
            hours = days * 24
            first = now - timedelta(hours=hours - 1)
            moments = [first + timedelta(hours=hour) for hour in range(hours)]
            local_days = [moment.astimezone(WARSAW).date() for moment in moments]
            finals: dict[int, tuple[int, datetime, int]] = {}
            day_rows: list[tuple] = []

            def updates():
                for index, (unit_id, total, org) in enumerate(plain):
                    stop = hours - 30 if index % 20 == 7 else hours  # a twentieth: stale
                    occupied = rng.randrange(0, total + 1)
                    day, high, last = None, 0, 0
                    for hour in range(stop):
                        step = rng.random()
                        if step < 0.4 and occupied < total:
                            occupied, change = occupied + 1, "plus"
                        elif step < 0.8 and occupied > 0:
                            occupied, change = occupied - 1, "minus"
                        else:
                            change = "confirmed"
                        if local_days[hour] != day:
                            if day is not None:
                                day_rows.append((unit_id, org["id"], day, high, last, total))
                            day, high = local_days[hour], occupied
                        high, last = max(high, occupied), occupied
                        yield (org["id"], unit_id, moments[hour], org["staff"], change, total, occupied, 0, 0)
                    day_rows.append((unit_id, org["id"], day, high, last, total))
                    finals[unit_id] = (occupied, moments[stop - 1], org["staff"])

            connection = db.session.connection()
            counts["occupancy_update"] = _copy(
                connection, OccupancyUpdate.__table__,
                ["organisation_id", "unit_id", "at", "author_id", "change", "total", "occupied", "reserved",
                 "out_of_service"], updates())
            counts["occupancy_day"] = _copy(
                connection, OccupancyDay.__table__,
                ["unit_id", "organisation_id", "day", "occupied_max", "occupied_last", "in_service_last"], day_rows)
            unit_of = {}
            for unit_id, _total, org in plain:
                unit_of.setdefault(org["id"], []).append(unit_id)

            def referral_rows():
                weights = [weight for _status, weight in STATUSES]
                names = [status for status, _weight in STATUSES]
                for sequence in range(1, referrals + 1):
                    source, target = rng.sample(orgs, 2)
                    sent = now - timedelta(minutes=rng.randrange(10, 365 * 24 * 60))
                    status = rng.choices(names, weights)[0]
                    unit_id = rng.choice(unit_of[target["id"]]) if unit_of.get(target["id"]) and rng.random() < .7 \
                        else None
                    closed = sent + timedelta(days=rng.randrange(1, 20)) if status in (
                        "declined", "completed", "cancelled") else None
                    yield (target["id"], f"S/{sent.year}/{sequence:06d}", source["id"], target["services"][0],
                           unit_id, status, rng.choice(("immediate", "urgent", "routine")),
                           f"K-{sequence:06d}", rng.choice(("shelter", "crisis_support", "food")),
                           rng.choice(("18_25", "26_59", "60_plus")), rng.random() < 0.2, "person", "oral", sent,
                           source["staff"], "Pracownik socjalny", sent, source["staff"], sent + timedelta(hours=8),
                           sent + timedelta(hours=2) if status != "sent" else None,
                           "no_free_place" if status == "declined" else None,
                           "helped" if status == "completed" else None,
                           "no_longer_needed" if status == "cancelled" else None, closed, False, False, sent, sent)

            counts["referral"] = _copy(
                connection, Referral.__table__,
                ["organisation_id", "reference", "referring_organisation_id", "service_id", "capacity_unit_id",
                 "status", "urgency", "case_code", "needs", "age_band", "with_children", "consent_given_by",
                 "consent_method", "consent_at", "consent_recorded_by_id", "contact_name", "sent_at", "sent_by_id",
                 "respond_by", "responded_at", "decline_reason", "outcome", "cancel_reason", "closed_at",
                 "place_reserved", "is_demo", "created_at", "updated_at"], referral_rows())
            for unit, _org in made_units:
                occupied, at, author = finals[unit.id]
                unit.occupied, unit.counted_at, unit.counted_by_id = occupied, at, author
            db.session.commit()
            print(f"  generated in {clock.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        generating.analyze()
    return {"officer": OFFICER_EMAIL, "password": password_text, "totp_secret": totp_secret, "counts": counts,
            "first_day": date.isoformat(local_days[0])}


def main(argv=None) -> int:
    parser = generating.make_parser(__doc__, "capacity")
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--referrals", type=int, default=50_000)
    args = parser.parse_args(argv)
    if args.organisations < 2 or args.units < 1 or args.days < 2:
        parser.error("need two organisations, one unit and two days at least")
    started = clock.monotonic()
    made = generate(args.database_url, organisations=args.organisations, units=args.units, days=args.days,
                    referrals=args.referrals, seed=args.seed)
    generating.print_made(made, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
