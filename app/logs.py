"""Logs: every record of a request carries its id; production writes one JSON object per line on stderr.

Each request gets an id (``request_id``): the ``X-Request-ID`` header's when the header is trusted and
well-formed (a reverse proxy that sets it; ``TRUST_REQUEST_ID_HEADER``, by default trusted exactly when
``TRUSTED_PROXY_COUNT`` says a proxy stands in front), else a new random one. The response carries it back in
``X-Request-ID``, and ``RequestFilter`` puts it — with the method and the path — on every record logged while
the request runs, whichever logger wrote it.

Nothing personal is logged here: the path only, never the query string (residents' searches can be sensitive),
no form body, no address. One access line per request at INFO (``app.access``: method, path, status,
``duration_ms``). Production (``LOG_FORMAT = "json"``) writes JSON lines (``JsonFormatter``); development keeps
readable text with the id in brackets. The tests leave logging as pytest sets it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
from datetime import UTC, datetime

from flask import Flask

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")  # no spaces, quotes or line breaks: safe in a log
access_log = logging.getLogger("app.access")


class RequestInfo:
    """What the records of one request carry."""

    __slots__ = ("method", "path", "request_id")

    def __init__(self, request_id: str, method: str, path: str):
        self.request_id, self.method, self.path = request_id, method, path


_current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("request_info", default=None)


def new_request_id() -> str:
    """A random id: 16 hex digits (64 bits)."""
    return os.urandom(8).hex()


def request_id_from(header: str | None, trusted: bool) -> str:
    """The header's id when it is trusted and well-formed, else a new one."""
    if trusted and header and WELL_FORMED.fullmatch(header):
        return header
    return new_request_id()


def begin(request_id: str, method: str, path: str) -> contextvars.Token:
    """The request's records carry these from now on (returns the token for ``end``)."""
    return _current.set(RequestInfo(request_id, method, path))


def end(token: contextvars.Token) -> None:
    """The request is over: its records no longer carry its id."""
    _current.reset(token)


def current_request_id() -> str | None:
    """The running request's id, or None outside a request."""
    info = _current.get()
    return info.request_id if info is not None else None


def log_access(status: int, duration_ms: float) -> None:
    """One line per request at INFO: method, path (never the query string), status and duration."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    info = _current.get()
    method, path = (info.method, info.path) if info is not None else ("-", "-")
    access_log.info("%s %s %d %.1f ms", method, path, status, duration_ms,
                    extra={"status": status, "duration_ms": round(duration_ms, 1)})


class RequestFilter(logging.Filter):
    """Puts the running request's id, method and path on each record (``-``/None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = _current.get()
        if info is None:
            record.request_id = getattr(record, "request_id", None)
        else:
            record.request_id, record.method, record.path = info.request_id, info.method, info.path
        return True


class _NoRequestLines(logging.Filter):
    """The development server's own request lines carry the query string: our access line replaces them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != '"%s" %s %s'


FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request's fields when present,
    and ``exception`` (the traceback) when the record has one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class TextFormatter(logging.Formatter):
    """Readable lines for development, the request id in brackets (``-`` outside a request)."""

    def __init__(self):
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


def handler(log_format: str, stream=None) -> logging.Handler:
    """A stream handler (stderr by default) writing ``json`` or ``text``, with the request's fields."""
    result = logging.StreamHandler(stream or sys.stderr)
    result.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    result.addFilter(RequestFilter())
    result._siec_handler = True  # so a second app in the process does not add another
    return result


def configure(app: Flask) -> None:
    """Logging for the app: the root logger writes ``LOG_FORMAT`` (``json`` in production, ``text`` otherwise) on
    stderr at ``LOG_LEVEL``; Flask's own handler is removed so nothing is written twice. Tests keep pytest's."""
    log_format = app.config.get("LOG_FORMAT", "text")
    if log_format not in ("json", "text"):
        from config import ConfigurationError

        raise ConfigurationError(f"LOG_FORMAT must be 'json' or 'text', got {log_format!r}")
    if app.testing:
        return
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(existing, _NoRequestLines) for existing in werkzeug.filters):
        werkzeug.addFilter(_NoRequestLines())
    root = logging.getLogger()
    if not any(getattr(existing, "_siec_handler", False) for existing in root.handlers):
        root.addHandler(handler(log_format))
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
