"""Browser tests: the real portal under gunicorn, driven by Debian's Chromium.

One server per test session: a fresh database (SQLite in a temporary folder, or the
PostgreSQL database named by ``TEST_DATABASE_URL``, emptied first), built by the
migrations and filled with the demo city, served by gunicorn with two workers. Each test
gets a new browser context, so no cookies leak from one test to the next.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.support import DESKTOP, LANGUAGE_COOKIE, PHONE
from tests.postgres_scratch import application_role_url

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 20


# --- the server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    """Where the server answers, the folder its e-mails are written to, and its database."""

    url: str
    outbox: Path
    database_url: str = ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset_postgres(url: str) -> None:
    """Empty a PostgreSQL test database that may have been used before."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def _run_flask(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own virtualenv
        [str(BIN / "flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"`flask {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)


def _wait_until_healthy(url: str, process: subprocess.Popen, stderr_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as response:  # noqa: S310 - our loopback server
                if response.status == 200:
                    return
                last_error = f"status {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    _stop(process)
    pytest.fail(
        f"gunicorn did not answer 200 on {url}/readyz within {STARTUP_SECONDS} s ({last_error}); "
        f"exit code {process.returncode}. Its stderr:\n{stderr_path.read_text(errors='replace')}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The real portal under gunicorn with the demo city loaded; yields its address."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    owner_url = os.environ.get("TEST_DATABASE_URL")
    if owner_url:  # the server connects as the portal's own role, under the row-level security
        _reset_postgres(owner_url)
        database_url = application_role_url(owner_url)
    else:
        database_url = f"sqlite:///{tmp / 'e2e.db'}"
    outbox = tmp / "outbox"
    env = {key: value for key, value in os.environ.items()
           if key not in ("DEMO_PASSWORD", "REDIS_URL", "PUBLIC_BASE_URL", "TRUSTED_PROXY_COUNT")}
    env.update({
        "APP_ENV": "development",
        "INSTANCE_PATH": str(tmp),
        "SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "MAIL_OUTBOX_DIR": str(outbox),
        "MAIL_BACKEND": "outbox",
        "DATABASE_URL": database_url,
        **({"DATABASE_OWNER_URL": owner_url} if owner_url else {}),
        "FLASK_APP": "wsgi",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    _run_flask(["db", "upgrade"], env)
    _run_flask(["demo", "load"], env)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    stdout_path, stderr_path = tmp / "gunicorn.out", tmp / "gunicorn.err"
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own virtualenv
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
            cwd=ROOT, env=env, stdout=stdout, stderr=stderr,
        )
    try:
        _wait_until_healthy(url, process, stderr_path)
        yield LiveServer(url=url, outbox=outbox, database_url=database_url)
    finally:
        _stop(process)
        errors = stderr_path.read_text(errors="replace")
        if "Traceback" in errors:  # an unhandled error inside the app is worth seeing
            sys.stderr.write(f"\n--- gunicorn stderr (contains a traceback) ---\n{errors}\n")


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless. Missing Chromium is a failure, never a skip."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing: {CHROMIUM} was not found or is not executable. "
                    "Install it with `apt-get install -y chromium` (see `make browser`).", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(viewport=PHONE, lang="uk", java_script_enabled=False)``: a fresh, isolated context.

    Defaults: 1280×800, the browser asks for Polish (Accept-Language pl-PL). ``lang`` sets
    the language cookie the header switcher would set.
    """
    contexts: list[BrowserContext] = []

    def make(*, viewport: dict | None = None, lang: str | None = None, **options) -> BrowserContext:
        options.setdefault("locale", "pl-PL")
        context = browser.new_context(base_url=live_server.url, viewport=viewport or DESKTOP, **options)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        if lang is not None:
            context.add_cookies([{"name": LANGUAGE_COOKIE, "value": lang, "url": live_server.url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a new desktop-sized context (1280×800, Polish)."""
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context) -> Page:
    """A page in a new phone-sized context (360×740, Polish)."""
    return new_context(viewport=PHONE).new_page()
