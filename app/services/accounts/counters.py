"""Events counted in a sliding window and shared by every worker: the store behind each limit of the portal.

The sign-in throttle and the limits on reset and invitation e-mails count here. With ``REDIS_URL`` set the
counts live in Redis (one sorted set per key, shared across workers and hosts); otherwise, and for a while
after Redis stopped answering (logged as a warning), in the database's ``login_attempt`` table, written in
the request's transaction. Keys name a kind and a digest of what is counted (``signin-pair:…``), so neither
store holds an e-mail address in plain text.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, not_, or_, select

from app.extensions import db
from app.models import LoginAttempt, utcnow

log = logging.getLogger(__name__)

REDIS_PREFIX = "siec:limit:"
REDIS_RETRY_SECONDS = 30  # after a Redis failure, the database counts for this long before Redis is tried again

_redis_clients: dict[str, object] = {}
_redis_down_until: dict[str, float] = {}


@dataclass(frozen=True)
class Tally:
    """What a key counted in its window: how many, the newest (epoch seconds, 0 if none), and when the count
    falls below the limit asked about (epoch seconds, 0 if it already is below)."""

    count: int
    newest: float = 0.0
    below_limit_at: float = 0.0


def key(kind: str, *parts: str | None) -> str:
    """The counter key for ``kind`` (``signin-pair``) and what is counted (an e-mail, an address)."""
    subject = "\x1f".join((part or "").strip().lower() for part in parts)
    return f"{kind}:{hashlib.blake2b(subject.encode(), digest_size=16).hexdigest()}"


def redis_client():
    """The Redis client when ``REDIS_URL`` is set and Redis has not failed in the last moments, else None."""
    url = current_app.config.get("REDIS_URL")
    if not url or _redis_down_until.get(url, 0) > time.monotonic():
        return None
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    return _redis_clients[url]


def _redis_failed(error: Exception) -> None:
    url = current_app.config.get("REDIS_URL")
    _redis_down_until[url] = time.monotonic() + REDIS_RETRY_SECONDS
    log.warning("Redis is not answering (%s): limits are counted in the database for the next %d s",
                type(error).__name__, REDIS_RETRY_SECONDS)


def _with_redis(operation, fallback):
    """Run ``operation(client)`` on Redis when it is configured and answering; ``fallback()`` otherwise."""
    client = redis_client()
    if client is not None:
        import redis

        try:
            return operation(client)
        except (redis.RedisError, OSError) as error:
            _redis_failed(error)
    return fallback()


def count(counter: str, window: int, limit: int | None = None) -> Tally:
    """How many events ``counter`` holds from the last ``window`` seconds; with ``limit``, also when the count
    drops below it."""

    def in_redis(client):
        name = REDIS_PREFIX + counter
        pipe = client.pipeline()
        pipe.zremrangebyscore(name, 0, time.time() - window)
        pipe.zcard(name)
        pipe.zrange(name, -1, -1, withscores=True)
        _, total, newest = pipe.execute()
        below = 0.0
        if limit is not None and total >= limit:
            below = client.zrange(name, total - limit, total - limit, withscores=True)[0][1] + window
        return Tally(total, newest[0][1] if newest else 0.0, below)

    return _with_redis(in_redis, lambda: _count_in_database(counter, window, limit))


def _count_in_database(counter: str, window: int, limit: int | None = None) -> Tally:
    since = utcnow() - timedelta(seconds=window)
    where = (LoginAttempt.key == counter, LoginAttempt.attempted_at > since)
    total, newest = db.session.execute(select(func.count(), func.max(LoginAttempt.attempted_at)).where(*where)).one()
    below = 0.0
    if limit is not None and total >= limit:
        nth = db.session.execute(select(LoginAttempt.attempted_at).where(*where)
                                 .order_by(LoginAttempt.attempted_at).offset(total - limit).limit(1)).scalar_one()
        below = nth.timestamp() + window
    return Tally(total, newest.timestamp() if newest else 0.0, below)


def add(counter: str, window: int) -> None:
    """Count one event now; it is forgotten after ``window`` seconds."""

    def in_redis(client):
        name, now = REDIS_PREFIX + counter, time.time()
        pipe = client.pipeline()
        pipe.zadd(name, {f"{now}:{secrets.token_hex(6)}": now})
        pipe.expire(name, window)
        pipe.execute()

    def in_database():
        db.session.add(LoginAttempt(key=counter))
        db.session.flush()

    _with_redis(in_redis, in_database)


def claim(counter: str, window: int) -> bool:
    """True once per ``window`` seconds for ``counter`` (at most one notice a day): the first caller wins."""

    def in_redis(client):
        return bool(client.set(REDIS_PREFIX + counter, "1", nx=True, ex=window))

    def in_database():
        if _count_in_database(counter, window).count:
            return False
        db.session.add(LoginAttempt(key=counter))
        db.session.flush()
        return True

    return _with_redis(in_redis, in_database)


def clear(counter: str) -> None:
    """Forget every event of ``counter``."""

    def in_redis(client):
        client.delete(REDIS_PREFIX + counter)

    def in_database():
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == counter))

    _with_redis(in_redis, in_database)


def prune(windows: dict[str, int], default_window: int) -> int:
    """Delete database rows older than their kind's window (``{"signin-pair": 3600, …}``), other rows older
    than ``default_window``; returns how many went. Redis forgets by itself."""
    now = utcnow()
    removed = 0
    for kind, window in windows.items():
        removed += db.session.execute(delete(LoginAttempt).where(
            LoginAttempt.key.startswith(f"{kind}:"), LoginAttempt.attempted_at < now - timedelta(seconds=window)
        )).rowcount or 0
    others = not_(or_(*(LoginAttempt.key.startswith(f"{kind}:") for kind in windows))) if windows else True
    removed += db.session.execute(delete(LoginAttempt).where(
        others, LoginAttempt.attempted_at < now - timedelta(seconds=default_window))).rowcount or 0
    return removed
