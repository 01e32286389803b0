"""``flask doctor``: is this deployment able to run? One line per item, OK or FAIL (docs/DEPLOYMENT.md).

Each check reads the settings the portal runs with and tries the thing itself — a query, the migrations' head, a
Redis PING, an SMTP greeting (EHLO, no mail sent), the TOTP keys against the stored secrets, the outbox's oldest
unsent mail, a file written and removed in each upload folder and the metrics' folder — and says what it found in
words an operator acts on. A WARN line is worth a look but does not fail the command. Nothing is changed.
"""

from __future__ import annotations

import logging
import os
import smtplib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

import config as settings
from app import row_security
from app.extensions import db

CONNECT_TIMEOUT_SECONDS = 5
DEFAULT_WORKERS = 2  # gunicorn_config.py's workers when WEB_CONCURRENCY is not set
UPLOAD_FOLDERS = ("OFFER_ATTACHMENT_FOLDER", "AGREEMENT_DOCUMENT_FOLDER")
OLDEST_UNSENT_MAIL = timedelta(hours=1)  # unsent after this: `flask mail send` is not running, or SMTP is down


@dataclass(frozen=True)
class Finding:
    """One checked item: its name, whether it is fine, what was found, and whether it is worth a look although it
    does not stop the deployment (``warning``: printed WARN, not counted as failed)."""

    item: str
    ok: bool
    detail: str
    warning: bool = False

    def line(self) -> str:
        """The item as the command prints it: ``OK    database: …``, ``WARN  …`` or ``FAIL  database: …``."""
        label = "FAIL" if not self.ok else "WARN" if self.warning else "OK"
        return f"{label:<5} {self.item}: {self.detail}"


def _error(error: BaseException) -> str:
    """An exception in one line (drivers' messages run over several)."""
    first = str(error).strip().splitlines()
    return f"{type(error).__name__}: {first[0] if first else ''}".rstrip(": ")


def check_secret_key() -> Iterator[Finding]:
    """SECRET_KEY set and at least 32 characters long (production refuses to start otherwise)."""
    key = current_app.config.get("SECRET_KEY") or ""
    if not key:
        yield Finding("SECRET_KEY", False, "not set")
    elif len(key) < 32:
        yield Finding("SECRET_KEY", False, f"{len(key)} characters, needs at least 32")
    else:
        yield Finding("SECRET_KEY", True, f"set, {len(key)} characters")


def check_totp_keys() -> Iterator[Finding]:
    """TOTP_ENCRYPTION_KEYS: required in production, every key a Fernet key, and every stored secret opened by one
    of them (WARN when some are not under the newest key yet: `flask users rotate-totp-key`)."""
    from app import secret_box

    item = "TOTP_ENCRYPTION_KEYS"
    try:
        keys = secret_box.parse_keys(current_app.config.get(item))
    except ValueError as error:
        yield Finding(item, False, str(error))
        return
    if not keys:
        if current_app.config.get("ENV_NAME") == "production":
            yield Finding(item, False, "not set: production needs it to encrypt the authenticator secrets "
                                       "(docs/SECRETS.md)")
        else:
            yield Finding(item, True, "not set: a key derived from SECRET_KEY (development and testing only)")
        return
    described = f"{len(keys)} key{'s' if len(keys) > 1 else ''}"
    try:
        unreadable, not_current, total = _stored_secrets()
    except Exception as error:  # noqa: BLE001 - the database line says why
        yield Finding(item, True, f"{described}; the stored secrets not checked ({_error(error)})", warning=True)
        return
    if unreadable:
        yield Finding(item, False, f"{described}; {unreadable} of {total} stored secrets open with none of them: "
                                   "put back the key they were encrypted with (docs/SECRETS.md)")
    elif not_current:
        yield Finding(item, True, f"{described}; {not_current} of {total} stored secrets not under the newest key: "
                                  "run `flask users rotate-totp-key`", warning=True)
    else:
        yield Finding(item, True, f"{described}; all {total} stored secrets under the newest key")


def _stored_secrets() -> tuple[int, int, int]:
    """(unreadable, not under the newest key, all) of the users' stored TOTP secrets."""
    from sqlalchemy import select

    from app import secret_box
    from app.models import User
    from app.unit_of_work import unit_of_work

    with unit_of_work(writes=False):
        stored = db.session.execute(select(User.totp_secret_stored)
                                    .where(User.totp_secret_stored.is_not(None))).scalars().all()
    unreadable = not_current = 0
    for value in stored:
        try:
            secret_box.decrypt(value)
        except secret_box.UnreadableSecretError:
            unreadable += 1
            continue
        not_current += not secret_box.is_current(value)
    return unreadable, not_current, len(stored)


