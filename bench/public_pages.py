"""Public pages bench (issue 13 §3): every public page without the page cache, against the bare app, in one run.

    .venv/bin/python bench/public_pages.py                                   # SQLite, 10,000 services
    .venv/bin/python bench/public_pages.py --large                           # and search at 100,000
    .venv/bin/python bench/public_pages.py --large \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_pages_bench
    .venv/bin/python bench/public_pages.py --duration 5s --warmup 1s --only service,events   # a quick check

For each catalogue (bench/generate.py, then bench/generate_activities.py for events and volunteering offers) it
starts the bare app and the portal with ``PAGE_CACHE_SECONDS=0`` (every page rendered), plus a second portal
with the page cache on (30 s) for the cached search figure, and runs ``wrk -t2 -c32 --latency`` one page after
the other:

- ``service``: /services/<id>, rotating over 500 public services (a Lua script gives each request the next path);
- ``events``, ``volunteering``: the pages as a resident opens them;
- ``events_ics``, ``directory_csv``: the whole exports, each request downloading them;
- ``directory_csv_304``, ``events_ics_304``: a repeat carrying the ETag of the first download;
- ``search``: /search over 300 distinct queries (words × categories × districts × "open now"/"free"), rotated,
  so that no cache of any kind answers twice the same page; ``search_odd``: emoji, only stop words, a 200-character
  query, lone diacritics, mixed scripts, punctuation; ``search_cached``: two queries repeated on the portal with
  the page cache on (the cached figure).

With ``--large`` the search pages are measured again at 100,000 services. Targets (issue 13 §3): each page and
the search **≥ 15 %** of the bare app's requests/s and **p99 < 150 ms**, every portal worker **< 120 MB** after
the load. Results go to ``bench/results/public-pages-<time>.json``; ``--strict``, ``--rounds``, ``--no-save``,
``--keep`` and the exit codes are as in the other benches. See bench/README.md.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
import search as search_bench

TARGET_RATIO = 0.15
TARGET_P99_MS = 150.0
TARGET_RSS_MB = 120.0
SMALL, LARGE = search_bench.SMALL, search_bench.LARGE
GENERATE_TIMEOUT = 1800
PAGES = ("service", "events", "volunteering", "events_ics", "events_ics_304", "directory_csv", "directory_csv_304",
         "search", "search_odd", "search_cached")
SEARCH_PAGES = ("search", "search_odd", "search_cached")

WORDS = ("pomoc", "terapia", "noclegownia", "psycholog", "prawnik", "jedzenie", "schronisko", "przemoc", "dzieci",
         "seniorzy", "uzależnienia", "dług", "praca", "odzież", "świetlica", "nocleg", "kryzys", "rodzina",
         "psychiatra", "porada", "притулок", "психолог", "їжа", "shelter", "counseling", "food", "debt", "gdzie spać",
         "mąż pije", "bezdomna kobieta")
CATEGORIES = ("", "family", "shelter", "crisis", "health", "legal", "food", "mental-health")
DISTRICTS = ("", "centrum", "batory", "klimzowiec")
EXTRAS = ("", "free=y", "open_now=y", "sort=name", "day=2026-11-30&hour=10")
ODD_QUERIES = (
    "q=%F0%9F%8F%A0%F0%9F%8D%9E",  # 🏠🍞
    "q=dla+i+w+na+the+for+%D0%B4%D0%BB%D1%8F",  # only stop words: dla i w na the for для
    "q=" + "pomoc+" * 33 + "dom",  # about 200 characters
    "q=%CC%81%CC%88",  # lone combining diacritics
    "q=%D0%BF%D1%81%D0%B8%D1%85%D0%BE%D0%BB%D0%BE%D0%B3+psycholog+%F0%9F%98%A2",  # mixed scripts and emoji
    "q=%22%27%3B--%28%29%5B%5D%7B%7D%3C%3E%25%26",  # punctuation: "';--()[]{}<>%&
    "q=a",  # one letter
    "q=zzzzqqqxxx",  # nothing matches
)
CACHED_QUERIES = ("q=pomoc&category=family&district=centrum", "q=terapia&free=y&day=2026-11-30&hour=10")


def distinct_queries(count: int = 300) -> list[str]:
    """``count`` different search query strings, deterministic."""
    from urllib.parse import urlencode

    found: list[str] = []
    n = 0
    while len(found) < count:
        word = WORDS[n % len(WORDS)]
        category = CATEGORIES[(n // len(WORDS)) % len(CATEGORIES)]
        district = DISTRICTS[(n // 7) % len(DISTRICTS)]
        extra = EXTRAS[(n // 3) % len(EXTRAS)]
        args = {"q": word}
        args.update({name: value for name, value in (("category", category), ("district", district)) if value})
        query = urlencode(args) + (f"&{extra}" if extra else "")
        if query not in found:
            found.append(query)
        n += 1
    return found


def lua_rotation(paths: list[str], headers: dict[str, str] | None = None) -> str:
    """A wrk script giving each request the next of ``paths`` (each thread starting elsewhere in the list)."""
    quoted = ",\n".join(f'  "{p}"' for p in paths)
    header_lines = "".join(f'wrk.headers["{k}"] = [[{v}]]\n' for k, v in (headers or {}).items())  # ETags hold quotes
    return f"""{header_lines}local paths = {{
{quoted}
}}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  n = id * 97
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


