"""What the data generators (bench/generate*.py) share: their command line, the portal's app on the database to
fill, the department with its officer, the sequences moved past ids given by hand, fresh statistics for the query
planner and the closing lines (the counts on stderr, the JSON answer on stdout)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The benches' key for the officers' TOTP secrets (not a secret): the generators encrypt with it and the portal
# they measure (bench/run.py portal_env) reads with it.
BENCH_TOTP_KEYS = "YmVuY2gtb25seS10b3RwLWtleS1ub3QtYS1zZWNyZXQ="
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def make_parser(doc: str, example: str) -> argparse.ArgumentParser:
    """A generator's parser, described by the first paragraph of its module text: the database URL (``example``
    names the SQLite file of the help text) and ``--seed``; the caller adds its own options."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("database_url", help=f"SQLAlchemy URL, e.g. sqlite:////tmp/{example}.db")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    return parser


def portal_app(database_url: str, **config):
    """The portal's app (development settings, no SQL echo) on ``database_url``; ``config`` on top."""
    from app import create_app

    return create_app("development", {"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_ECHO": False,
                                      "TOTP_ENCRYPTION_KEYS": BENCH_TOTP_KEYS, **config})


def department_and_officer(*, slug: str, name: str, email: str, password_hash: str, totp_secret: str, at):
    """The department (flushed) and its officer, who signs in with the password and the authenticator code
    (``totp_secret``, enabled ``at``), with the officer's membership added to the session; not committed."""
    from app.extensions import db
    from app.models import Membership, Organisation, OrganisationKind, Role, User

    department = Organisation(slug=slug, name=name, kind=OrganisationKind.DEPARTMENT)
    officer = User(email=email, full_name="Urzędnik (bench)", locale="pl", password_hash=password_hash,
                   totp_secret=totp_secret, totp_enabled_at=at)
    db.session.add_all([department, officer])
    db.session.flush()
    db.session.add(Membership(user_id=officer.id, organisation_id=department.id, role=Role.OFFICER))
    return department, officer


def move_sequences(names) -> None:
    """On PostgreSQL, each table's id sequence moved past the largest id (the generators give ids themselves);
    committed."""
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for name in names:
        sql = f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM \"{name}\"))"  # noqa: S608
        db.session.execute(text(sql))
    db.session.commit()


def analyze() -> None:
    """Fresh statistics for the query planner, and on PostgreSQL the visibility map that lets it answer from an
    index alone (autovacuum does both in a database in use)."""
    from sqlalchemy import text

    from app.extensions import db
    from app.tenancy import reset_scope, set_scope

    token = set_scope(None)  # VACUUM reads no row through a scope, and an autocommit connection cannot carry one
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
    finally:
        reset_scope(token)


def print_made(made: dict, started: float) -> None:
    """The time taken and the rows of each table on stderr, then ``made`` as JSON on stdout (the bench reads its
    last line)."""
    rows = ", ".join(f"{name} {count:,}" for name, count in made["counts"].items())
    print(f"generated in {time.monotonic() - started:.0f} s: {rows}", file=sys.stderr)
    print(json.dumps(made))
