"""Parts of pages that can no longer change, rendered once per worker and language.

A commission's ranking is final once the commission closes (``Call.commission_closed_at``): no
score changes after it. Its table — hundreds of rows in a large call — is rendered once per
(call, closing time, language) and kept in a small per-worker LRU; the key carries the closing
time, so a call closed again (it cannot be, today) would never meet an old table. Nothing
personal may go into a cached fragment: no form, no token, nothing that depends on who reads.

``FRAGMENT_CACHE = False`` switches it off (the test suite does, but for its own test).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app
from markupsafe import Markup

MAX_FRAGMENTS = 64
_fragments: OrderedDict[Hashable, Markup] = OrderedDict()
_lock = threading.Lock()


def cached_fragment(key: Hashable, render: Callable[[], str]) -> Markup:
    """The fragment stored under ``key``, rendered by ``render()`` the first time (or every time when off)."""
    if not current_app.config.get("FRAGMENT_CACHE", True):
        return Markup(render())  # noqa: S704 - rendered by a Jinja template with autoescaping
    with _lock:
        found = _fragments.get(key)
        if found is not None:
            _fragments.move_to_end(key)
            return found
    fragment = Markup(render())  # noqa: S704 - rendered by a Jinja template with autoescaping
    with _lock:
        _fragments[key] = fragment
        while len(_fragments) > MAX_FRAGMENTS:
            _fragments.popitem(last=False)
    return fragment


def clear() -> None:
    """Forget every fragment (tests)."""
    with _lock:
        _fragments.clear()
