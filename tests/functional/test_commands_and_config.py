"""The command line (demo city, first admin) and the start-up checks of the settings."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, event, func, select

import config
from app.demo import DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRETS
from app.extensions import db
from app.models import (
    AuditEvent,
    BudgetLine,
    Call,
    CallVersion,
    FundingSource,
    Membership,
    Organisation,
    OrganisationKind,
    Programme,
    Role,
    User,
)
from app.services.funding import calls
from app.tenancy import system_scope
from tests.functional.support import location, page, post_sign_in, totp_now, translated

DOCUMENTED_ACCOUNTS = {  # README.md, "Demo accounts"
    "admin@demo.example": ("department", Role.ADMIN),
    "officer@demo.example": ("department", Role.OFFICER),
    "analyst@demo.example": ("department", Role.ANALYST),
    "coordinator@demo.example": ("family", Role.ADMIN),
    "staff@demo.example": ("shelter", Role.STAFF),
}


def _counts(app):
    with app.app_context(), system_scope("tests"):
        return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (Organisation, User, Membership))


def test_demo_load_creates_the_city_once(app, rows):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert DEFAULT_DEMO_PASSWORD in result.output
    for secret in DEMO_TOTP_SECRETS.values():
        assert secret in result.output
    organisations = rows.all(Organisation)
    assert len([o for o in organisations if o.kind != OrganisationKind.DEPARTMENT]) >= 12
    assert len([o for o in organisations if o.kind == OrganisationKind.DEPARTMENT]) == 1
    assert all(o.is_demo for o in organisations)
    by_slug = {o.slug: o for o in organisations}
    for email, (key, role) in DOCUMENTED_ACCOUNTS.items():
        user = rows.one(User, email=email)
        assert user.is_demo
        assert (email in DEMO_TOTP_SECRETS) == user.has_two_factor
        assert rows.one(Membership, user_id=user.id, organisation_id=by_slug[f"demo-{key}"].id).role == role
    programmes = rows.all(Programme)
    assert len(programmes) == 6 and all(p.is_demo and p.organisation_id == by_slug["demo-department"].id
                                        for p in programmes)
    lines = rows.all(BudgetLine)
    assert {p.id for p in programmes} - {line.programme_id for line in lines}  # one programme without a budget yet
    assert {line.source for line in lines} == set(FundingSource)  # every source in use
    with app.test_request_context():
        stages = sorted(calls.stage_of(call) for call in rows.all(Call))
    assert stages == ["annulled", "closed", "decided", "draft", "in_evaluation", "open", "upcoming"]  # every stage
    # the open call changed once, the annulled one says so in its history
    assert sorted(v.number for v in rows.all(CallVersion)) == [1, 1, 1, 1, 1, 1, 2, 2]
    coordinator = rows.one(User, email="coordinator@demo.example")
    assert rows.count(Membership, user_id=coordinator.id) == 2  # two organisations: the header switcher
    before = _counts(app)
    events = rows.count(AuditEvent)

    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert "'organisations': 0, 'users': 0, 'memberships': 0" in again.output
    assert _counts(app) == before
    assert rows.count(AuditEvent) == events


def test_demo_accounts_sign_in_as_documented(app, browser):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    coordinator = browser()
    response = post_sign_in(coordinator, "coordinator@demo.example", DEFAULT_DEMO_PASSWORD)
    assert location(response) == "/workspace/"
    overview = page(coordinator.get("/workspace/", headers={"Accept-Language": "en"}))
    assert overview.h1 == "Stowarzyszenie na Rzecz Rodziny"
    # the demo shows residents' reports in every state: two wait for this organisation
    assert "2 reports are waiting for an answer." in overview and "Poradnictwo dla osób zadłużonych" in overview
    handled = page(coordinator.get("/workspace/feedback?status=resolved", headers={"Accept-Language": "en"}))
    assert "Bezpłatne porady prawne dla rodzin" in handled
    admin = browser()
    assert location(post_sign_in(admin, "admin@demo.example", DEFAULT_DEMO_PASSWORD)) == "/sign-in/code"
    response = admin.post("/sign-in/code", data={"code": totp_now(DEMO_TOTP_SECRETS["admin@demo.example"])})
    assert location(response) == "/console/"
    assert admin.get("/console/organisations").status_code == 200


def test_demo_load_is_refused_where_demo_data_is_not_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_ALLOWED", False)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "never loaded in production" in result.output
    assert _counts(app) == (0, 0, 0)


def test_production_never_allows_demo_data(app, production_env):
    """``flask demo load`` on an app built with the production settings refuses and creates nothing."""
    from app import create_app

    production_env.setenv("SECRET_KEY", "p" * 48)
    production_env.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])  # the test database
    production = create_app("production", {"MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"]})
    try:
        assert production.config["ENV_NAME"] == "production"
        result = production.test_cli_runner().invoke(args=["demo", "load"])
    finally:
        with production.app_context():
            db.session.remove()
            db.engine.dispose()
    assert result.exit_code != 0
    assert "Demo data is never loaded in production." in result.output
    assert DEFAULT_DEMO_PASSWORD not in result.output
    assert _counts(app) == (0, 0, 0)
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == 0


def test_create_admin_command(app, rows):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "--email", "Szefowa@Miasto.example", "--name",
                                 "Szefowa Wydziału", "--password", "zielony-parasol-nad-morzem"])
    assert result.exit_code == 0, result.output
    user = rows.one(User, email="szefowa@miasto.example")
    department = rows.one(Organisation, kind=OrganisationKind.DEPARTMENT)
    assert rows.one(Membership, user_id=user.id).organisation_id == department.id
    weak = runner.invoke(args=["users", "create-admin", "--email", "b@miasto.example", "--name", "B",
                               "--password", "qwerty123456"])
    # the command line speaks the default language
    common = translated(app, "pl", "This password is on the list of common passwords. Choose another.")
    assert weak.exit_code != 0 and common in weak.output
    duplicate = runner.invoke(args=["users", "create-admin", "--email", "szefowa@miasto.example", "--name", "C",
                                    "--password", "zielony-parasol-nad-morzem"])
    exists = translated(app, "pl", "An account with this e-mail address already exists.")
    assert duplicate.exit_code != 0 and exists in duplicate.output
    assert rows.count(Organisation, kind=OrganisationKind.DEPARTMENT) == 1
    assert rows.count(User) == 1


# --- settings ---------------------------------------------------------------------------------

@pytest.fixture
def production_env(monkeypatch):
    """A clean environment but for a valid TOTP_ENCRYPTION_KEYS (its absence is tested in test_totp_encryption.py);
    Production's class attributes are restored afterwards."""
    for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_BACKEND", "APP_ENV", "WEB_CONCURRENCY", "DB_POOL_SIZE",
                 "DB_CONNECT_TIMEOUT", "DB_STATEMENT_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOTP_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    for name in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "TOTP_ENCRYPTION_KEYS"):
        monkeypatch.setattr(config.Production, name, getattr(config.Production, name))
    monkeypatch.setattr(config.Production, "REDIS_URL", None)  # not the REDIS_URL of the machine running the tests
    return monkeypatch


