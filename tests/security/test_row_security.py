"""The second wall: on PostgreSQL the database itself keeps each organisation's rows to its own scope.

The portal connects as a role that owns no table, is no superuser and has no BYPASSRLS (tests/conftest.py does as
production does); the tenant scope of app/tenancy.py reaches the database in every transaction (app/row_security.py).
Here raw SQL — past the ORM's scope entirely — still sees only what the scope may see. SQLite has no row-level
security: there the ORM's scope is the only wall, which tests/security's other files prove.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import row_security
from app.extensions import db
from app.models import AuditEvent, Feedback
from app.models.base import DepartmentOnly, TenantOwned
from app.tenancy import department_scope, organisation_scope, public_scope, system_scope


@pytest.fixture(autouse=True)
def _postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row-level security is PostgreSQL's; on SQLite the ORM's scope is the only wall")


@pytest.fixture
def two_tenants(app, make, city):
    """A service with a phone and a report about it in each organisation."""
    services = {"a": make.service(city.org_a, "Poradnia A", phones=["500100100"]),
                "b": make.service(city.org_b, "Poradnia B", phones=["500200200"])}
    make.feedback(services["a"], message="Zły numer A.")
    make.feedback(services["b"], message="Zły numer B.")
    return services


def _organisations(table: str) -> set[int]:
    return set(db.session.execute(text(f"SELECT DISTINCT organisation_id FROM {table}")).scalars())  # noqa: S608


def test_raw_sql_in_an_organisation_scope_sees_only_its_rows(app, city, two_tenants):
    with app.app_context():
        with organisation_scope(city.org_a.id):
            for table in ("service", "phone", "feedback", "membership"):
                assert _organisations(table) == {city.org_a.id}, table
            assert db.session.execute(text("SELECT name_pl FROM service WHERE id = :id"),
                                      {"id": two_tenants["b"]}).all() == []
        with organisation_scope(city.org_b.id):
            assert _organisations("service") == {city.org_b.id}


def test_raw_sql_cannot_change_or_add_another_organisations_rows(app, city, two_tenants):
    with app.app_context(), organisation_scope(city.org_a.id):
        changed = db.session.execute(text("UPDATE service SET name_pl = 'przejęta' WHERE id = :id"),
                                     {"id": two_tenants["b"]})
        assert changed.rowcount == 0
        assert db.session.execute(text("DELETE FROM phone WHERE organisation_id = :b"),
                                  {"b": city.org_b.id}).rowcount == 0
        with pytest.raises(DBAPIError, match="row-level security"), db.session.begin_nested():
            db.session.execute(text("UPDATE service SET organisation_id = :b WHERE id = :id"),
                               {"b": city.org_b.id, "id": two_tenants["a"]})
        with pytest.raises(DBAPIError, match="row-level security"), db.session.begin_nested():
            db.session.execute(text("INSERT INTO phone (organisation_id, service_id, number, position, is_24h) "
                                    "VALUES (:b, :service, '600600600', 9, false)"),
                               {"b": city.org_b.id, "service": two_tenants["b"]})
    with app.app_context(), department_scope():
        assert db.session.execute(text("SELECT name_pl FROM service WHERE id = :id"),
                                  {"id": two_tenants["b"]}).scalar_one() == "Poradnia B"


def test_no_scope_sees_no_tenant_row_and_the_department_sees_all(app, city, two_tenants):
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM service")).scalar_one() == 0
        assert db.session.execute(text("SELECT count(*) FROM membership")).scalar_one() == 0
        with department_scope():
            assert {city.org_a.id, city.org_b.id} <= _organisations("service")
        with system_scope("tests.row_security"):
            assert {city.org_a.id, city.org_b.id} <= _organisations("feedback")


def test_the_public_reads_what_may_be_public_and_nothing_private(app, city, two_tenants):
    with app.app_context(), public_scope():
        assert {city.org_a.id, city.org_b.id} <= _organisations("service")
        assert db.session.execute(text("SELECT count(*) FROM feedback")).scalar_one() == 0
        assert db.session.execute(text("SELECT count(*) FROM membership")).scalar_one() == 0
        assert db.session.execute(text("SELECT count(*) FROM referral")).scalar_one() == 0
        assert db.session.execute(text("UPDATE service SET name_pl = 'zmieniona' WHERE id = :id"),
                                  {"id": two_tenants["a"]}).rowcount == 0
        assert db.session.execute(text("DELETE FROM phone")).rowcount == 0
    with app.app_context(), organisation_scope(city.org_a.id):
        assert db.session.execute(text("SELECT count(*) FROM phone")).scalar_one() == 1
        assert db.session.execute(text("SELECT name_pl FROM service WHERE id = :id"),
                                  {"id": two_tenants["a"]}).scalar_one() == "Poradnia A"


def test_the_audit_log_is_read_by_the_department_only_written_by_anyone_and_never_changed(app, city, two_tenants):
    with app.app_context():
        with department_scope():
            before = db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
        with organisation_scope(city.org_a.id):
            db.session.add(AuditEvent(action="test.row_security", organisation_id=city.org_a.id))
            db.session.flush()
            assert db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == 0
        with department_scope():
            assert db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == before + 1
        with system_scope("tests.row_security"):  # what happened stays as it was written, whoever asks
            assert db.session.execute(text("UPDATE audit_event SET action = 'changed'")).rowcount == 0
            assert db.session.execute(text("DELETE FROM audit_event")).rowcount == 0
            assert db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == before + 1


def test_residents_feedback_is_added_in_the_public_scope_but_not_read_back(app, city, two_tenants):
    with app.app_context():
        with public_scope():
            report = Feedback(organisation_id=city.org_a.id, kind="service", object_id=two_tenants["a"],
                              message="Godziny się nie zgadzają.")
            db.session.add(report)
            db.session.flush()
            assert report.id is not None
            assert db.session.execute(text("SELECT count(*) FROM feedback")).scalar_one() == 0
        with organisation_scope(city.org_a.id):
            messages = db.session.execute(text("SELECT message FROM feedback")).scalars().all()
            assert "Godziny się nie zgadzają." in messages


def test_the_scope_follows_every_change_inside_one_transaction(app, city, two_tenants):
    """A named scope inside a request, a savepoint undone: the database always has the scope in force."""
    with app.app_context(), organisation_scope(city.org_a.id):
        assert _organisations("service") == {city.org_a.id}
        with system_scope("tests.row_security"):
            assert city.org_b.id in _organisations("service")
        assert _organisations("service") == {city.org_a.id}
        savepoint = db.session.begin_nested()
        with organisation_scope(city.org_b.id):
            assert _organisations("service") == {city.org_b.id}
            savepoint.rollback()  # the settings made inside the savepoint are undone with it
            assert _organisations("service") == {city.org_b.id}
        assert _organisations("service") == {city.org_a.id}


def test_the_public_and_the_wide_scopes_act_as_their_own_roles(app, city):
    """Their policies are plain ``true``, so their pages are planned as without the policies (app/row_security.py);
    an organisation's scope stays the login role, held by ``own_rows``."""
    def acting() -> str:
        return db.session.execute(text("SELECT current_user")).scalar_one()

    with app.app_context():
        login = acting()
        with public_scope():
            assert acting() == row_security.PUBLIC_ROLE
        with department_scope():
            assert acting() == row_security.WIDE_ROLE
        with system_scope("tests.row_security"):
            assert acting() == row_security.WIDE_ROLE
        with organisation_scope(city.org_a.id):
            assert acting() == login == "siec_app_test"


