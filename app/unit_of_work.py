"""One unit of work per request or command: everything it changes commits once, or nothing does.

A request is the unit of work. Routes and services never commit: services change rows and
flush, and at the end of the request the session commits once — unless the request failed,
and then everything it did is rolled back:

- a service refused (a ``ServiceError``, shown beside the field by ``blueprints.forms.attempt``,
  which runs the service in a savepoint, undoes it at once and calls ``refuse()``);
- the view raised (``abort(404)`` for another tenant's object, a 403, a CSRF error, a 500).

Side effects (e-mail) are queued with ``after_commit`` and run only after the commit
succeeded; a rollback drops them. A request that may write (any method but GET, HEAD and
OPTIONS) declares its write intent before its first statement, so on SQLite it holds the
write lock throughout (app/database.py).

Uniqueness that matters lives in the database as constraints. ``unique(...)`` names the
message a constraint's violation gives, so that ``attempt`` shows it beside the field as
the service's own check would (a form sent twice by two quick clicks meets the constraint).

Commands and tests use ``unit_of_work()``, which does the same around a block.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import database
from app.extensions import db

log = logging.getLogger(__name__)

_QUEUE = "after_commit"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# -- side effects after the commit ------------------------------------------------------------------

def after_commit(callback: Callable, *args, **kwargs) -> None:
    """Run ``callback(*args, **kwargs)`` once the current transaction has committed; never if it rolls back.

    The callback must not use the database (it runs after the transaction ended): prepare
    everything it needs, such as a rendered e-mail, before queueing it. Outside any
    transaction it runs at once.
    """
    call = partial(callback, *args, **kwargs)
    session = db.session()
    if not session.in_transaction():
        _run([call])
        return
    session.info.setdefault(_QUEUE, []).append(call)


def _run(calls: list[Callable]) -> None:
    for call in calls:
        try:
            call()
        except Exception:
            log.exception("a side effect after the commit failed: %r", call)


@event.listens_for(Session, "after_commit")
def _run_side_effects(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released (``attempt``): the commit is still to come
        return
    _run(session.info.pop(_QUEUE, []))


@event.listens_for(Session, "after_soft_rollback")
def _drop_side_effects(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_QUEUE, None)


# -- the boundary -----------------------------------------------------------------------------------

def commit() -> None:
    """End the unit of work: commit once; queued side effects run after the commit."""
    db.session.commit()


def rollback() -> None:
    """Undo everything the unit of work did; queued side effects are dropped."""
    db.session.rollback()


def refuse() -> None:
    """A service refused (its own changes are already undone): commit nothing of this request at its end."""
    mark_failed()


def mark_failed() -> None:
    """The request failed: it will roll back instead of committing."""
    g.unit_of_work_failed = True


@contextlib.contextmanager
def unit_of_work(*, writes: bool = True) -> Iterator[None]:
    """A block that commits once at its end, or rolls back if anything in it raises (commands, tests)."""
    token = database.set_write_intent(writes)
    try:
        yield
        commit()
    except BaseException:
        rollback()
        raise
    finally:
        database.reset_write_intent(token)


# -- uniqueness the database enforces -----------------------------------------------------------------

@dataclass(frozen=True)
class UniqueRule:
    """What the user is told when a unique constraint refuses a row."""

    message: object  # a lazy string
    field: str | None = None


_unique_rules: dict[str, UniqueRule] = {}


def unique(constraint: str, message, *, field: str | None = None) -> None:
    """Say what the violation of the unique constraint (or index) named ``constraint`` means to a person."""
    _unique_rules[constraint] = UniqueRule(message, field)


def _constraint_of(error: IntegrityError) -> str | None:
    """The name of the unique constraint an INSERT or UPDATE broke, on PostgreSQL or SQLite."""
    diagnostics = getattr(error.orig, "diag", None)
    name = getattr(diagnostics, "constraint_name", None)
    if name:
        return name
    message = str(error.orig)
    match = re.search(r"UNIQUE constraint failed: index '([^']+)'", message)
    if match is not None:
        return match.group(1)
    match = re.search(r"UNIQUE constraint failed: (.+)$", message)
    if match is None:
        return None
    # SQLite names the columns ("service.organisation_id, service.name_pl"), not the constraint
    columns = [part.strip() for part in match.group(1).split(",")]
    table = db.metadata.tables.get(columns[0].split(".")[0])
    if table is None:
        return None
    wanted = [column.split(".", 1)[-1] for column in columns]
    for item in [*table.constraints, *table.indexes]:
        if getattr(item, "unique", True) and [c.name for c in getattr(item, "columns", [])] == wanted:
            return item.name
    return None


def unique_rule_for(error: IntegrityError) -> UniqueRule | None:
    """The person-readable meaning of a unique violation, or None for any other integrity error."""
    name = _constraint_of(error)
    return _unique_rules.get(name) if name else None


# -- the request ------------------------------------------------------------------------------------

def _begin_request() -> None:
    g.unit_of_work_failed = False
    g.write_intent_token = database.set_write_intent(request.method not in SAFE_METHODS)


def _finish_request(response):
    """Commit what the request did, or roll it back when it failed; a failed commit is a 500 (a 503 when the
    database is not answering, app/database_outage.py)."""
    if not db.session.registry.has():  # the request never used the database (a cached page, a static file)
        return response
    from app import database_outage

    if g.get("unit_of_work_failed") or response.status_code >= 500:
        database_outage.discard_transaction()
        return response
    try:
        commit()
    except Exception as error:
        if database_outage.is_outage(error):  # the database went away before the commit: a 503, nothing kept
            return database_outage.answer(error)
        database_outage.discard_transaction()
        log.exception("the commit at the end of %s %s failed", request.method, request.path)
        from app.errors import render_error

        response = current_app.make_response(render_error(500))
    return response


def _end_request(_exc=None) -> None:
    token = g.pop("write_intent_token", None)
    if token is not None:
        database.reset_write_intent(token)


def register(app: Flask) -> None:
    """Open the unit of work before anything reads the database and close it before the other after-request hooks.

    Call it last in ``create_app``: after-request hooks run last-registered first, so the
    commit (or the error page of a failed one) comes before the security headers and the page cache.
    """
    app.before_request_funcs.setdefault(None, []).insert(0, _begin_request)
    app.after_request(_finish_request)
    app.teardown_request(_end_request)
