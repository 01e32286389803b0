"""The database connection: SQLite set up to behave like a real transactional database, and row locks.

SQLite (the embedded default) is configured so that a transaction means what it means on
PostgreSQL: the driver's "legacy transaction control" is switched off and SQLAlchemy emits
BEGIN itself, so reads are repeatable and SAVEPOINTs nest. A unit of work that will write
(a POST, a command) declares it with ``write_intent()``; on SQLite its transaction starts
with ``BEGIN IMMEDIATE`` and holds the database's write lock from its first statement, so
what it reads cannot change under it. Other SQLite transactions start with a plain BEGIN.

``lock(model, object_id)`` re-reads one row so that no other transaction can change it
until this one ends: ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the write lock the
transaction holds (taken at once if it has not written yet). Awards, payments and place
reservations use it: check, then change, with nobody in between.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from flask import Flask, abort
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine

from app import row_security
from app.extensions import db
from app.tenancy import parse_id

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)
SQLITE_BUSY_TIMEOUT_MS = 5000


def configure(app: Flask) -> None:
    """Set up every engine of the app: SQLite pragmas and its transaction control; on PostgreSQL, the tenant scope
    carried into each transaction for the row-level security (app/row_security.py)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        row_security.install(engine)


def dispose_after_fork(app: Flask) -> None:
    """In a process forked from the one that built ``app``: forget the pooled connections inherited from the parent.

    gunicorn_config.py calls it after the fork when the app was loaded before it (``preload_app``): a connection
    shared by two processes would mix their conversations with the database. ``close=False`` leaves the parent's
    connections open for the parent; this process opens its own."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, a busy timeout, WAL, and BEGIN (IMMEDIATE when writing) emitted by SQLAlchemy."""

    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record):
        connection.isolation_level = None  # the driver no longer starts (or hides) transactions itself
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = _write_intent.get()
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        connection.info["immediate"] = immediate


def set_write_intent(value: bool) -> contextvars.Token:
    """Say whether the transactions begun from now on will write (returns a token to reset it)."""
    return _write_intent.set(value)


def reset_write_intent(token: contextvars.Token) -> None:
    """Undo ``set_write_intent``."""
    _write_intent.reset(token)


@contextlib.contextmanager
def write_intent() -> Iterator[None]:
    """The transactions begun inside will write: on SQLite they take the write lock at once."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def _hold_sqlite_write_lock(table, object_id: int) -> None:
    """Make sure this SQLite transaction holds the write lock (a no-op write of the row takes it)."""
    connection = db.session.connection()
    if connection.info.get("immediate"):
        return
    db.session.execute(update(table).where(table.c.id == object_id).values(id=table.c.id),
                       execution_options={"synchronize_session": False})
    connection.info["immediate"] = True


def lock(model, object_id):
    """The row of ``model`` with this id, locked until the transaction ends; 404 when it is not there.

    The row is read through the active tenant scope, like ``get_or_404``, and its loaded
    attributes are refreshed from the database.
    """
    object_id = parse_id(object_id)
    if object_id is None:
        abort(404)
    statement = select(model).where(model.id == object_id).execution_options(populate_existing=True)
    if db.session.get_bind().dialect.name == "sqlite":
        _hold_sqlite_write_lock(model.__table__, object_id)
    else:
        statement = statement.with_for_update(of=model)
    row = db.session.execute(statement).unique().scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def lock_row(row):
    """``row`` locked until the transaction ends, with its attributes read again (see ``lock``)."""
    return lock(type(row), row.id)
