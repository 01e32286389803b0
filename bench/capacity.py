"""Capacity bench: 500 units with a year of hourly updates and 50,000 referrals — the department's board, the public
"places tonight" page, and occupancy updates from concurrent clients.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_h2'      # any name: it is dropped and made again
    .venv/bin/python bench/capacity.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_h2
    .venv/bin/python bench/capacity.py --units 50 --days 30 --referrals 1000 --duration 5s    # a quick check (SQLite)

Generates the data (bench/generate_capacity.py: 50 organisations, 500 units, 365 × 24 updates each — about
4.4 million ``OccupancyUpdate`` rows and 182,500 ``OccupancyDay`` rows, written with COPY — and 50,000 referrals),
starts the portal and the bare app (bench/bare_app.py) under gunicorn with two workers, signs a department officer
in over HTTP (password and authenticator code) and runs ``wrk -t2 -c32 -d20s`` against the bare app's "/", the
department's board ``/console/capacity/`` (every unit, the totals and 14 days of the chart) and the public
``/places-tonight`` — when the route exists; otherwise a notice says it was skipped.

Then the write test (``--write-seconds``, 10): ``--write-clients`` (16) clients — threads in ``--write-processes``
(4) processes — change the occupancy of
``--write-units`` (20) units through ``app.services.capacity.occupancy.change_occupancy`` — one unit of work each,
as a request would: the unit's row lock, the update, the day, the audit entry, the commit — paced together at
``--write-rate`` (200) changes a second. It prints the achieved rate and latency, and checks that each unit's final
count equals its count before plus the sum of the changes committed (no lost update) and that every change left
its ``OccupancyUpdate``.

Targets: p99 ≤ 150 ms on both pages with no errors; the write rate reached with no lost update. PostgreSQL: the
database named in the URL is created here and dropped at the end. Helpers come from bench/run.py,
bench/evaluation.py (signing in) and bench/wrk_plan.py (the measuring loop).
"""

from __future__ import annotations

import random
import statistics
import sys
import threading
import time
import urllib.error
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import evaluation
import generating
import run as bench
import wrk_plan

TARGET_P99_MS = 150.0
BOARD_PATH = "/console/capacity/"
PUBLIC_PATH = "/places-tonight"
GENERATE_TIMEOUT = 3600


def generate(url: str, args, tmp: Path) -> tuple[dict[str, str], dict[str, object]]:
    """The portal's settings and schema, then the data: (env, the generator's JSON answer)."""
    what = f"{args.units} units × {args.days} days of hourly updates, {args.referrals} referrals"
    return bench.prepare_and_generate(tmp, url, "generate_capacity.py", GENERATE_TIMEOUT, what=what, echo=True,
                                      organisations=args.organisations, units=args.units, days=args.days,
                                      referrals=args.referrals, seed=args.seed)


def page_there(url: str, cookie: str | None) -> dict[str, object] | None:
    """One request to a measured page: its check, or None when the route is not there (404)."""
    try:
        page = bench.check_page(url, {"Cookie": cookie} if cookie else None)
    except urllib.error.HTTPError as answer:
        if answer.code == 404:
            return None
        raise bench.BenchError(f"{url} answered HTTP {answer.code}, expected 200") from None
    if page["status"] == 404:
        return None
    if page["status"] != 200:
        raise bench.BenchError(f"{url} answered HTTP {page['status']}, expected 200")
    return page


def measure_pages(url: str, args, tmp: Path, env: dict[str, str], made: dict) -> dict[str, object]:
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp) as (servers, bare, portal):
        cookie = evaluation.sign_in(portal.base_url, made["officer"], made["password"], made["totp_secret"])
        plan = [("bare", "bare /", bare, "/", None),
                ("board", f"board ({args.units} units)", portal, BOARD_PATH, cookie),
                ("public", "places tonight", portal, PUBLIC_PATH, None)]
        pages, skipped = {}, []
        for key, _label, server, path, page_cookie in plan:
            found = page_there(server.base_url + path, page_cookie)
            if found is None:
                if key != "public":
                    raise bench.BenchError(f"{path} answered HTTP 404 (is the route there?)")
                print(f"NOTICE: {path} is not there (404): skipped", flush=True)
                skipped.append(path)
            else:
                pages[key] = found
        plan = [step for step in plan if step[0] in pages]
        runs = wrk_plan.measure_plan(plan, servers, args)
        return {"pages": pages, "skipped": skipped, "runs": runs, "summary": bench.summarise(runs),
                "memory": {"bare": bare.memory(), "portal": portal.memory()}}


