"""SQLite: an online copy with the backup API (consistent while the portal writes: the copy is one read of the
database, WAL readers never block writers), checked with ``PRAGMA integrity_check`` and its migration, and a restore
that keeps the replaced file aside."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from app.backup import BackupError
from app.backup.files import Written, finish, partial_path, publish, stamp

SUFFIX = ".sqlite3"
SIDE_FILES = ("-wal", "-shm")


def database_path(url) -> Path:
    """The file of a SQLite database URL; an in-memory database cannot be backed up."""
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is no file to back up.")
    return Path(url.database)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    mode = "?mode=ro" if read_only else ""
    return sqlite3.connect(f"file:{quote(str(path))}{mode}", uri=True, isolation_level=None)


def migration_of(connection: sqlite3.Connection) -> str | None:
    """The database's migration (alembic_version), None before the first upgrade."""
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def verify(path: Path, expected_migration: str | None) -> str | None:
    """Check a copy: ``PRAGMA integrity_check`` says ok and its migration is the one expected (when given);
    raise BackupError otherwise. The copy's migration."""
    with contextlib.closing(_connect(path, read_only=True)) as connection:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
        migration = migration_of(connection)
    if result != ["ok"]:
        raise BackupError(f"The integrity check of {path} failed: {'; '.join(result[:5])}")
    if expected_migration is not None and migration != expected_migration:
        raise BackupError(f"{path} is at migration {migration}, the database at {expected_migration}")
    return migration


def backup(source: Path, folder: Path) -> Written:
    """Copy the database at ``source`` and the upload folders into ``folder``, each checked before it is named."""
    if not source.is_file():
        raise BackupError(f"There is no database at {source}")
    target = folder / f"siec-{stamp()}{SUFFIX}"
    partial = partial_path(target)
    with contextlib.closing(_connect(source)) as live, contextlib.closing(_connect(partial)) as copy:
        live.execute("PRAGMA busy_timeout=5000")
        migration = migration_of(live)  # changes only with `flask db upgrade`
        live.backup(copy)  # every page in one step, under one read lock of the source
        copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
    return finish(partial, target, lambda path: verify(path, migration), SUFFIX)


def restore(copy: Path, target: Path, moment: str) -> Path | None:
    """Replace the database at ``target`` by a checked copy; the replaced file (and its -wal and -shm) is kept aside
    as ``<name>.before-restore-<moment>``, returned (None when there was no database)."""
    verify(copy, None)
    aside = None
    if target.exists():
        aside = target.with_name(f"{target.name}.before-restore-{moment}")
        os.replace(target, aside)
        for side in SIDE_FILES:
            extra = target.with_name(target.name + side)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + side))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(target)
    shutil.copyfile(copy, partial)
    publish(partial, target)
    return aside
