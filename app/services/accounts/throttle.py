"""The sign-in throttle: failures counted per account and per address, shared by workers.

The count lives in Redis when ``REDIS_URL`` is set and in the database otherwise, so every
gunicorn worker sees the same numbers. Only the account or address under attack waits;
nobody else is locked out.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import LoginAttempt, utcnow

_redis_clients: dict[str, object] = {}


def _keys(email: str, address: str | None) -> list[tuple[str, int]]:
    config = current_app.config
    keys = [(f"account:{email.strip().lower()}", config["LOGIN_THROTTLE_PER_ACCOUNT"])]
    if address:
        keys.append((f"address:{address}", config["LOGIN_THROTTLE_PER_ADDRESS"]))
    return keys


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return _redis_clients[url]


def _window() -> int:
    return current_app.config["LOGIN_THROTTLE_WINDOW_SECONDS"]


def retry_after(email: str, address: str | None) -> int:
    """Seconds until a sign-in for this account from this address may be tried; 0 if now."""
    window = _window()
    client = _redis()
    wait = 0
    for key, limit in _keys(email, address):
        if client is not None:
            redis_key = f"siec:login:{key}"
            client.zremrangebyscore(redis_key, 0, time.time() - window)
            if client.zcard(redis_key) >= limit:
                oldest = client.zrange(redis_key, 0, 0, withscores=True)[0][1]
                wait = max(wait, int(oldest + window - time.time()) + 1)
        else:
            since = utcnow() - timedelta(seconds=window)
            count, oldest = db.session.execute(
                select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                    LoginAttempt.key == key, LoginAttempt.attempted_at > since
                )
            ).one()
            if count >= limit:
                wait = max(wait, int((oldest - since).total_seconds()) + 1)
    return wait


def record_failure(email: str, address: str | None) -> None:
    """Count one failed sign-in against the account and the address."""
    client = _redis()
    for key, _limit in _keys(email, address):
        if client is not None:
            redis_key = f"siec:login:{key}"
            now = time.time()
            client.zadd(redis_key, {f"{now}:{secrets.token_hex(6)}": now})
            client.expire(redis_key, _window())
        else:
            db.session.add(LoginAttempt(key=key))
    if client is None:
        db.session.flush()


def clear_account(email: str) -> None:
    """Forget an account's failures after it signs in successfully."""
    key = _keys(email, None)[0][0]
    client = _redis()
    if client is not None:
        client.delete(f"siec:login:{key}")
    else:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def prune_old_attempts() -> int:
    """Delete database rows older than the window (run from the command line)."""
    since = utcnow() - timedelta(seconds=_window())
    result = db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < since))
    return result.rowcount or 0