def _app(url: str, pool: int, **config):
    """The portal's app (development settings) on ``url`` with a pool of ``pool`` connections; ``config`` on top."""
    return generating.portal_app(url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": pool, "max_overflow": 0}, **config)


def _writer(url: str, process_no: int, plan: dict, queue) -> None:
    """One client process: its threads, each a client pacing itself on the common schedule, changing the units
    through the service; what committed goes back on ``queue``."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Membership, OccupancyChange, User
    from app.permissions import Actor
    from app.services import ServiceError
    from app.services.capacity.occupancy import change_occupancy
    from app.tenancy import organisation_scope
    from app.unit_of_work import unit_of_work

    threads_here = plan["clients_per_process"]
    app = _app(url, threads_here + 1)
    ids, owner, staff = plan["ids"], plan["owner"], plan["staff"]
    clients = plan["processes"] * threads_here
    interval = clients / plan["rate"]
    start, stop = plan["start"], plan["stop"]
    deltas = dict.fromkeys(ids, 0)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - which unit and which way, not a secret
        due = start + interval * number / clients
        while due < stop:
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            unit_id = rng.choice(ids)
            change, delta = rng.choice(((OccupancyChange.PLUS, 1), (OccupancyChange.MINUS, -1)))
            began = time.perf_counter()
            try:
                with app.app_context(), organisation_scope(owner[unit_id]), unit_of_work():
                    user = db.session.execute(select(User).where(User.id == staff[owner[unit_id]])).scalar_one()
                    membership = db.session.execute(select(Membership).where(
                        Membership.user_id == user.id, Membership.organisation_id == owner[unit_id])).scalar_one()
                    change_occupancy(Actor(user, membership), unit_id, change)
            except ServiceError as refusal:
                with lock:
                    failures.append(str(refusal.message))
            except Exception as error:  # noqa: BLE001 - counted and shown, the bench goes on
                with lock:
                    failures.append(repr(error))
            else:
                with lock:
                    deltas[unit_id] += delta
                    latencies.append(time.perf_counter() - began)
            due += interval

    threads = [threading.Thread(target=client, args=(process_no * threads_here + number,))
               for number in range(threads_here)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put({"deltas": deltas, "latencies": latencies, "failures": failures})


def write_test(url: str, args) -> dict[str, object]:
    """``--write-clients`` clients (threads in ``--write-processes`` processes, so that the clients' own Python does
    not share one interpreter lock) changing ``--write-units`` units at ``--write-rate`` a second through the service,
    then the counts checked against the sum of the committed changes."""
    import multiprocessing

    from sqlalchemy import func, select, update

    from app.extensions import db
    from app.models import CapacityUnit, Membership, OccupancyUpdate, Role, utcnow
    from app.tenancy import system_scope

    app = _app(url, 2)
    with app.app_context(), system_scope("bench.capacity_writes"):
        units = db.session.execute(select(CapacityUnit.id, CapacityUnit.organisation_id)
                                   .order_by(CapacityUnit.id).limit(args.write_units)).all()
        ids = [unit.id for unit in units]
        db.session.execute(update(CapacityUnit).where(CapacityUnit.id.in_(ids)).values(total=10_000, occupied=5_000,
                                                                                        reserved=0, out_of_service=0))
        staff = dict(db.session.execute(select(Membership.organisation_id, Membership.user_id).where(
            Membership.organisation_id.in_([unit.organisation_id for unit in units]),
            Membership.role == Role.STAFF)).all())
        db.session.commit()
        before = dict(db.session.execute(select(CapacityUnit.id, CapacityUnit.occupied)
                                         .where(CapacityUnit.id.in_(ids))).all())
        started_at = utcnow()
        db.session.remove()
        db.engine.dispose()  # nothing of the parent's pool crosses the fork
    processes = max(1, min(args.write_processes, args.write_clients))
    start = time.time() + 3  # the processes build their apps first
    plan = {"ids": ids, "owner": {unit.id: unit.organisation_id for unit in units}, "staff": staff,
            "processes": processes, "clients_per_process": max(1, args.write_clients // processes),
            "rate": args.write_rate, "start": start, "stop": start + args.write_seconds}
    print(f"write test: {plan['processes'] * plan['clients_per_process']} clients in {processes} processes, "
          f"{args.write_rate}/s for {args.write_seconds} s on {len(ids)} units …", flush=True)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_writer, args=(url, number, plan, queue)) for number in range(processes)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=args.write_seconds + 300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    elapsed = max(time.time() - start, 1e-9)
    deltas = {unit_id: sum(result["deltas"][unit_id] for result in results) for unit_id in ids}
    latencies = sorted(value for result in results for value in result["latencies"])
    failures = [failure for result in results for failure in result["failures"]]
    committed = len(latencies)
    with app.app_context(), system_scope("bench.capacity_writes"):
        after = dict(db.session.execute(select(CapacityUnit.id, CapacityUnit.occupied)
                                        .where(CapacityUnit.id.in_(ids))).all())
        written = db.session.execute(select(func.count()).select_from(OccupancyUpdate).where(
            OccupancyUpdate.unit_id.in_(ids), OccupancyUpdate.at >= started_at)).scalar_one()
    lost = {unit_id: {"before": before[unit_id], "changes": deltas[unit_id], "after": after[unit_id]}
            for unit_id in ids if after[unit_id] != before[unit_id] + deltas[unit_id]}
    return {"clients": plan["processes"] * plan["clients_per_process"], "processes": processes,
            "asked_rate": args.write_rate, "seconds": round(elapsed, 2), "units": len(ids), "committed": committed,
            "rate": round(committed / elapsed, 1), "failures": len(failures), "failure_examples": failures[:5],
            "updates_written": written, "lost_updates": lost,
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p99_ms": round(latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000, 1) if latencies else None}


def check_targets(summary: dict, writes: dict, args) -> list[dict[str, object]]:
    targets = [{"target": f"{summary[key]['label']}: p99 ≤ {TARGET_P99_MS:.0f} ms, no errors",
                "shown": f"p99 {summary[key]['p99_ms']:.1f} ms, {summary[key]['errors']} errors",
                "passed": summary[key]["p99_ms"] <= TARGET_P99_MS and summary[key]["errors"] == 0}
               for key in ("board", "public") if key in summary]
    targets.append({"target": f"{args.write_rate} occupancy updates a second, none lost",
                    "shown": f"{writes['rate']}/s, {writes['committed']} committed, {writes['failures']} failed, "
                             f"{len(writes['lost_updates'])} units with a lost update, "
                             f"{writes['updates_written']} history rows",
                    "passed": writes["rate"] >= args.write_rate * 0.95 and not writes["lost_updates"]
                    and writes["failures"] == 0 and writes["updates_written"] == writes["committed"]})
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--write-seconds", type=int, default=10)
    parser.add_argument("--write-rate", type=int, default=200)
    parser.add_argument("--write-clients", type=int, default=16)
    parser.add_argument("--write-units", type=int, default=20)
    parser.add_argument("--write-processes", type=int, default=4)
    args = bench.parse_load_arguments(parser, "capacity", argv)
    if args.write_clients < 1 or args.write_rate < 1:
        parser.error("need at least one writing client and a rate")
    return bench.run_bench("capacity", args, measure_and_report)


def measure_and_report(args, tmp: Path, url: str, started) -> int:
    """Generate, measure the pages and the writes, print the figures and the targets, save the JSON: the exit
    code."""
    env, made = generate(url, args, tmp)
    result = measure_pages(url, args, tmp, env, made)
    writes = write_test(url, args)
    bench.print_result(result)
    print()
    print(f"writes: {writes['rate']}/s achieved of {writes['asked_rate']}/s asked ({writes['clients']} clients, "
          f"{writes['units']} units, {writes['seconds']} s): {writes['committed']} committed, "
          f"{writes['failures']} failed, p50 {writes['p50_ms']} ms, p99 {writes['p99_ms']} ms; "
          f"lost updates: {len(writes['lost_updates'])}")
    for path in result["skipped"]:
        print(f"NOTICE: {path} was not measured: the route is not there")
    targets = check_targets(result["summary"], writes, args)
    print()
    return bench.conclude("capacity", args, started, targets, [result["summary"]], {
        "settings": {key: value for key, value in vars(args).items() if key != "database_url"},
        "database": url.split("://", 1)[0], "counts": made["counts"], "pages": result["pages"],
        "skipped": result["skipped"], "summary": result["summary"], "memory": result["memory"], "writes": writes,
    }, result["runs"])


if __name__ == "__main__":
    sys.exit(main())