def run_wrk(label: str, base_url: str, paths: list[str], headers: dict[str, str] | None, args, seconds: int,
            tmp: Path) -> bench.WrkResult:
    """wrk on one path, or rotating over several with a Lua script."""
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", f"--timeout={args.timeout}s",
           "--latency"]
    if len(paths) > 1:
        script = tmp / f"rotate-{label.replace(' ', '-')}.lua"
        script.write_text(lua_rotation(paths, headers))
        cmd += ["-s", str(script)]
    else:
        for name, value in (headers or {}).items():
            cmd += ["-H", f"{name}: {value}"]
    url = base_url + paths[0]
    cmd.append(url)
    result = bench.run(cmd, env=dict(os.environ), timeout=seconds + bench.WRK_GRACE)
    return bench.parse_wrk(label, url, result.stdout, result.stderr)


def _etag(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        tag = response.headers.get("ETag")
    if not tag:
        raise bench.BenchError(f"{url} sent no ETag")
    return tag


def _public_service_ids(url: str, count: int = 500) -> list[int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(
                "SELECT s.id FROM service s JOIN organisation o ON o.id = s.organisation_id "
                "WHERE s.is_published AND s.status != 'inactive' AND o.is_active ORDER BY s.id LIMIT :n"),
                {"n": count}).scalars())
    finally:
        engine.dispose()


def _ensure_activities(url: str, env: dict[str, str]) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            events = connection.execute(text("SELECT COUNT(*) FROM event")).scalar_one()
    finally:
        engine.dispose()
    if not events:
        print("adding events and volunteering offers …", flush=True)
        bench.run([str(bench.VENV_BIN / "python"), "bench/generate_activities.py", url], env=env,
                  timeout=GENERATE_TIMEOUT)


def plan_for(size: int, url: str, wanted: set[str], portal, cached, tmp: Path) -> list[tuple]:
    """(key, label, server, paths, headers) for every page measured at this size."""
    tag = f"{size // 1000}k"
    plan: list[tuple] = []
    if size == SMALL:
        ids = _public_service_ids(url)
        plan += [
            ("service", f"service {tag}", portal, [f"/services/{i}" for i in ids], None),
            ("events", f"events {tag}", portal, ["/events"], None),
            ("volunteering", f"volunteering {tag}", portal, ["/volunteering"], None),
            ("events_ics", f"events.ics {tag}", portal, ["/events.ics"], None),
            ("events_ics_304", f"events.ics 304 {tag}", portal, ["/events.ics"],
             {"If-None-Match": _etag(portal.base_url + "/events.ics")}),
            ("directory_csv", f"directory.csv {tag}", portal, ["/directory.csv"], None),
            ("directory_csv_304", f"directory.csv 304 {tag}", portal, ["/directory.csv"],
             {"If-None-Match": _etag(portal.base_url + "/directory.csv")}),
        ]
    plan += [
        ("search", f"search {tag}", portal, [f"/search?{q}" for q in distinct_queries()], None),
        ("search_odd", f"search odd {tag}", portal, [f"/search?{q}" for q in ODD_QUERIES], None),
        ("search_cached", f"search cached {tag}", cached, [f"/search?{q}" for q in CACHED_QUERIES], None),
    ]
    return [entry for entry in plan if entry[0] in wanted]


def measure(size: int, url: str, args, tmp: Path) -> dict[str, object]:
    """Start the servers on this catalogue, check every page, warm up, and run wrk on each."""
    env = bench.portal_env(tmp, url)
    env["PAGE_CACHE_SECONDS"] = "0"
    cached_env = dict(env, PAGE_CACHE_SECONDS="30")
    wanted = set(args.only.split(",")) if args.only else set(PAGES)
    if size != SMALL:
        wanted &= set(SEARCH_PAGES)
    bench.prepare_portal(env)
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp, suffix=f"-{size}",
                               portal_path="/search") as (servers, bare, portal):
        cached = None
        if "search_cached" in wanted:
            cached = bench.start_gunicorn(f"cached-{size}", "wsgi:app", env=cached_env, workers=args.workers, tmp=tmp)
            servers.append(cached)
            bench.wait_until_up(cached, "/search", args.workers)
        plan = [("bare", "bare /", bare, ["/"], None), *plan_for(size, url, wanted, portal, cached, tmp)]
        pages = {}
        for key, _label, server, paths, headers in plan:
            for path in paths[:3] if key != "search" else paths[::50]:
                try:
                    status = bench.check_page(server.base_url + path, headers)["status"]
                except urllib.error.HTTPError as exc:
                    status = exc.code
                if status != (304 if key.endswith("_304") else 200):
                    raise bench.BenchError(f"{key}: {path} answered HTTP {status}")
            pages[key] = {"paths": len(paths), "first": paths[0]}
        runs: dict[str, list[bench.WrkResult]] = {key: [] for key, *_ in plan}
        measured = [server for server in servers if server is not cached]
        for round_no in range(1, args.rounds + 1):
            for key, label, server, paths, headers in plan:
                if round_no == 1 and args.warmup:
                    run_wrk(label, server.base_url, paths, headers, args, args.warmup, tmp)
                print(f"measuring {label} ({args.duration} s, {args.connections} connections) …", flush=True)
                meter = bench.CpuMeter([*measured, *([cached] if server is cached else [])])
                result = run_wrk(label, server.base_url, paths, headers, args, args.duration, tmp)
                result.cpu = meter.stop()
                if result.requests:
                    result.cpu["server_cpu_us_per_request"] = round(
                        result.cpu["servers_cpu_s"] * 1e6 / result.requests)
                runs[key].append(result)
        memory = {"bare": bare.memory(), "portal": portal.memory()}
        if cached:
            memory["cached"] = cached.memory()
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs), "memory": memory}