def test_the_public_search_is_planned_as_without_the_policies(app, city):
    """No policy condition is left on a public read: the plan filters the services by what the query asks alone."""
    with app.app_context(), public_scope():
        plan = "\n".join(db.session.execute(text("EXPLAIN SELECT id FROM service WHERE id > 0")).scalars())
        assert "current_setting" not in plan, plan
    with app.app_context(), organisation_scope(city.org_a.id):
        plan = "\n".join(db.session.execute(text("EXPLAIN SELECT id FROM service WHERE id > 0")).scalars())
        assert "siec.organisation_id" in plan, plan


def test_the_portal_role_cannot_get_past_the_policies(app):
    with app.app_context():
        name, problems = row_security.role_problems(db.session.connection(),
                                                     row_security.walled_tables(db.Model.registry))
        assert problems == [], f"the portal connects as {name}, which {problems}"
        with pytest.raises(DBAPIError, match="must be owner"), db.session.begin_nested():
            db.session.execute(text("ALTER TABLE service DISABLE ROW LEVEL SECURITY"))
        with pytest.raises(DBAPIError, match="must be owner"), db.session.begin_nested():
            db.session.execute(text("DROP POLICY own_rows ON service"))


def test_a_streamed_query_on_a_server_side_cursor_carries_the_scope(app, city, two_tenants):
    """yield_per reads through a server-side cursor, which only declares its statement: the scope goes first on a
    cursor of its own, and the statements after it see the same rows."""
    from sqlalchemy import select

    from app.models import Service

    with app.app_context(), organisation_scope(city.org_a.id):
        streamed = db.session.execute(select(Service.organisation_id).execution_options(yield_per=10)).scalars()
        assert set(streamed) == {city.org_a.id}
        assert _organisations("service") == {city.org_a.id}


def test_an_organisation_scope_without_an_organisation_finds_nothing_rather_than_failing(app, two_tenants):
    from app.tenancy import Scope, _scoped

    with app.app_context(), _scoped(Scope("organisation", organisation_id=None)):
        assert db.session.execute(text("SELECT count(*) FROM service")).scalar_one() == 0


def test_a_tenant_owned_table_left_outside_the_policies_is_named(app):
    with app.app_context():
        tables = row_security.walled_tables(db.Model.registry) | {"user_account"}
        _name, problems = row_security.role_problems(db.session.connection(), tables)
        assert problems == [("is not held on user_account (no row-level security there)",
                             "run `flask db upgrade` as the tables' owner")]


def test_every_tenant_owned_table_at_head_is_under_the_policies(app):
    """A new tenant-owned table needs its policies in the migration that creates it (app.row_security)."""
    with app.app_context():
        walled = {name: set(policies or ()) for name, policies in db.session.execute(text("""
            SELECT c.relname, array_agg(p.polname) FILTER (WHERE p.polname IS NOT NULL)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_policy p ON p.polrelid = c.oid
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity
             GROUP BY c.relname"""))}
        for mapper in db.Model.registry.mappers:
            cls, table = mapper.class_, mapper.local_table.name
            if issubclass(cls, TenantOwned):
                assert "own_rows" in walled.get(table, ()), f"{table} is not under row-level security"
                assert "wide_rows" in walled[table], table
                assert ("public_reads" in walled[table]) == (getattr(cls, "public_criteria", None) is not None), table
                assert ("public_adds" in walled[table]) == bool(getattr(cls, "public_may_create", False)), table
            elif issubclass(cls, DepartmentOnly):
                assert {"department_rows", "wide_rows"} <= walled.get(table, set()), f"{table} is not walled"
            else:
                assert table not in walled, f"{table} is not tenant-owned but under row-level security"
