"""Shared fixtures: the app on SQLite or PostgreSQL, a rolled-back transaction per test, factories.

Requests must not run inside a test's app context (Flask would reuse it, and with it the
signed-in user), so factories open their own context and hand back plain values.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import create_engine, text
from sqlalchemy.orm import close_all_sessions, scoped_session, sessionmaker

from app import create_app
from app.extensions import db
from app.models import OrganisationKind, Role
from app.services.accounts import sessions
from tests.factories import Factory, Org, Person
from tests.postgres_scratch import application_role_url

# Department roles must use two-factor sign-in, so the city's department people have it on.
DEPARTMENT_TOTP = {
    "dept.admin@example.org": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "dept.officer@example.org": "KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF",
    "dept.analyst@example.org": "MFXGC3DZON2CA3DPN5VWS3THEBRW6ZDF",
}
ROOT = Path(__file__).resolve().parent.parent


def _database_urls(tmp_path_factory) -> tuple[str, str | None]:
    """The portal's database URL and the tables' owner's: on PostgreSQL (TEST_DATABASE_URL, the owner) the portal
    connects as its own role under the row-level security; SQLite has one URL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return application_role_url(url), url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}", None


def _search_lemmas() -> str:
    """The search's word-forms file: the one ``make setup`` builds (instance/, or SEARCH_LEMMAS_PATH), built here
    the first time a test session needs it and kept for the next runs (CI builds it once, for SQLite and PostgreSQL)."""
    from app.services.directory import lemmas

    path = lemmas.default_path()
    if not lemmas.is_built(path):
        lemmas.build(path)
    return str(path)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The portal in testing mode, with the schema built by the migrations."""
    outbox = tmp_path_factory.mktemp("outbox")
    database_url, owner_url = _database_urls(tmp_path_factory)
    application = create_app("testing", {
        "SEARCH_LEMMAS_PATH": _search_lemmas(),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DATABASE_OWNER_URL": owner_url,
        "MAIL_OUTBOX_DIR": str(outbox),
        "OFFER_ATTACHMENT_FOLDER": str(tmp_path_factory.mktemp("offers")),
        "AGREEMENT_DOCUMENT_FOLDER": str(tmp_path_factory.mktemp("agreements")),
        "SERVER_NAME": "portal.test",
    })
    with application.app_context():
        _reset_schema()
        upgrade(directory=str(ROOT / "migrations"))
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _reset_schema() -> None:
    """Start from an empty database (PostgreSQL test databases may be reused)."""
    if db.engine.dialect.name == "postgresql":
        with _owner_engine() as engine, engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _database(request):
    """Each test runs in one database transaction that is rolled back at its end.

    Every session of the test (factories, requests, ``rows``) is bound to one connection
    whose outer transaction is never committed: what the portal commits is a savepoint
    inside it (``join_transaction_mode="create_savepoint"``), so the code under test behaves
    as in production and the next test starts from an empty database at no cost. A test
    marked ``commits`` (several connections or apps at once: locks, other app instances)
    runs with real transactions instead, and every table is emptied after it.
    """
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    if request.node.get_closest_marker("commits"):
        yield
        _empty_every_table(application)
    else:
        with _rolled_back(application):
            yield
    _empty_outbox_and_throttle(application)


@contextlib.contextmanager
def _rolled_back(application):
    with application.app_context():
        engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    production_sessions = db.session
    db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
                                scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        close_all_sessions()  # any a test left open, in whatever app context
        db.session = production_sessions
        outer.rollback()
        connection.close()


@contextlib.contextmanager
def _owner_engine():
    """The tables' owner's engine on PostgreSQL (past the row-level security), else the app's own."""
    from flask import current_app

    owner_url = current_app.config.get("DATABASE_OWNER_URL")
    if not owner_url:
        yield db.engine
        return
    engine = create_engine(owner_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _empty_every_table(application) -> None:
    with application.app_context():
        db.session.remove()
        with _owner_engine() as engine, engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def _empty_outbox_and_throttle(application) -> None:
    for path in Path(application.config["MAIL_OUTBOX_DIR"]).glob("*.eml"):
        path.unlink()
    with application.app_context():
        from app.services.accounts import counters

        client = counters.redis_client()
        if client is not None:
            for key in client.scan_iter(counters.REDIS_PREFIX + "*"):
                client.delete(key)


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def make(app) -> Factory:
    """The factories of every feature (tests/factories): ``make.organisation(…)``, ``make.service(org, …)``…"""
    return Factory(app)


def sign_in_as(client, app, person: Person, *, organisation: Org | None = None) -> None:
    """Give ``client`` a live server-side session for ``person`` (skips password and code)."""
    with app.app_context():
        from app.models import User

        user = db.session.get(User, person.id)
        raw = sessions.start_session(user)
        db.session.commit()
    with client.session_transaction() as session:
        session.clear()
        session["sid"] = raw
        if organisation is not None:
            session["active_organisation"] = organisation.id


@pytest.fixture
def login(app):
    """``login(client, person, organisation=None)`` signs the client in directly."""
    return lambda client, person, organisation=None: sign_in_as(client, app, person, organisation=organisation)


@dataclass(frozen=True)
class City:
    """Two tenants and a department, with one person in every role."""

    department: Org
    org_a: Org
    org_b: Org
    dept_admin: Person
    dept_officer: Person
    dept_analyst: Person
    a_admin: Person
    a_coordinator: Person
    a_staff: Person
    b_admin: Person
    b_staff: Person
    outsider: Person


@pytest.fixture
def city(make) -> City:
    """A small city: the department, organisations A and B, and their people.

    The department's people have two-factor sign-in on (secrets in ``DEPARTMENT_TOTP``).
    """
    department = make.department()
    org_a = make.organisation("Stowarzyszenie A", kind=OrganisationKind.ASSOCIATION)
    org_b = make.organisation("Schronisko B", kind=OrganisationKind.SHELTER)
    return City(
        department=department, org_a=org_a, org_b=org_b,
        dept_admin=make.user("dept.admin@example.org", member_of=department, role=Role.ADMIN,
                             totp_secret=DEPARTMENT_TOTP["dept.admin@example.org"]),
        dept_officer=make.user("dept.officer@example.org", member_of=department, role=Role.OFFICER,
                               totp_secret=DEPARTMENT_TOTP["dept.officer@example.org"]),
        dept_analyst=make.user("dept.analyst@example.org", member_of=department, role=Role.ANALYST,
                               totp_secret=DEPARTMENT_TOTP["dept.analyst@example.org"]),
        a_admin=make.user("a.admin@example.org", member_of=org_a, role=Role.ADMIN),
        a_coordinator=make.user("a.coordinator@example.org", member_of=org_a, role=Role.COORDINATOR),
        a_staff=make.user("a.staff@example.org", member_of=org_a, role=Role.STAFF),
        b_admin=make.user("b.admin@example.org", member_of=org_b, role=Role.ADMIN),
        b_staff=make.user("b.staff@example.org", member_of=org_b, role=Role.STAFF),
        outsider=make.user("outsider@example.org"),
    )


@pytest.fixture
def outbox(app):
    """``outbox()`` returns the messages written so far, newest first."""
    def read():
        with app.test_request_context():
            from app.mail import read_outbox

            return read_outbox()
    return read


@pytest.fixture
def csrf_on(app):
    """Form tokens checked, as in production, for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False