@pytest.mark.parametrize(("env", "missing"), [
    ({}, "SECRET_KEY, DATABASE_URL"),
    ({"DATABASE_URL": "postgresql+psycopg://u@db/siec"}, "SECRET_KEY"),
    ({"SECRET_KEY": "k" * 40}, "DATABASE_URL"),
    ({"SECRET_KEY": "", "DATABASE_URL": ""}, "SECRET_KEY, DATABASE_URL"),
])
def test_production_refuses_to_start_without_secrets(production_env, env, missing):
    for name, value in env.items():
        production_env.setenv(name, value)
    with pytest.raises(config.ConfigurationError, match=missing):
        config.load("production")


def test_production_refuses_a_short_secret_key_or_unknown_mail_backend(production_env):
    production_env.setenv("DATABASE_URL", "postgresql+psycopg://u@db/siec")
    production_env.setenv("SECRET_KEY", "too-short")
    with pytest.raises(config.ConfigurationError, match="32"):
        config.load("production")
    production_env.setenv("SECRET_KEY", "k" * 40)
    production_env.setenv("MAIL_BACKEND", "carrier-pigeon")
    with pytest.raises(config.ConfigurationError, match="MAIL_BACKEND"):
        config.load("production")


def test_production_starts_with_its_secrets(production_env):
    production_env.setenv("DATABASE_URL", "postgresql+psycopg://u@db/siec")
    production_env.setenv("SECRET_KEY", "s" * 48)
    settings = config.load("production")
    assert settings.SECRET_KEY == "s" * 48
    assert settings.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db/siec"
    assert settings.SESSION_COOKIE_SECURE and settings.HSTS_ENABLED and not settings.DEMO_ALLOWED


def test_app_factory_refuses_production_without_secrets(production_env):
    from app import create_app

    with pytest.raises(config.ConfigurationError):
        create_app("production")


def _production_app(app, production_env, **overrides):
    """The portal with the production settings on the test database (its engine is disposed by the caller)."""
    from app import create_app

    production_env.setenv("SECRET_KEY", "p" * 48)
    production_env.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    return create_app("production", {"MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"], **overrides})


