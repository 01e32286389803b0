"""Backups of a deployment (``flask backup``, docs/DEPLOYMENT.md "Backups"): the database and the upload folders.

A backup is two files in the backup folder with one timestamp (UTC): the database — ``siec-<stamp>.sqlite3``, an
online copy made with SQLite's backup API, or ``siec-<stamp>.dump``, PostgreSQL's ``pg_dump --format=custom`` — and
``siec-<stamp>.uploads.tar.gz``, the files the database refers to (offers' attachments, agreements' scans). Each is
written under a temporary name, checked, flushed to disk and only then given its name, so a file with a backup's
name is a whole, verified backup. ``sqlite.py`` and ``postgres.py`` do the database; ``files.py`` the names, the
uploads archive and the retention.
"""

from __future__ import annotations


class BackupError(RuntimeError):
    """A backup or a restore could not be made, or did not check out; the message says why."""
