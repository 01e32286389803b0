"""Prometheus metrics (prometheus_client): requests, latency, server errors, the database pool, the mail queue.

Requests are counted by endpoint (the view's name, ``unmatched`` for an address no route knows — never the raw
URL, so the label values stay bounded), method (the usual ones, ``other`` for the rest) and status class
(``2xx``…``5xx``); their duration goes into a histogram by endpoint, and 5xx answers into
``siec_http_server_errors_total``. The pool's checked-out connections follow SQLAlchemy's checkout and checkin
events; its size is set in each process at its first checkout. The mail queue, counted when scraped: the outbox's
mails by state (``siec_mail_outbox{state="queued|failing|given_up"}``: what ``flask mail send`` sends) and the
messages' deliveries not e-mailed yet (``MessageDelivery.emailed_at`` null: what ``flask messages deliver`` would
send).

Under gunicorn every worker has its own counters: with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty folder, emptied
at each start, before the workers import anything), prometheus_client keeps them in files there and a scrape of
any worker adds them up (``MultiProcessCollector``); the gunicorn config's ``child_exit`` calls
``mark_process_dead(worker.pid)``. Without it the counters live in this process's registry.

``/metrics`` (blueprints/ops) is not public: it answers only an address in ``METRICS_ALLOWED_NETWORKS`` (by
default the loopback) or a request with ``Authorization: Bearer <METRICS_TOKEN>``; anyone else gets a 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterable

from flask import Flask, Request, current_app
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import event

from config import ConfigurationError

log = logging.getLogger(__name__)

_FOLDER = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _FOLDER and not (os.path.isdir(_FOLDER) and os.access(_FOLDER, os.W_OK)):  # prometheus_client would fail obscurely
    raise ConfigurationError(f"PROMETHEUS_MULTIPROC_DIR={_FOLDER} is not a writable folder: create it (empty, for "
                             "the portal's user) before the portal starts, or unset it (docs/DEPLOYMENT.md §8)")

disable_created_metrics()  # no "_created" series beside each counter: half the text, nothing Prometheus needs
REGISTRY = CollectorRegistry()  # this process's metrics (without PROMETHEUS_MULTIPROC_DIR, what a scrape reads)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
CONTENT_TYPE = CONTENT_TYPE_LATEST
DEFAULT_NETWORKS = "127.0.0.0/8, ::1/128"

REQUESTS = Counter("siec_http_requests", "Requests answered, by endpoint, method and status class.",
                   ("endpoint", "method", "status"), registry=REGISTRY)
LATENCY = Histogram("siec_http_request_duration_seconds", "Time from the first hook to the answer, by endpoint.",
                    ("endpoint",), buckets=LATENCY_BUCKETS, registry=REGISTRY)
SERVER_ERRORS = Counter("siec_http_server_errors", "Answers with a 5xx status, by endpoint.", ("endpoint",),
                        registry=REGISTRY)
POOL_CHECKED_OUT = Gauge("siec_db_pool_checked_out", "Database connections in use (all workers).",
                         multiprocess_mode="livesum", registry=REGISTRY)
POOL_SIZE = Gauge("siec_db_pool_size", "The database pools' sizes, added up over the workers.",
                  multiprocess_mode="livesum", registry=REGISTRY)

_children: dict[tuple, tuple] = {}  # (endpoint, method, status class) → the labelled metrics, made once


def observe(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    """Count one answered request."""
    key = (endpoint or "unmatched", method if method in METHODS else "other", status // 100)
    children = _children.get(key)
    if children is None:
        status_class = STATUS_CLASSES[min(max(key[2], 1), 5) - 1]
        children = (REQUESTS.labels(key[0], key[1], status_class), LATENCY.labels(key[0]),
                    SERVER_ERRORS.labels(key[0]) if status_class == "5xx" else None)
        _children[key] = children
    children[0].inc()
    children[1].observe(seconds)
    if children[2] is not None:
        children[2].inc()


# -- the database pool ---------------------------------------------------------------------------------------------

_sized_in: set[int] = set()  # the processes that have set the pool's size


def watch_pool(engine) -> None:
    """Follow ``engine``'s pool: connections checked out and in, and its size."""

    def checked_out(_dbapi_connection, _record, _proxy):
        POOL_CHECKED_OUT.inc()
        if os.getpid() not in _sized_in:
            _sized_in.add(os.getpid())
            size = getattr(engine.pool, "size", None)
            if callable(size):
                POOL_SIZE.set(size())

    def checked_in(_dbapi_connection, _record):
        POOL_CHECKED_OUT.dec()

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)


# -- the scrape ----------------------------------------------------------------------------------------------------

class _MailQueue:
    """The mail waiting, counted at each scrape (nothing when the database cannot say): the outbox's rows by state
    (``app/mail_queue.status``) and the network messages' deliveries not e-mailed yet."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from app.mail_queue import status
        from app.services.networks.messages import pending_delivery_count

        try:
            count, outbox = pending_delivery_count(), status()
        except Exception:  # a scrape must not fail because the database does: /readyz says that
            log.warning("the mail queue could not be counted", exc_info=True)
            return
        yield GaugeMetricFamily("siec_mail_pending_deliveries",
                                "Message deliveries not e-mailed yet (flask messages deliver sends them).",
                                value=count)
        family = GaugeMetricFamily("siec_mail_outbox", "The outbox's mails by state (flask mail send sends them).",
                                   labels=["state"])
        for state in ("queued", "failing", "given_up"):
            family.add_metric([state], outbox[state])
        yield family


class _ThisProcess:
    """This process's registry, forwarded into a scrape's."""

    def collect(self):
        return REGISTRY.collect()


def multiprocess_dir() -> str | None:
    """The folder of the workers' metric files, when gunicorn runs several."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition() -> bytes:
    """The text a scrape reads: every worker's metrics (multi-process mode) or this process's, and the mail queue."""
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_MailQueue())
    return generate_latest(registry)


def mark_process_dead(pid: int) -> None:
    """For gunicorn's ``child_exit``: a stopped worker's live gauges no longer count."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(pid)


# -- who may scrape ------------------------------------------------------------------------------------------------

def allowed_networks(app: Flask) -> tuple:
    """``METRICS_ALLOWED_NETWORKS`` parsed once per app (comma- or space-separated addresses or networks)."""
    cached = app.extensions.get("metrics_networks")
    if cached is None:
        text = app.config.get("METRICS_ALLOWED_NETWORKS", DEFAULT_NETWORKS) or ""
        try:
            cached = tuple(ipaddress.ip_network(part, strict=False) for part in text.replace(",", " ").split())
        except ValueError as exc:  # a bad setting must fail at start, not at the first scrape
            from config import ConfigurationError

            raise ConfigurationError(f"METRICS_ALLOWED_NETWORKS: {exc}") from exc
        app.extensions["metrics_networks"] = cached
    return cached


def may_scrape(request: Request) -> bool:
    """Whether this request may read the metrics: an allowed address, or the bearer token."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks(current_app))
