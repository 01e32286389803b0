"""Data versions: every committed change to a watched table raises its version, nothing else does, and the pages
kept under it (the department's agreements register, the public "who received what" page) show a change at once.

The suite runs with the fragment cache off; these tests switch it on."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app import fragment_cache
from app.extensions import db
from app.models import AuditEvent, Organisation
from app.services.agreements import versions
from app.tenancy import system_scope
from tests.functional.support import location, page
from tests.functional.test_payments import money  # noqa: F401 - the fixture


def _version(app) -> int:
    with app.app_context(), system_scope("tests"):
        return versions.version()


def _commit(app, change) -> None:
    with app.app_context(), system_scope("tests"):
        change()
        db.session.commit()


def _organisation(organisation_id: int) -> Organisation:
    return db.session.execute(select(Organisation).where(Organisation.id == organisation_id)).scalar_one()


def test_a_committed_change_to_a_watched_row_raises_the_version_once(app, city):
    before = _version(app)

    def rename():
        _organisation(city.org_a.id).name = "Fundacja Nowa Nazwa"
        db.session.flush()
        _organisation(city.org_b.id).name = "Stowarzyszenie Inna Nazwa"  # two flushes, one commit

    _commit(app, rename)
    assert _version(app) == before + 1


def test_a_rollback_or_an_unwatched_change_leaves_the_version_alone(app, city):
    before = _version(app)
    with app.app_context(), system_scope("tests"):
        _organisation(city.org_a.id).name = "Zmiana wycofana"
        db.session.flush()
        db.session.rollback()
    _commit(app, lambda: db.session.add(AuditEvent(action="tests.nothing_watched")))
    _commit(app, lambda: _organisation(city.org_a.id))  # read, not changed
    assert _version(app) == before


def test_a_bulk_update_and_a_change_in_a_savepoint_raise_it_at_the_commit(app, city):
    before = _version(app)

    def bulk():
        db.session.execute(update(Organisation).where(Organisation.id == city.org_a.id).values(name="Masowo"))

    _commit(app, bulk)
    assert _version(app) == before + 1

    def in_savepoint():
        with db.session.begin_nested():
            _organisation(city.org_b.id).name = "W punkcie zapisu"

    _commit(app, in_savepoint)
    assert _version(app) == before + 2


@pytest.fixture
def kept(app):
    """The fragment cache on, as in production, for one test."""
    app.config["FRAGMENT_CACHE"] = True
    fragment_cache.clear()
    yield
    app.config["FRAGMENT_CACHE"] = False
    fragment_cache.clear()


def _totals(response) -> str:
    return page(response).text_of("agreement-totals").replace("Paid", "Paid ")


def test_the_kept_register_shows_a_payment_and_a_deleted_draft_at_once(app, browser, city, money, make, kept):  # noqa: F811
    officer = browser(city.dept_officer)
    first = officer.get("/console/agreements/")
    assert "3 agreements" in page(first) and "Paid PLN 0.00" in _totals(first)
    assert officer.get("/console/agreements/").get_data(as_text=True) == first.get_data(as_text=True)

    make.tranche(money["contract"], "1000.00", state="paid")  # another worker's transaction
    paid = officer.get("/console/agreements/")
    assert "Paid PLN 1,000.00" in _totals(paid)

    assert location(officer.post(f"/console/agreements/{money['grant']}/delete"))
    left = officer.get("/console/agreements/")
    assert "2 agreements" in page(left) and "Punkt konsultacyjny dla rodzin" not in page(left)


def test_the_kept_public_page_shows_a_new_name_and_a_payment_at_once(app, browser, city, money, make, kept):  # noqa: F811
    reader = browser()
    reader.application.config["PAGE_CACHE_SECONDS"] = 0  # the page cache would keep the whole page for a while
    before = page(reader.get("/who-received-what")).text
    assert "Noclegownia dla mężczyzn" in before and city.org_a.name in before

    def rename():
        _organisation(city.org_a.id).name = "Fundacja Przemianowana"

    _commit(app, rename)
    make.tranche(money["contract"], "770.00", state="paid")
    after = page(reader.get("/who-received-what")).text
    assert "Fundacja Przemianowana" in after and "PLN 770.00" in after


def test_a_transaction_reads_a_version_once_and_again_after_it_ends(app, city):
    """``current_many`` remembers what this transaction read (one statement however often it is asked); the
    transaction that raises a version, and the next one, read it again."""
    from sqlalchemy import event

    from app import data_versions
    from app.services.agreements.versions import AGREEMENTS

    reads = []

    def count(_connection, _cursor, statement, *_args):
        if "FROM data_version" in statement:
            reads.append(statement)

    with app.app_context(), system_scope("tests"):
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            first = data_versions.current(AGREEMENTS)
            assert data_versions.current_many(("taxonomy", AGREEMENTS))[1] == first
            assert len(reads) == 2  # agreements once, then only the taxonomy
            _organisation(city.org_b.id).name = "Stowarzyszenie Inne"
            db.session.commit()
            assert data_versions.current(AGREEMENTS) == first + 1
            assert len(reads) == 3
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
