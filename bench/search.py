"""Search bench: /search under gunicorn and wrk over a generated catalogue, against the bare app.

    .venv/bin/python bench/search.py                                   # SQLite, 10,000 services
    .venv/bin/python bench/search.py --large                           # and 100,000 (the growth check)
    .venv/bin/python bench/search.py --large \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_search_bench

For each catalogue size it generates the catalogue (bench/generate.py; PostgreSQL: a database
``<name>_<size>`` created here and dropped at the end), starts the portal and the bare app
(bench/bare_app.py) under gunicorn, and runs wrk against the bare app's "/" and each search
URL, one after the other. Reported: requests/s, p50/p99, search requests/s as a share of the
bare app's (target ≥ 40 %), p99 (target < 150 ms) and, with --large, p50 at 100,000 services
÷ p50 at 10,000 (target ≤ 2). Helpers (servers, wrk, CPU accounting) come from bench/run.py.
See bench/README.md.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
import wrk_plan

TARGET_RATIO = 0.40  # search requests/s ÷ bare app requests/s
TARGET_P99_MS = 150.0
TARGET_GROWTH = 2.0  # p50 at the large catalogue ÷ p50 at the small one
SMALL, LARGE = 10_000, 100_000
ORGANISATIONS = {SMALL: 2_000, LARGE: 2_000}
GENERATE_TIMEOUT = 1800  # seconds for one catalogue
CATALOGUES_HELP = ("PostgreSQL URL whose database name is the prefix of the catalogues' databases "
                   "(default: SQLite files)")
DEFAULT_QUERIES = (
    # a broad word with two filters: category and district
    "q=pomoc&category=family&district=centrum",
    # a narrower word with two filters: free of charge and open at a fixed time (Monday 10:00, rather
    # than "open now", so that the figures do not depend on when the bench runs)
    "q=terapia&free=y&day=2026-11-30&hour=10",
)


def postgres_admin(url: str):
    """An AUTOCOMMIT engine on the server's "postgres" database, and the base URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    return create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT"), base


@contextlib.contextmanager
def catalogue(size: int, *, database_url: str | None, tmp: Path, keep: bool, seed: int, env: dict[str, str]):
    """A database holding ``size`` generated services: made here (or reused with --keep), removed after."""
    from sqlalchemy import text

    if database_url and database_url.startswith("postgresql"):
        admin, base = postgres_admin(database_url)
        name = f"{base.database}_{size // 1000}k"
        url = base.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if exists and not keep:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            if not exists or not keep:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        fresh = not exists or not keep
    else:
        folder = Path(tempfile.gettempdir()) / "siec-search-catalogues" if keep else tmp
        folder.mkdir(exist_ok=True)
        path = folder / f"catalogue-{size // 1000}k-seed{seed}.db"
        url = f"sqlite:///{path}"
        fresh = not path.exists()
    try:
        if fresh:
            print(f"generating {size:,} services into {url.split('@')[-1]} …", flush=True)
            bench.run([str(bench.VENV_BIN / "python"), "bench/generate.py", url, "--services", str(size),
                       "--organisations", str(ORGANISATIONS[size]), "--seed", str(seed)],
                      env=env, timeout=GENERATE_TIMEOUT)
        else:
            print(f"reusing the catalogue of {size:,} services in {url.split('@')[-1]}", flush=True)
        yield url
    finally:
        if database_url and database_url.startswith("postgresql") and not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if database_url and database_url.startswith("postgresql"):
            admin.dispose()


def measure(size: int, url: str, queries: list[str], args, tmp: Path) -> dict[str, object]:
    """Start both servers on this catalogue, warm up, run wrk on the bare app and each search URL."""
    env = bench.portal_env(tmp, url)
    bench.prepare_portal(env)
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp, suffix=f"-{size}",
                               portal_path="/search") as (servers, bare, portal):
        plan = [("bare", "bare /", bare, "/", None)] + [
            (f"search_{n}", f"search {n} ({size // 1000}k)", portal, f"/search?{q}", None)
            for n, q in enumerate(queries, 1)]
        pages = {key: bench.check_page(server.base_url + path) for key, _label, server, path, _cookie in plan}
        for key, page in pages.items():
            if page["status"] != 200:
                raise bench.BenchError(f"{key} answered HTTP {page['status']}, expected 200")
        runs = wrk_plan.measure_plan(plan, servers, args)
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs),
                "memory": {"bare": bare.memory(), "portal": portal.memory()}}


