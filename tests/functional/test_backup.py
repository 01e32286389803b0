"""Backups: ``flask backup`` then ``flask backup restore`` bring the data back whole — every table's rows, the values,
the uploaded files' bytes — on a SQLite file and on PostgreSQL (scratch databases of their own, in both passes).

The PostgreSQL case needs pg_dump and pg_restore on PATH and the server at TEST_POSTGRES_URL (default
postgres@127.0.0.1:5432, trust): it fails, never skips, when they are missing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.backup.postgres import libpq_connection
from app.extensions import db
from app.models import OfferAttachment, User
from app.tenancy import system_scope
from tests import postgres_scratch
from tests.conftest import DEPARTMENT_TOTP, ROOT, _search_lemmas
from tests.factories import Factory
from tests.factories.funding import MINIMAL_PDF

OWNER_ROLE = "siec_owner_test"
CHECKSUMMED = ("organisation", "user_account", "offer", "offer_cost", "offer_attachment", "service")
SCAN = MINIMAL_PDF + b"% the signed page\n"


def _portal(url: str, folder: Path, owner_url: str | None = None):
    """The portal on ``url`` with its upload and backup folders under ``folder``, migrated to head (as the tables'
    owner, when ``owner_url`` names one)."""
    application = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": url, "DATABASE_OWNER_URL": owner_url, "SEARCH_LEMMAS_PATH": _search_lemmas(),
        "MAIL_OUTBOX_DIR": str(folder / "outbox"), "OFFER_ATTACHMENT_FOLDER": str(folder / "offers"),
        "AGREEMENT_DOCUMENT_FOLDER": str(folder / "agreements"), "BACKUP_FOLDER": str(folder / "backups"),
        "SERVER_NAME": "portal.test"})
    with application.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return application


def _fill(application) -> dict:
    """Organisations, a service, an offer with its rows and an attachment on disk, a person with TOTP."""
    make = Factory(application)
    department = make.department()
    org = make.organisation("Fundacja Przystań")
    place = make.location(org, "Punkt Przystań", street="ul. Ukryta 3")
    make.service(org, "Noclegownia", places=[place], phones=["32 100 20 30"])
    programme = make.programme(department)
    line = make.budget_line(department, programme, "50000.00")
    call = make.call(department, programme, line)
    offer = make.offer(org, call, "Ciepły kąt", grant="9000.00", own="1000.00")
    person = make.user("dept.admin@example.org", member_of=department, role="admin",
                       totp_secret=DEPARTMENT_TOTP["dept.admin@example.org"])
    with application.app_context(), system_scope("tests"):
        folder = Path(application.config["OFFER_ATTACHMENT_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "a1b2c3").write_bytes(SCAN)
        db.session.add(OfferAttachment(organisation_id=org.id, offer_id=offer, label="Statut", filename="statut.pdf",
                                       content_type="application/pdf", size=len(SCAN), stored_name="a1b2c3",
                                       sha256=hashlib.sha256(SCAN).hexdigest()))
        db.session.commit()
    return {"org": org.id, "offer": offer, "person": person.id, "make": make}


def _counts(application) -> dict[str, int]:
    """Every table's number of rows."""
    with application.app_context(), system_scope("tests"), db.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()  # noqa: S608
                for name in sorted(names)}


def _values(application, facts: dict) -> dict:
    """A few values read back: the organisation's name, the offer's grant and cost lines, the TOTP secret."""
    with application.app_context(), system_scope("tests"):
        row = db.session.execute(text("SELECT name FROM organisation WHERE id = :id"), {"id": facts["org"]}).one()
        grant = db.session.execute(text("SELECT requested_grant FROM offer WHERE id = :id"),
                                   {"id": facts["offer"]}).scalar_one()
        costs = db.session.execute(text("SELECT count(*) FROM offer_cost WHERE offer_id = :id"),
                                   {"id": facts["offer"]}).scalar_one()
        secret = db.session.get(User, facts["person"]).totp_secret
        db.session.rollback()
    return {"name": row.name, "grant": str(grant), "costs": costs, "totp": secret}


