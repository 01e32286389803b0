"""Load bench: the portal's public pages against a bare Flask app, under gunicorn and wrk.

Run from anywhere with the project's interpreter (``make bench`` does this)::

    .venv/bin/python bench/run.py [--duration 20s] [--connections 32] [--strict]

It builds a throw-away production-like instance in a temporary folder (fresh database,
outbox mail, random secret key), starts gunicorn with 2 workers for the portal and for
bench/bare_app.py on free loopback ports, warms both up, then runs ``wrk --latency``
against the bare app's "/", the portal's "/" and the portal's "/sign-in", one after the
other. It prints requests/s, p50/p99 latency and each worker's resident memory, checks
the targets (home ≥ 60 % of the bare app's requests/s; every portal worker < 120 MB RSS)
and writes everything to bench/results/<timestamp>.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS_DIR = BENCH / "results"
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"  # loopback only, never a public interface

TARGET_RATIO = 0.60  # home requests/s ÷ bare app requests/s
TARGET_RSS_MB = 120.0  # resident memory per portal worker
NOISE_LIMIT_PCT = 10.0  # other processes' share of the CPUs above which the figures are suspect

SETUP_TIMEOUT = 180  # seconds for db upgrade / translation compile
START_TIMEOUT = 60  # seconds for a server to answer
STOP_TIMEOUT = 15  # seconds for a server to stop after SIGTERM
WRK_GRACE = 60  # seconds wrk may take beyond its duration


class BenchError(RuntimeError):
    """The bench could not run (a server did not start, wrk failed …), as opposed to a missed target."""


# --- helpers ------------------------------------------------------------------------------


def parse_duration(text: str) -> int:
    """Seconds from ``20``, ``20s``, ``2m`` or ``1h`` (wrk's own notation)."""
    match = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", text)
    if not match or int(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 20s, 1m)")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def positive(text: str) -> int:
    """A whole number of at least 1, for an option that counts something."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a whole number ≥ 1: {text!r}")
    return value


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd: list[str], *, env: dict[str, str], timeout: int, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a command to completion, raising BenchError with its output if it fails or hangs."""
    try:
        result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{' '.join(cmd)} took longer than {timeout} s") from exc
    if result.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def to_ms(value: str) -> float:
    """wrk's latency notation (``812.00us``, ``4.51ms``, ``1.20s``, ``2.00m``) in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise BenchError(f"cannot read wrk latency {value!r}")
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[match.group(2)]
    return round(float(match.group(1)) * factor, 3)


def software_versions() -> dict[str, str]:
    """Versions of the pieces that decide the figures."""
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for package in ("Flask", "Werkzeug", "Jinja2", "gunicorn", "Flask-WTF", "flask-babel", "Flask-Login",
                    "SQLAlchemy"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        # wrk prints its version in the usage text, and exits 1
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10, check=False)
        first = (out.stdout or out.stderr).splitlines()
        versions["wrk"] = first[0].strip() if first else "?"
    return versions


def machine() -> dict[str, object]:
    """CPU count and model, memory, kernel."""
    info: dict[str, object] = {"cpus": os.cpu_count(), "kernel": platform.release()}
    with contextlib.suppress(OSError):
        models = re.findall(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        info["cpu_model"] = models[0] if models else "?"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        kb = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        info["memory_gb"] = round(int(kb.group(1)) / 1024 / 1024, 1)
    with contextlib.suppress(OSError):
        info["loadavg_before"] = Path("/proc/loadavg").read_text().split()[:3]
    return info


# --- memory -------------------------------------------------------------------------------


def _status_kb(pid: int, key: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def _pss_kb(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def children_of(pid: int) -> list[int]:
    """Direct children of ``pid`` (gunicorn's workers), from /proc/<pid>/task/*/children."""
    kids: set[int] = set()
    for children_file in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            kids.update(int(part) for part in children_file.read_text().split())
    return sorted(kids)


def process_memory(pid: int) -> dict[str, float | int | None]:
    """RSS, peak RSS and PSS of one process in MB (PSS splits pages shared after fork)."""
    def mb(kb: int | None) -> float | None:
        return round(kb / 1024, 1) if kb is not None else None

    return {"pid": pid, "rss_mb": mb(_status_kb(pid, "VmRSS")), "peak_rss_mb": mb(_status_kb(pid, "VmHWM")),
            "pss_mb": mb(_pss_kb(pid))}


# --- CPU accounting (is anything else loading the machine?) ------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_ticks() -> int:
    """CPU ticks spent busy (not idle, not waiting for I/O) by the whole machine, all CPUs."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return user + nice + system + irq + softirq + steal


def process_ticks(pid: int) -> int:
    """User + system CPU ticks of one process (0 if it is gone)."""
    try:
        after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(after_name[11]) + int(after_name[12])  # fields 14 and 15 of proc(5)


def children_ticks() -> float:
    """CPU ticks of our finished children (wrk), from getrusage."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * CLOCK_TICKS


class CpuMeter:
    """Splits the machine's CPU time during a wrk run into ours (servers + wrk) and everyone else's."""

    def __init__(self, servers: list[Server]):
        self.pids = [pid for server in servers for pid in (server.process.pid, *server.workers())]
        self.start = (time.monotonic(), machine_busy_ticks(), sum(map(process_ticks, self.pids)), children_ticks())

    def stop(self) -> dict[str, float]:
        wall0, busy0, ours0, kids0 = self.start
        wall = time.monotonic() - wall0
        capacity = wall * CLOCK_TICKS * (os.cpu_count() or 1)
        servers = sum(map(process_ticks, self.pids)) - ours0
        load_tool = children_ticks() - kids0
        busy = machine_busy_ticks() - busy0
        foreign = max(0.0, busy - servers - load_tool)
        return {"servers_cpu_s": round(servers / CLOCK_TICKS, 2),
                "servers_pct": round(100 * servers / capacity, 1), "wrk_pct": round(100 * load_tool / capacity, 1),
                "other_pct": round(100 * foreign / capacity, 1), "idle_pct": round(100 * (1 - busy / capacity), 1)}


# --- servers ------------------------------------------------------------------------------


@dataclass
class Server:
    """A gunicorn master we started, in its own process group."""

    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def memory(self) -> dict[str, object]:
        return {"master": process_memory(self.process.pid),
                "workers": [process_memory(pid) for pid in self.workers()]}

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        """SIGTERM the process group (graceful gunicorn shutdown), SIGKILL if it lingers."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


def start_gunicorn(name: str, app_spec: str, *, env: dict[str, str], workers: int, tmp: Path,
                   chdir: Path | None = None) -> Server:
    """Start ``gunicorn --workers N`` for ``app_spec`` on a free loopback port."""
    port = free_port()
    log_path = tmp / f"gunicorn-{name}.log"
    cmd = [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--bind", f"{HOST}:{port}",
           "--error-logfile", str(log_path), "--log-level", "warning"]
    if chdir is not None:
        cmd += ["--chdir", str(chdir)]
    cmd.append(app_spec)
    with open(log_path, "ab") as log:  # gunicorn's stdout/stderr too: start-up tracebacks go there
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return Server(name=name, port=port, process=process, log_path=log_path)


def wait_until_up(server: Server, path: str, expected_workers: int) -> None:
    """Poll until ``path`` answers 200 and all workers are forked, or raise BenchError."""
    deadline = time.monotonic() + START_TIMEOUT
    last_error = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"{server.name}: gunicorn exited ({server.process.returncode}):\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.base_url + path, timeout=5) as response:
                if response.status == 200 and len(server.workers()) >= expected_workers:
                    return
                last_error = f"HTTP {response.status}, {len(server.workers())} workers"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    raise BenchError(f"{server.name} did not answer {path} within {START_TIMEOUT} s ({last_error}):\n"
                     f"{server.log_tail()}")


def check_page(url: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    """One plain request: status, size and whether it sets a cookie (to describe what was measured)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        body = response.read()
        return {"status": response.status, "bytes": len(body),
                "sets_cookie": response.headers.get("Set-Cookie") is not None,
                "header_count": len(response.headers)}


# --- wrk ----------------------------------------------------------------------------------


@dataclass
class WrkResult:
    """The figures read from one wrk run."""

    label: str
    url: str
    requests_per_sec: float
    p50_ms: float
    p99_ms: float
    latency_ms: dict[str, float] = field(default_factory=dict)
    requests: int = 0
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    raw: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def run_wrk(label: str, url: str, *, threads: int, connections: int, seconds: int,
            headers: dict[str, str] | None = None) -> WrkResult:
    """``wrk -tN -cN -dNs --latency [-H header …] url`` and its parsed output."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    cmd.append(url)
    result = run(cmd, env=dict(os.environ), timeout=seconds + WRK_GRACE)
    return parse_wrk(label, url, result.stdout, result.stderr)


def parse_wrk(label: str, url: str, out: str, err: str) -> WrkResult:
    """The figures of one wrk run from its output (``--latency``)."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.MULTILINE)
    if not rps:
        raise BenchError(f"cannot read wrk output for {url}:\n{out}\n{err}")
    distribution = {pct: to_ms(value) for pct, value in
                    re.findall(r"^\s+(\d+)%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.MULTILINE)}
    if "50" not in distribution or "99" not in distribution:
        raise BenchError(f"wrk printed no latency distribution for {url}:\n{out}")
    total = re.search(r"^\s+(\d+) requests in", out, re.MULTILINE)
    non_ok = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkResult(
        label=label, url=url, requests_per_sec=float(rps.group(1)),
        p50_ms=distribution["50"], p99_ms=distribution["99"], latency_ms=distribution,
        requests=int(total.group(1)) if total else 0,
        non_2xx_3xx=int(non_ok.group(1)) if non_ok else 0,
        socket_errors=dict(zip(("connect", "read", "write", "timeout"), map(int, errors.groups()), strict=True))
        if errors else {},
        raw=out,
    )


# --- the run ------------------------------------------------------------------------------


PORTAL_ROLE = "siec_bench_app"


def portal_role_url(owner_url: str) -> str:
    """PostgreSQL, as production runs it: ``owner_url`` (the bench's own, which owns the tables) with the portal's role
    instead — a login role that owns nothing and is held by the row-level security, made when missing. The
    migrations run as the owner and grant it its rights (migrations/env.py)."""
    if str(ROOT) not in sys.path:  # run as bench/<script>.py: the portal's package is one folder up
        sys.path.insert(0, str(ROOT))
    from app import row_security

    return row_security.portal_role_url(owner_url, PORTAL_ROLE)


def portal_env(tmp: Path, database_url: str) -> dict[str, str]:
    """Production settings pointing at the temporary instance folder. On PostgreSQL the portal connects as its own
    role under the row-level security and ``database_url`` is the tables' owner (``BENCH_PORTAL_ROLE=owner``: the
    portal connects as the owner too, to measure what the policies cost)."""
    env = dict(os.environ)
    portal_url = database_url
    if database_url.startswith("postgresql") and env.get("BENCH_PORTAL_ROLE", "portal") != "owner":
        portal_url = portal_role_url(database_url)
    env.update({
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(36)[:48],
        "TOTP_ENCRYPTION_KEYS": "YmVuY2gtb25seS10b3RwLWtleS1ub3QtYS1zZWNyZXQ=",  # bench/generating.py BENCH_TOTP_KEYS
        "DATABASE_URL": portal_url,
        **({"DATABASE_OWNER_URL": database_url} if portal_url != database_url else {}),
        "INSTANCE_PATH": str(tmp),
        "MAIL_BACKEND": "outbox",
        "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
        "FLASK_APP": "wsgi",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    # the search's word forms (``flask search lemmas``), built once in the checkout's instance folder
    env.setdefault("SEARCH_LEMMAS_PATH", str(ROOT / "instance" / "search-lemmas-v2.sqlite3"))
    env.pop("TRUSTED_PROXY_COUNT", None)  # measure the app as it answers a direct client
    # The anonymous page cache is on in production (30 s); PAGE_CACHE_SECONDS=0 measures without it.
    print(f"page cache: PAGE_CACHE_SECONDS={env.get('PAGE_CACHE_SECONDS', '30 (the default)')}", flush=True)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def prepare_portal(env: dict[str, str]) -> None:
    """Compiled catalogues (if missing or stale) and an up-to-date schema; no demo data (production refuses it)."""
    catalogues = list((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
    stale = [po for po in catalogues
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        print("compiling translations …", flush=True)
        run([str(VENV_BIN / "pybabel"), "-q", "compile", "-d", "translations"], env=env, timeout=SETUP_TIMEOUT)
    print("migrating the bench database …", flush=True)
    run([str(VENV_BIN / "flask"), "db", "upgrade"], env=env, timeout=SETUP_TIMEOUT)


def source_state() -> dict[str, object]:
    """The commit measured and how many files differ from it (read-only git calls)."""
    state: dict[str, object] = {}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10, check=False)
        if head.returncode != 0:  # not a git checkout (e.g. an exported snapshot)
            return {"commit": None}
        state["commit"] = head.stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                                timeout=10, check=False)
        state["changed_files"] = len(status.stdout.splitlines()) if status.returncode == 0 else None
    return state


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def summarise(runs: dict[str, list[WrkResult]]) -> dict[str, dict[str, object]]:
    """Per target: the median over rounds of requests/s, p50 and p99, the worst other-load share and errors."""
    return {
        key: {"label": rs[0].label, "url": rs[0].url, "rounds": len(rs),
              "requests_per_sec": median([r.requests_per_sec for r in rs]),
              "p50_ms": median([r.p50_ms for r in rs]), "p99_ms": median([r.p99_ms for r in rs]),
              "requests": sum(r.requests for r in rs), "errors": sum(r.errors for r in rs),
              "server_cpu_us_per_request": median([r.cpu.get("server_cpu_us_per_request", 0) for r in rs]),
              "other_cpu_pct_max": max(r.cpu.get("other_pct", 0.0) for r in rs)}
        for key, rs in runs.items()
    }


def print_table(runs: dict[str, list[WrkResult]], summary: dict[str, dict], memory: dict[str, dict]) -> None:
    """The figures as plain-text tables."""
    print()
    print(f"{'target':<17}{'round':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'errors':>7}"
          f"{'cpu us/req':>11}{'servers%':>9}{'wrk%':>6}{'other%':>7}")
    for key, rs in runs.items():
        for i, r in enumerate(rs, 1):
            cpu = r.cpu
            print(f"{r.label:<17}{i:>6}{r.requests_per_sec:>10.1f}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}{r.requests:>10}"
                  f"{r.errors:>7}{cpu.get('server_cpu_us_per_request', 0):>11}{cpu.get('servers_pct', 0):>9.1f}"
                  f"{cpu.get('wrk_pct', 0):>6.1f}{cpu.get('other_pct', 0):>7.1f}")
        if len(rs) > 1:
            s = summary[key]
            print(f"{s['label']:<17}{'median':>6}{s['requests_per_sec']:>10.1f}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}"
                  f"{s['requests']:>10}{s['errors']:>7}{s['server_cpu_us_per_request']:>11.0f}")
    print("(cpu us/req: the gunicorns' CPU time per request; servers%/wrk%/other%: share of all CPUs used by\n"
          " the two gunicorns, by wrk, and by everything else on the machine)")
    print()
    print(f"{'server':<10}{'process':<10}{'pid':>8}{'RSS MB':>9}{'peak MB':>9}{'PSS MB':>9}")
    for name, mem in memory.items():
        rows = [("master", mem["master"])] + [(f"worker {i}", w) for i, w in enumerate(mem["workers"], 1)]
        for role, m in rows:
            print(f"{name:<10}{role:<10}{m['pid']:>8}{m['rss_mb'] or 0:>9.1f}{m['peak_rss_mb'] or 0:>9.1f}"
                  f"{m['pss_mb'] or 0:>9.1f}")
    print("(RSS after the load; peak = the process's high-water mark VmHWM; PSS = RSS with shared pages split)")


def check_targets(summary: dict[str, dict], memory: dict[str, dict]) -> list[dict[str, object]]:
    """PASS/FAIL for each target in the issue (memory: each portal worker's RSS after the load)."""
    ratio = summary["portal_home"]["requests_per_sec"] / summary["bare"]["requests_per_sec"]
    workers = memory["portal"]["workers"]
    worst_rss = max((w["rss_mb"] or 0.0) for w in workers) if workers else float("inf")
    worst_peak = max((w["peak_rss_mb"] or 0.0) for w in workers) if workers else float("inf")
    return [
        {"target": f"home req/s ≥ {TARGET_RATIO:.0%} of the bare app's", "value": round(ratio, 3),
         "shown": f"{ratio:.1%} ({summary['portal_home']['requests_per_sec']:.0f} / "
                  f"{summary['bare']['requests_per_sec']:.0f} req/s)",
         "passed": ratio >= TARGET_RATIO},
        {"target": f"portal worker RSS < {TARGET_RSS_MB:.0f} MB", "value": worst_rss,
         "shown": f"largest worker {worst_rss:.1f} MB after the load (high-water mark {worst_peak:.1f} MB)",
         "passed": bool(workers) and worst_rss < TARGET_RSS_MB, "peak_rss_mb": worst_peak},
    ]



def noisy_targets(*summaries: dict) -> list[str]:
    """The targets measured while other processes took more than ``NOISE_LIMIT_PCT`` of the CPUs (said aloud), over
    one summary or several (one per catalogue)."""
    noisy = sorted({s["label"] for summary in summaries for s in summary.values()
                    if s["other_cpu_pct_max"] > NOISE_LIMIT_PCT})
    if noisy:
        print(f"WARNING: other processes used more than {NOISE_LIMIT_PCT:.0f}% of the CPUs during "
              f"{', '.join(noisy)}; the figures are not representative: run again on a quiet machine")
    return noisy


def finish(report: dict, name: str, started, args, targets: list[dict]) -> int:
    """Save ``report`` as bench/results/<name>-<time>.json (unless ``--no-save``); the exit code: 1 under
    ``--strict`` when a target was missed, else 0."""
    if not args.no_save:
        RESULTS_DIR.mkdir(exist_ok=True)
        out = RESULTS_DIR / f"{name + '-' if name else ''}{started.strftime('%Y%m%dT%H%M%SZ')}.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"\nresults written to {out.relative_to(ROOT)}")
    return 1 if args.strict and not all(target["passed"] for target in targets) else 0


# --- what every bench script shares -------------------------------------------------------


def make_parser(doc: str) -> argparse.ArgumentParser:
    """A bench's argument parser, described by the first paragraph of its module text."""
    return argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


DATABASE_HELP = "PostgreSQL URL of a database to create, use and drop (default: SQLite)"


def add_load_arguments(parser: argparse.ArgumentParser, name: str, *, database_help: str = DATABASE_HELP,
                       database_default: str | None = None, seed: bool = True) -> None:
    """The options every load bench takes: the database, wrk's and gunicorn's settings, the data's seed,
    ``--strict`` and ``--no-save`` (``name``: the results file's prefix)."""
    parser.add_argument("--database-url", default=database_default, help=database_help)
    parser.add_argument("--duration", type=parse_duration, default=parse_duration("20s"),
                        help="wrk duration per URL, e.g. 20s or 1m (default 20s)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (default 2)")
    parser.add_argument("--warmup", type=parse_duration, default=parse_duration("3s"),
                        help="unrecorded wrk run per URL before the first round (default 3s)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every URL this many times, alternating; report the median (default 1)")
    if seed:
        parser.add_argument("--seed", type=int, default=1, help="the generated data's random seed (default 1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-save", action="store_true",
                        help=f"do not write bench/results/{name + '-' if name else ''}<time>.json")


def parse_load_arguments(parser: argparse.ArgumentParser, name: str, argv: list[str] | None,
                         **options) -> argparse.Namespace:
    """``add_load_arguments`` (``options`` passed on), then the command line parsed and the load options checked
    (the caller checks its own)."""
    add_load_arguments(parser, name, **options)
    args = parser.parse_args(argv)
    if args.connections < args.threads or args.threads < 1 or args.workers < 1 or args.rounds < 1:
        parser.error("need threads ≥ 1, connections ≥ threads, workers ≥ 1, rounds ≥ 1")
    return args


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


@contextlib.contextmanager
def scratch(name: str, database_url: str | None):
    """``(tmp, url)``: a temporary folder ``siec-<name>-bench-…`` and the bench's database — ``database_url``, a
    PostgreSQL database created here and dropped after, or else SQLite ``<name>.db`` in the folder; both removed at
    the end, also when something fails."""
    tmp = Path(tempfile.mkdtemp(prefix=f"siec-{name}-bench-"))
    url = database_url or f"sqlite:///{tmp / f'{name}.db'}"
    try:
        if database_url:
            postgres_database(url, create=True)
        yield tmp, url
    finally:
        if database_url:
            postgres_database(url, create=False)
        shutil.rmtree(tmp, ignore_errors=True)


def run_bench(name: str, args, body: Callable[..., int], *, own_databases: bool = False) -> int:
    """``body(args, tmp, url, started)`` in a ``scratch`` folder and database (``args.database_url``, created and
    dropped, or SQLite), once wrk is found: its exit code, or 2 when wrk is missing or the bench could not run (a
    ``BenchError``). With ``own_databases`` the bench makes (or uses) its databases itself: ``url`` is then the
    scratch folder's SQLite file, for the bench to use or not."""
    if shutil.which("wrk") is None:
        print("wrk is not installed: sudo apt-get install -y wrk", file=sys.stderr)
        return 2
    started = datetime.now(UTC)
    try:
        with scratch(name, None if own_databases else args.database_url) as (tmp, url):
            return body(args, tmp, url, started)
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 2


@contextlib.contextmanager
def bare_and_portal(env: dict[str, str], *, workers: int, tmp: Path, suffix: str = "", portal_path: str = "/"):
    """``(servers, bare, portal)``: the bare app and the portal under gunicorn, both answering (the portal at
    ``portal_path``); every server in ``servers`` — a caller may add more — is stopped at the end."""
    servers: list[Server] = []
    try:
        bare = start_gunicorn(f"bare{suffix}", "bare_app:app", env=env, workers=workers, tmp=tmp, chdir=BENCH)
        servers.append(bare)
        portal = start_gunicorn(f"portal{suffix}", "wsgi:app", env=env, workers=workers, tmp=tmp)
        servers.append(portal)
        wait_until_up(bare, "/", workers)
        wait_until_up(portal, portal_path, workers)
        yield servers, bare, portal
    finally:
        for server in servers:
            server.stop()


def check_ok(url: str, cookie: str | None = None) -> dict[str, object]:
    """One request to a measured page (with the session's cookie), which must answer 200 (a missing route says so)."""
    try:
        page = check_page(url, {"Cookie": cookie} if cookie else None)
    except urllib.error.HTTPError as answer:
        raise BenchError(f"{url} answered HTTP {answer.code}, expected 200"
                         f"{' (is the route there?)' if answer.code == 404 else ''}") from None
    if page["status"] != 200:
        raise BenchError(f"{url} answered HTTP {page['status']}, expected 200")
    return page


def prepare_and_generate(tmp: Path, url: str, script: str, timeout: int, *, what: str, echo: bool = False,
                         **options: object) -> tuple[dict[str, str], dict[str, object]]:
    """The portal's settings on ``url`` and its schema (``portal_env``, ``prepare_portal``), then the data: ``bench/
    <script> <url> --option value …`` (``per_year=`` gives ``--per-year``), announced as "generating <what> …".
    ``(env, the JSON on the generator's last line of output)``; ``echo`` prints its last line on stderr (its
    summary) first."""
    env = portal_env(tmp, url)
    prepare_portal(env)
    print(f"generating {what} …", flush=True)
    command = [str(VENV_BIN / "python"), str(BENCH / script), url]
    for option, value in options.items():
        command += [f"--{option.replace('_', '-')}", str(value)]
    result = run(command, env=env, timeout=timeout)
    if echo:
        print(result.stderr.strip().splitlines()[-1], flush=True)
    return env, json.loads(result.stdout.strip().splitlines()[-1])


def print_result(result: dict) -> None:
    """A blank line, then the wrk and memory tables of a measured ``result`` (its runs, summary and memory)."""
    print()
    print_table(result["runs"], result["summary"], result["memory"])


def print_targets(targets: list[dict]) -> None:
    """One ``PASS`` or ``FAIL`` line per target."""
    for target in targets:
        print(f"{'PASS' if target['passed'] else 'FAIL'}  {target['target']}: {target['shown']}")


def runs_as_dicts(runs: dict[str, list[WrkResult]]) -> dict[str, list[dict]]:
    """Every wrk run as plain data, for the JSON report."""
    return {key: [asdict(result) for result in results] for key, results in runs.items()}


def report_common(started: datetime, targets: list[dict], noisy: list[str], runs: dict | None = None, *,
                  host: dict | None = None, source: dict | None = None) -> dict[str, object]:
    """The part of the JSON report every bench writes: when, the machine (``host`` if read at the start), the source
    (likewise), the software, the targets, whether the figures are representative and (when given) every wrk run."""
    common: dict[str, object] = {
        "started_at": started.isoformat(timespec="seconds"), "machine": host or machine(),
        "source": source or source_state(), "software": software_versions(), "targets": targets,
        "representative": not noisy}
    if runs is not None:
        common["runs"] = runs_as_dicts(runs)
    return common


def load_settings(args, *, warmup: bool = False) -> dict[str, object]:
    """The load options as the JSON report's ``settings`` hold them (the warm-up where ``warmup``), and which kind of
    database (``--database-url``: PostgreSQL, else SQLite)."""
    settings = {"duration_s": args.duration, "connections": args.connections, "threads": args.threads,
                "workers": args.workers, "rounds": args.rounds,
                "database": "postgresql" if args.database_url else "sqlite"}
    if warmup:
        settings["warmup_s"] = args.warmup
    return settings


def conclude(name: str, args, started: datetime, targets: list[dict], summaries: list[dict], report: dict,
             runs: dict | None = None, **common) -> int:
    """Print the targets and the noise warning, save the report (``report_common``, given ``common``'s ``host``
    and ``source`` if any, and ``report``) as bench/results/<name>-<time>.json: the exit code (see ``finish``)."""
    print_targets(targets)
    noisy = noisy_targets(*summaries)
    return finish({**report_common(started, targets, noisy, runs, **common), **report}, name, started, args,
                  targets)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__)
    args = parse_load_arguments(parser, "", argv, database_default=os.environ.get("BENCH_DATABASE_URL"), seed=False,
                                database_help="database for the portal (default $BENCH_DATABASE_URL, else SQLite in "
                                              "the temp folder)")
    if not (VENV_BIN / "gunicorn").exists():
        print(f"{VENV_BIN / 'gunicorn'} is missing: run make setup first", file=sys.stderr)
        return 2
    return run_bench("home", args, measure_home, own_databases=True)


def measure_home(args, tmp: Path, scratch_url: str, started: datetime) -> int:
    """Start both servers, check and wrk the three URLs, print and save the figures: the exit code. The database
    named is used as it is, never created or dropped here; else the scratch folder's SQLite file."""
    database_url = args.database_url or scratch_url
    host = machine()
    source_at_start = source_state()  # gunicorn loads the code now; templates at the warm-up
    env = portal_env(tmp, database_url)
    prepare_portal(env)
    print(f"starting gunicorn ({args.workers} workers each) …", flush=True)
    with bare_and_portal(env, workers=args.workers, tmp=tmp) as (servers, bare, portal):
        plan = [("bare", "bare /", bare, "/"), ("portal_home", "portal /", portal, "/"),
                ("portal_sign_in", "portal /sign-in", portal, "/sign-in")]
        pages = {key: check_page(server.base_url + path) for key, _label, server, path in plan}
        for key, page in pages.items():
            if page["status"] != 200:
                raise BenchError(f"{key} answered HTTP {page['status']}, expected 200")

        runs: dict[str, list[WrkResult]] = {key: [] for key, *_ in plan}
        memory_after: dict[str, dict] = {}
        for round_no in range(1, args.rounds + 1):
            for key, label, server, path in plan:
                url = server.base_url + path
                if round_no == 1 and args.warmup:
                    print(f"warming up {label} ({args.warmup} s) …", flush=True)
                    run_wrk(label, url, threads=args.threads, connections=args.connections, seconds=args.warmup)
                suffix = f", round {round_no}/{args.rounds}" if args.rounds > 1 else ""
                print(f"measuring {label} ({args.duration} s, {args.connections} connections{suffix}) …", flush=True)
                meter = CpuMeter(servers)
                result = run_wrk(label, url, threads=args.threads, connections=args.connections,
                                 seconds=args.duration)
                result.cpu = meter.stop()
                if result.requests:  # the servers' CPU time per request: independent of wrk's share
                    result.cpu["server_cpu_us_per_request"] = round(result.cpu["servers_cpu_s"] * 1e6 / result.requests)
                runs[key].append(result)
                memory_after[key] = server.memory()
        memory = {"bare": bare.memory(), "portal": portal.memory()}

    summary = summarise(runs)
    print_table(runs, summary, memory)
    targets = check_targets(summary, memory)
    print()
    print_targets(targets)
    if any(t.get("peak_rss_mb", 0) >= TARGET_RSS_MB for t in targets):
        print(f"NOTE  a portal worker's high-water mark reached {TARGET_RSS_MB:.0f} MB or more "
              "(see docs/PERFORMANCE.md)")
    with_errors = [s["label"] for s in summary.values() if s["errors"]]
    if with_errors:
        print(f"WARNING: failed requests during {', '.join(with_errors)}: see the JSON for details")
    noisy = noisy_targets(summary)
    report = {
        **report_common(started, targets, noisy, runs, host=host, source=source_at_start),
        "settings": {"duration_s": args.duration, "connections": args.connections, "threads": args.threads,
                     "workers": args.workers, "warmup_s": args.warmup, "rounds": args.rounds,
                     "database": database_url.split("://", 1)[0].split("+", 1)[0], "app_env": "production"},
        "pages": pages,
        "summary": summary,
        "memory_after_each_url": memory_after,
        "memory_final": memory,
        "representative": not noisy and not with_errors,
    }
    report["source"] = {**source_at_start, "changed_during_run": source_state() != source_at_start}
    return finish(report, "", started, args, targets)


if __name__ == "__main__":
    sys.exit(main())
