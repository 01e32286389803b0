"""Evaluation bench: a call with 300 offers and 7 evaluators — the ranking page and an evaluator's list.

    .venv/bin/python bench/evaluation.py                       # SQLite, 300 offers, 7 evaluators
    .venv/bin/python bench/evaluation.py --offers 30           # a smaller call (the growth check by hand)
    .venv/bin/python bench/evaluation.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_evaluation_bench

Generates the call (bench/generate_call.py: every member has scored every offer, the commission
is closed), starts the portal and the bare app (bench/bare_app.py) under gunicorn with two workers,
signs in over HTTP — a department officer with the password and the authenticator code, and an
evaluator from an organisation with the password — and runs ``wrk -t2 -c32 -d20s`` with each
session's cookie against: the bare app's "/", the department's ranking of the call and the
evaluator's list of assigned offers. Target: p99 ≤ 300 ms on both pages. The number of SQL
statements per page is checked apart from the clock, by tests/functional/test_evaluation_queries.py
(the same with 3 and 12 offers). PostgreSQL: the database named in the URL is created here and
dropped at the end. Helpers (servers, wrk, CPU accounting) come from bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
import wrk_plan

TARGET_P99_MS = 300.0
RANKING_PATH = "/console/calls/{call_id}/evaluation"
EVALUATOR_PATH = "/evaluation/"
GENERATE_TIMEOUT = 900
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the bench follows redirects itself, carrying the cookie
        return None


def _request(opener, url: str, cookie: str | None, data: dict | None = None) -> tuple[int, str, str | None]:
    """(status, body, the session cookie after the answer) for one GET or form POST."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie} if cookie else {})
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as answer:  # a 3xx arrives here with the redirect handler off
        response = answer
    text = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        name_value = header.split(";", 1)[0]
        if name_value.startswith("sw_session="):
            cookie = name_value
    return response.status, text, cookie


def sign_in(base: str, email: str, password: str, totp_secret: str | None) -> str:
    """Sign in through the forms as a person would; the session cookie ("sw_session=…")."""
    import pyotp

    opener = urllib.request.build_opener(_NoRedirect)
    status, page, cookie = _request(opener, base + "/sign-in", None)
    token = CSRF.search(page)
    if status != 200 or not token:
        raise bench.BenchError(f"the sign-in page answered {status} without a form")
    status, page, cookie = _request(opener, base + "/sign-in", cookie,
                                    {"csrf_token": token.group(1), "email": email, "password": password})
    if status != 303:
        raise bench.BenchError(f"signing in {email} answered {status}")
    if totp_secret:
        status, page, cookie = _request(opener, base + "/sign-in/code", cookie)
        token = CSRF.search(page)
        if status != 200 or not token:
            raise bench.BenchError(f"the code page answered {status} without a form")
        status, page, cookie = _request(opener, base + "/sign-in/code", cookie,
                                        {"csrf_token": token.group(1), "code": pyotp.TOTP(totp_secret).now()})
        if status != 303:
            raise bench.BenchError(f"the code step for {email} answered {status}")
    return cookie


