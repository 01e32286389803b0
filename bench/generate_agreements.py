"""Fill a database with five years of agreements for the agreements bench.

    .venv/bin/python bench/generate_agreements.py sqlite:////tmp/agreements.db
    .venv/bin/python bench/generate_agreements.py postgresql+psycopg://postgres@127.0.0.1:5432/x --per-year 400

The schema is brought to the latest migration first; the database must hold no agreements yet. Creates the
department with one officer (two-factor sign-in), ``--organisations`` (150) organisations with valid KRS,
NIP and REGON numbers, four programmes with a city budget line per year (and an EU line for one), and for
each of ``--years`` (5) years ending with 2026, ``--per-year`` (400) agreements numbered WZ.526.n.year:

- 40 % grant agreements, each from an award to a submitted offer in one of the year's four decided calls
  (results published): two or three tranches — all paid in the past years; this year the first paid, the
  second approved (due) or scheduled; a tenth of the completed ones with a return of unused money (some
  late, with interest);
- 60 % service contracts per place-day, place-month, flat-month or hour: a monthly statement for each
  month of the year — approved with its tranche (paid; this year the last approved month still due), this
  year's last month submitted — never more than the contract's value;
- past years completed (a few terminated with a reason, their statements up to the month they ended);
  this year mostly in force, and some drafts, sent and accepted ones (no money yet);
- one signed agreement in twelve with an approved amendment (the period extended and the value raised,
  before and after kept), and this year one in fifty with a proposed one waiting;
- a final report due for each (accepted for the completed ones), a partial one for the grants; two
  indicator targets each; a district for most.

Rows go in with Core ``executemany`` in batches, ids assigned here (on PostgreSQL the sequences are moved past
them afterwards), in the system scope: a generator, not the portal's services. It ends with ``ANALYZE``.
Prints (and returns) what the bench needs: the officer's e-mail, the password and the TOTP secret (random
each run), the years, a programme and an organisation to filter by. The same ``--seed`` gives the same data.
"""

from __future__ import annotations

import calendar
import random
import secrets
import sys
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating

ROOT = generating.ROOT

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # fixed, so runs are identical
LAST_YEAR = 2026
CENT = Decimal("0.01")
GRANT_SHARE = 0.4
OFFICER_EMAIL = "officer@bench.example"
PROGRAMMES = (
    ("Program wspierania rodziny (bench)", "family_support"),
    ("Program profilaktyki i rozwiązywania problemów alkoholowych (bench)", "addictions"),
    ("Program ochrony zdrowia psychicznego (bench)", "health"),
    ("Program przeciwdziałania wykluczeniu społecznemu (bench)", "social_assistance"),
)
# (unit, price range in złoty, places range, units a place holds in a month, what it is)
CONTRACTS = (
    ("place_day", (35, 120), (4, 20), None, "Miejsca noclegowe"),
    ("place_month", (380, 650), (10, 40), 1, "Miejsca w świetlicy"),
    ("flat_month", (2200, 3600), (1, 4), 1, "Mieszkania chronione"),
    ("hour", (90, 180), (1, 3), 40, "Godziny poradnictwa"),
)
ORG_FORMS = ("Fundacja", "Stowarzyszenie", "Stowarzyszenie Pomocy", "Towarzystwo", "Spółdzielnia Socjalna",
             "Parafialny Zespół Caritas", "Fundacja Wspierania Rodzin", "Klub Integracji Społecznej")
PATRONS = ("Nadzieja", "Przystań", "Promyk", "Kotwica", "Arka", "Azyl", "Dobry Start", "Most", "Otwarte Drzwi",
           "Horyzont", "Razem", "Sąsiedzi", "Latarnia", "Ognisko", "Stokrotka", "Krok Dalej", "Źródło")
KINDS = ("ngo", "foundation", "association", "church", "shelter", "crisis_centre", "day_club", "self_help_group")


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), UTC)


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


@dataclass
class Rows:
    """Rows per table, with the next id of each."""

    next_id: dict[str, int]
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, row: dict) -> int:
        row_id = self.next_id.get(table, 1)
        self.next_id[table] = row_id + 1
        self.tables.setdefault(table, []).append({"id": row_id, **row})
        return row_id


