"""A short-lived cache of public pages as anonymous visitors see them.

In a crisis (a frost night, a flood) many people open the home page at once. Its HTML is
the same for every anonymous visitor in one language (public pages set no cookie; a page
with a form token gets each visitor's own token put back in), so each worker keeps the
rendered page per (path, language) for ``PAGE_CACHE_SECONDS``. The
cache is skipped whenever the answer could differ: a signed-in visitor (a server-side
session or a remember-me cookie), a pending flash message, a query string (except on
search results, where the query string is part of the key), any method but GET/HEAD.
Each worker holds at most ``MAX_CACHED_BYTES`` of pages, kept as the UTF-8 bytes sent (half the memory of
Polish or Ukrainian text held as str, and nothing to encode on a hit), least recently used dropped first.
``PAGE_CACHE_SECONDS = 0`` switches it off (the test suite does, but for its own test).

A change the department makes to what these pages show — an urgent alert above all — must not wait for the
pages to expire. Every kept page carries the data versions (``app.data_versions``) of ``FOLLOWED_VERSIONS``
as they were when the page began to be drawn, and is served only while they are still the current ones.
Each worker reads the current versions in one statement (a primary-key read of ``data_version``) at most
once every ``PAGE_CACHE_CHECK_SECONDS`` (1 s), and forgets all its pages when one has moved: a change
committed through any worker on any host is on every worker's pages within about a second, while a crowd
on the home page costs each worker one small read a second (measured with its transaction: about 0.5 ms on
SQLite, 1 ms on PostgreSQL — as much as serving a kept page, so not on every request). The versions live
in the database, raised in the transaction of the change itself, so they hold for every host with or
without Redis (a Redis copy would be a second truth that a failed publish could leave behind). What changes
by the clock alone — an alert scheduled to start at 22:00 — is kept no longer than until then
(``keep_at_most``, from the home view).
Each app (a gunicorn worker; a second app in the tests) keeps its own pages, in ``app.extensions["page_cache"]``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from app import data_versions
from app.fragment_cache import FORM_TOKEN
from app.i18n import anonymous_locale
from app.services.directory.page_versions import FOLLOWED

TOKEN_HOLE = FORM_TOKEN.encode()  # where the visitor's form token goes: the marker kept page parts use too
# The data versions of what cached pages show: the department's alerts and categories (the home page), the
# directory's listings (search results); each watched in app/services/directory/page_versions.py.
FOLLOWED_VERSIONS = FOLLOWED
CHECK_SECONDS = 1.0  # default of PAGE_CACHE_CHECK_SECONDS


MAX_QUERY_LENGTH = 512  # longer query strings are not worth a cache entry
MAX_CACHED_BYTES = 8_000_000  # per worker, all pages together


@dataclass(eq=False)
class WorkerCache:
    """One app's kept pages: (path, language) → (expires, versions, body), least recently used first."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    pages: OrderedDict = field(default_factory=OrderedDict)
    size: int = 0  # bytes held, to keep each worker's memory bounded
    versions: tuple | None = None  # the followed data versions as last read
    checked_at: float = 0.0

    def forget_all(self) -> None:
        """Drop every page (the data under them changed, or a test starts afresh)."""
        with self.lock:
            self.pages.clear()
            self.size = 0


_caches: weakref.WeakSet = weakref.WeakSet()


def worker_cache(app: Flask | None = None) -> WorkerCache:
    """The pages kept by ``app`` (the current app by default)."""
    return (app or current_app).extensions["page_cache"]


def current_versions(cache: WorkerCache) -> tuple:
    """The followed data versions, read again when the last reading is older than ``PAGE_CACHE_CHECK_SECONDS``.

    A change of any of them drops every page this worker keeps.
    """
    now = time.monotonic()
    every = current_app.config.get("PAGE_CACHE_CHECK_SECONDS", CHECK_SECONDS)
    if cache.versions is None or now - cache.checked_at >= every:
        found = data_versions.current_many(FOLLOWED_VERSIONS)
        if cache.versions is not None and found != cache.versions:
            cache.forget_all()
        cache.versions, cache.checked_at = found, now
    return cache.versions


