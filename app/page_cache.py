"""A short-lived cache of public pages as anonymous visitors see them.

In a crisis (a frost night, a flood) many people open the home page at once. Its HTML is
the same for every anonymous visitor in one language (public pages set no cookie; a page
with a form token gets each visitor's own token put back in), so each worker keeps the
rendered page per (path, language) for ``PAGE_CACHE_SECONDS``. The
cache is skipped whenever the answer could differ: a signed-in visitor (a server-side
session or a remember-me cookie), a pending flash message, a query string (except on
search results, where the query string is part of the key), any method but GET/HEAD.
Each worker holds at most ``MAX_CACHED_CHARS`` of pages, least recently used dropped
first. Alerts and listings therefore reach the home page at most that many seconds
late. ``PAGE_CACHE_SECONDS = 0`` switches it off (the test suite does, but for its own test).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from app.i18n import anonymous_locale

TOKEN_HOLE = "\x00csrf-token\x00"  # noqa: S105 - a placeholder, not a secret
_lock = threading.Lock()
_pages: OrderedDict[tuple[str, str], tuple[float, str]] = OrderedDict()  # least recently used first
_bytes = 0  # characters held, to keep each worker's memory bounded


MAX_QUERY_LENGTH = 512  # longer query strings are not worth a cache entry
MAX_CACHED_CHARS = 8_000_000  # per worker, all pages together (about 8-16 MB)


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
    key = (request.full_path, anonymous_locale())
    g.page_cache_key = key
    entry = _pages.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    with _lock:
        if key in _pages:
            _pages.move_to_end(key)
    body = entry[1]
    if TOKEN_HOLE in body:  # a form on the page: this visitor's own token, never the first visitor's
        body = body.replace(TOKEN_HOLE, generate_csrf())
    response = Response(body, mimetype="text/html")
    response.headers["Content-Language"] = key[1]
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.headers["X-Page-Cache"] = "hit"
    return response


def store_in_cache(response: Response) -> Response:
    """After a view rendered an eligible page: keep it, with the visitor's token cut out."""
    key = g.pop("page_cache_key", None)
    if key is None or response.status_code != 200 or response.headers.get("X-Page-Cache") == "hit":
        return response
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    if "_flashes" in session or "sid" in session:  # the view itself flashed or signed someone in
        return response
    body = response.get_data(as_text=True)
    token = g.get("csrf_token")  # set by Flask-WTF when the page rendered a form token
    if token:
        body = body.replace(token, TOKEN_HOLE)
    expires = time.monotonic() + current_app.config["PAGE_CACHE_SECONDS"]
    _remember(key, expires, body)
    response.headers["Vary"] = "Cookie, Accept-Language"
    response.headers["X-Page-Cache"] = "miss"
    return response


def _remember(key: tuple[str, str], expires: float, body: str) -> None:
    """Keep a page, dropping the least recently used ones beyond the size budget."""
    global _bytes
    with _lock:
        old = _pages.pop(key, None)
        if old is not None:
            _bytes -= len(old[1])
        _pages[key] = (expires, body)
        _bytes += len(body)
        while _bytes > MAX_CACHED_CHARS and len(_pages) > 1:
            _, (_, dropped) = _pages.popitem(last=False)
            _bytes -= len(dropped)


def clear() -> None:
    """Forget every cached page of this worker (the tests use it)."""
    global _bytes
    with _lock:
        _pages.clear()
        _bytes = 0


def register(app: Flask) -> None:
    """Put the cache check before every other request hook, and the store after the view."""
    app.before_request_funcs.setdefault(None, []).insert(0, serve_from_cache)
    app.after_request(store_in_cache)