def _spoil(application, facts: dict) -> None:
    """What a bad day does after the backup: rows changed, deleted and added, an uploaded file gone."""
    with application.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE organisation SET name = 'Zmieniona' WHERE id = :id"), {"id": facts["org"]})
            connection.execute(text("DELETE FROM offer_attachment"))
            connection.execute(text("DELETE FROM offer_cost"))
            connection.execute(text("UPDATE user_account SET totp_secret = NULL"))
        db.engine.dispose()
    facts["make"].organisation("Dopisana po kopii")
    (Path(application.config["OFFER_ATTACHMENT_FOLDER"]) / "a1b2c3").unlink()


def _backup(application, *arguments: str) -> tuple[Path, Path]:
    """Run ``flask backup``; the database copy and the uploads archive it wrote."""
    result = application.test_cli_runner().invoke(args=["backup", *arguments])
    assert result.exit_code == 0, result.output
    written = [line.split(": ", 1)[1].split(" (")[0] for line in result.output.splitlines()
               if line.startswith(("Database backed up", "Upload folders archived"))]
    return Path(written[0]), Path(written[1])


def test_sqlite_backup_and_restore_bring_everything_back(tmp_path):
    application = _portal(f"sqlite:///{tmp_path / 'portal.db'}", tmp_path)
    facts = _fill(application)
    counts, values = _counts(application), _values(application, facts)
    assert counts["offer_cost"] == 1 and counts["offer_attachment"] == 1 and values["totp"]

    copy, uploads = _backup(application)
    assert copy.parent == tmp_path / "backups" and copy.name.endswith(".sqlite3")
    with sqlite3.connect(copy) as connection:  # a self-contained file, checked, at the migration of the database
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with tarfile.open(uploads) as archive:
        assert archive.extractfile("offers/a1b2c3").read() == SCAN
    assert not list(copy.parent.glob("*.partial"))
    for private in (copy, uploads, copy.parent):  # personal data: the backup's own user only
        assert private.stat().st_mode & 0o077 == 0, oct(private.stat().st_mode)

    _spoil(application, facts)
    assert _counts(application) != counts

    runner = application.test_cli_runner()
    refused = runner.invoke(args=["backup", "restore", str(copy)])
    assert refused.exit_code != 0 and "--yes" in refused.output
    result = runner.invoke(args=["backup", "restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Uploaded files restored: 1" in result.output

    assert _counts(application) == counts
    assert _values(application, facts) == values == {**values, "name": "Fundacja Przystań", "costs": 1}
    assert (Path(application.config["OFFER_ATTACHMENT_FOLDER"]) / "a1b2c3").read_bytes() == SCAN
    kept_aside = list(tmp_path.glob("portal.db.before-restore-*"))
    assert len(kept_aside) == 1
    with sqlite3.connect(kept_aside[0]) as connection:  # the replaced database, as it was
        assert connection.execute("SELECT count(*) FROM organisation WHERE name = 'Zmieniona'").fetchone()[0] == 1
    with application.app_context():
        db.engine.dispose()


def test_backup_runs_beside_a_writer_and_keeps_the_newest(tmp_path):
    application = _portal(f"sqlite:///{tmp_path / 'portal.db'}", tmp_path)
    Factory(application).organisation("Zapisana")
    folder = tmp_path / "elsewhere"
    writer = sqlite3.connect(tmp_path / "portal.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the portal in the middle of a save: the backup neither waits nor sees it
    writer.execute("UPDATE organisation SET name = 'W trakcie zapisu'")
    for _ in range(3):
        copy, _uploads = _backup(application, "--to", str(folder), "--keep", "2")
    writer.execute("ROLLBACK")
    writer.close()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT name FROM organisation").fetchall() == [("Zapisana",)]
    assert len(list(folder.glob("siec-*.sqlite3"))) == 2
    assert len(list(folder.glob("siec-*.uploads.tar.gz"))) == 2

    broken = folder / "siec-broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    result = application.test_cli_runner().invoke(args=["backup", "restore", str(broken), "--yes"])
    assert result.exit_code != 0 and "not a readable SQLite database" in result.output
    assert (tmp_path / "portal.db").is_file()  # nothing was replaced
    with application.app_context():
        db.engine.dispose()


def test_the_password_goes_in_the_environment_not_the_command_line():
    from sqlalchemy.engine import make_url

    conninfo, environment = libpq_connection(
        make_url("postgresql+psycopg://siec:s3cr%27et@db.example:6543/siec?sslmode=require"))
    assert conninfo == "host='db.example' port='6543' user='siec' dbname='siec' sslmode='require'"
    assert environment["PGPASSWORD"] == "s3cr'et" and "s3cr" not in conninfo


@pytest.fixture
def scratch_databases():
    """``new()`` makes an empty PostgreSQL database (its URL); all are dropped at the end."""
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is needed on PATH (apt install postgresql-client)")
    with postgres_scratch.scratch_databases("backup") as new:
        yield new


def _checksums(application) -> dict[str, str]:
    """An MD5 of every row of a few tables, in id order."""
    digest = "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM \"{}\" t"
    with application.app_context(), system_scope("tests"), db.engine.connect() as connection:
        return {name: connection.execute(text(digest.format(name))).scalar_one() for name in CHECKSUMMED}


def _owned_by_a_plain_role(url: str) -> tuple[str, str]:
    """A scratch database handed to a login role that is no superuser (the tables' owner, as in production): the
    owner's URL and the portal's own role's (docs/DEPLOYMENT.md, section 3)."""
    from sqlalchemy import create_engine, make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"DO $$ BEGIN CREATE ROLE {OWNER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; "
                                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$"))
            connection.execute(text(f'ALTER DATABASE "{make_url(url).database}" OWNER TO {OWNER_ROLE}'))
    finally:
        admin.dispose()
    owner = make_url(url).set(username=OWNER_ROLE).render_as_string(hide_password=False)
    return owner, postgres_scratch.application_role_url(url)


def test_postgresql_dump_restores_whole_into_another_database(scratch_databases, tmp_path):
    """As production runs it: the owner (no superuser) migrates, backs up and restores; the portal's role, under the
    row-level security, fills and reads."""
    owner_url, portal_url = _owned_by_a_plain_role(scratch_databases())
    source = _portal(portal_url, tmp_path / "source", owner_url)
    facts = _fill(source)
    counts, sums, values = _counts(source), _checksums(source), _values(source, facts)
    assert counts["offer_attachment"] == 1 and counts["organisation"] == 2

    dump, uploads = _backup(source)
    assert dump.name.endswith(".dump") and uploads.is_file()
    assert dump.stat().st_mode & 0o077 == 0 and uploads.stat().st_mode & 0o077 == 0

    target_owner, target_url = _owned_by_a_plain_role(scratch_databases())
    target = create_app("testing", {**{key: source.config[key] for key in (
        "SEARCH_LEMMAS_PATH", "MAIL_OUTBOX_DIR", "SERVER_NAME")}, "SQLALCHEMY_DATABASE_URI": target_url,
        "DATABASE_OWNER_URL": target_owner,
        "OFFER_ATTACHMENT_FOLDER": str(tmp_path / "target" / "offers"),
        "AGREEMENT_DOCUMENT_FOLDER": str(tmp_path / "target" / "agreements")})
    result = target.test_cli_runner().invoke(args=["backup", "restore", str(dump), "--yes"])
    assert result.exit_code == 0, result.output
    upgraded = target.test_cli_runner().invoke(args=["db", "upgrade"])  # the documented next step: at head already
    assert upgraded.exit_code == 0, upgraded.output

    assert _counts(target) == counts
    assert _checksums(target) == sums
    assert _values(target, facts) == values
    assert (tmp_path / "target" / "offers" / "a1b2c3").read_bytes() == SCAN
    for application in (source, target):
        with application.app_context():
            db.engine.dispose()
