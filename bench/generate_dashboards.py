"""Fill a database for the dashboards bench: five years of agreements, each with ten indicator targets and four
reports with their figures.

    .venv/bin/python bench/generate_dashboards.py sqlite:////tmp/dashboards.db
    .venv/bin/python bench/generate_dashboards.py postgresql+psycopg://postgres@127.0.0.1:5432/x --per-year 500

First the agreements bench's generator (bench/generate_agreements.py: organisations, programmes, budget lines,
``--per-year`` agreements a year with their money, two targets and one or two reports due each). Then, for every
signed agreement:

- eight more targets (ten in all) from a list of twelve results, so that targets of the same name and unit add up
  across agreements;
- reports due up to four (partial ones every quarter before the final one);
- a report for each due already past (the generator's fixed "now", 2 November 2026): most accepted, one in nine
  returned with comments, one in thirteen waiting for review; a version for each submission (the first on time or
  up to three weeks late);
- the figures of each submitted report: the actual of each of its ten targets, the people reached in all, by
  three groups, a district (or "outside"), two age bands and two sexes — accepted with the report.

Rows go in with Core ``executemany`` in batches, as in the agreements generator; it ends with ``ANALYZE``. Prints
the agreements generator's JSON answer with this generator's counts added.
"""

from __future__ import annotations

import random
import sys
import time as clock
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_agreements as base
import generating

ROOT = base.ROOT
NOW = base.NOW
REPORTS_PER_AGREEMENT = 4
TARGETS_PER_AGREEMENT = 10
RESULTS = (("Osoby objęte wsparciem", 40, "osób"), ("Godziny zajęć", 300, "godzin"),
           ("Porady indywidualne", 120, "porad"), ("Rodziny objęte wsparciem", 25, "rodzin"),
           ("Warsztaty grupowe", 24, "warsztatów"), ("Noclegi udzielone", 900, "noclegów"),
           ("Posiłki wydane", 2000, "posiłków"), ("Interwencje kryzysowe", 60, "interwencji"),
           ("Wolontariusze zaangażowani", 15, "osób"), ("Dzieci na wypoczynku", 30, "dzieci"),
           ("Konsultacje psychologiczne", 200, "konsultacji"), ("Spotkania grup wsparcia", 48, "spotkań"))
GROUPS = ("children", "youth", "families", "women", "seniors", "disabilities", "homelessness", "addictions",
          "violence", "refugees")
