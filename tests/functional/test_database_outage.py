"""The database going away under the portal: a 503 page (JSON under /api/) with Retry-After and the helplines,
never a 500; nothing half-written; and the next request after it is back answers as usual, nothing restarted.

The outage is simulated on whichever database the suite runs: a ``before_cursor_execute`` hook raises the
driver's own ``OperationalError`` (as a server that went away would), which goes through SQLAlchemy's whole error
handling. On PostgreSQL a last test cuts the portal's real connections with ``pg_terminate_backend``. The tests
commit for real (``commits``): a rolled-back test transaction could not tell a half-written record from none.
"""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import create_engine, event, text

from app import page_cache
from app.database_outage import RETRY_AFTER_SECONDS
from app.extensions import db
from app.models import AuditEvent, Network, NetworkMember
from tests.functional.support import page, post_sign_in

pytestmark = pytest.mark.commits

SERVER_GONE = "server closed the connection unexpectedly"


@contextlib.contextmanager
def failing_statements(app, fails=lambda statement: True):
    """While inside, every statement for which ``fails(statement)`` is true raises the driver's OperationalError."""
    with app.app_context():
        engine = db.engine
    failed: list[str] = []

    def refuse(_connection, _cursor, statement, _parameters, _context, _executemany):
        if fails(statement):
            failed.append(statement)
            raise engine.dialect.loaded_dbapi.OperationalError(SERVER_GONE)

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield failed
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


def the_nth_insert(n: int):
    """A ``fails`` for ``failing_statements``: the ``n``-th INSERT of the block, and only it."""
    seen = {"inserts": 0}

    def fails(statement: str) -> bool:
        if not statement.lstrip().upper().startswith("INSERT"):
            return False
        seen["inserts"] += 1
        return seen["inserts"] == n

    return fails


def assert_unavailable_page(response, language="en"):
    """The 503 page: translated, Retry-After, the helplines as tap-to-call links, no internals."""
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    shown = page(response)
    assert response.mimetype == "text/html"
    assert f'<html lang="{language}"' in shown.html
    if language == "en":  # pl and uk: the translations are merged from i18n_faults.json
        assert shown.h1.startswith("The portal is briefly unavailable")
    assert 'href="tel:112"' in shown.html and 'href="tel:116123"' in shown.html
    assert SERVER_GONE not in shown.html and "OperationalError" not in shown.html and "Traceback" not in shown.html


# -- a fault in the middle of a multi-row save ------------------------------------------------------------------------

@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_fault_in_the_middle_of_creating_a_network_leaves_none_of_its_rows(app, browser, city, rows, nth):
    """Creating a network writes the network, its coordinator as first member and their audit events: the
    database failing on the first, second or third of those INSERTs leaves not one of them, and the officer sees
    the 503 page. Sent again once the database answers, the same form creates the network whole."""
    officer = browser(city.dept_officer)
    form = {"name": "Zespół interdyscyplinarny", "purpose": "Wspólna praca z rodzinami.",
            "coordinator_organisation_id": str(city.org_a.id)}
    before = rows.count(AuditEvent)
    with failing_statements(app, the_nth_insert(nth)) as failed:
        response = officer.post("/console/networks/new", data=form)
    assert len(failed) == 1 and failed[0].lstrip().upper().startswith("INSERT")
    assert_unavailable_page(response)
    assert rows.count(Network) == 0 and rows.count(NetworkMember) == 0 and rows.count(AuditEvent) == before

    again = officer.post("/console/networks/new", data=form)
    assert again.status_code == 303
    network = rows.one(Network)
    assert [m.organisation_id for m in rows.all(NetworkMember, network_id=network.id)] == [city.org_a.id]
    assert rows.actions("network.") == ["network.created", "network.member_added"]


def test_a_fault_at_the_commit_is_a_503_and_keeps_nothing(app, browser, city, rows, monkeypatch):
    """The database going away as the request commits: nothing of the request is kept, and the page is the 503."""
    officer = browser(city.dept_officer)
    form = {"name": "Sieć", "purpose": "Cel.", "coordinator_organisation_id": str(city.org_a.id)}
    with app.app_context():
        dialect = db.engine.dialect

    def refuse_commit(_dbapi_connection):
        raise dialect.loaded_dbapi.OperationalError(SERVER_GONE)

    with monkeypatch.context() as patch:
        patch.setattr(dialect, "do_commit", refuse_commit)
        response = officer.post("/console/networks/new", data=form)
    assert_unavailable_page(response)
    assert rows.count(Network) == 0 and rows.count(NetworkMember) == 0