def _probe_engine() -> Engine:
    """The app's engine; for a server database a separate one that gives up connecting after a few seconds."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        return create_engine(engine.url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    return engine


def code_heads() -> set[str]:
    """The newest migration(s) in migrations/ (the code's head)."""
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    return set(ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory)).get_heads())


def database_heads(connection) -> set[str]:
    """The migration(s) the database says it is at (alembic_version; empty before the first upgrade)."""
    from alembic.runtime.migration import MigrationContext

    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING)  # not its "Context impl …" lines between the findings
    try:
        return set(MigrationContext.configure(connection).get_current_heads())
    finally:
        alembic_log.setLevel(level)


def check_database() -> Iterator[Finding]:
    """The database answers a query, and its schema is at the migrations' head."""
    engine = _probe_engine()
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = database_heads(connection)
    except Exception as error:  # noqa: BLE001 - whatever stops the connection is the finding
        yield Finding("database", False, f"cannot reach {where}: {_error(error)}")
        yield Finding("migrations", False, "not checked: the database cannot be reached")
        return
    finally:
        if engine is not db.engine:
            engine.dispose()
    yield Finding("database", True, f"{engine.dialect.name} at {where} answers")
    head = code_heads()
    if current == head:
        yield Finding("migrations", True, f"at head {', '.join(sorted(head))}")
    else:
        found = f"database at {', '.join(sorted(current))}" if current else "no migration applied to the database"
        yield Finding("migrations", False, f"{found}, code at {', '.join(sorted(head))}: run `flask db upgrade`")


def check_row_security() -> Iterator[Finding]:
    """PostgreSQL: the portal's role cannot get past the row-level security (no superuser, no BYPASSRLS, owns no
    table) and the tables are under it; FAIL in production, WARN elsewhere. SQLite has the ORM's scope alone."""
    engine = _probe_engine()
    if engine.dialect.name != "postgresql":
        yield Finding("row security", True, f"{engine.dialect.name} has none: the tenant scope of the ORM alone")
        return
    try:
        with engine.connect() as connection:
            role, problems = row_security.role_problems(connection, row_security.walled_tables(db.Model.registry))
    except Exception as error:  # noqa: BLE001 - whatever stops the check is the finding
        yield Finding("row security", False, f"not checked: {_error(error)}")
        return
    finally:
        engine.dispose()
    if not problems:
        yield Finding("row security", True, f"the portal's role {role} is held by the policies")
        return
    production = current_app.config.get("ENV_NAME") == "production"
    found = ", ".join(problem for problem, _remedy in problems)
    remedies = "; ".join(remedy for _problem, remedy in problems)
    yield Finding("row security", not production, f"the portal's role {role} {found}: {remedies}",
                  warning=not production)


