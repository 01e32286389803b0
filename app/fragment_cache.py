"""Parts of pages that cannot change under their key, rendered once per worker and language.

Two kinds of key. A part that can no longer change: a commission's ranking is final once the
commission closes (``Call.commission_closed_at``): no score changes after it. Its table —
hundreds of rows in a large call — is rendered once per (call, closing time, language) and
kept in a small per-worker LRU; the key carries the closing time, so a call closed again (it
cannot be, today) would never meet an old table. A part drawn from rows that do change: its key
carries the data version of those rows (``app.data_versions``), raised by the transaction of
every change, so a change is never hidden — the agreements register's table and totals and the
public "who received what" table. Nothing personal may go into a cached part: no form, no
token, nothing that depends on who reads.

``FRAGMENT_CACHE = False`` switches it off (the test suite does, but for its own test).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from markupsafe import Markup

MAX_FRAGMENTS = 256
_MISSING = object()
_fragments: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()
T = TypeVar("T")


def cached_fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The fragment stored under ``key``, rendered by ``render()`` the first time (or every time when off)."""
    return cached_value(key, lambda: Markup(render()))  # noqa: S704 - rendered by a Jinja template with autoescaping


def cached_value(key: Hashable, compute: Callable[[], T]) -> T:
    """The value stored under ``key``, computed by ``compute()`` the first time (or every time when off). The value
    must not change once made (a tuple, a string, Markup) and must carry nothing personal."""
    if not current_app.config.get("FRAGMENT_CACHE", True):
        return compute()
    with _lock:
        found = _fragments.get(key, _MISSING)
        if found is not _MISSING:
            _fragments.move_to_end(key)
            return found
    value = compute()
    with _lock:
        _fragments[key] = value
        while len(_fragments) > MAX_FRAGMENTS:
            _fragments.popitem(last=False)
    return value


def clear() -> None:
    """Forget every fragment (tests)."""
    with _lock:
        _fragments.clear()
