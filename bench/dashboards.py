"""Dashboards bench: five years of agreements with reports — the department's dashboard, the public results page
and the XLSX export.

    .venv/bin/python bench/dashboards.py                        # SQLite, 5 years × 500 agreements
    .venv/bin/python bench/dashboards.py --duration 5s --export-requests 2     # a quick check
    .venv/bin/python bench/dashboards.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_dashboards_bench

Generates the data (bench/generate_dashboards.py: the agreements bench's five years × 500 agreements, then ten
indicator targets and four reports due per signed agreement, a report with its figures for each due already past —
about 9,000 reports and 180,000 figures), starts the portal and the bare app (bench/bare_app.py) under gunicorn with
two workers, signs a department officer in over HTTP and then:

- times the first request of the dashboard and the results page for each programme of a year, one after the other
  (each misses the per-worker cache of the figures: the grouped queries run);
- runs ``wrk -t2 -c32 -d20s`` against the bare app's "/", the department's dashboard for a programme and year (with
  the officer's cookie) and the public results page for the same programme and year;
- downloads the dashboard's every table for all five years as one XLSX workbook ``--export-requests`` times.

Targets: p95 ≤ 300 ms on both pages with no errors (wrk prints the 50th, 75th, 90th and 99th percentiles: the
check is on the 99th, which is stricter); the XLSX under 5 s. PostgreSQL: the database named in the URL is created
here and dropped at the end. Helpers come from bench/run.py, bench/evaluation.py (signing in) and
bench/agreements.py (generating the data).
"""

from __future__ import annotations

import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import agreements
import evaluation
import run as bench
import wrk_plan

TARGET_MS = 300.0
TARGET_EXPORT_S = 5.0
DASHBOARD_PATH = "/console/dashboard?year={year}&programme={programme_id}"
PUBLIC_PATH = "/results?year={year}&programme={programme_id}"
EXPORT_PATH = "/console/dashboard?year=&format=xlsx"  # every table, all years: the largest download
GENERATE_TIMEOUT = 1800


def timed_get(url: str, cookie: str | None) -> tuple[int, int, float]:
    """(status, bytes, seconds to the last byte) of one GET."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        return response.status, len(body), time.perf_counter() - started


def cold(portal: bench.Server, template: str, year: int, programmes: list[int], cookie: str | None) -> dict:
    """The first request of a page for each programme of the year (and for all programmes): nothing cached yet."""
    times = {}
    for programme in [*programmes, ""]:
        path = template.format(year=year, programme_id=programme)
        status, _size, seconds = timed_get(portal.base_url + path, cookie)
        if status != 200:
            raise bench.BenchError(f"{path} answered HTTP {status}")
        times[path] = round(seconds * 1000, 1)
    return {"times_ms": times, "max_ms": max(times.values()), "median_ms": statistics.median(times.values())}


def measure(url: str, args, tmp: Path) -> dict[str, object]:
    env, made = agreements.generate(url, args, tmp, script="generate_dashboards.py", timeout=GENERATE_TIMEOUT,
                                    more=" with reports")
    year = agreements.finished_year(made)
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp) as (servers, bare, portal):
        cookie = evaluation.sign_in(portal.base_url, made["officer"], made["password"], made["totp_secret"])
        programmes = list(range(made["programme_id"], made["programme_id"] + 4))
        first = {"dashboard": cold(portal, DASHBOARD_PATH, year, programmes, cookie),
                 "public": cold(portal, PUBLIC_PATH, year, programmes, None)}
        fill = {"year": year, "programme_id": made["programme_id"]}
        plan = [("bare", "bare /", bare, "/", None),
                ("dashboard", "dashboard", portal, DASHBOARD_PATH.format(**fill), cookie),
                ("public", f"results {year}", portal, PUBLIC_PATH.format(**fill), None)]
        pages = {key: bench.check_ok(server.base_url + path, cookie) for key, _label, server, path, cookie in plan}
        runs = wrk_plan.measure_plan(plan, servers, args)
        memory = {"bare": bare.memory(), "portal": portal.memory()}
        print(f"downloading {EXPORT_PATH} {args.export_requests} times …", flush=True)
        times, size = [], 0
        for _ in range(args.export_requests):
            status, size, seconds = timed_get(portal.base_url + EXPORT_PATH, cookie)
            if status != 200:
                raise bench.BenchError(f"{EXPORT_PATH} answered HTTP {status}")
            times.append(round(seconds, 3))
        export = {"path": EXPORT_PATH, "bytes": size, "times_s": times, "first_s": times[0], "max_s": max(times)}
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs), "memory": memory, "first": first,
                "export": export, "year": year, "counts": made["counts"]}


def check_targets(summary: dict, export: dict) -> list[dict[str, object]]:
    targets = [{"target": f"{summary[key]['label']}: p95 ≤ {TARGET_MS:.0f} ms (as p99), no errors",
                "shown": f"p99 {summary[key]['p99_ms']:.1f} ms, {summary[key]['errors']} errors",
                "passed": summary[key]["p99_ms"] <= TARGET_MS and summary[key]["errors"] == 0}
               for key in ("dashboard", "public")]
    targets.append({"target": f"{export['path']}: under {TARGET_EXPORT_S:.0f} s",
                    "shown": f"slowest {export['max_s']:.3f} s ({export['bytes']} bytes)",
                    "passed": export["max_s"] < TARGET_EXPORT_S})
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-year", type=int, default=500)
    parser.add_argument("--organisations", type=int, default=150)
    parser.add_argument("--export-requests", type=bench.positive, default=5)
    args = bench.parse_load_arguments(parser, "dashboards", argv)
    return bench.run_bench("dashboards", args, measure_and_report)


def measure_and_report(args, tmp: Path, url: str, started) -> int:
    """Measure, print the figures and the targets, save the JSON: the exit code."""
    result = measure(url, args, tmp)
    bench.print_result(result)
    print()
    for key, first in result["first"].items():
        print(f"first request ({key}, nothing cached): median {first['median_ms']:.1f} ms, "
              f"slowest {first['max_ms']:.1f} ms")
    export = result["export"]
    print(f"{export['path']}: {export['bytes']} bytes, first {export['first_s']:.3f} s, "
          f"slowest {export['max_s']:.3f} s")
    targets = check_targets(result["summary"], export)
    print()
    return bench.conclude("dashboards", args, started, targets, [result["summary"]], {
        "settings": {"years": args.years, "per_year": args.per_year, "organisations": args.organisations,
                     "year_shown": result["year"], "export_requests": args.export_requests,
                     **bench.load_settings(args)},
        "counts": result["counts"], "pages": result["pages"], "summary": result["summary"],
        "memory": result["memory"], "first_requests": result["first"], "export": export,
    }, result["runs"])


if __name__ == "__main__":
    sys.exit(main())