def _safe_url(url: str) -> str:
    """A URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def check_redis() -> Iterator[Finding]:
    """Redis answers PING when REDIS_URL is set; without it, more than one worker is a failure (limits per process)."""
    url = current_app.config.get("REDIS_URL")
    workers = settings.worker_count(DEFAULT_WORKERS)
    if not url:
        counted = f"{workers} workers" + ("" if os.environ.get("WEB_CONCURRENCY") else
                                          " (WEB_CONCURRENCY not set: gunicorn_config.py's default)")
        if workers > 1:
            yield Finding("Redis", False, f"REDIS_URL not set with {counted}: rate limits, the sign-in throttle, "
                                          "page-cache invalidation and revoked sessions would not be shared")
        else:
            yield Finding("Redis", True, "REDIS_URL not set; one worker, so nothing needs sharing")
        return
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
                                      socket_timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # noqa: BLE001 - whatever stops the PING is the finding
        yield Finding("Redis", False, f"cannot reach {_safe_url(url)}: {_error(error)}")
        return
    yield Finding("Redis", True, f"{_safe_url(url)} answers PING")


def check_mail() -> Iterator[Finding]:
    """With MAIL_BACKEND=smtp the server greets, answers EHLO (STARTTLS and sign-in when set); no mail is sent."""
    config = current_app.config
    if config.get("MAIL_BACKEND") != "smtp":
        yield Finding("mail", True, f"MAIL_BACKEND={config.get('MAIL_BACKEND')}: written to "
                                    f"{config.get('MAIL_OUTBOX_DIR')}, not sent")
        return
    where = f"{config['SMTP_HOST']}:{config['SMTP_PORT']}"
    steps = ["EHLO"]
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=CONNECT_TIMEOUT_SECONDS * 2) as smtp:
            smtp.ehlo()
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
                smtp.ehlo()
                steps.append("STARTTLS")
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
                steps.append(f"signed in as {config['SMTP_USERNAME']}")
    except Exception as error:  # noqa: BLE001 - whatever stops the conversation is the finding
        yield Finding("SMTP", False, f"{where}: {_error(error)}")
        return
    yield Finding("SMTP", True, f"{where} answered ({', '.join(steps)}; no mail sent)")


def check_mail_outbox() -> Iterator[Finding]:
    """The outbox (app/mail_queue.py): no mail given up, and none still unsent an hour after it was queued."""
    from app.mail_queue import oldest_unsent, status
    from app.models import utcnow

    try:
        counts, oldest = status(), oldest_unsent()
    except Exception as error:  # noqa: BLE001 - whatever stops the count is the finding
        yield Finding("mail outbox", False, f"not checked: {_error(error)}")
        return
    summary = f"queued {counts['queued']}, failing {counts['failing']}, given up {counts['given_up']}"
    if counts["given_up"]:
        yield Finding("mail outbox", False, f"{summary}: mails given up after MAIL_RETRY_HOURS are kept unsent "
                                            "(the log's \"given up\" lines say why; `flask mail status`)")
    elif oldest is not None and utcnow() - oldest > OLDEST_UNSENT_MAIL:
        minutes = int((utcnow() - oldest).total_seconds() // 60)
        yield Finding("mail outbox", False, f"{summary}; the oldest unsent mail was queued {minutes} minutes ago: "
                                            "is `flask mail send` scheduled every minute, and does SMTP answer?")
    else:
        yield Finding("mail outbox", True, summary)


def _writable(folder: Path) -> str | None:
    """None when a file can be written in ``folder`` and removed; otherwise what stops it."""
    if not folder.exists():
        return "missing (create it, or mount the shared folder, writable by the service user)"
    if not folder.is_dir():
        return "not a folder"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as error:
        return f"not writable: {_error(error)}"
    return None


def check_upload_folders() -> Iterator[Finding]:
    """Each upload folder exists and a file can be written in it (on several hosts: the same shared folder)."""
    for name in UPLOAD_FOLDERS:
        folder = Path(current_app.config[name])
        problem = _writable(folder)
        yield Finding(name, problem is None, f"{folder} {problem}" if problem else f"{folder} writable")


def check_public_base_url() -> Iterator[Finding]:
    """PUBLIC_BASE_URL (links in e-mails sent outside a request): required in production, and https there."""
    url = current_app.config.get("PUBLIC_BASE_URL")
    production = current_app.config.get("ENV_NAME") == "production"
    if not url:
        if production:
            yield Finding("PUBLIC_BASE_URL", False, "not set: the reminders' links need the portal's public address")
        else:
            yield Finding("PUBLIC_BASE_URL", True, "not set (outside production the links use a local address)")
    elif production and not url.startswith("https://"):
        yield Finding("PUBLIC_BASE_URL", False, f"{url}: production is served over https")
    else:
        yield Finding("PUBLIC_BASE_URL", True, url)


def check_metrics_folder() -> Iterator[Finding]:
    """PROMETHEUS_MULTIPROC_DIR, when set: a folder the workers can write their metrics in (skipped when unset)."""
    from app.metrics import multiprocess_dir

    folder = multiprocess_dir()
    if not folder:
        return
    problem = _writable(Path(folder))
    if problem:
        yield Finding("PROMETHEUS_MULTIPROC_DIR", True, f"{folder} {problem.split(' (')[0]}: the workers cannot "
                                                        "start with it set (create it empty before gunicorn starts, "
                                                        "e.g. systemd's RuntimeDirectory)", warning=True)
    else:
        yield Finding("PROMETHEUS_MULTIPROC_DIR", True, f"{folder} writable")


CHECKS: tuple[Callable[[], Iterator[Finding]], ...] = (
    check_secret_key, check_totp_keys, check_database, check_row_security, check_redis, check_mail, check_mail_outbox,
    check_upload_folders, check_public_base_url, check_metrics_folder,
)


def examine() -> list[Finding]:
    """Every check's findings, in order (inside an app context)."""
    return [finding for check in CHECKS for finding in check()]
