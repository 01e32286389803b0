"""Agreements bench: five years of agreements — the department's register, the public page and both exports.

    .venv/bin/python bench/agreements.py                        # SQLite, 5 years × 400 agreements
    .venv/bin/python bench/agreements.py --duration 5s --export-requests 2     # a quick check
    .venv/bin/python bench/agreements.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_agreements_bench

Generates the data (bench/generate_agreements.py: 150 organisations, 400 agreements a year for five years, a
monthly statement per month of each contract, tranches of each grant, some amendments), starts the portal and
the bare app (bench/bare_app.py) under gunicorn with two workers, signs a department officer in over HTTP (the
password and the authenticator code) and runs ``wrk -t2 -c32 -d20s`` against: the bare app's "/", the
department's agreements register with filters (with the officer's cookie) and the public "who received what"
page for a year. Then it downloads each export (the 360Giving grants and the OCDS release package)
``--export-requests`` times one after the other, timing each to its last byte while reading every portal
worker's resident memory every 10 ms. Targets: p99 ≤ 300 ms on both pages (no errors); each export under 2 s;
every worker under 150 MB resident while streaming. PostgreSQL: the database named in the URL is created here
and dropped at the end. Helpers (servers, wrk, CPU accounting, signing in) come from bench/run.py and
bench/evaluation.py.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaluation
import run as bench
import wrk_plan

TARGET_P99_MS = 300.0
TARGET_EXPORT_S = 2.0
TARGET_STREAM_RSS_MB = 150.0
LIST_PATH = "/console/agreements/?year={year}"  # a year of the register: 400 agreements, 25 a page, the totals
PUBLIC_PATH = "/who-received-what?year={year}"
EXPORT_PATHS = ("/open-data/360giving.json", "/open-data/ocds.json")
GENERATE_TIMEOUT = 900
EXPORT_TIMEOUT = 120
SAMPLE_SECONDS = 0.01


def generate(url: str, args, tmp: Path, *, script: str = "generate_agreements.py", timeout: int = GENERATE_TIMEOUT,
             more: str = "") -> tuple[dict[str, str], dict[str, object]]:
    """The portal's settings and schema, then the data (``script``: this generator or one building on it, whose
    data ``more`` names): (env, the generator's JSON answer)."""
    return bench.prepare_and_generate(tmp, url, script, timeout, what=f"{args.years} years × {args.per_year} "
                                      f"agreements{more}", years=args.years, per_year=args.per_year,
                                      organisations=args.organisations, seed=args.seed)


def finished_year(made: dict) -> int:
    """The year to show: the last whole, finished one of the generated years (the only one if there is one)."""
    return made["years"][-2] if len(made["years"]) > 1 else made["years"][-1]


class MemoryWatch:
    """Reads every worker's resident memory every 10 ms in a thread; the highest seen per worker."""

    def __init__(self, server: bench.Server):
        self.pids = server.workers()
        self.highest = dict.fromkeys(self.pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                rss = bench.process_memory(pid)["rss_mb"]
                if rss is not None and rss > self.highest[pid]:
                    self.highest[pid] = rss
            time.sleep(SAMPLE_SECONDS)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def download(url: str) -> tuple[int, int, float]:
    """(status, bytes, seconds to the last byte) of one GET, read in 64 kB pieces as a client would."""
    started = time.perf_counter()
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=EXPORT_TIMEOUT) as response:
            while piece := response.read(65536):
                size += len(piece)
            status = response.status
    except urllib.error.HTTPError as answer:
        return answer.code, 0, time.perf_counter() - started
    return status, size, time.perf_counter() - started


def measure_export(portal: bench.Server, path: str, requests: int) -> dict[str, object]:
    """Download one export ``requests`` times, one after the other, watching the workers' memory."""
    times, sizes = [], set()
    with MemoryWatch(portal) as watch:
        for _ in range(requests):
            status, size, seconds = download(portal.base_url + path)
            if status != 200:
                raise bench.BenchError(f"{path} answered HTTP {status}, expected 200")
            times.append(seconds)
            sizes.add(size)
    after = portal.memory()["workers"]
    return {"path": path, "requests": requests, "bytes": max(sizes), "first_s": round(times[0], 3),
            "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
            "times_s": [round(t, 3) for t in times],
            "streaming_rss_mb": {str(pid): mb for pid, mb in watch.highest.items()},
            "peak_rss_mb_after": {str(worker["pid"]): worker["peak_rss_mb"] for worker in after}}


def measure(url: str, args, tmp: Path) -> dict[str, object]:
    """Generate, start both servers, sign in, wrk the bare app and both pages, then download the exports."""
    env, made = generate(url, args, tmp)
    year = finished_year(made)
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp) as (servers, bare, portal):
        officer_cookie = evaluation.sign_in(portal.base_url, made["officer"], made["password"], made["totp_secret"])
        fill = {"year": year, "programme_id": made["programme_id"], "organisation_id": made["organisation_id"]}
        plan = [("bare", "bare /", bare, "/", None),
                ("register", "register", portal, args.list_path.format(**fill), officer_cookie),
                ("public", f"public {year}", portal, args.public_path.format(**fill), None)]
        pages = {key: bench.check_ok(server.base_url + path, cookie) for key, _label, server, path, cookie in plan}
        runs = wrk_plan.measure_plan(plan, servers, args)
        memory_pages = {"bare": bare.memory(), "portal": portal.memory()}
        exports = []
        for path in args.export_paths:
            print(f"downloading {path} {args.export_requests} times …", flush=True)
            exports.append(measure_export(portal, path, args.export_requests))
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs), "memory": memory_pages,
                "exports": exports, "year": year}


