"""Two hosts' worth of the portal over one PostgreSQL and one Redis (issue 15 §1): what one instance counts, ends
or publishes holds on the other — the API's rate limit, the sign-in throttle, a sign-out, an urgent alert.

Each instance is gunicorn with two workers and production settings (the same secret, database and Redis, a proxy
in front: TRUSTED_PROXY_COUNT=1, so each request names its client address in X-Forwarded-For). The database is a
fresh one on the PostgreSQL server of ``TEST_POSTGRES_URL`` (default: the local server), migrated to head and
dropped afterwards; Redis is ``TEST_HOSTS_REDIS_URL`` (default: database 13 of the local server), emptied first.
Both must answer: this test fails, never skips, when one is missing (``make test`` runs it once, on either
database; the PostgreSQL pass of .ci/run leaves it out).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.postgres_scratch import application_role_url, scratch_databases

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("TEST_HOSTS_REDIS_URL", "redis://127.0.0.1:6379/13")
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Browser:
    """A client of both hosts with one cookie jar (the session cookie is marked Secure, so it is kept by hand) and
    one client address, as a proxy would report it."""

    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, base: str, path: str, data: dict | None = None, headers: dict | None = None):
        """(status, body text, headers) of one request, redirects not followed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers={  # noqa: S310 - http://127.0.0.1 only
            "X-Forwarded-For": self.address, "Accept-Language": "en", **(headers or {}),
            **({"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {})})
        try:
            response = _OPENER.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header and "expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response.status, response.read().decode("utf-8", "replace"), response.headers

    def form(self, base: str, path: str, fields: dict) -> tuple[int, str]:
        """GET a form, then POST ``fields`` with its CSRF token: (status, body)."""
        status, page, _headers = self.request(base, path)
        assert status == 200, f"{path} answered {status}"
        token = CSRF.search(page)
        assert token, f"{path} has no form token"
        status, page, _headers = self.request(base, path, {"csrf_token": token.group(1), **fields})
        return status, page


@pytest.fixture(scope="module")
def database():
    """A fresh PostgreSQL database (migrated by ``environment``); dropped afterwards."""
    with scratch_databases("hosts") as new:
        yield new()


@pytest.fixture(scope="module")
def redis_url():
    """Redis, emptied (its database only)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.fail(f"Redis is needed at {REDIS_URL} (TEST_HOSTS_REDIS_URL): {error}")
    yield REDIS_URL
    client.flushdb()


@pytest.fixture(scope="module")
def environment(database, redis_url, tmp_path_factory) -> dict[str, str]:
    """Production settings shared by both hosts, which connect as the portal's own role (under the row-level
    security); the schema migrated by the tables' owner."""
    folder = tmp_path_factory.mktemp("hosts")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEST_", "FLASK_"))}
    env.update({
        "APP_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": application_role_url(database),
        "REDIS_URL": redis_url, "TRUSTED_PROXY_COUNT": "1", "API_RATE_LIMIT": "10 per minute",
        "INSTANCE_PATH": str(folder), "MAIL_BACKEND": "outbox", "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "PUBLIC_BASE_URL": "https://siec.example.org", "FLASK_APP": "wsgi", "WEB_CONCURRENCY": "2",
        "SEARCH_LEMMAS_PATH": str(ROOT / "instance" / "search-lemmas-v2.sqlite3"),
        "TOTP_ENCRYPTION_KEYS": "bpYNGjnRkP1W2mQOv3FwE6e_vwTz0a6gqKOK6I1Gk5c=",
        "OFFER_ATTACHMENT_FOLDER": str(folder / "offers"), "AGREEMENT_DOCUMENT_FOLDER": str(folder / "agreements"),
    })
    done = subprocess.run([str(BIN / "flask"), "db", "upgrade"],  # noqa: S603 - our own command
                          cwd=ROOT, env={**env, "DATABASE_OWNER_URL": database}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return env


@dataclass(frozen=True)
class People:
    officer_email: str
    officer_totp: str
    coordinator_email: str
    password: str


@pytest.fixture(scope="module")
def people(environment) -> People:
    """The department with an officer (with an authenticator) and an organisation with a coordinator."""
    from app import create_app
    from tests.factories import Factory
    from tests.factories.organisations import PASSWORD

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": environment["DATABASE_URL"],
                                 "TOTP_ENCRYPTION_KEYS": environment["TOTP_ENCRYPTION_KEYS"]})
    make = Factory(app)
    department = make.department()
    organisation = make.organisation("Stowarzyszenie Dwóch Hostów")
    totp = "ONUWKYZNMRSW23ZNN5TGM2LDMVZC25DP"
    make.user("officer@hosts.example.org", member_of=department, role="officer", totp_secret=totp)
    make.user("coordinator@hosts.example.org", member_of=organisation, role="coordinator")
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    return People("officer@hosts.example.org", totp, "coordinator@hosts.example.org", PASSWORD)


@pytest.fixture(scope="module")
def hosts(environment, people, tmp_path_factory):
    """Two gunicorns of two workers each, on two ports: their base URLs."""
    started = []
    for number in (1, 2):
        port = _free_port()
        log = tmp_path_factory.mktemp(f"host{number}") / "gunicorn.log"
        process = subprocess.Popen(  # noqa: S603 - our own server
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--error-logfile", str(log),
             "wsgi:app"], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True)
        started.append((process, f"http://127.0.0.1:{port}", log))
    try:
        for process, base, log in started:
            deadline = time.monotonic() + START_SECONDS
            while True:
                assert process.poll() is None, f"{base} exited:\n{log.read_text()[-3000:]}"
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 - http://127.0.0.1
                        break
                except (urllib.error.URLError, OSError):
                    assert time.monotonic() < deadline, f"{base} did not start:\n{log.read_text()[-3000:]}"
                    time.sleep(0.3)
        yield [base for _process, base, _log in started]
    finally:
        for process, _base, _log in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process, _base, _log in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _sign_in(browser: Browser, base: str, email: str, password: str, totp: str | None = None) -> None:
    import pyotp

    status, _page = browser.form(base, "/sign-in", {"email": email, "password": password})
    assert status == 303, f"signing in {email} on {base} answered {status}"
    if totp:
        status, _page = browser.form(base, "/sign-in/code", {"code": pyotp.TOTP(totp).now()})
        assert status == 303, f"the code step on {base} answered {status}"