def check_targets(results: dict[int, dict]) -> list[dict[str, object]]:
    """PASS/FAIL per page and size: share of the bare app, p99, no errors; each portal worker's memory."""
    targets = []
    for size, result in results.items():
        summary = result["summary"]
        bare_rps = summary["bare"]["requests_per_sec"]
        for key, s in summary.items():
            if key == "bare":
                continue
            ratio = s["requests_per_sec"] / bare_rps if bare_rps else 0.0
            targets.append({"target": f"{s['label']}: req/s ≥ {TARGET_RATIO:.0%} of the bare app's",
                            "value": round(ratio, 3), "passed": ratio >= TARGET_RATIO,
                            "shown": f"{ratio:.1%} ({s['requests_per_sec']:.0f} / {bare_rps:.0f} req/s)"})
            targets.append({"target": f"{s['label']}: p99 < {TARGET_P99_MS:.0f} ms, no errors", "value": s["p99_ms"],
                            "passed": s["p99_ms"] < TARGET_P99_MS and not s["errors"],
                            "shown": f"p99 {s['p99_ms']:.1f} ms, {s['errors']} errors"})
        for name in ("portal", "cached"):
            workers = result["memory"].get(name, {}).get("workers", [])
            if workers:
                worst = max((w["rss_mb"] or 0.0) for w in workers)
                targets.append({"target": f"{name} worker RSS at {size:,} < {TARGET_RSS_MB:.0f} MB", "value": worst,
                                "passed": worst < TARGET_RSS_MB, "shown": f"largest worker {worst:.1f} MB"})
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--large", action="store_true", help=f"also the search at {LARGE:,} services")
    parser.add_argument("--only", default=None, help=f"comma-separated pages to measure (of {', '.join(PAGES)})")
    parser.add_argument("--timeout", type=bench.parse_duration, default=bench.parse_duration("10s"),
                        help="wrk's time limit per request (its default, 2 s, counts a slow answer as an error "
                             "with no latency: here it is measured)")
    parser.add_argument("--keep", action="store_true", help="keep the catalogues and reuse them next time")
    args = bench.parse_load_arguments(parser, "public-pages", argv, database_help=search_bench.CATALOGUES_HELP)
    if args.only and not set(args.only.split(",")) <= set(PAGES):
        parser.error(f"--only takes some of: {', '.join(PAGES)}")
    # the catalogues' databases are made by ``search.catalogue``: none for the scratch folder
    return bench.run_bench("pages", args, measure_and_report, own_databases=True)


def measure_and_report(args, tmp: Path, _url: str, started) -> int:
    """Measure each catalogue, print the figures and the targets, save the JSON: the exit code."""
    sizes = [SMALL, LARGE] if args.large else [SMALL]
    results: dict[int, dict] = {}
    setup_env = bench.portal_env(tmp, "sqlite://")
    for size in sizes:
        with search_bench.catalogue(size, database_url=args.database_url, tmp=tmp, keep=args.keep,
                                    seed=args.seed, env=setup_env) as url:
            if size == SMALL:
                _ensure_activities(url, setup_env)
            results[size] = measure(size, url, args, tmp)
    print()
    for size, result in results.items():
        print(f"catalogue of {size:,} services (page cache off; search cached: page cache on):")
        bench.print_table(result["runs"], result["summary"], result["memory"])
        print()
    targets = check_targets(results)
    summaries = [result["summary"] for result in results.values()]
    return bench.conclude("public-pages", args, started, targets, summaries, {
        "settings": {**bench.load_settings(args, warmup=True), "timeout_s": args.timeout, "seed": args.seed,
                     "sizes": sizes, "page_cache_seconds": 0, "only": args.only},
        "results": search_bench.results_as_dicts(results),
    })


if __name__ == "__main__":
    sys.exit(main())
