"""The request's id, its access log line and its metrics: one cheap hook before everything and one after.

``register`` puts ``_start`` first among the before-request hooks (before the page cache answers, so a kept page
is counted too) and ``_finish`` last among the after-request hooks (after the commit, so a commit that failed is
seen as the 500 it became). ``_finish`` sends the id back in ``X-Request-ID``, counts the request
(app/metrics.py) and writes the access line (app/logs.py). The teardown stops the records carrying the id.
"""

from __future__ import annotations

import contextlib
import time

from flask import Flask, current_app, g, request

from app import logs, metrics
from app.extensions import db


def _start() -> None:
    g.request_started = time.perf_counter()
    trusted = current_app.config.get("TRUST_REQUEST_ID_HEADER")
    if trusted is None:
        trusted = bool(current_app.config.get("TRUSTED_PROXY_COUNT"))
    g.request_id = logs.request_id_from(request.headers.get(logs.HEADER), trusted)
    g.request_log_token = logs.begin(g.request_id, request.method, request.path)


def _finish(response):
    request_id = g.get("request_id")
    if request_id is not None:
        response.headers[logs.HEADER] = request_id
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    metrics.observe(request.endpoint, request.method, response.status_code, seconds)
    logs.log_access(response.status_code, seconds * 1000.0)
    return response


def _end(_exc=None) -> None:
    token = g.pop("request_log_token", None)
    if token is not None:
        with contextlib.suppress(ValueError):  # torn down in another context (a streamed answer)
            logs.end(token)


def register(app: Flask) -> None:
    """Call last in ``create_app``: the first before-request hook, the last after-request hook; logging set up
    (JSON lines in production) and the database pool followed."""
    logs.configure(app)
    metrics.allowed_networks(app)  # a wrong METRICS_ALLOWED_NETWORKS stops the start
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)  # after-request hooks run last-registered first
    app.teardown_request(_end)
    with app.app_context():
        metrics.watch_pool(db.engine)
