"""Parts of pages that cannot change under their key, rendered once per worker and language.

Two kinds of key. A part that can no longer change: a commission's ranking is final once the
commission closes (``Call.commission_closed_at``): no score changes after it. Its table —
hundreds of rows in a large call — is rendered once per (call, closing time, language) and
kept in a small per-worker LRU; the key carries the closing time, so a call closed again (it
cannot be, today) would never meet an old table. A part drawn from rows that do change: its key
carries the data version of those rows (``app.data_versions``), raised by the transaction of
every change, so a change is never hidden — the agreements register's table and totals and the
public "who received what" table. Nothing personal may go into a cached part: no form, no
token (a form in a kept part carries ``FORM_TOKEN``, replaced per reader by ``with_form_token``), nothing that
depends on who reads.

``FRAGMENT_CACHE = False`` switches it off (the test suite does, but for its own test).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

MAX_FRAGMENTS = 256
_MISSING = object()
T = TypeVar("T")


class KeptParts:
    """A per-worker LRU of values that cannot change under their key, bounded by a count of entries.

    Each kind of part has its own (the shared fragments below, the events calendar's dates, the search's result
    cards), so that many small parts cannot push out a few dear ones, and the bound of each says the memory it
    may hold. ``FRAGMENT_CACHE = False`` makes every one compute every time.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self._parts: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default=None):
        """The value kept under ``key`` (and marked as just used), or ``default``; always ``default`` when off."""
        if not current_app.config.get("FRAGMENT_CACHE", True):
            return default
        with self._lock:
            found = self._parts.get(key, _MISSING)
            if found is _MISSING:
                return default
            self._parts.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` under ``key`` (forgetting the least recently used beyond the bound); returns it."""
        if current_app.config.get("FRAGMENT_CACHE", True):
            with self._lock:
                self._parts[key] = value
                while len(self._parts) > self.limit:
                    self._parts.popitem(last=False)
        return value

    def value(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under ``key``, computed by ``compute()`` the first time (outside the lock)."""
        found = self.get(key, _MISSING)
        return self.put(key, compute()) if found is _MISSING else found

    def clear(self) -> None:
        """Forget every part (tests)."""
        with self._lock:
            self._parts.clear()


_fragments = KeptParts(MAX_FRAGMENTS)


def cached_fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The fragment stored under ``key``, rendered by ``render()`` the first time (or every time when off)."""
    return cached_value(key, lambda: Markup(render()))  # noqa: S704 - rendered by a Jinja template with autoescaping


def cached_value(key: Hashable, compute: Callable[[], T]) -> T:
    """The value stored under ``key``, computed by ``compute()`` the first time (or every time when off). The value
    must not change once made (a tuple, a string, Markup) and must carry nothing personal."""
    return _fragments.value(key, compute)


FORM_TOKEN = "__form_token__"  # noqa: S105 - a marker, not a secret: a kept part's place for the reader's CSRF token


def with_form_token(html: str) -> Markup:
    """A kept part drawn with ``FORM_TOKEN`` in its forms, with this reader's own CSRF token put in its place."""
    if FORM_TOKEN in html:
        html = html.replace(FORM_TOKEN, str(escape(generate_csrf())))
    return Markup(html)  # noqa: S704 - drawn by an autoescaped template; the token put in is escaped


def clear() -> None:
    """Forget every shared fragment (tests)."""
    _fragments.clear()
