"""Counting one hit against a limit outside Flask-Limiter's decorators (residents' reports), Redis down or not.

Flask-Limiter's own limits (the API) fall back to each process's memory when Redis stops answering
(``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED``, app/__init__.py). A limit counted by hand does the same here: when the
shared store raises, the hit is counted in this process's memory for the next ``RETRY_SECONDS`` — the limit still
holds, per process — and the log says so once per outage.
"""

from __future__ import annotations

import logging
import threading
import time

from limits import RateLimitItem
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from app.extensions import limiter

log = logging.getLogger(__name__)

RETRY_SECONDS = 30  # after the store failed, this process counts in memory for this long before asking it again

_memory = FixedWindowRateLimiter(MemoryStorage())
_lock = threading.Lock()
_store_down_until = 0.0


def hit(item: RateLimitItem, *identifiers: str) -> bool:
    """Count one hit of ``item`` for ``identifiers``; False once the limit is reached."""
    global _store_down_until
    if time.monotonic() >= _store_down_until:
        try:
            return limiter.limiter.hit(item, *identifiers)
        except Exception as error:  # noqa: BLE001 - whatever the store raised, the limit must still hold
            with _lock:
                _store_down_until = time.monotonic() + RETRY_SECONDS
            log.warning("the rate-limit store is not answering (%s): limits are counted in this process's memory "
                        "for the next %d s", type(error).__name__, RETRY_SECONDS)
    return _memory.hit(item, *identifiers)


def forget() -> None:
    """Ask the store again at the next hit and forget what memory counted (tests)."""
    global _store_down_until
    _store_down_until = 0.0
    _memory.storage.reset()
