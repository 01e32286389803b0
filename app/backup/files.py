"""The backup folder: names with a timestamp, files flushed to disk before they get their name, the uploads archive
and the retention of the newest copies."""

from __future__ import annotations

import os
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from app.backup import BackupError

PREFIX = "siec-"
UPLOADS_SUFFIX = ".uploads.tar.gz"
PARTIAL_SUFFIX = ".partial"
# The upload folders the database refers to, and their folder's name inside the archive.
UPLOAD_FOLDERS = {"OFFER_ATTACHMENT_FOLDER": "offers", "AGREEMENT_DOCUMENT_FOLDER": "agreements"}


@dataclass(frozen=True)
class Written:
    """What ``flask backup`` wrote: the database's copy and the uploads archive (with how many files it holds)."""

    database: Path
    uploads: Path
    upload_files: int


def stamp(moment: datetime | None = None) -> str:
    """The timestamp of a backup's names: UTC to the microsecond, so names sort by time and two runs never clash."""
    return (moment or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%fZ")


def backup_folder(override: str | None = None) -> Path:
    """The folder backups are written to: ``--to``, else ``BACKUP_FOLDER`` (default instance/backups); created."""
    folder = Path(override or current_app.config.get("BACKUP_FOLDER") or Path(current_app.instance_path) / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fsync_file(path: Path) -> None:
    """Flush a written file's content to the disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(path: Path) -> None:
    """Flush a folder's entries (a file renamed into it) to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(partial: Path, final: Path) -> Path:
    """Give a written and checked file its name: flushed, renamed, the folder flushed."""
    fsync_file(partial)
    os.replace(partial, final)
    fsync_folder(final.parent)
    return final


def finish(partial: Path, target: Path, check: Callable[[Path], object], suffix: str) -> Written:
    """A database copy written as ``partial``: checked by ``check`` (which raises BackupError; the partial file is
    then deleted), named ``target``, and the upload folders archived beside it."""
    try:
        check(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    publish(partial, target)
    uploads = uploads_beside(target, suffix)
    return Written(target, uploads, archive_uploads(uploads))


def partial_path(final: Path) -> Path:
    """The temporary name a file is written under until it is checked."""
    return final.with_name(final.name + PARTIAL_SUFFIX)


def upload_folders() -> Iterator[tuple[str, Path]]:
    """(name in the archive, folder) of each upload folder of the settings."""
    for setting, name in UPLOAD_FOLDERS.items():
        configured = current_app.config.get(setting)
        if configured:
            yield name, Path(configured)


def archive_uploads(target: Path) -> int:
    """Write every upload folder into a tar.gz at ``target`` (checked by reading it back); the number of files."""
    partial = partial_path(target)
    count = 0
    with tarfile.open(partial, "w:gz") as archive:
        for name, folder in upload_folders():
            if not folder.is_dir():
                continue
            archive.add(folder, arcname=name, recursive=False)
            for path in sorted(folder.rglob("*")):
                archive.add(path, arcname=f"{name}/{path.relative_to(folder)}", recursive=False)
                count += path.is_file()
    try:
        with tarfile.open(partial, "r:gz") as archive:
            files = sum(member.isfile() for member in archive.getmembers())
    except (tarfile.TarError, OSError, EOFError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The uploads archive {target} did not read back: {error}") from error
    if files != count:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The uploads archive {target} holds {files} files, {count} were written")
    publish(partial, target)
    return count


def restore_uploads(archive_path: Path) -> int:
    """Put the files of an uploads archive back into the upload folders (files there and not in the archive stay;
    a file of the same name is replaced); the number of files restored."""
    folders = dict(upload_folders())
    count = 0
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            name, _, rest = member.name.partition("/")
            if name not in folders or not rest or not (member.isfile() or member.isdir()):
                continue
            target = folders[name]
            target.mkdir(parents=True, exist_ok=True)
            member.name = rest
            archive.extract(member, target, filter="data")
            count += member.isfile()
    return count


def uploads_beside(database_copy: Path, suffix: str) -> Path:
    """The uploads archive of the same backup as a database copy (``siec-<stamp>.sqlite3`` → ``….uploads.tar.gz``)."""
    return database_copy.with_name(database_copy.name.removesuffix(suffix) + UPLOADS_SUFFIX)


def prune(folder: Path, suffix: str, keep: int) -> list[Path]:
    """Delete the backups (database copy and its uploads archive) of ``folder`` beyond the ``keep`` newest; the
    copies deleted. Only files named as this command names them are touched."""
    copies = sorted(path for path in folder.glob(f"{PREFIX}*{suffix}") if path.is_file())
    old = copies[:-keep] if keep > 0 else copies
    for path in old:
        path.unlink()
        uploads_beside(path, suffix).unlink(missing_ok=True)
    return old
