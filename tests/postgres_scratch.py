"""Scratch PostgreSQL databases for the tests that need a database of their own (backups, two hosts): made on the
server of ``TEST_POSTGRES_URL`` (default: the local server), dropped afterwards. A missing server fails the test
with a clear message — never a skip."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text

from app import row_security

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def scratch_databases(prefix: str) -> Iterator[Callable[[], str]]:
    """``new()`` makes an empty database named ``<prefix>_<random>`` and returns its URL; every one is dropped
    when the block ends."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect is the same message
        admin.dispose()
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_URL} (TEST_POSTGRES_URL): {error}")
    names: list[str] = []

    def new() -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        names.append(name)
        return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"

    try:
        yield new
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


APPLICATION_ROLE = "siec_app_test"


def application_role_url(owner_url: str) -> str:
    """``owner_url`` with the portal's own role instead: a login role that is no superuser, has no BYPASSRLS and owns
    nothing, a member of the scopes' roles (all made on that server when missing, as a database administrator
    would), so the tests meet the row-level security as production does. The
    migrations still run as the owner and grant it its rights (migrations/env.py)."""
    return row_security.portal_role_url(owner_url, APPLICATION_ROLE)
