"""PostgreSQL: ``pg_dump --format=custom`` of the configured database, checked with ``pg_restore --list``, and its
restore with ``pg_restore``. The connection is the one of DATABASE_URL, handed to the tools as a libpq connection
string; the password goes in the PGPASSWORD environment variable, never on the command line (where ``ps`` shows
it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from app import row_security
from app.backup import BackupError
from app.backup.files import Written, finish, partial_path, stamp

SUFFIX = ".dump"
RESTORE_OPTIONS = ("--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error")


def _quoted(value: str) -> str:
    """A value of a libpq keyword/value connection string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def libpq_connection(url: URL) -> tuple[str, dict[str, str]]:
    """The SQLAlchemy URL (``postgresql+psycopg://user:password@host:port/name?sslmode=…``) as what pg_dump takes:
    a keyword/value connection string without the password, and the environment holding it (PGPASSWORD)."""
    parts = {"host": url.host, "port": str(url.port) if url.port else None, "user": url.username,
             "dbname": url.database}
    for key, value in url.query.items():  # libpq's own settings: sslmode, host=/run/postgresql, connect_timeout…
        parts[key] = value if isinstance(value, str) else value[-1]
    conninfo = " ".join(f"{key}={_quoted(value)}" for key, value in parts.items() if value)
    environment = {**os.environ, "PGPASSWORD": url.password} if url.password else dict(os.environ)
    return conninfo, environment


def tool(name: str) -> str:
    """The path of a PostgreSQL client program on PATH; BackupError when it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not on PATH: install PostgreSQL's client programs (Debian: apt install "
                          f"postgresql-client, of the server's major version or newer)")
    return path


def _run(arguments: list[str], environment: dict[str, str], what: str) -> str:
    done = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit status {done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def verify(dump: Path) -> int:
    """Check a dump with ``pg_restore --list``: it reads whole and holds the migrations' table; its entry count."""
    listing = _run([tool("pg_restore"), "--list", str(dump)], dict(os.environ), f"pg_restore --list {dump}")
    entries = [line for line in listing.splitlines() if line and not line.startswith(";")]
    if not any("TABLE DATA" in line and "alembic_version" in line for line in entries):
        raise BackupError(f"{dump} holds no data of alembic_version: not a dump of this portal's database")
    return len(entries)


def backup(url: URL, folder: Path) -> Written:
    """Dump the database of ``url`` and archive the upload folders into ``folder``, each checked before it is
    named."""
    target = folder / f"siec-{stamp()}{SUFFIX}"
    partial = partial_path(target)
    conninfo, environment = libpq_connection(url)
    # The tables' owner is held by the row-level security too (FORCE): it reads every row in the system scope
    # (app/row_security.py), where pg_dump would otherwise refuse a table it cannot read whole.
    environment["PGOPTIONS"] = f"{environment.get('PGOPTIONS', '')} -c {row_security.SCOPE_SETTING}=system".strip()
    try:
        _run([tool("pg_dump"), "--format=custom", "--enable-row-security", "--no-password", f"--file={partial}",
              f"--dbname={conninfo}"], environment, "pg_dump")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    return finish(partial, target, verify, SUFFIX)


def restore(dump: Path, url: URL) -> None:
    """Restore a dump into the database of ``url`` in one transaction: its objects are dropped and made again
    (``--clean --if-exists``), owned by the connecting role (``--no-owner``); nothing changes if anything fails."""
    verify(dump)
    conninfo, environment = libpq_connection(url)
    _run([tool("pg_restore"), *RESTORE_OPTIONS, "--no-password", f"--dbname={conninfo}", str(dump)],
         environment, "pg_restore")
