"""Production bench (issue 15 §6): two hosts' worth of the portal over its own PostgreSQL and Redis, under mixed
traffic, through a PostgreSQL restart and an SMTP outage.

    .venv/bin/python bench/production.py                      # 64 connections × 60 s, then both faults (~6 min)
    .venv/bin/python bench/production.py --duration 15s       # a shorter mixed run

1. An own PostgreSQL cluster (``initdb`` in the scratch folder, a free port, stopped and deleted at the end: the
   restart touches nothing else), Redis database ``--redis-db`` (12) of the local server, emptied before and after.
   A catalogue (bench/generate.py) and a department with an officer and organisations with coordinators in
   networks (bench/generate_coordination.py). Two gunicorns (``-c gunicorn_config.py``, production settings, the
   same secret, database and Redis, ``WEB_CONCURRENCY`` workers, ``TRUSTED_PROXY_COUNT=1``: every request names
   its client in X-Forwarded-For, from a pool of addresses) and a local SMTP server (tests/smtp_server.py).
2. Mixed traffic: a wrk per host (half the connections each, one thread per connection) rotating over public pages,
   searches, the workspace pages of several organisations (each its own session), the officer's console pages and
   form posts (an organisation's contact for its network, with the session's CSRF token); bench/production.lua
   checks every answer's status and, on signed-in pages, the organisation's own name and no other's.
3. PostgreSQL restart (``pg_ctl restart -m fast``) under a lighter load, with pollers of ``/readyz`` and a page on
   each host every 100 ms and a client saving a contact (a row and its audit entry) over and over.
4. SMTP outage: the mail server refuses, password-reset requests queue mail, the server accepts again and
   ``flask mail send`` runs as its timer would (``--mail-interval``) until every mail arrived exactly once.

Writes bench/results/production-<time>.json; see bench/README.md and docs/RELIABILITY.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import evaluation
import run as bench

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DOMAIN = "coordination.bench.example"
LUA = bench.BENCH / "production.lua"
RECOVERY_LIMIT_S = 10.0
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SEARCH_WORDS = ("pomoc", "terapia", "noclegownia", "psycholog", "dzieci", "seniorzy", "rodzina", "prawnik",
                "uzależnienia", "jedzenie", "допомога", "help", "kryzys", "przemoc", "mieszkanie")
SEARCH_EXTRAS = ("", "&free=y", "&district=centrum", "&sort=name", "&category=family")


# --- the bench's own PostgreSQL and Redis --------------------------------------------------------------------------

def _as_postgres(command: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    """A PostgreSQL tool run as the ``postgres`` account when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return bench.run(command, env=dict(os.environ), timeout=timeout)


@contextlib.contextmanager
def own_postgres(tmp: Path):
    """``(url, restart)``: a fresh cluster in ``tmp/pg`` on a free port (trust authentication, loopback only),
    stopped and deleted at the end; ``restart()`` is ``pg_ctl restart -m fast`` and returns once it answers."""
    data, sockets, port = tmp / "pg", tmp / "pg-socket", bench.free_port()
    for folder in (data, sockets):
        folder.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        for folder in (data, sockets):
            shutil.chown(folder, "postgres", "postgres")
    _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale", "C.UTF-8"])
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(tmp / "pg.log"), "-o", options, "-w"]
    _as_postgres([*pg_ctl, "start"])
    try:
        _as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "production"])
        yield (f"postgresql+psycopg://postgres@127.0.0.1:{port}/production",
               lambda: _as_postgres([*pg_ctl, "-m", "fast", "restart"]))
    finally:
        with contextlib.suppress(bench.BenchError):
            _as_postgres([*pg_ctl, "-m", "immediate", "stop"])


@contextlib.contextmanager
def own_redis(url: str):
    """The Redis database of ``url``, emptied before and after."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as error:
        raise bench.BenchError(f"Redis is needed at {url}: {error}") from None
    try:
        yield url
    finally:
        with contextlib.suppress(redis.RedisError):
            client.flushdb()


def sql(url: str, statement: str, **params) -> list[tuple]:
    """Rows of one statement on the bench's database (as its owner: row-level security does not apply)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


# --- servers and sessions ------------------------------------------------------------------------------------------