def _dispose(application) -> None:
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_production_refuses_several_workers_without_a_shared_store(app, production_env):
    """Limits held per worker would let N times as much through: production with WEB_CONCURRENCY > 1 needs Redis."""
    production_env.setenv("WEB_CONCURRENCY", "3")
    with pytest.raises(config.ConfigurationError, match=r"3 workers \(WEB_CONCURRENCY\) needs REDIS_URL: rate limits, "
                                                        r"the sign-in throttle, the page cache's invalidation and "
                                                        r"revoked sessions"):
        _production_app(app, production_env)
    shared = _production_app(app, production_env, REDIS_URL="redis://cache.internal:6379/0")  # not connected at start
    _dispose(shared)
    production_env.setenv("WEB_CONCURRENCY", "1")
    alone = _production_app(app, production_env)
    assert alone.config["REDIS_URL"] is None
    _dispose(alone)


def test_several_workers_without_redis_are_only_refused_in_production(app, production_env, tmp_path):
    from app import create_app

    production_env.setenv("WEB_CONCURRENCY", "4")
    _dispose(create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                    "REDIS_URL": None, "MAIL_OUTBOX_DIR": str(tmp_path)}))
    production_env.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(config.ConfigurationError, match="WEB_CONCURRENCY must be a whole number"):
        _production_app(app, production_env)


def test_production_pools_server_database_connections_from_the_environment(production_env):
    production_env.setenv("SECRET_KEY", "s" * 48)
    production_env.setenv("DATABASE_URL", "postgresql+psycopg://u@db/siec")
    production_env.setenv("DB_POOL_SIZE", "8")
    options = config.load("production").SQLALCHEMY_ENGINE_OPTIONS
    assert options == {"pool_pre_ping": True, "query_cache_size": 200, "pool_size": 8, "max_overflow": 5,
                       "pool_timeout": 10, "pool_recycle": 1800, "connect_args": {"connect_timeout": 5}}
    production_env.setenv("DATABASE_URL", "sqlite:////srv/siec/siec.db")
    assert config.load("production").SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True, "query_cache_size": 200}


def test_production_gives_up_connecting_to_postgresql_after_db_connect_timeout(production_env):
    """An unreachable database host fails a request (and /readyz) within seconds instead of hanging the worker."""
    production_env.setenv("SECRET_KEY", "s" * 48)
    production_env.setenv("DATABASE_URL", "postgresql+psycopg://u@db/siec")
    assert config.load("production").SQLALCHEMY_ENGINE_OPTIONS["connect_args"] == {"connect_timeout": 5}
    production_env.setenv("DB_CONNECT_TIMEOUT", "2")
    options = config.load("production").SQLALCHEMY_ENGINE_OPTIONS
    assert options["connect_args"] == {"connect_timeout": 2}
    engine = create_engine(config.Production.SQLALCHEMY_DATABASE_URI, **options)  # what Flask-SQLAlchemy builds
    given = {}

    @event.listens_for(engine, "do_connect")
    def _instead_of_connecting(_dialect, _record, _args, params):
        given.update(params)
        raise ConnectionAbortedError("not connecting in a test")

    try:
        with pytest.raises(Exception, match="not connecting in a test"):
            engine.connect()
    finally:
        engine.dispose()
    assert given["connect_timeout"] == 2 and given["host"] == "db"  # what psycopg is handed
    production_env.setenv("DB_CONNECT_TIMEOUT", "soon")
    with pytest.raises(config.ConfigurationError, match="DB_CONNECT_TIMEOUT must be a whole number"):
        config.load("production")


def test_a_worker_keeps_a_bounded_number_of_compiled_statements(production_env):
    """SQLAlchemy's cache of compiled statements is bounded (each search shape holds tens of kB per worker)."""
    production_env.setenv("SECRET_KEY", "s" * 48)
    production_env.setenv("DATABASE_URL", "postgresql+psycopg://u@db/siec")
    assert config.load("production").SQLALCHEMY_ENGINE_OPTIONS["query_cache_size"] == 200
    production_env.setenv("DB_STATEMENT_CACHE", "50")
    options = config.load("production").SQLALCHEMY_ENGINE_OPTIONS
    engine = create_engine(config.Production.SQLALCHEMY_DATABASE_URI, **options)
    try:
        assert engine._compiled_cache.capacity == 50
    finally:
        engine.dispose()


def test_unknown_environment_name_is_refused(production_env):
    with pytest.raises(config.ConfigurationError, match="APP_ENV"):
        config.load("staging")
