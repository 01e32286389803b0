"""Whether this process can serve: the database answers, its schema is at the migrations' head, Redis answers.

``/readyz`` (blueprints/ops) runs ``checks()``: each check answers ``ok``, or a short reason — never the
exception's text, which may name hosts or users; that goes to the log at WARNING. Redis is checked only when
``REDIS_URL`` is set. The database is asked on a connection of its own (never the request's session, so the unit
of work is untouched), and the migrations' head is read from the scripts once per process.
"""

from __future__ import annotations

import ast
import logging
from functools import cache

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import config as settings
from app.extensions import db

log = logging.getLogger(__name__)
OK = "ok"
REDIS_TIMEOUT_SECONDS = 1.0


def _revision_links(source: str) -> tuple[str | None, tuple[str, ...]]:
    """A migration script's ``revision`` and the revisions it follows (``down_revision``: none, one or a merge's)."""
    values = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value:
                    values[target.id] = ast.literal_eval(node.value)
    down = values.get("down_revision")
    follows = () if down is None else (down,) if isinstance(down, str) else tuple(down)
    return values.get("revision"), follows


@cache
def migration_heads() -> frozenset[str]:
    """The revisions at the head of migrations/ (read once per process): those no other script follows.

    Read from the scripts' ``revision`` and ``down_revision`` as Alembic's ``ScriptDirectory.get_heads()`` finds
    them, without importing Alembic, which with Mako and Pygments would add some 11 MB to every worker that answers
    a probe (issue 13 §3; tests/unit/test_readiness_heads.py checks both agree)."""
    revisions, followed = set(), set()
    for path in (settings.BASE_DIR / "migrations" / "versions").glob("*.py"):
        revision, follows = _revision_links(path.read_text(encoding="utf-8"))
        if revision:
            revisions.add(revision)
            followed.update(follows)
    return frozenset(revisions - followed)


def _applied_revisions(connection) -> frozenset[str]:
    """The revisions the schema is at (none before the first migration). Read as Alembic keeps them, without
    Alembic's migration context, which logs two lines each time it is made."""
    try:
        with connection.begin_nested():
            return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError:
        return frozenset()


def database_checks() -> dict[str, str]:
    """``database``: a trivial statement answers; ``migrations``: the schema's revision is the scripts' head."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _applied_revisions(connection)
    except Exception:
        log.warning("readiness: the database did not answer", exc_info=True)
        return {"database": "unreachable", "migrations": "unknown"}
    if current != migration_heads():
        log.warning("readiness: the database is at %s, the migrations' head is %s",
                    sorted(current) or "no revision", sorted(migration_heads()))
        return {"database": OK, "migrations": "not at head"}
    return {"database": OK, "migrations": OK}


_redis_clients: dict[str, object] = {}


def redis_check(url: str) -> str:
    """``ok`` when Redis at ``url`` answers a PING within a second."""
    try:
        client = _redis_clients.get(url)
        if client is None:
            import redis

            client = _redis_clients[url] = redis.Redis.from_url(
                url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        client.ping()
    except Exception:
        log.warning("readiness: Redis did not answer", exc_info=True)
        return "unreachable"
    return OK


def checks() -> dict[str, str]:
    """Every check's answer, by name."""
    results = database_checks()
    url = current_app.config.get("REDIS_URL")
    if url:
        results["redis"] = redis_check(url)
    return results


def failing(results: dict[str, str]) -> list[str]:
    """The checks that did not answer ``ok``."""
    return [name for name, answer in results.items() if answer != OK]
