"""Data versions: a number per watched set of tables, raised by every transaction that changes one of them.

A page part drawn from many rows — the agreements register's table and totals, the public "who received what"
table — is kept per worker under the version of what it shows (``app.fragment_cache``): the next reader meets
the kept part while nothing changed, and a new one the moment anything did, on every worker and host, because
the version lives in the database and is raised in the same transaction as the change.

Watching is by model class: ``watch("agreements", Agreement, Tranche, …)``. A flush that inserts, changes or
deletes a watched row, or an ORM ``update()``/``delete()`` of a watched table, marks the set; the transaction's
commit raises each marked set's version by one as its last statement (after every other lock the transaction
took, so it adds no lock-order cycle on PostgreSQL). A rollback raises nothing. Core statements executed on a
connection, past the session, are not seen: the portal does not write watched tables that way.

Reading: a transaction reads each version once (``current_many``) and remembers it until it ends or raises a
version itself, so a page that asks for the taxonomy's version in three places sends one statement.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from app.extensions import db
from app.models.versions import DataVersion

_MARKED = "data_versions_marked"
_SEEN = "data_versions_seen"  # session.info: the versions this transaction has read
_watched: dict[type, set[str]] = {}
_tables: dict[object, set[str]] = {}


def watch(name: str, *classes: type) -> None:
    """Raise the version ``name`` whenever a row of one of ``classes`` is written."""
    for cls in classes:
        _watched.setdefault(cls, set()).add(name)
        for table in inspect(cls).tables:
            _tables.setdefault(table, set()).add(name)


# Built once: every page that keeps a part reads versions, so the statement is not rebuilt per request, and it
# runs on the session's connection (the same transaction) past the ORM's per-statement events — the table is
# not tenant-owned, so the tenancy scope has nothing to add to it.
_VERSIONS = select(DataVersion.__table__.c.name, DataVersion.__table__.c.version).where(
    DataVersion.__table__.c.name.in_(bindparam("names", expanding=True)))


def current(name: str) -> int:
    """The version of ``name`` as this transaction sees it (0 before its first change)."""
    return current_many((name,))[0]


def current_many(names: tuple[str, ...]) -> tuple[int, ...]:
    """The versions of ``names``, in their order (0 for a set never changed): those this transaction has not read
    yet in one statement, the others as it read them."""
    seen = db.session.info.setdefault(_SEEN, {})
    missing = [name for name in names if name not in seen]
    if missing:
        found = dict(db.session.connection().execute(_VERSIONS, {"names": missing}).all())
        seen.update({name: found.get(name) or 0 for name in missing})
    return tuple(seen[name] for name in names)


def _names_of(objects: Iterable[object]) -> set[str]:
    names: set[str] = set()
    for obj in objects:
        for cls in type(obj).__mro__:
            names |= _watched.get(cls, set())
    return names


def _mark(session: Session, names: set[str]) -> None:
    if names:
        session.info.setdefault(_MARKED, set()).update(names)


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, _context) -> None:
    changed = [obj for obj in session.dirty if session.is_modified(obj)]
    _mark(session, _names_of([*session.new, *changed, *session.deleted]))


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    _mark(state.session, set(_tables.get(table, set())))


def _upsert(dialect: str):
    table = DataVersion.__table__
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table)
    return statement.on_conflict_do_update(index_elements=[table.c.name],
                                           set_={"version": table.c.version + 1})


@event.listens_for(Session, "before_commit")
def _raise_versions(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the commit is still to come
        return
    session.flush()  # the last changes mark their sets before the versions are raised
    names = session.info.pop(_MARKED, None)
    if not names:
        return
    session.info.pop(_SEEN, None)
    connection = session.connection()
    statement = _upsert(connection.dialect.name)
    for name in sorted(names):
        connection.execute(statement, {"name": name, "version": 1})


@event.listens_for(Session, "after_soft_rollback")
def _forget_marks(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_MARKED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_versions_read(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed, rolled back or closed: the next transaction reads them again
        session.info.pop(_SEEN, None)
