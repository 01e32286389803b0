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

import re
import sys
import urllib.error
import urllib.parse
import urllib.request
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


def generate(url: str, args, tmp: Path) -> tuple[dict[str, str], dict[str, object]]:
    """The portal's settings and schema, then the data: (env, the generator's JSON answer)."""
    what = f"a call with {args.offers} offers and {args.evaluators} evaluators"
    return bench.prepare_and_generate(tmp, url, "generate_call.py", GENERATE_TIMEOUT, what=what,
                                      offers=args.offers, evaluators=args.evaluators, seed=args.seed)


postgres_database = bench.postgres_database  # where the other benches once found it


def measure(url: str, args, tmp: Path) -> dict[str, object]:
    """Generate, start both servers, sign in, then wrk the bare app and both pages with the sessions' cookies."""
    env, made = generate(url, args, tmp)
    with bench.bare_and_portal(env, workers=args.workers, tmp=tmp) as (servers, bare, portal):
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
        pages = {key: bench.check_ok(server.base_url + path, cookie) for key, _label, server, path, cookie in plan}
        runs = wrk_plan.measure_plan(plan, servers, args)
        return {"pages": pages, "runs": runs, "summary": bench.summarise(runs),
                "memory": {"bare": bare.memory(), "portal": portal.memory()}}


def check_targets(summary: dict[str, dict]) -> list[dict[str, object]]:
    """p99 ≤ 300 ms on both pages, with no errors."""
    return [{"target": f"{summary[key]['label']}: p99 ≤ {TARGET_P99_MS:.0f} ms, no errors",
             "shown": f"p99 {summary[key]['p99_ms']:.1f} ms, {summary[key]['errors']} errors",
             "passed": summary[key]["p99_ms"] <= TARGET_P99_MS and summary[key]["errors"] == 0}
            for key in ("ranking", "evaluator")]


def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--evaluators", type=int, default=7)
    parser.add_argument("--ranking-path", default=RANKING_PATH, help=f"default {RANKING_PATH}")
    parser.add_argument("--evaluator-path", default=EVALUATOR_PATH, help=f"default {EVALUATOR_PATH}")
    args = bench.parse_load_arguments(parser, "evaluation", argv)
    return bench.run_bench("evaluation", args, measure_and_report)


def measure_and_report(args, tmp: Path, url: str, started) -> int:
    """Measure, print the figures and the targets, save the JSON: the exit code."""
    result = measure(url, args, tmp)
    bench.print_result(result)
    targets = check_targets(result["summary"])
    return bench.conclude("evaluation", args, started, targets, [result["summary"]], {
        "settings": {"offers": args.offers, "evaluators": args.evaluators, **bench.load_settings(args)},
        "pages": result["pages"], "summary": result["summary"], "memory": result["memory"],
    }, result["runs"])


if __name__ == "__main__":
    sys.exit(main())