AGES = ("0_6", "7_17", "18_29", "30_59", "60_plus")
SIGNED = ("in_force", "completed", "terminated")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def add_reports(database_url: str, seed: int) -> dict[str, int]:
    """Targets, reports due, reports, versions and figures for every signed agreement (see the module's text)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.tenancy import system_scope

    rng = random.Random(seed + 7)  # noqa: S311 - repeatable sample data
    app = generating.portal_app(database_url)
    with app.app_context(), system_scope("bench.generate_dashboards"):
        tables = {table.name: table for table in db.metadata.sorted_tables if table.name in {
            "agreement_target", "report_due", "report", "report_version", "report_figure"}}
        next_id = {name: (db.session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
                   for name, table in tables.items()}
        rows = base.Rows(next_id)
        meta = db.metadata.tables
        agreements = db.session.execute(
            select(meta["agreement"].c.id, meta["agreement"].c.organisation_id, meta["agreement"].c.status,
                   meta["agreement"].c.starts_on, meta["agreement"].c.ends_on, meta["agreement"].c.district_id)
            .where(meta["agreement"].c.status.in_(SIGNED)).order_by(meta["agreement"].c.id)).all()
        targets: dict[int, list[tuple[int, Decimal]]] = {}
        for agreement_id, target_id, value in db.session.execute(
                select(meta["agreement_target"].c.agreement_id, meta["agreement_target"].c.id,
                       meta["agreement_target"].c.target_value)):
            targets.setdefault(agreement_id, []).append((target_id, value))
        dues: dict[int, list[tuple[int, str, date]]] = {}
        for due_id, agreement_id, kind, due_on in db.session.execute(
                select(meta["report_due"].c.id, meta["report_due"].c.agreement_id, meta["report_due"].c.kind,
                       meta["report_due"].c.due_on)):
            dues.setdefault(agreement_id, []).append((due_id, kind, due_on))
        for agreement_id, organisation_id, _status, starts_on, _ends_on, district_id in agreements:
            own = targets.setdefault(agreement_id, [])
            names = rng.sample(RESULTS[2:], TARGETS_PER_AGREEMENT - len(own))
            for position, (name, value, unit) in enumerate(names, start=len(own)):
                target = Decimal(value + agreement_id % 10)
                own.append((rows.add("agreement_target", {
                    "organisation_id": organisation_id, "agreement_id": agreement_id, "position": position,
                    "name": name, "unit": unit, "target_value": target, "monitoring": "Rejestr"}), target))
            have = dues.setdefault(agreement_id, [])
            quarter = 1
            while len(have) < REPORTS_PER_AGREEMENT:
                due_on = date(starts_on.year, min(3 * quarter, 12), 28) + timedelta(days=15)
                quarter += 1
                if any(existing == due_on for _id, _kind, existing in have):
                    continue
                due_id = rows.add("report_due", {"organisation_id": organisation_id, "agreement_id": agreement_id,
                                                 "kind": "partial", "period_ends_on": due_on - timedelta(days=15),
                                                 "due_on": due_on, "accepted_at": None})
                have.append((due_id, "partial", due_on))
            for due_id, kind, due_on in have:
                if due_on >= NOW.date():
                    continue
                roll = (agreement_id + due_id) % 117
                state = "returned" if roll % 9 == 0 else "submitted" if roll % 13 == 0 else "accepted"
                late = rng.choice((0, 0, 0, 0, 3, 9, 21))
                first = _at(due_on - timedelta(days=2) + timedelta(days=late))
                versions = 2 if state == "returned" or roll % 5 == 0 else 1
                report_id = rows.add("report", {
                    "organisation_id": organisation_id, "agreement_id": agreement_id, "report_due_id": due_id,
                    "status": state, "content": {}, "saved_at": first, "submitted_at": first, "is_demo": False,
                    "decided_at": first + timedelta(days=10) if state != "submitted" else None,
                    "created_at": first - timedelta(days=5), "updated_at": first})
                for number in range(1, versions + 1):
                    last = number == versions
                    decision = ("accepted" if state == "accepted" else "returned" if state == "returned" else None) \
                        if last else "returned"
                    rows.add("report_version", {
                        "organisation_id": organisation_id, "report_id": report_id, "number": number, "content": {},
                        "submitted_at": first + timedelta(days=12 * (number - 1)), "decision": decision,
                        "decided_at": first + timedelta(days=12 * (number - 1) + 10) if decision else None,
                        "comments": {}})
                accepted = state == "accepted"
                share = Decimal(rng.randrange(40, 121)) / 100 * (Decimal(1) if kind == "final" else Decimal("0.5"))
                people = rng.randrange(10, 80)

                def figure(kind_, key, value, *, report_id=report_id, accepted=accepted, agreement_id=agreement_id,
                           organisation_id=organisation_id):
                    rows.add("report_figure", {"organisation_id": organisation_id, "report_id": report_id,
                                               "agreement_id": agreement_id, "accepted": accepted, "kind": kind_,
                                               "key": str(key), "value": Decimal(value).quantize(Decimal("0.01"))})

                for target_id, target in own:
                    figure("result", target_id, (target or 0) * share)
                figure("people", "total", people)
                for group in rng.sample(GROUPS, 3):
                    figure("group", group, people // 3)
                figure("district", district_id if district_id and rng.random() < 0.9 else "outside", people)
                figure("age", rng.choice(AGES[:2]), people // 2)
                figure("age", rng.choice(AGES[2:]), people - people // 2)
                figure("sex", "women", people // 2)
                figure("sex", "men", people - people // 2)
        counts = base._insert(db.session.connection(), tables, rows.tables)
        # A due carries the time its report was accepted, as the review sets it (none without an accepted report).
        report, due = meta["report"], meta["report_due"]
        accepted_at = select(report.c.decided_at).where(report.c.report_due_id == due.c.id,
                                                        report.c.status == "accepted").scalar_subquery()
        db.session.connection().execute(due.update().values(accepted_at=accepted_at))
        db.session.commit()
        generating.move_sequences(tables)
        generating.analyze()
    return counts


def main(argv=None) -> int:
    parser = generating.make_parser(__doc__, "dashboards")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-year", type=int, default=500)
    parser.add_argument("--organisations", type=int, default=150)
    args = parser.parse_args(argv)
    started = clock.monotonic()
    made = base.generate(args.database_url, args.years, args.per_year, args.organisations, args.seed)
    counts = add_reports(args.database_url, args.seed)
    made["counts"] = {**made["counts"], **{f"+{name}": count for name, count in counts.items()}}
    generating.print_made(made, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