def print_exports(exports: list[dict]) -> None:
    print()
    print(f"{'export':<28}{'bytes':>12}{'first s':>9}{'median s':>10}{'max s':>8}{'stream RSS MB (per worker)':>30}")
    for export in exports:
        rss = ", ".join(f"{mb:.1f}" for mb in export["streaming_rss_mb"].values())
        print(f"{export['path']:<28}{export['bytes']:>12}{export['first_s']:>9.3f}{export['median_s']:>10.3f}"
              f"{export['max_s']:>8.3f}{rss:>30}")
    print("(time to the last byte of each download; RSS read every 10 ms while downloading)")


def check_targets(summary: dict[str, dict], exports: list[dict]) -> list[dict[str, object]]:
    """p99 ≤ 300 ms on both pages with no errors; each export under 2 s and every worker under 150 MB meanwhile."""
    targets = [{"target": f"{summary[key]['label']}: p99 ≤ {TARGET_P99_MS:.0f} ms, no errors",
                "shown": f"p99 {summary[key]['p99_ms']:.1f} ms, {summary[key]['errors']} errors",
                "passed": summary[key]["p99_ms"] <= TARGET_P99_MS and summary[key]["errors"] == 0}
               for key in ("register", "public")]
    for export in exports:
        worst = max(export["streaming_rss_mb"].values(), default=float("inf"))
        targets.append({"target": f"{export['path']}: under {TARGET_EXPORT_S:.0f} s",
                        "shown": f"slowest {export['max_s']:.3f} s of {export['requests']} ({export['bytes']} bytes)",
                        "passed": export["max_s"] < TARGET_EXPORT_S})
        targets.append({"target": f"{export['path']}: every worker < {TARGET_STREAM_RSS_MB:.0f} MB while streaming",
                        "shown": f"largest worker {worst:.1f} MB", "passed": worst < TARGET_STREAM_RSS_MB})
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-year", type=int, default=400)
    parser.add_argument("--organisations", type=int, default=150)
    parser.add_argument("--list-path", default=LIST_PATH, help=f"default {LIST_PATH}")
    parser.add_argument("--public-path", default=PUBLIC_PATH, help=f"default {PUBLIC_PATH}")
    parser.add_argument("--export-path", dest="export_paths", action="append",
                        help=f"an export to download (repeatable; default {' and '.join(EXPORT_PATHS)})")
    parser.add_argument("--export-requests", type=bench.positive, default=5,
                        help="downloads of each export (default 5)")
    args = bench.parse_load_arguments(parser, "agreements", argv)
    args.export_paths = args.export_paths or list(EXPORT_PATHS)
    return bench.run_bench("agreements", args, measure_and_report)


def measure_and_report(args, tmp: Path, url: str, started) -> int:
    """Measure, print the figures and the targets, save the JSON: the exit code."""
    result = measure(url, args, tmp)
    bench.print_result(result)
    print_exports(result["exports"])
    targets = check_targets(result["summary"], result["exports"])
    print()
    return bench.conclude("agreements", args, started, targets, [result["summary"]], {
        "settings": {"years": args.years, "per_year": args.per_year, "organisations": args.organisations,
                     "year_shown": result["year"], "export_requests": args.export_requests,
                     **bench.load_settings(args)},
        "pages": result["pages"], "summary": result["summary"], "memory": result["memory"],
        "exports": result["exports"],
    }, result["runs"])


if __name__ == "__main__":
    sys.exit(main())