# -- every statement failing, then the database back -----------------------------------------------------------------

def test_during_an_outage_pages_and_sign_in_answer_503_and_the_next_request_after_it_is_200(app, browser, city):
    """Public pages, the sign-in form sent, a signed-in person's workspace and the API: each a 503 while no
    statement gets through, in the reader's language; the first request after the database is back is a 200."""
    signed_in = browser(city.a_admin)
    with failing_statements(app):
        assert_unavailable_page(browser().get("/"))
        assert_unavailable_page(browser(lang="pl").get("/"), "pl")
        assert_unavailable_page(browser(lang="uk").get("/"), "uk")
        assert_unavailable_page(post_sign_in(browser(), city.a_staff.email, city.a_staff.password))
        assert_unavailable_page(signed_in.get("/workspace/"))
        api = browser().get("/api/hsds/services")
        assert api.status_code == 503 and api.is_json
        assert int(api.headers["Retry-After"]) >= RETRY_AFTER_SECONDS  # Flask-Limiter may name its window's end
        assert set(api.get_json()) == {"error", "message"}

    assert browser().get("/").status_code == 200
    assert browser().get("/api/hsds/services").status_code == 200
    assert signed_in.get("/workspace/").status_code == 200  # the session outlived the outage
    signing_in = browser()
    assert post_sign_in(signing_in, city.a_staff.email, city.a_staff.password).status_code == 303


def test_the_outage_is_logged_as_a_warning_not_a_traceback(app, browser, caplog):
    with failing_statements(app), caplog.at_level("WARNING"):
        assert browser().get("/").status_code == 503
    outage = [r for r in caplog.records if "database is not answering" in r.getMessage()]
    assert outage and outage[0].levelname == "WARNING" and outage[0].exc_info is None
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_the_page_cache_keeps_no_503(app, browser, monkeypatch):
    """The home page failing while the cache's version check still reads: the 503 is not kept, and the first
    request after the outage draws the page afresh."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    page_cache.clear()
    try:
        with failing_statements(app, lambda statement: "data_version" not in statement):
            failed = browser().get("/")
        assert failed.status_code == 503 and "X-Page-Cache" not in failed.headers
        first, second = browser().get("/"), browser().get("/")
        assert (first.status_code, first.headers.get("X-Page-Cache")) == (200, "miss")
        assert (second.status_code, second.headers.get("X-Page-Cache")) == (200, "hit")
    finally:
        page_cache.clear()


# -- PostgreSQL: the portal's connections cut for real ----------------------------------------------------------------

def test_postgresql_connections_cut_mid_request_are_dropped_and_the_portal_recovers(app, browser, city, rows):
    """On PostgreSQL: the server ends the request's own connection between two statements of a save (as a restart
    does). The request is a 503 with nothing kept, the broken connection leaves the pool, and then every pooled
    connection is cut while idle: the next request gets a live one (pre-ping) and answers as usual."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("cutting a server connection needs PostgreSQL")
    officer = browser(city.dept_officer)
    form = {"name": "Sieć", "purpose": "Cel.", "coordinator_organisation_id": str(city.org_a.id)}
    inserts = {"n": 0}

    def cut_own_connection(connection, _cursor, statement, _parameters, _context, _executemany):
        if statement.lstrip().upper().startswith("INSERT"):
            inserts["n"] += 1
            if inserts["n"] == 2:  # the network is written, its first member not yet
                pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with owner.connect() as other:  # the server's administrator, whatever role the request acts as
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    owner = create_engine(app.config["DATABASE_OWNER_URL"] or engine.url)
    event.listen(engine, "before_cursor_execute", cut_own_connection)
    try:
        response = officer.post("/console/networks/new", data=form)
    finally:
        event.remove(engine, "before_cursor_execute", cut_own_connection)
        owner.dispose()
    assert_unavailable_page(response)
    assert rows.count(Network) == 0 and rows.count(NetworkMember) == 0

    idle, counting = engine.connect(), engine.connect()
    idle.execute(text("SELECT 1"))
    idle.close()  # back in the pool, idle, as a worker's connections are between requests
    with counting as connection:  # every other connection of the test database: the portal's pool
        cut = connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    assert cut >= 1
    assert officer.get("/console/networks/").status_code == 200
    assert officer.post("/console/networks/new", data=form).status_code == 303
    assert rows.count(Network) == 1