def generate(url: str, args, env: dict[str, str]) -> dict[str, object]:
    """Create the database (PostgreSQL) and the call in it; the generator's JSON answer."""
    command = [str(bench.VENV_BIN / "python"), str(bench.BENCH / "generate_call.py"), url,
               "--offers", str(args.offers), "--evaluators", str(args.evaluators), "--seed", str(args.seed)]
    result = bench.run(command, env=env, timeout=GENERATE_TIMEOUT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_database(url: str, *, create: bool) -> None:
    """Create (or drop) the database named in a PostgreSQL URL, through the server's "postgres" database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def measure(url: str, args, tmp: Path) -> dict[str, object]:
    """Generate, start both servers, sign in, then wrk the bare app and both pages with the sessions' cookies."""
    env = bench.portal_env(tmp, url)
    servers: list[bench.Server] = []
    try:
        bench.prepare_portal(env)
        print(f"generating a call with {args.offers} offers and {args.evaluators} evaluators …", flush=True)
        made = generate(url, args, env)
        bare = bench.start_gunicorn("bare", "bare_app:app", env=env, workers=args.workers, tmp=tmp,
                                    chdir=bench.BENCH)
        servers.append(bare)
        portal = bench.start_gunicorn("portal", "wsgi:app", env=env, workers=args.workers, tmp=tmp)
        servers.append(portal)
        bench.wait_until_up(bare, "/", args.workers)
        bench.wait_until_up(portal, "/", args.workers)
        officer = next(person for person in made["evaluators"] if person["department"])
        reviewer = next((person for person in made["evaluators"] if not person["department"]), officer)
        officer_cookie = sign_in(portal.base_url, officer["email"], made["password"], made["totp_secret"])
        reviewer_cookie = sign_in(portal.base_url, reviewer["email"], made["password"],
                                  None if not reviewer["department"] else made["totp_secret"])
        plan = [("bare", "bare /", bare, "/", None),
                ("ranking", f"ranking ({args.offers} offers)", portal,
                 args.ranking_path.format(call_id=made["call_id"]), officer_cookie),
                ("evaluator", f"evaluator's list ({args.offers} offers)", portal, args.evaluator_path,
                 reviewer_cookie)]
        pages = {}
        for key, _label, server, path, cookie in plan:
            pages[key] = bench.check_page(server.base_url + path, {"Cookie": cookie} if cookie else None)
            if pages[key]["status"] != 200:
                raise bench.BenchError(f"{key} answered HTTP {pages[key]['status']}, expected 200")
        runs = wrk_plan.measure_plan(plan, servers, args)
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs),
                "memory": {"bare": bare.memory(), "portal": portal.memory()}}
    finally:
        for server in servers:
            server.stop()


def check_targets(summary: dict[str, dict]) -> list[dict[str, object]]:
    """p99 ≤ 300 ms on both pages, with no errors."""
    return [{"target": f"{summary[key]['label']}: p99 ≤ {TARGET_P99_MS:.0f} ms, no errors",
             "shown": f"p99 {summary[key]['p99_ms']:.1f} ms, {summary[key]['errors']} errors",
             "passed": summary[key]["p99_ms"] <= TARGET_P99_MS and summary[key]["errors"] == 0}
            for key in ("ranking", "evaluator")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--evaluators", type=int, default=7)
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL URL of a database to create, use and drop (default: SQLite)")
    parser.add_argument("--ranking-path", default=RANKING_PATH, help=f"default {RANKING_PATH}")
    parser.add_argument("--evaluator-path", default=EVALUATOR_PATH, help=f"default {EVALUATOR_PATH}")
    parser.add_argument("--duration", type=bench.parse_duration, default=bench.parse_duration("20s"))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=bench.parse_duration, default=bench.parse_duration("3s"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/evaluation-<time>.json")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    started = datetime.now(UTC)
    tmp = Path(tempfile.mkdtemp(prefix="siec-evaluation-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'evaluation.db'}"
    try:
        if args.database_url:
            postgres_database(url, create=True)
        result = measure(url, args, tmp)
        print()
        bench.print_table(result["runs"], result["summary"], result["memory"])
        targets = check_targets(result["summary"])
        for target in targets:
            print(f"{'PASS' if target['passed'] else 'FAIL'}  {target['target']}: {target['shown']}")
        noisy = bench.noisy_targets(result["summary"])
        report = {
            "started_at": started.isoformat(timespec="seconds"),
            "settings": {"offers": args.offers, "evaluators": args.evaluators, "duration_s": args.duration,
                         "connections": args.connections, "threads": args.threads, "workers": args.workers,
                         "rounds": args.rounds, "database": "postgresql" if args.database_url else "sqlite"},
            "machine": bench.machine(), "source": bench.source_state(), "software": bench.software_versions(),
            "pages": result["pages"], "summary": result["summary"], "memory": result["memory"],
            "runs": {key: [asdict(run) for run in runs] for key, runs in result["runs"].items()},
            "targets": targets, "representative": not noisy,
        }
        return bench.finish(report, "evaluation", started, args, targets)
    except bench.BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.database_url:
            postgres_database(url, create=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
