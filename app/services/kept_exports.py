"""Public exports (the directory's CSV, the events' iCalendar feed) built once per change and streamed from a file.

An export is named by a key that carries the data version of what it shows (``app.data_versions``), the language
and anything else its bytes depend on (filters, the host in calendar UIDs). The first request under a key writes
the file into the instance folder (``EXPORT_CACHE_FOLDER``, default ``<instance>/exports``) — written to a
temporary name and renamed, so a reader never meets half a file — and every request streams it through the
server's file wrapper (``wsgi.file_wrapper``: gunicorn hands the file to the kernel with ``sendfile``; elsewhere
64 kB pieces): a worker never holds the export in memory, whatever its size. The files are shared by the workers of a
host (same key, same bytes); at most ``MAX_FILES`` per export name are kept, the oldest removed first (a reader
that already opened one keeps reading it).

The key's digest is the ETag; the file's time is Last-Modified. A repeat carrying the ETag (If-None-Match) or a
time not older than the file (If-Modified-Since) gets 304 with no body, before anything is built. With
``FRAGMENT_CACHE = False`` (the test suite) the file is written again on every request.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import Response, current_app, request
from werkzeug.http import is_resource_modified
from werkzeug.wsgi import wrap_file

CHUNK = 64 * 1024
MAX_FILES = 32  # per export name: every language and a few filter combinations


def folder() -> Path:
    """Where the exports are kept (created on first use)."""
    configured = current_app.config.get("EXPORT_CACHE_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def digest(name: str, key: Hashable) -> str:
    return hashlib.sha256(repr((name, key)).encode()).hexdigest()[:24]


def _file_of(name: str, key: Hashable, suffix: str) -> tuple[Path, str]:
    tag = digest(name, key)
    return folder() / f"{name}-{tag}{suffix}", tag


def _modified(handle: BinaryIO) -> datetime:
    return datetime.fromtimestamp(int(os.fstat(handle.fileno()).st_mtime), UTC)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by another worker meanwhile
        return 0.0


def _prune(name: str, suffix: str, keep: Path) -> None:
    kept = sorted(folder().glob(f"{name}-*{suffix}"), key=_mtime, reverse=True)
    for old in [p for p in kept if p != keep][MAX_FILES - 1:]:
        old.unlink(missing_ok=True)


def _open(path: Path) -> BinaryIO | None:
    try:
        return path.open("rb")
    except FileNotFoundError:
        return None


def _write(name: str, path: Path, suffix: str, write: Callable[[BinaryIO], None]) -> BinaryIO:
    """Write the file under a temporary name, rename it into place, and return it opened for reading."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        reader = open(temporary, "rb")  # noqa: SIM115 - handed to the response, which closes it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _prune(name, suffix, path)
    return reader


def not_modified(etag: str, last_modified: datetime | None = None) -> bool:
    """Whether the request's validators say the client already holds this version."""
    return not is_resource_modified(request.environ, etag=etag, last_modified=last_modified)


def _validators(response: Response, etag: str, last_modified: datetime | None) -> Response:
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = "public, no-cache"  # keep it, but ask each time (a 304 costs little)
    return response


def send_kept(name: str, key: Hashable, suffix: str, write: Callable[[BinaryIO], None], *, mimetype: str,
              headers: dict[str, str]) -> Response:
    """The export as a streamed response with ETag and Last-Modified, or 304 when the client holds it.

    The file is opened before anything is decided: another worker may replace or remove the name meanwhile, and
    an open file stays readable."""
    path, tag = _file_of(name, key, suffix)
    handle = _open(path) if current_app.config.get("FRAGMENT_CACHE", True) else None
    last_modified = _modified(handle) if handle is not None else None
    if not_modified(tag, last_modified) and (handle is not None or request.if_none_match):
        if handle is not None:
            handle.close()
        return _validators(Response(status=304), tag, last_modified)
    if handle is None:
        handle = _write(name, path, suffix, write)
        last_modified = _modified(handle)
    size = os.fstat(handle.fileno()).st_size
    response = Response(wrap_file(request.environ, handle, CHUNK), mimetype=mimetype,
                        headers={**headers, "Content-Length": str(size)}, direct_passthrough=True)
    return _validators(response, tag, last_modified)