def test_the_api_rate_limit_is_counted_once_for_both_hosts(hosts):
    """API_RATE_LIMIT is 10 a minute per client address: ten answers, alternating hosts, then 429 on either."""
    client = Browser("198.51.100.7")
    statuses = [client.request(hosts[n % 2], "/api/hsds/services")[0] for n in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert Browser("198.51.100.8").request(hosts[1], "/api/hsds/services")[0] == 200  # another address is not held


def test_a_sign_out_on_one_host_ends_the_session_on_both(hosts, people):
    browser = Browser("198.51.100.20")
    _sign_in(browser, hosts[0], people.coordinator_email, people.password)
    assert browser.request(hosts[1], "/account/")[0] == 200  # the same session on the other host
    status, page, _headers = browser.request(hosts[1], "/account/")
    token = CSRF.search(page).group(1)
    kept = dict(browser.cookies)
    assert browser.request(hosts[1], "/sign-out", {"csrf_token": token})[0] == 303
    replay = Browser("198.51.100.20", kept)  # the old cookie, replayed on the first host
    status, _page, headers = replay.request(hosts[0], "/account/")
    assert status in (302, 303) and "/sign-in" in headers["Location"]


def test_an_urgent_alert_published_on_one_host_is_on_the_others_home_page_at_once(hosts, people):
    resident = Browser("198.51.100.30")
    for base in hosts:  # both home pages kept by their page caches
        assert resident.request(base, "/")[0] == 200
    officer = Browser("198.51.100.31")
    _sign_in(officer, hosts[0], people.officer_email, people.password, people.officer_totp)
    from datetime import timedelta

    from app.localtime import local_now

    now = local_now().replace(second=0, microsecond=0)
    status, page = officer.form(hosts[0], "/console/alerts/new", {
        "message_pl": "Mróz: noclegownie otwarte całą dobę", "message_en": "Frost: night shelters open all day",
        "level": "danger", "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    assert status == 303, page[-2000:]
    deadline = time.monotonic() + 3
    while True:
        pages = [resident.request(base, "/")[1] for base in hosts]
        if all("Frost: night shelters open all day" in home for home in pages):
            break
        assert time.monotonic() < deadline, "the alert is not on both home pages within 3 s"
        time.sleep(0.2)


def test_the_sign_in_throttle_counts_the_failures_of_both_hosts(hosts, people):
    """Three wrong passwords from one address, spread over both hosts, and that address waits on either — with the
    right password too; the right password from another address is let in (nobody can lock the owner out)."""
    guesser = Browser("203.0.113.66")
    answers = [guesser.form(hosts[n % 2], "/sign-in", {"email": people.coordinator_email, "password": f"zgadnij-{n}"})
               for n in range(3)]
    assert [status for status, _page in answers] == [200, 200, 200]
    for base in hosts:
        status, page = guesser.form(base, "/sign-in", {"email": people.coordinator_email,
                                                        "password": people.password})
        assert status == 429 and "Too many failed attempts" in page
    owner = Browser("203.0.113.77")
    _sign_in(owner, hosts[1], people.coordinator_email, people.password)
    assert owner.request(hosts[0], "/account/")[0] == 200