def cacheable(view=None, *, with_query: bool = False):
    """Mark a public view whose anonymous GET answer may be cached.

    ``with_query=True`` caches each query string apart (search results: a bookmarkable URL
    names the whole answer); otherwise only the bare path is cached.
    """
    def mark(function):
        function.__page_cache__ = "with_query" if with_query else "path"
        return function

    return mark(view) if view is not None else mark


def _eligible() -> bool:
    if current_app.config.get("PAGE_CACHE_SECONDS", 0) <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    mode = getattr(view, "__page_cache__", None)
    if mode is None or (request.query_string and mode != "with_query"):
        return False
    if len(request.query_string) > MAX_QUERY_LENGTH:
        return False
    if "sid" in session or "_flashes" in session or "_user_id" in session:
        return False
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies


def serve_from_cache() -> Response | None:
    """Before any other hook: answer from the cache when the page is there and still fresh."""
    if not _eligible():
        return None
    cache = worker_cache()
    key = (request.full_path, anonymous_locale())
    versions = current_versions(cache)
    g.page_cache_key, g.page_cache_versions = key, versions  # what a page drawn now will be kept under
    entry = cache.pages.get(key)
    if entry is None or entry[0] < time.monotonic() or entry[1] != versions:
        return None
    with cache.lock:
        if key in cache.pages:
            cache.pages.move_to_end(key)
    body = entry[2]
    if TOKEN_HOLE in body:  # a form on the page: this visitor's own token, never the first visitor's
        body = body.replace(TOKEN_HOLE, generate_csrf().encode())
    response = Response(body, mimetype="text/html")
    response.headers["Content-Language"] = key[1]
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.headers["X-Page-Cache"] = "hit"
    return response


def store_in_cache(response: Response) -> Response:
    """After a view rendered an eligible page: keep it, with the visitor's token cut out."""
    key, versions = g.pop("page_cache_key", None), g.pop("page_cache_versions", None)
    if key is None or response.status_code != 200 or response.headers.get("X-Page-Cache") == "hit":
        return response
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    if "_flashes" in session or "sid" in session:  # the view itself flashed or signed someone in
        return response
    body = response.get_data()
    token = g.get("csrf_token")  # set by Flask-WTF when the page rendered a form token
    if token:
        body = body.replace(token.encode(), TOKEN_HOLE)
    seconds = min(current_app.config["PAGE_CACHE_SECONDS"], g.pop("page_cache_seconds", float("inf")))
    if seconds <= 0:
        return response
    expires = time.monotonic() + seconds
    _remember(worker_cache(), key, (expires, versions, body))
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.headers["X-Page-Cache"] = "miss"
    return response


def keep_at_most(seconds: float) -> None:
    """Keep the page this request draws no longer than ``seconds`` (it changes by the clock then: an alert starts)."""
    g.page_cache_seconds = min(seconds, g.get("page_cache_seconds", seconds))


def _remember(cache: WorkerCache, key: tuple[str, str], entry: tuple[float, tuple, bytes]) -> None:
    """Keep a page, dropping the least recently used ones beyond the size budget."""
    with cache.lock:
        old = cache.pages.pop(key, None)
        if old is not None:
            cache.size -= len(old[2])
        cache.pages[key] = entry
        cache.size += len(entry[2])
        while cache.size > MAX_CACHED_BYTES and len(cache.pages) > 1:
            _, (_, _, dropped) = cache.pages.popitem(last=False)
            cache.size -= len(dropped)


def clear() -> None:
    """Forget every cached page of every app in this process (the tests use it)."""
    for cache in list(_caches):
        cache.forget_all()
        cache.versions = None


def register(app: Flask) -> None:
    """Give the app its own pages; put the cache check before every other request hook, the store after the view."""
    cache = WorkerCache()
    app.extensions["page_cache"] = cache
    _caches.add(cache)
    app.before_request_funcs.setdefault(None, []).insert(0, serve_from_cache)
    app.after_request(store_in_cache)