def check_targets(results: dict[int, dict], queries: list[str]) -> list[dict[str, object]]:
    """PASS/FAIL per target and search URL."""
    targets = []
    for size, result in results.items():
        summary = result["summary"]
        bare_rps = summary["bare"]["requests_per_sec"]
        for n, query in enumerate(queries, 1):
            s = summary[f"search_{n}"]
            ratio = s["requests_per_sec"] / bare_rps if bare_rps else 0.0
            targets.append({"target": f"search {n} at {size:,}: req/s ≥ {TARGET_RATIO:.0%} of the bare app's",
                            "query": query, "value": round(ratio, 3), "passed": ratio >= TARGET_RATIO,
                            "shown": f"{ratio:.1%} ({s['requests_per_sec']:.0f} / {bare_rps:.0f} req/s)"})
            targets.append({"target": f"search {n} at {size:,}: p99 < {TARGET_P99_MS:.0f} ms", "query": query,
                            "value": s["p99_ms"], "passed": s["p99_ms"] < TARGET_P99_MS,
                            "shown": f"p99 {s['p99_ms']:.1f} ms"})
    if SMALL in results and LARGE in results:
        for n, query in enumerate(queries, 1):
            small = results[SMALL]["summary"][f"search_{n}"]["p50_ms"]
            large = results[LARGE]["summary"][f"search_{n}"]["p50_ms"]
            growth = large / small if small else float("inf")
            targets.append({"target": f"search {n}: p50 at {LARGE:,} ≤ {TARGET_GROWTH:.0f}× p50 at {SMALL:,}",
                            "query": query, "value": round(growth, 2), "passed": growth <= TARGET_GROWTH,
                            "shown": f"{growth:.2f}× ({large:.1f} / {small:.1f} ms)"})
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--large", action="store_true", help=f"also {LARGE:,} services (the growth check)")
    parser.add_argument("--query", action="append", dest="queries",
                        help="search query string to measure (repeatable; default: two, see bench/README.md)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the catalogues (SQLite: $TMPDIR/siec-search-catalogues/; PostgreSQL: the "
                             "databases) and reuse them next time")
    args = bench.parse_load_arguments(parser, "search", argv, database_help=CATALOGUES_HELP)
    # the catalogues' databases are made by ``catalogue``: none for the scratch folder
    return bench.run_bench("search", args, measure_and_report, own_databases=True)


def measure_and_report(args, tmp: Path, _url: str, started) -> int:
    """Measure each catalogue, print the figures and the targets, save the JSON: the exit code."""
    queries = args.queries or list(DEFAULT_QUERIES)
    host = bench.machine()
    source = bench.source_state()
    sizes = [SMALL, LARGE] if args.large else [SMALL]
    results: dict[int, dict] = {}
    setup_env = bench.portal_env(tmp, "sqlite://")
    for size in sizes:
        with catalogue(size, database_url=args.database_url, tmp=tmp, keep=args.keep, seed=args.seed,
                       env=setup_env) as url:
            results[size] = measure(size, url, queries, args, tmp)
    print()
    for size, result in results.items():
        print(f"catalogue of {size:,} services:")
        bench.print_table(result["runs"], result["summary"], result["memory"])
        print()
    targets = check_targets(results, queries)
    for n, query in enumerate(queries, 1):
        print(f"search {n}: /search?{query}")
    return bench.conclude("search", args, started, targets, [result["summary"] for result in results.values()], {
        "settings": {**bench.load_settings(args, warmup=True), "seed": args.seed, "sizes": sizes, "queries": queries},
        "results": results_as_dicts(results),
    }, host=host, source=source)


def results_as_dicts(results: dict[int, dict]) -> dict[str, dict]:
    """Each catalogue's pages, summary, memory and wrk runs, for the JSON report."""
    return {str(size): {"pages": r["pages"], "summary": r["summary"], "memory": r["memory"],
                        "runs": bench.runs_as_dicts(r["runs"])} for size, r in results.items()}


if __name__ == "__main__":
    sys.exit(main())
