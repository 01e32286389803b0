"""Migrations: from empty to head the schema matches the models; down to empty and up again."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")


@pytest.fixture
def empty_database(tmp_path):
    """A database of its own: a new SQLite file, or a new PostgreSQL database beside the test one."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = make_url(url)
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _differences(application):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_models_and_downgrade_round_trips(empty_database, tmp_path):
    application = create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database,
                                         "MAIL_OUTBOX_DIR": str(tmp_path)})
    with application.app_context():
        upgrade(directory=MIGRATIONS)
        assert _differences(application) == []
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        assert _differences(application) == []
        db.engine.dispose()