def start_host(number: int, env: dict[str, str], tmp: Path) -> bench.Server:
    """One host: gunicorn with the project's config file on a free port, its log in the scratch folder."""
    port, log_path = bench.free_port(), tmp / f"host{number}.log"
    command = [str(bench.VENV_BIN / "gunicorn"), "-c", str(bench.ROOT / "gunicorn_config.py"),
               "--bind", f"{bench.HOST}:{port}", "--error-logfile", str(log_path), "wsgi:app"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=bench.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return bench.Server(name=f"host{number}", port=port, process=process, log_path=log_path)


def fetch(url: str, cookie: str | None = None, data: dict | None = None, address: str = "192.0.2.1"):
    """(status, body, the session cookie after the answer) of one request, redirects not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    headers = {"X-Forwarded-For": address, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, data=body, headers=headers)
    opener = urllib.request.build_opener(evaluation._NoRedirect)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as answer:
        response = answer
    except (urllib.error.URLError, OSError):
        return 0, "", cookie
    text = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("sw_session="):
            cookie = header.split(";", 1)[0]
    return response.status, text, cookie


def sessions(base: str, url: str, made: dict, organisations: int) -> tuple[list[dict], dict]:
    """Signed-in coordinators of the first ``organisations`` organisations (name, cookie, a network of theirs and the
    contact form's token) and the officer (cookie, a network)."""
    people = []
    ids = made["organisation_ids"][:organisations]
    names = dict(sql(url, "SELECT id, name FROM organisation WHERE id = ANY(:ids)", ids=ids))
    for number, org_id in enumerate(ids, 1):
        network_id = sql(url, "SELECT min(network_id) FROM network_member WHERE organisation_id = :o", o=org_id)[0][0]
        cookie = evaluation.sign_in(base, f"coordinator{number}@{DOMAIN}", made["password"], None)
        status, page, cookie = fetch(f"{base}/workspace/networks/{network_id}/contact", cookie)
        token = CSRF.search(page)
        if status != 200 or not token:
            raise bench.BenchError(f"the contact form of organisation {org_id} answered {status} without a token")
        people.append({"organisation_id": org_id, "name": names[org_id], "cookie": cookie, "network_id": network_id,
                       "csrf": token.group(1), "email": f"coordinator{number}@{DOMAIN}"})
    officer_cookie = evaluation.sign_in(base, made["officer"], made["password"], made["totp_secret"])
    officer = {"cookie": officer_cookie, "network_id": made["network"]["id"],
               "name": sql(url, "SELECT name FROM organisation WHERE id = :d", d=made["department_id"])[0][0]}
    return people, officer


def signed_in_pages(person: dict) -> list[tuple[str, bool]]:
    """(path, whether no other organisation's name may appear) of an organisation's measured workspace pages."""
    return [("/workspace/", True), ("/workspace/networks/", False), (f"/workspace/networks/{person['network_id']}",
                                                                       False), ("/workspace/actions/", False)]


def console_pages(officer: dict) -> list[str]:
    """The officer's measured console pages: the console's home, the networks and the biggest network."""
    return ["/console/", "/console/networks/", f"/console/networks/{officer['network_id']}"]


def plan_entries(url: str, people: list[dict], officer: dict, *, posts: bool, rng: random.Random) -> list[dict]:
    """The rotating list of requests for wrk: about a third public pages and searches, half signed-in pages, the
    rest console pages and (``posts``) form posts."""
    services = [row[0] for row in sql(url, "SELECT s.id FROM service s JOIN organisation o ON o.id = s.organisation_id"
                                           " WHERE s.is_published AND o.is_active ORDER BY s.id LIMIT 300")]
    names = [person["name"] for person in people]
    entries: list[dict] = []

    def add(path, *, cookie=None, expect=None, forbid=None, method="GET", body=None, status=200):
        headers = {"X-Forwarded-For": f"198.18.{rng.randint(0, 3)}.{rng.randint(1, 254)}"}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        entries.append({"method": method, "path": path, "headers": headers, "body": body, "status": status,
                        "expect": expect, "forbid": forbid})

    for round_no in range(12):
        add("/")
        add(f"/services/{services[round_no * 7 % len(services)]}")
        add("/events")
        for _ in range(3):
            add("/search?" + urllib.parse.urlencode({"q": rng.choice(SEARCH_WORDS)}) + rng.choice(SEARCH_EXTRAS))
        for person in people:
            path, alone = signed_in_pages(person)[round_no % 4]
            others = [name for name in names if name != person["name"]]
            add(path, cookie=person["cookie"], expect=person["name"], forbid=others if alone else None)
        add(console_pages(officer)[round_no % 3], cookie=officer["cookie"], expect=officer["name"])
        if posts:
            person = people[round_no % len(people)]
            body = urllib.parse.urlencode({"csrf_token": person["csrf"], "contact_name": f"Biuro {person['name']}",
                                           "contact_email": f"siec{person['organisation_id']}@{DOMAIN}",
                                           "contact_phone": "+48 74 000 00 00"})
            add(f"/workspace/networks/{person['network_id']}/contact", cookie=person["cookie"], method="POST",
                body=body, status=303)
    return entries


def write_lua_table(entries: list[dict], path: Path) -> None:
    """The requests as a Lua file wrk's script reads with ``dofile``."""
    def render(value) -> str:
        if isinstance(value, str):
            return _lua_string(value)
        if isinstance(value, list):
            return "{" + ", ".join(render(item) for item in value) + "}"
        if isinstance(value, dict):
            return "{" + ", ".join(f"[{_lua_string(key)}] = {render(item)}" for key, item in value.items()
                                   if item is not None) + "}"
        return "true" if value is True else "false" if value is False else str(value)

    path.write_text("return {\n" + ",\n".join(render(entry) for entry in entries) + "\n}\n", encoding="utf-8")


def _lua_string(text: str) -> str:
    """A Lua 5.1 string literal of ``text``'s UTF-8 bytes (decimal escapes: LuaJIT reads no ``\\u``)."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:03d}"
                         for b in text.encode("utf-8")) + '"'


# --- wrk ------------------------------------------------------------------------------------------------------------

def start_wrk(server: bench.Server, connections: int, seconds: int, requests_file: Path) -> subprocess.Popen:
    """wrk with one thread per connection (so the script pairs each answer with its request), in the background."""
    command = ["wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-s", str(LUA), server.base_url, "--", str(requests_file)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_wrk(process: subprocess.Popen, server: bench.Server, seconds: int) -> dict:
    """The figures of one finished wrk run and its script's checks."""
    out, err = process.communicate(timeout=seconds + bench.WRK_GRACE)
    if process.returncode != 0:
        raise bench.BenchError(f"wrk failed on {server.name}:\n{out}\n{err}")
    result = bench.parse_wrk(server.name, server.base_url, out, err)
    checks = dict(re.findall(r"(checked|mismatches|unexpected)=(\d+)", out))
    statuses = re.search(r"PRODUCTION statuses=(\S*)", out)
    return {"host": server.name, "requests": result.requests, "requests_per_sec": result.requests_per_sec,
            "p50_ms": result.p50_ms, "p99_ms": result.p99_ms, "latency_ms": result.latency_ms,
            "non_2xx_3xx": result.non_2xx_3xx, "socket_errors": result.socket_errors,
            "checked": int(checks.get("checked", 0)), "mismatches": int(checks.get("mismatches", 0)),
            "unexpected_status": int(checks.get("unexpected", 0)),
            "statuses": {code: int(n) for code, n in (part.split(":") for part in
                                                       (statuses.group(1).split(",") if statuses else []) if part)},
            "errors": result.errors}


class Meter(bench.CpuMeter):
    """bench.CpuMeter that also counts workers gunicorn replaced during the run (``max_requests``): their CPU is in
    the masters' children's time."""

    def __init__(self, servers):
        self.masters = [server.process.pid for server in servers]
        self.reaped = sum(_children_ticks(pid) for pid in self.masters)
        super().__init__(servers)

    def stop(self) -> dict[str, float]:
        figures = super().stop()
        extra = sum(_children_ticks(pid) for pid in self.masters) - self.reaped
        if extra:
            capacity = figures["servers_pct"] and figures["servers_cpu_s"] * 100 / figures["servers_pct"]
            figures["servers_cpu_s"] = round(figures["servers_cpu_s"] + extra / bench.CLOCK_TICKS, 2)
            if capacity:
                share = 100 * extra / bench.CLOCK_TICKS / capacity
                figures["servers_pct"] = round(figures["servers_pct"] + share, 1)
                figures["other_pct"] = round(max(0.0, figures["other_pct"] - share), 1)
        return figures


def _children_ticks(pid: int) -> int:
    """cutime + cstime of a process (its reaped children's CPU), fields 16 and 17 of proc(5)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[13]) + int(fields[14])


def load(hosts: list[bench.Server], connections: int, seconds: int, requests_file: Path) -> dict:
    """Both hosts under wrk at once (half the connections each): per host, overall and the CPU shares."""
    meter = Meter(hosts)
    share = max(1, connections // len(hosts))
    running = [(start_wrk(server, share, seconds, requests_file), server) for server in hosts]
    per_host = [finish_wrk(process, server, seconds) for process, server in running]
    cpu = meter.stop()
    overall = {"requests": sum(h["requests"] for h in per_host),
               "requests_per_sec": round(sum(h["requests_per_sec"] for h in per_host), 1),
               "p50_ms": max(h["p50_ms"] for h in per_host), "p99_ms": max(h["p99_ms"] for h in per_host),
               "errors": sum(h["errors"] + h["unexpected_status"] for h in per_host),
               "checked": sum(h["checked"] for h in per_host), "mismatches": sum(h["mismatches"] for h in per_host)}
    statuses: dict[str, int] = {}
    for host in per_host:
        for code, number in host["statuses"].items():
            statuses[code] = statuses.get(code, 0) + number
    overall["statuses"] = statuses
    return {"connections": share * len(hosts), "seconds": seconds, "hosts": per_host, "overall": overall, "cpu": cpu}


def tenant_check(hosts: list[bench.Server], people: list[dict], officer: dict) -> dict:
    """Every signed-in page with every session on both hosts: its own organisation's name, and no other measured
    organisation's on the pages that show one organisation only (its dashboard: the actions page names the other
    organisations of the networks' meetings)."""
    names = [person["name"] for person in people]
    checked, wrong = 0, []
    for server in hosts:
        for person in people:
            for path, alone in signed_in_pages(person):
                status, page, _cookie = fetch(server.base_url + path, person["cookie"])
                checked += 1
                foreign = [n for n in names if n != person["name"] and n in page] if alone else []
                if status != 200 or person["name"] not in page or foreign:
                    wrong.append({"host": server.name, "path": path, "organisation": person["name"],
                                  "status": status, "foreign": foreign})
        for path in console_pages(officer):
            status, page, _cookie = fetch(server.base_url + path, officer["cookie"])
            checked += 1
            if status != 200 or officer["name"] not in page:
                wrong.append({"host": server.name, "path": path, "organisation": officer["name"], "status": status})
    return {"pages_checked": checked, "mismatches": len(wrong), "wrong": wrong[:20]}


# --- the run --------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = bench.make_parser(__doc__)
    parser.add_argument("--duration", type=bench.parse_duration, default=60, help="mixed run (default 60s)")
    parser.add_argument("--connections", type=int, default=64, help="mixed run's connections, split over the hosts")
    parser.add_argument("--restart-connections", type=int, default=16, help="load during the restart (default 16)")
    parser.add_argument("--restart-duration", type=bench.parse_duration, default=30,
                        help="the restart run; PostgreSQL restarts after a third of it (default 30s)")
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY per host (default 2)")
    parser.add_argument("--services", type=int, default=3000, help="catalogue size (default 3,000)")
    parser.add_argument("--organisations", type=int, default=6, help="signed-in organisations (default 6)")
    parser.add_argument("--mails", type=int, default=8, help="password-reset mails in the SMTP outage (default 8)")
    parser.add_argument("--mail-interval", type=float, default=5.0, help="seconds between `flask mail send` runs")
    parser.add_argument("--mail-timeout", type=float, default=300.0, help="give up waiting for the mail after this")
    parser.add_argument("--redis-db", type=int, default=12, help="database number of the local Redis (default 12)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/production-<time>.json")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None or not (PG_BIN / "initdb").exists():
        print(f"needs wrk and PostgreSQL's tools in {PG_BIN} (PG_BIN)", file=sys.stderr)
        return 2
    started = datetime.now(UTC)
    tmp = Path(tempfile.mkdtemp(prefix="siec-production-bench-"))
    try:
        return measure(args, tmp, started)
    except bench.BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def environment(tmp: Path, url: str, redis_url: str, smtp_port: int, workers: int) -> dict[str, str]:
    """Production settings shared by both hosts: bench.portal_env, plus Redis, SMTP, the proxy and the config file's
    workers."""
    env = bench.portal_env(tmp, url)
    env.update({"REDIS_URL": redis_url, "TRUSTED_PROXY_COUNT": "1", "WEB_CONCURRENCY": str(workers),
                "MAIL_BACKEND": "smtp", "SMTP_HOST": bench.HOST, "SMTP_PORT": str(smtp_port), "SMTP_STARTTLS": "0",
                "PUBLIC_BASE_URL": "https://siec.example.org", "OFFER_ATTACHMENT_FOLDER": str(tmp / "offers"),
                "AGREEMENT_DOCUMENT_FOLDER": str(tmp / "agreements"), "GUNICORN_ERROR_LOG": "-"})
    return env


def measure(args, tmp: Path, started: datetime) -> int:
    """Set up, the mixed run, the tenant check, the restart, the SMTP outage; print and save the report."""
    import production_faults as faults

    from tests.smtp_server import TestSMTPServer

    host_info, source = bench.machine(), bench.source_state()
    rng = random.Random(args.seed)  # noqa: S311 - which address and page, not secrets
    smtp = TestSMTPServer().start()
    hosts: list[bench.Server] = []
    print("starting an own PostgreSQL cluster …", flush=True)
    with own_postgres(tmp) as (url, restart), own_redis(f"redis://127.0.0.1:6379/{args.redis_db}") as redis_url:
        try:
            env = environment(tmp, url, redis_url, smtp.port, args.workers)
            bench.prepare_portal(env)
            print(f"generating {args.services} services …", flush=True)
            bench.run([str(bench.VENV_BIN / "python"), str(bench.BENCH / "generate.py"), url, "--services",
                       str(args.services), "--organisations", "300"], env=env, timeout=900)
            print("generating the department, organisations and networks …", flush=True)
            made = json.loads(bench.run(
                [str(bench.VENV_BIN / "python"), str(bench.BENCH / "generate_coordination.py"), url, "--organisations",
                 "30", "--networks", "6", "--meetings", "200", "--actions", "2000", "--messages", "30"],
                env=env, timeout=900).stdout.strip().splitlines()[-1])
            print(f"starting two hosts ({args.workers} workers each) …", flush=True)
            hosts = [start_host(number, env, tmp) for number in (1, 2)]
            for server in hosts:
                bench.wait_until_up(server, "/healthz", args.workers)
            people, officer = sessions(hosts[0].base_url, url, made, args.organisations)
            mixed_file, light_file = tmp / "mixed.lua", tmp / "light.lua"
            write_lua_table(plan_entries(url, people, officer, posts=True, rng=rng), mixed_file)
            write_lua_table(plan_entries(url, people, officer, posts=False, rng=rng), light_file)
            print("warming up (5 s) …", flush=True)
            load(hosts, min(16, args.connections), 5, mixed_file)
            print(f"mixed traffic: {args.connections} connections for {args.duration} s …", flush=True)
            mixed = load(hosts, args.connections, args.duration, mixed_file)
            tenant = tenant_check(hosts, people, officer)
            print(f"PostgreSQL restart under {args.restart_connections} connections …", flush=True)
            restarted = faults.restart_under_load(url, hosts, people, officer, restart,
                                                  connections=args.restart_connections,
                                                  seconds=args.restart_duration, requests_file=light_file)
            print(f"SMTP outage: {args.mails} mails …", flush=True)
            mail = faults.smtp_outage(url, hosts, smtp, env, mails=args.mails, interval=args.mail_interval,
                                      timeout=args.mail_timeout)
            memory = {server.name: server.memory() for server in hosts}
        finally:
            for server in hosts:
                server.stop()
            smtp.stop()
    return report(args, started, host_info, source, mixed, tenant, restarted, mail, memory)


def report(args, started, host_info, source, mixed, tenant, restarted, mail, memory) -> int:
    """The summary table, the PASS/FAIL lines and the JSON report."""
    print()
    print(f"{'run':<10}{'host':<8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'errors':>8}"
          f"{'checked':>9}{'wrong':>7}")
    for name, run_ in (("mixed", mixed), ("restart", restarted)):
        for host in run_["hosts"]:
            print(f"{name:<10}{host['host']:<8}{host['requests_per_sec']:>9.1f}{host['p50_ms']:>9.1f}"
                  f"{host['p99_ms']:>9.1f}{host['requests']:>10}{host['errors'] + host['unexpected_status']:>8}"
                  f"{host['checked']:>9}{host['mismatches']:>7}")
    overall = mixed["overall"]
    print(f"{'mixed':<10}{'both':<8}{overall['requests_per_sec']:>9.1f}{overall['p50_ms']:>9.1f}"
          f"{overall['p99_ms']:>9.1f}{overall['requests']:>10}{overall['errors']:>8}{overall['checked']:>9}"
          f"{overall['mismatches']:>7}")
    cpu = mixed["cpu"]
    print(f"(both: requests/s summed, p50/p99 the worse host's) CPU during the mixed run: servers "
          f"{cpu['servers_pct']}%, wrk {cpu['wrk_pct']}%, other {cpu['other_pct']}%, idle {cpu['idle_pct']}%")
    print(f"restart: pg_ctl took {restarted['pg_ctl_restart_s']} s; failed by status {restarted['failed_by_status']}; "
          f"tracebacks {restarted['tracebacks_in_logs']}; recovery " + ", ".join(
              f"{name} {r['recovered_after_s']} s" for name, r in restarted["recovery"].items()))
    print(f"save during the restart: {restarted['save']}")
    print(f"SMTP outage: {mail['while_down']}; delivered {mail['delivered_after_s']} s after the server was back "
          f"({mail['mail_send_runs']} runs of flask mail send); received {mail['received']}/{mail['mails']}")
    recoveries = [r["recovered_after_s"] for r in restarted["recovery"].values()]
    worst = max((r for r in recoveries if r is not None), default=None)
    targets = [
        {"target": "zero errors in the mixed run", "value": overall["errors"], "shown": f"{overall['errors']} "
         f"errors in {overall['requests']} requests", "passed": overall["errors"] == 0},
        {"target": "zero tenant mismatches", "value": overall["mismatches"] + tenant["mismatches"],
         "shown": f"{overall['mismatches']} of {overall['checked']} checked under load, {tenant['mismatches']} of "
                  f"{tenant['pages_checked']} pages after",
         "passed": overall["mismatches"] + tenant["mismatches"] == 0},
        {"target": "p99 reported", "value": overall["p99_ms"], "shown": f"{overall['p99_ms']} ms (worse host)",
         "passed": overall["p99_ms"] > 0},
        {"target": "no 500 during the restart", "value": restarted["server_errors_500"],
         "shown": f"{restarted['server_errors_500']} answers 500, failed {restarted['failed_by_status']}, "
                  f"tracebacks {sum(restarted['tracebacks_in_logs'].values())}",
         "passed": restarted["server_errors_500"] == 0 and not sum(restarted["tracebacks_in_logs"].values())},
        {"target": f"each host recovered within {RECOVERY_LIMIT_S:.0f} s of the restart", "value": worst,
         "shown": f"{recoveries}", "passed": None not in recoveries and worst <= RECOVERY_LIMIT_S},
        {"target": "nothing half-written by the interrupted saves", "value": restarted["save"]["row_and_audit_agree"],
         "shown": str(restarted["save"]), "passed": restarted["save"]["row_and_audit_agree"]},
        {"target": "no mail lost or doubled", "value": mail["received"],
         "shown": f"{mail['received']} of {mail['mails']} received, missing {len(mail['missing'])}, doubled "
                  f"{len(mail['doubled'])}", "passed": not mail["missing"] and not mail["doubled"]
         and mail["delivered_after_s"] is not None},
    ]
    print()
    bench.print_targets(targets)
    noisy = mixed["cpu"]["other_pct"] > bench.NOISE_LIMIT_PCT
    if noisy:
        print(f"WARNING: other processes used {mixed['cpu']['other_pct']}% of the CPUs during the mixed run; the "
              "figures are not representative: run again on a quiet machine")
    full = {**bench.report_common(started, targets, ["mixed"] if noisy else [], host=host_info, source=source),
            "settings": {"duration_s": args.duration, "connections": args.connections, "workers": args.workers,
                         "restart_connections": args.restart_connections, "restart_duration_s": args.restart_duration,
                         "services": args.services, "organisations": args.organisations, "mails": args.mails,
                         "database": "postgresql (own cluster)", "redis_db": args.redis_db},
            "mixed": mixed, "tenant_check": tenant, "restart": restarted, "smtp_outage": mail, "memory": memory}
    return bench.finish(full, "production", started, args, targets)


if __name__ == "__main__":
    sys.exit(main())