class Generator:
    """Builds the rows of one run (organisations, programmes, calls, offers, awards, agreements and their parts)."""

    def __init__(self, rng: random.Random, rows: Rows, department_id: int, officer_id: int, districts: list[int]):
        self.rng, self.rows = rng, rows
        self.department_id, self.officer_id, self.districts = department_id, officer_id, districts

    # -- the registry and the money's sources ---------------------------------------------------------------------

    def organisations(self, count: int) -> list[int]:
        from app.validators import with_nip_checksum, with_regon_checksum

        ids = []
        for number in range(count):
            nip = None
            seed = 100_000_000 + number * 7_919
            while nip is None:
                nip = with_nip_checksum(f"{seed % 10**9:09d}")
                seed += 1
            name = f"{self.rng.choice(ORG_FORMS)} „{self.rng.choice(PATRONS)}” nr {number + 1}"
            ids.append(self.rows.add("organisation", {
                "slug": f"bench-org-{number + 1}", "name": name, "kind": self.rng.choice(KINDS),
                "krs": f"{number + 100001:010d}", "nip": nip, "regon": with_regon_checksum(f"{number + 30000000:08d}"),
                "street": f"ul. Wolności {number % 90 + 1}", "postal_code": "41-500", "city": "Chorzów",
                "email": f"org{number + 1}@bench.example", "is_verified": True, "is_active": True, "is_demo": False,
                "created_at": NOW, "updated_at": NOW}))
        return ids

    def programmes(self, years: list[int]) -> list[dict]:
        """Four programmes, each with a city budget line per year (and the first with an EU line too)."""
        made = []
        for position, (name, sphere) in enumerate(PROGRAMMES):
            programme_id = self.rows.add("programme", {
                "organisation_id": self.department_id, "name_pl": name, "first_year": years[0],
                "last_year": years[-1], "is_demo": False, "created_at": NOW, "updated_at": NOW})
            lines = {}
            for year in years:
                lines[year] = [self.rows.add("budget_line", {
                    "organisation_id": self.department_id, "programme_id": programme_id, "year": year,
                    "source": "city_budget", "task_pl": f"{name}: zadania zlecone {year}",
                    "amount": Decimal("40000000.00"), "created_at": NOW, "updated_at": NOW})]
                if position == 0:
                    lines[year].append(self.rows.add("budget_line", {
                        "organisation_id": self.department_id, "programme_id": programme_id, "year": year,
                        "source": "eu_funds", "task_pl": f"Projekt unijny {year}", "amount": Decimal("25000000.00"),
                        "created_at": NOW, "updated_at": NOW}))
            made.append({"id": programme_id, "sphere": sphere, "lines": lines, "name": name})
        return made

    def call(self, programme: dict, year: int, pool: Decimal) -> int:
        opens = _at(date(year - 1, 11, 2))
        return self.rows.add("call", {
            "organisation_id": self.department_id, "programme_id": programme["id"],
            "budget_line_id": programme["lines"][year][0], "title_pl": f"Konkurs ofert {year}: {programme['name']}",
            "task_pl": "Zadanie publiczne zlecone w konkursie ofert.", "sphere": programme["sphere"],
            "grant_mode": "support", "pool": pool, "own_share_percent": Decimal("10"), "in_kind_counts": True,
            "task_starts_on": date(year, 2, 1), "task_ends_on": date(year, 12, 15), "eligible_kinds": " ngo ",
            "opens_at": opens, "closes_at": opens + timedelta(days=30), "status": "decided", "published_at": opens,
            "commission_closed_at": opens + timedelta(days=50), "results_published_at": opens + timedelta(days=60),
            "is_demo": False, "created_at": opens, "updated_at": opens})

    # -- one agreement --------------------------------------------------------------------------------------------

    def status(self, year: int) -> str:
        draw = self.rng.random()
        if year < LAST_YEAR:
            return "terminated" if draw < 0.04 else "completed"
        for status, share in (("draft", 0.03), ("sent", 0.06), ("accepted", 0.09), ("terminated", 0.11)):
            if draw < share:
                return status
        return "in_force"

    def agreement(self, *, year: int, sequence: int, organisation_id: int, programme: dict, grant: dict | None,
                  contract: tuple | None, status: str) -> None:
        rng, rows = self.rng, self.rows
        starts = date(year, 2, 1) if grant else date(year, 1, 1)
        ends = date(year, 12, 15) if grant else date(year, 12, 31)
        line_id = rng.choice(programme["lines"][year])
        signed = status in ("in_force", "completed", "terminated")
        values = {
            "organisation_id": organisation_id, "kind": "grant" if grant else "service_contract", "status": status,
            "year": year, "sequence": sequence, "number": f"WZ.526.{sequence}.{year}", "programme_id": programme["id"],
            "starts_on": starts, "ends_on": ends, "district_id": rng.choice([*self.districts, None]),
            "return_days": 15, "is_demo": False, "created_by_id": self.officer_id,
            "created_at": _at(starts - timedelta(days=30)), "updated_at": _at(starts - timedelta(days=10)),
            "sent_at": _at(starts - timedelta(days=25)) if status != "draft" else None,
            "accepted_at": _at(starts - timedelta(days=20)) if status not in ("draft", "sent") else None,
            "signed_on": starts - timedelta(days=15) if signed else None,
            "signing_method": ("paper" if sequence % 3 else "qualified_signature") if signed else None,
            "completed_at": _at(date(year + 1, 2, 10)) if status == "completed" else None,
        }
        if grant:
            value = grant["amount"]
            values.update(title=grant["title"], subject="Realizacja zadania publicznego zgodnie z ofertą.",
                          award_id=grant["award_id"], grant_mode="support", own_contribution=_money(value / 9))
        else:
            unit, price, places, per_month, what = contract
            days = (ends - starts).days + 1
            units = Decimal(places * (days if unit == "place_day" else 12 * per_month))
            value = _money(units * price)
            values.update(title=f"{what} – {places} ({sequence}/{year})", unit=unit, unit_price=price,
                          units_planned=units, places=places, subject="Usługi zlecone zgodnie z umową.",
                          procurement_reference=f"WZ.271.{sequence}.{year} – usługi społeczne (art. 359 Pzp)")
        ended = None
        if status == "terminated":
            ended = _month_end(date(year, rng.randrange(3, 10 if year < LAST_YEAR else NOW.month - 1), 1))
            values.update(terminated_on=ended, termination_reason="Rozwiązanie umowy za porozumieniem stron: "
                                                                  "organizacja utraciła lokal.")
        before = {"starts_on": starts, "ends_on": ends, "value": value}
        amended = signed and sequence % 12 == 5  # an approved amendment: a month longer, a contract a tenth dearer
        if amended:
            values["ends_on"] = ends + timedelta(days=31)
            if not grant:
                value = _money(value * Decimal("1.1"))
                values["units_planned"] = _money(value / values["unit_price"])
        agreement_id = rows.add("agreement", values)
        funding_id = rows.add("agreement_funding", {"organisation_id": organisation_id, "agreement_id": agreement_id,
                                                    "budget_line_id": line_id, "amount": value})
        for position, (name, target, unit_name) in enumerate((("Osoby objęte wsparciem", 40, "osób"),
                                                               ("Godziny zajęć", 300, "godzin"))):
            rows.add("agreement_target", {"organisation_id": organisation_id, "agreement_id": agreement_id,
                                          "position": position, "name": name, "unit": unit_name,
                                          "target_value": Decimal(target + sequence % 20),
                                          "monitoring": "Listy obecności"})
        rows.add("report_due", {"organisation_id": organisation_id, "agreement_id": agreement_id, "kind": "final",
                                "period_ends_on": values["ends_on"], "due_on": values["ends_on"] + timedelta(days=30),
                                "accepted_at": _at(values["ends_on"] + timedelta(days=40))
                                if status == "completed" else None})
        partial = None
        if grant:
            partial = rows.add("report_due", {"organisation_id": organisation_id, "agreement_id": agreement_id,
                                              "kind": "partial", "period_ends_on": date(year, 6, 30),
                                              "due_on": date(year, 7, 15),
                                              "accepted_at": _at(date(year, 7, 20)) if date(year, 7, 20) < NOW.date()
                                              else None})
        key = {"organisation_id": organisation_id, "agreement_id": agreement_id, "funding_id": funding_id}
        if grant:
            self.tranches(key, value, year, status, partial)
        elif signed:
            self.statements(key, values, ended)
        if amended:
            self.amendment(key, before, {**before, "ends_on": values["ends_on"], "value": value}, line_id)
        elif status == "in_force" and sequence % 50 == 7:
            self.amendment(key, before, {**before, "ends_on": ends + timedelta(days=31)}, line_id, approved=False)

    def tranches(self, key: dict, value: Decimal, year: int, status: str, partial: int | None) -> None:
        """Two or three tranches; paid when their day has passed and the agreement is signed, else due or planned."""
        count = 2 + self.rng.randrange(2)
        first = _money(value * Decimal("0.5"))
        amounts = [first] + ([value - first] if count == 2 else
                             [_money((value - first) / 2), value - first - _money((value - first) / 2)])
        days = [date(year, 2, 10), date(year, 7, 25), date(year, 10, 1)][:count]
        signed = status in ("in_force", "completed", "terminated")
        for number, (amount, due_on) in enumerate(zip(amounts, days, strict=True)):
            state = "scheduled"
            if signed and due_on < NOW.date() - timedelta(days=20):
                state = "paid"
            elif signed and due_on < NOW.date():
                state = "approved"
            if status == "terminated" and number > 0:
                state = "scheduled"
            self.rows.add("tranche", {**key, "due_on": due_on, "amount": amount, "state": state,
                                      "report_due_id": partial if number == 1 else None,
                                      "approved_at": _at(due_on - timedelta(days=3)) if state != "scheduled" else None,
                                      "approved_by_id": self.officer_id if state != "scheduled" else None,
                                      "paid_on": due_on if state == "paid" else None,
                                      "payment_reference": f"PP/{year}/{key['agreement_id']}/{number + 1}"
                                      if state == "paid" else None, "created_at": NOW, "updated_at": NOW})
        if status == "completed" and key["agreement_id"] % 10 == 3:
            late = key["agreement_id"] % 20 == 3
            due = date(year, 12, 30)
            self.rows.add("refund", {**key, "amount": _money(value * Decimal("0.03")), "due_on": due,
                                     "returned_on": due + timedelta(days=21 if late else -5),
                                     "interest": _money(value * Decimal("0.0002")) if late else Decimal("0.00"),
                                     "note": "Niewykorzystana część dotacji.", "recorded_by_id": self.officer_id,
                                     "recorded_at": _at(due + timedelta(days=25))})

    def statements(self, key: dict, contract: dict, ended: date | None) -> None:
        """A statement for each month up to the last (or the one the contract ended in): approved with its tranche
        — paid, the newest approved one due this year — and this year's last month submitted."""
        year = contract["year"]
        last = 12 if year < LAST_YEAR else NOW.month - 1
        if ended is not None:
            last = min(last, ended.month)
        price = contract["unit_price"]
        for month_number in range(1, last + 1):
            month = date(year, month_number, 1)
            days = calendar.monthrange(year, month_number)[1]
            full = contract["places"] * (days if contract["unit"] == "place_day" else
                                         contract["units_planned"] / 12 / contract["places"])
            units = _money(Decimal(full) * Decimal(self.rng.randrange(70, 101)) / 100)
            submitted = _at(date(year + month_number // 12, month_number % 12 + 1, 5))
            open_month = year == LAST_YEAR and ended is None and month_number == last
            statement_id = self.rows.add("statement", {
                **{k: key[k] for k in ("organisation_id", "agreement_id")}, "month": month, "units": units,
                "status": "submitted" if open_month else "approved", "submitted_at": submitted,
                "submitted_by_id": None, "decided_at": None if open_month else submitted + timedelta(days=5),
                "decided_by_id": None if open_month else self.officer_id, "created_at": submitted,
                "updated_at": submitted})
            if open_month:
                continue
            decided = (submitted + timedelta(days=5)).date()
            state = "approved" if year == LAST_YEAR and ended is None and month_number == last - 1 else "paid"
            self.rows.add("tranche", {**key, "statement_id": statement_id, "due_on": decided + timedelta(days=14),
                                      "amount": _money(units * price), "state": state,
                                      "approved_at": _at(decided), "approved_by_id": self.officer_id,
                                      "paid_on": decided + timedelta(days=10) if state == "paid" else None,
                                      "payment_reference": f"PP/{year}/{key['agreement_id']}/{month_number:02d}"
                                      if state == "paid" else None, "created_at": NOW, "updated_at": NOW})

    def amendment(self, key: dict, was: dict, becomes: dict, line_id: int, *, approved: bool = True) -> None:
        """An amendment from the terms it ``was`` to what it ``becomes``: approved (with its before and after) or
        proposed (the changes only)."""
        def terms(state: dict) -> dict:  # the shape of app.services.agreements.amendments.terms_of
            return {"starts_on": state["starts_on"].isoformat(), "ends_on": state["ends_on"].isoformat(),
                    "value": str(state["value"]),
                    "funding": [{"budget_line_id": line_id, "amount": str(state["value"])}],
                    "targets": [], "partial_reports": [],
                    "final_report": (state["ends_on"] + timedelta(days=30)).isoformat()}

        before, after = terms(was), terms(becomes)
        changes = {name: after[name] for name in ("starts_on", "ends_on", "funding") if after[name] != before[name]}
        proposed = was["starts_on"] + timedelta(days=120)
        self.rows.add("amendment", {
            **{k: key[k] for k in ("organisation_id", "agreement_id")}, "number": 1, "proposed_by": "department",
            "proposed_by_id": self.officer_id, "reason": "Przedłużenie realizacji i zwiększenie wartości umowy.",
            "changes": changes, "status": "approved" if approved else "proposed",
            "before": before if approved else None, "after": after if approved else None,
            "decided_at": _at(proposed + timedelta(days=7)) if approved else None,
            "decision_note": "Aneks podpisany." if approved else None,
            "created_at": _at(proposed), "updated_at": _at(proposed)})


def _grants(generator: Generator, year: int, programme: dict, organisations: list[int], count: int,
            sequence: int) -> list[dict]:
    """The year's call of one programme with ``count`` submitted offers, each funded by an award."""
    rng, rows = generator.rng, generator.rows
    amounts = [Decimal(rng.randrange(8_000, 120_000)) for _ in range(count)]
    call_id = generator.call(programme, year, sum(amounts, Decimal(0)))
    grants = []
    for number, amount in enumerate(amounts):
        organisation_id = rng.choice(organisations)
        title = f"{programme['name'].split(' (')[0]}: zadanie {number + 1} ({year})"
        submitted = _at(date(year - 1, 11, 25))
        offer_id = rows.add("offer", {
            "organisation_id": organisation_id, "kind": "call", "call_id": call_id, "status": "submitted",
            "receipt_number": f"OK/{year}/{call_id}/{number + 1:04d}", "submitted_at": submitted,
            "applicant": {"name": f"Organizacja {organisation_id}"}, "title": title,
            "summary": "Zajęcia, poradnictwo i wsparcie dla mieszkańców.", "starts_on": date(year, 2, 1),
            "ends_on": date(year, 12, 15), "place": "Chorzów", "target_group": "Mieszkańcy",
            "requested_grant": amount, "own_financial": _money(amount / 9), "own_in_kind": Decimal("0"),
            "recipients_payments": Decimal("0"), "other_funds": Decimal("0"), "statements_accepted": True,
            "formal_outcome": "passed", "formal_checked_at": submitted + timedelta(days=10),
            "decided_at": submitted + timedelta(days=50), "is_demo": False, "created_at": submitted,
            "updated_at": submitted})
        award_id = rows.add("award", {
            "organisation_id": generator.department_id, "offer_id": offer_id, "call_id": call_id,
            "budget_line_id": programme["lines"][year][0], "amount": amount, "state": "awarded",
            "decided_by_id": generator.officer_id, "is_demo": False, "created_at": submitted, "updated_at": submitted})
        grants.append({"organisation_id": organisation_id, "amount": amount, "award_id": award_id, "title": title,
                       "sequence": sequence + number})
    return grants


def _insert(connection, tables: dict, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Insert every table's rows (parents first) in batches of 2,000; how many went into each."""
    counts = {}
    for name, table in tables.items():
        batch = rows.get(name, [])
        columns = sorted({column for row in batch for column in row})  # one statement: the same keys in each row
        batch = [{column: row.get(column) for column in columns} for row in batch]
        for start in range(0, len(batch), 2000):
            connection.execute(table.insert(), batch[start:start + 2000])
        counts[name] = len(batch)
    return counts


def generate(database_url: str, years: int, per_year: int, organisations: int, seed: int) -> dict[str, object]:
    """Create the data; returns the sign-in details, the filters to use and how many rows each table got."""
    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.demo.listings import load_districts
    from app.extensions import db
    from app.models import Agreement
    from app.passwords import hash_password
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    password_text, totp_secret = secrets.token_urlsafe(18), pyotp.random_base32()
    all_years = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    app = generating.portal_app(database_url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with system_scope("bench.generate_agreements"):
            if db.session.execute(select(func.count()).select_from(Agreement)).scalar_one():
                raise SystemExit("the database already holds agreements: give an empty one")
            districts = sorted(district.id for district in load_districts().values())
            department, officer = generating.department_and_officer(
                slug="bench-department", name="Wydział Zdrowia i Pomocy Społecznej", email=OFFICER_EMAIL,
                password_hash=hash_password(password_text), totp_secret=totp_secret, at=NOW)
            db.session.commit()

            tables = {table.name: table for table in db.metadata.sorted_tables if table.name in {
                "organisation", "programme", "budget_line", "call", "offer", "award", "agreement",
                "agreement_funding", "agreement_target", "report_due", "statement", "tranche", "refund", "amendment"}}
            next_id = {name: (db.session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
                       for name, table in tables.items()}
            rows = Rows(next_id)
            generator = Generator(rng, rows, department.id, officer.id, districts)
            org_ids = generator.organisations(organisations)
            programmes = generator.programmes(all_years)
            started = clock.monotonic()
            for year in all_years:
                grants_per_programme = round(per_year * GRANT_SHARE / len(programmes))
                sequence = 1
                for programme in programmes:
                    for grant in _grants(generator, year, programme, org_ids, grants_per_programme, sequence):
                        generator.agreement(year=year, sequence=grant["sequence"],
                                            organisation_id=grant["organisation_id"], programme=programme,
                                            grant=grant, contract=None, status=generator.status(year))
                    sequence += grants_per_programme
                while sequence <= per_year:
                    unit, prices, places, per_month, what = rng.choice(CONTRACTS)
                    contract = (unit, _money(rng.randrange(prices[0] * 100, prices[1] * 100) / 100),
                                rng.randrange(places[0], places[1] + 1), per_month, what)
                    generator.agreement(year=year, sequence=sequence, organisation_id=rng.choice(org_ids),
                                        programme=rng.choice(programmes), grant=None, contract=contract,
                                        status=generator.status(year))
                    sequence += 1
            counts = _insert(db.session.connection(), tables, rows.tables)
            db.session.commit()
            generating.move_sequences(tables)  # ids were given here
            print(f"  generated in {clock.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        generating.analyze()
    return {"officer": OFFICER_EMAIL, "password": password_text, "totp_secret": totp_secret, "years": all_years,
            "programme_id": programmes[0]["id"], "organisation_id": org_ids[0], "counts": counts}


def main(argv=None) -> int:
    parser = generating.make_parser(__doc__, "agreements")
    parser.add_argument("--years", type=int, default=5, help=f"years ending with {LAST_YEAR} (default 5)")
    parser.add_argument("--per-year", type=int, default=400, help="agreements a year (default 400)")
    parser.add_argument("--organisations", type=int, default=150, help="organisations (default 150)")
    args = parser.parse_args(argv)
    if args.years < 1 or args.per_year < 10 or args.organisations < 1:
        parser.error("need at least one year, ten agreements a year and one organisation")
    started = clock.monotonic()
    made = generate(args.database_url, args.years, args.per_year, args.organisations, args.seed)
    generating.print_made(made, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
