"""``flask backup`` (write a verified backup, keep the newest) and ``flask backup restore FILE`` (put one back)."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import make_url

from app.backup import BackupError, postgres, sqlite
from app.backup.files import backup_folder, prune, restore_uploads, stamp, uploads_beside
from app.extensions import db


def _engine_url():
    """The URL of the database the portal runs on, and whether it is SQLite (else PostgreSQL). On PostgreSQL the
    tables' owner's (DATABASE_OWNER_URL) when set: the portal's own role reads under the row-level security, which
    pg_dump refuses, and cannot replace tables it does not own."""
    owner_url = current_app.config.get("DATABASE_OWNER_URL")
    url = make_url(owner_url) if owner_url else db.engine.url
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise click.ClickException(f"Backups are made of SQLite and PostgreSQL databases, not {backend}.")
    return url, backend == "sqlite"


@click.group("backup", cls=AppGroup, invoke_without_command=True)
@click.option("--to", "folder", type=click.Path(file_okay=False), default=None,
              help="The folder to write to (default: BACKUP_FOLDER, instance/backups).")
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="How many backups to keep in that folder; older ones are deleted (default: BACKUP_KEEP, 14).")
@with_appcontext
@click.pass_context
def backup_cli(context, folder, keep):
    """Back up the database and the upload folders (run daily from cron or a systemd timer; docs/DEPLOYMENT.md).

    SQLite: an online copy with SQLite's backup API (safe while the portal runs), checked with PRAGMA
    integrity_check and its migration. PostgreSQL: pg_dump --format=custom (pg_dump on PATH), checked with
    pg_restore --list. Beside it, a tar.gz of the offers' attachments and the agreements' scans. Each file is
    written under a temporary name and named only once checked and on disk; then the backups beyond the newest
    --keep are deleted."""
    if context.invoked_subcommand is not None:
        return
    url, is_sqlite = _engine_url()
    keep = keep or int(current_app.config.get("BACKUP_KEEP") or 14)
    db.session.remove()
    private = os.umask(0o077)  # the files hold personal data: readable by the backup's own user only
    try:
        target = backup_folder(folder)
        if is_sqlite:
            written, suffix = sqlite.backup(sqlite.database_path(url), target), sqlite.SUFFIX
        else:
            written, suffix = postgres.backup(url, target), postgres.SUFFIX
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    finally:
        os.umask(private)
    removed = prune(target, suffix, keep)
    click.echo(f"Database backed up and checked: {written.database}")
    click.echo(f"Upload folders archived: {written.uploads} ({written.upload_files} files)")
    click.echo(f"Older backups removed: {len(removed)} (keeping the newest {keep}).")


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Really replace the database (stop the portal first).")
def backup_restore(file, yes):
    """Put a backup written by ``flask backup`` back: the database, then the files of the uploads archive beside it.

    SQLite: the copy is checked and replaces the configured database file, which is kept aside as
    <name>.before-restore-<time>. PostgreSQL: pg_restore --clean --if-exists --no-owner --single-transaction into
    the configured database (all or nothing). Stop the portal and the timers first; afterwards run
    ``flask db upgrade`` and ``flask doctor``."""
    url, is_sqlite = _engine_url()
    if not yes:
        raise click.ClickException(f"This replaces the whole database {url.render_as_string(hide_password=True)} "
                                   f"with {file}. Stop the portal, then run again with --yes.")
    db.session.remove()
    db.engine.dispose()  # no pooled connection keeps the old database open
    try:
        if is_sqlite:
            aside = sqlite.restore(file, sqlite.database_path(url), stamp())
            suffix = sqlite.SUFFIX
            click.echo(f"Database restored from {file}" + (f"; the replaced one is kept as {aside}" if aside else ""))
        else:
            postgres.restore(file, url)
            suffix = postgres.SUFFIX
            click.echo(f"Database restored from {file}")
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    uploads = uploads_beside(file, suffix)
    if uploads.is_file():
        click.echo(f"Uploaded files restored: {restore_uploads(uploads)} (from {uploads})")
    else:
        click.echo(f"No uploads archive beside it ({uploads}): the upload folders were left as they are.")
    click.echo("Next: flask db upgrade, then flask doctor.")
