"""The second wall under the tenant scope: PostgreSQL's row-level security, fed the scope of app/tenancy.py.

app/tenancy.py filters every ORM query by the active scope. On PostgreSQL the database checks it again, for
every statement the portal sends — ORM, Core or ``text()`` alike:

- each transaction tells the database the scope in force through two settings local to the transaction,
  ``siec.scope`` (``organisation``, ``department``, ``public``, ``system`` or empty) and ``siec.organisation_id``;
  ``install`` hooks the engine so that they are set before the first statement that runs under a scope, and again
  before any statement after the scope changed (a named system scope inside a request, ``widened_scope``) or after
  a savepoint that set them was rolled back — one extra round trip per change, none per statement;
- every tenant-owned table has row-level security enabled and forced, with the policies ``policy_statements``
  writes (created by the migrations): an organisation's scope reads and writes only its own rows, the department's
  and the named system scopes every row, the public scope reads the tables that have something public (the ORM's
  ``public_criteria`` narrow them further) and inserts only what residents may send (``public_may_create``), and no
  scope sees nothing at all. The department-only tables (the audit log, the weekly search counts) are read by the
  department and the system scopes only; any scope may add to them, as the ORM allows; the audit log is never
  changed or deleted, by any scope;
- the application connects as a role that owns no table, is no superuser and has no BYPASSRLS, so it cannot turn
  the policies off: the migrations run as the tables' owner (``DATABASE_OWNER_URL``) and grant the application's
  role what it needs (``grant_statements``). ``flask doctor`` fails a production database that does otherwise.

SQLite has no row-level security: there the ORM's scope is the only wall (docs/DEPLOYMENT.md says so).
"""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

SCOPE_SETTING = "siec.scope"
ORGANISATION_SETTING = "siec.organisation_id"
_APPLIED = "row_security_scope"  # in the connection's info: the settings in force in its transaction, or None
_TRANSACTION_CONTROL = ("SAVEPOINT", "ROLLBACK", "RELEASE")
_NOTHING = ("", "")  # what a transaction starts with: no scope, so no tenant-owned row
PUBLIC_ROLE = "siec_public"  # the public scope's own database role (NOLOGIN): see ``policy_statements``
WIDE_ROLE = "siec_wide"  # the department's and the system scopes' own database role (NOLOGIN)
SCOPE_ROLES = (PUBLIC_ROLE, WIDE_ROLE)
_ROLE_OF_SCOPE = {"public": PUBLIC_ROLE, "department": WIDE_ROLE, "system": WIDE_ROLE}
_CAN_SWITCH = "can_switch_roles"  # in the DBAPI connection's record: may this login role SET ROLE to both
_SET = (f"SELECT set_config('{SCOPE_SETTING}', %(scope)s, true), "
        f"set_config('{ORGANISATION_SETTING}', %(organisation)s, true)")
_SET_WITH_ROLE = _SET + ", set_config('role', %(role)s, true)"
# A superuser passes the policies anyway (and its scopes' roles would lack its rights): it never switches.
_MEMBER_OF_BOTH = ("SELECT count(*) = 2 AND bool_and(pg_has_role(current_user, oid, 'MEMBER')) "
                   "AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_roles "
                   "WHERE rolname IN (%(public)s, %(wide)s)")


def settings_for(scope) -> tuple[str, str]:
    """The two settings that say ``scope`` (an app.tenancy.Scope, or None) to the database."""
    if scope is None:
        return _NOTHING
    if scope.kind == "organisation":  # (an organisation scope with no organisation: no row, as in the ORM)
        return "organisation", str(scope.organisation_id or "")
    return scope.kind, ""


def install(engine: Engine) -> None:
    """Hook a PostgreSQL engine so that each transaction carries the tenant scope in force to the database."""
    from app.tenancy import current_scope

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection, record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_MEMBER_OF_BOTH, {"public": PUBLIC_ROLE, "wide": WIDE_ROLE})
            record.info[_CAN_SWITCH] = bool(cursor.fetchone()[0])
        dbapi_connection.rollback()

    @event.listens_for(engine, "begin")
    def _transaction_begun(connection: Connection) -> None:
        connection.info[_APPLIED] = _NOTHING

    @event.listens_for(engine, "rollback_savepoint")
    def _savepoint_undone(connection: Connection, _name, _context) -> None:
        if connection.invalidated:  # the connection was lost: its next transaction begins from nothing
            return
        connection.info[_APPLIED] = None  # what was set inside it is undone: set it again before the next statement

    @event.listens_for(engine, "before_cursor_execute")
    def _carry_scope(connection: Connection, cursor, statement, _parameters, _context, _executemany) -> None:
        if statement.startswith(_TRANSACTION_CONTROL):
            return
        wanted = settings_for(current_scope())
        if connection.info.get(_APPLIED) == wanted:
            return
        raw = cursor.connection
        if raw.autocommit:  # a setting local to a transaction would end with its own statement
            raise RuntimeError("a tenant scope needs a transaction: this connection is in autocommit mode")
        # On a cursor of its own: the statement's may be a server-side one (yield_per), which only declares.
        values = {"scope": wanted[0], "organisation": wanted[1]}
        if connection.info.get(_CAN_SWITCH):  # the public and the wide scopes act as their roles (policy_statements)
            raw.execute(_SET_WITH_ROLE, {**values, "role": _ROLE_OF_SCOPE.get(wanted[0], "none")})
        else:
            raw.execute(_SET, values)
        connection.info[_APPLIED] = wanted


def set_system_scope(connection: Connection) -> None:
    """For a connection outside the app's scopes (the migrations' as the owner): every row, until its transaction
    ends — never longer, so that no pooled connection keeps it."""
    connection.execute(text(f"SELECT set_config('{SCOPE_SETTING}', 'system', true)"))


# -- the policies, written by the migrations ------------------------------------------------------------------------

# Called directly, not as sub-SELECTs: the planner then reads the scope in force when it estimates a plan (a
# stable function is evaluated for estimates), so the public scope's policy counts as "every row" and a search's
# IN-subqueries stay uncorrelated and hashed; sub-SELECTs would be opaque parameters, estimated as a few rows and
# turning subqueries into per-row loops (a search at 10,000 services: 35 ms as the owner, 2.9 s under them).
_SCOPE = f"current_setting('{SCOPE_SETTING}', true)"
_ORGANISATION = f"NULLIF(current_setting('{ORGANISATION_SETTING}', true), '')::integer"
WIDE_SCOPES = f"{_SCOPE} IN ('system', 'department')"
OWN_ROWS = f"({WIDE_SCOPES} OR ({_SCOPE} = 'organisation' AND organisation_id = {_ORGANISATION}))"


def policy_statements(table: str, *, public_read: bool = False, public_insert: bool = False,
                      department_only: bool = False, append_only: bool = False) -> list[str]:
    """The SQL that puts ``table`` under row-level security (for a migration; PostgreSQL only).

    A tenant-owned table: its organisation's rows in that organisation's scope, every row in the department's and
    the system scopes; ``public_read`` lets the public scope read it, ``public_insert`` insert into it. A
    The public scope reads as its own role, ``siec_public``, and the department's and system scopes act as
    ``siec_wide``, whose policies are plain ``true``: PostgreSQL folds ``own_rows OR true`` away, so their pages —
    the public search above all — are planned as without the policies
    (a policy that read the scope's setting there is estimated as a few rows and turns a search's subqueries into
    per-row loops: 35 ms as the owner, 2.9 s under it, at 10,000 services). The portal's login role is a member of
    them and switches, transaction-locally, with the scope (``install``); without them the settings alone decide.
    ``department_only`` table: read, changed and deleted in the department's and the system scopes, added to in any;
    ``append_only`` (the audit log): read in those scopes, added to in any, never changed or deleted by anyone.
    Old migrations call this: change what it writes only with a migration that rewrites the policies."""
    statements = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY", f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"]
    if department_only:
        reads = (f"CREATE POLICY department_rows ON {table} FOR SELECT USING ({WIDE_SCOPES})" if append_only else
                 f"CREATE POLICY department_rows ON {table} USING ({WIDE_SCOPES}) WITH CHECK ({WIDE_SCOPES})")
        wide = (f"CREATE POLICY wide_rows ON {table} FOR SELECT TO {WIDE_ROLE} USING (true)" if append_only else
                f"CREATE POLICY wide_rows ON {table} TO {WIDE_ROLE} USING (true) WITH CHECK (true)")
        return [*statements, reads, wide, f"CREATE POLICY any_scope_adds ON {table} FOR INSERT WITH CHECK (true)"]
    statements.append(f"CREATE POLICY own_rows ON {table} USING ({OWN_ROWS}) WITH CHECK ({OWN_ROWS})")
    statements.append(f"CREATE POLICY wide_rows ON {table} TO {WIDE_ROLE} USING (true) WITH CHECK (true)")
    if public_read:
        statements.append(f"CREATE POLICY public_reads ON {table} FOR SELECT TO {PUBLIC_ROLE} USING (true)")
    if public_insert:
        statements.append(f"CREATE POLICY public_adds ON {table} FOR INSERT TO {PUBLIC_ROLE} WITH CHECK (true)")
    return statements


def scope_role_statements() -> list[str]:
    """The scopes' roles, made when missing (by a migration: the tables' owner needs CREATEROLE for it, or a
    database administrator makes them first — docs/DEPLOYMENT.md, section 3)."""
    return [f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "  # noqa: S608
            f"CREATE ROLE {role} NOLOGIN; END IF; END $$" for role in SCOPE_ROLES]  # (our own constants)


def drop_statements(table: str) -> list[str]:
    """The SQL that takes ``table`` out from under row-level security (a migration's downgrade)."""
    return [f"DROP POLICY IF EXISTS {name} ON {table}"
            for name in ("own_rows", "wide_rows", "public_reads", "public_adds", "department_rows",
                         "any_scope_adds")] + [
        f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY", f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"]


# -- the application's role ------------------------------------------------------------------------------------------

def grant_statements(role: str) -> list[str]:
    """What the application's role may do: read and write rows (under the policies) and use the sequences.

    It may read the migrations' table but never change it, and it owns nothing, so it cannot alter a table or its
    policies."""
    quoted = quote_identifier(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {quoted}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]


def quote_identifier(name: str) -> str:
    """``name`` as a PostgreSQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def portal_role_url(administrator_url: str, role: str) -> str:
    """Make the portal's login role ``role`` on the server of ``administrator_url`` (a role that may make roles) as
    docs/DEPLOYMENT.md, section 3, has a database administrator do — no superuser, no BYPASSRLS, NOINHERIT, a member
    of the scopes' roles (made too) — unless it is there; the URL with that role instead. For the tests and the
    benches, which play the administrator; the migrations then grant it its rights (migrations/env.py)."""
    from sqlalchemy import create_engine, make_url

    administrator = create_engine(administrator_url, isolation_level="AUTOCOMMIT")
    try:
        with administrator.connect() as connection:
            connection.execute(text(f"DO $$ BEGIN CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                                    "NOCREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END $$"))
            for statement in scope_role_statements():
                connection.execute(text(statement))
            connection.execute(text(f"GRANT {', '.join(SCOPE_ROLES)} TO {role}"))
            # a member that does not inherit: it acts as a scope's role only once it switches to it
            connection.execute(text(f"ALTER ROLE {role} NOINHERIT"))
    finally:
        administrator.dispose()
    return make_url(administrator_url).set(username=role, password=None).render_as_string(hide_password=False)


_NOT_MEMBER_OF = text("""
    SELECT s.name FROM unnest(CAST(:scopes AS text[])) WITH ORDINALITY AS s(name, position)
     WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.name AND pg_has_role(:role, r.oid, 'MEMBER'))
     ORDER BY s.position
""")


def scope_roles_missing(connection: Connection, role: str) -> list[str]:
    """The scopes' roles ``role`` is not a member of (or that do not exist), in one statement."""
    return list(connection.execute(_NOT_MEMBER_OF, {"scopes": list(SCOPE_ROLES), "role": role}).scalars())


def grant_application_role(connection: Connection, role: str) -> list[str]:
    """Grant the application's role, and the scopes' roles it switches to, their rights on every table and sequence
    (run by the tables' owner), and make it a member of the scopes' roles where it is not yet and the owner may.
    Returns the scopes' roles it could not be made a member of (a database administrator grants them)."""
    for grantee in (role, *SCOPE_ROLES):
        for statement in grant_statements(grantee):
            connection.exec_driver_sql(statement)
    missing = []
    for scope_role in scope_roles_missing(connection, role):
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(f"GRANT {scope_role} TO {quote_identifier(role)}")
        except DBAPIError:
            missing.append(scope_role)
    return missing


ROLE_CHECK = text("""
    SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolinherit,
           (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r'
               AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owned,
           coalesce(current_setting('siec.scope', true), '') AS preset
      FROM pg_roles r WHERE r.rolname = current_user
""")
WALLED = text("""
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity
""")


def role_problems(connection: Connection, tables: set[str]) -> tuple[str, list[tuple[str, str]]]:
    """The connected role's name and, for each way it could get past the policies or each table that should be under
    them and is not, ``(what is wrong, what to do)`` — empty when all is well. Run on a new connection: a scope it
    starts with is a problem too."""
    name, superuser, bypass, createrole, inheriting, owned, preset = connection.execute(ROLE_CHECK).one()
    quoted = quote_identifier(name)
    problems = []
    flags = [flag for flag, on in (("SUPERUSER", superuser), ("BYPASSRLS", bypass), ("CREATEROLE", createrole)) if on]
    if flags:
        problems.append((" and ".join({"SUPERUSER": "is a superuser", "BYPASSRLS": "has BYPASSRLS",
                                       "CREATEROLE": "has CREATEROLE (it could make itself a member of the owner)"}[f]
                                      for f in flags),
                         f"ALTER ROLE {quoted} {' '.join('NO' + flag for flag in flags)}"))
    if owned:
        problems.append((f"owns {owned} tables, itself or as a member of their owner (it could turn the policies off)",
                         "give them to an owner role and run the migrations as it (DATABASE_OWNER_URL; "
                         "docs/DEPLOYMENT.md, section 3)"))
    if preset:
        problems.append((f"starts its sessions with {SCOPE_SETTING}={preset}",
                         f"ALTER ROLE {quoted} RESET {SCOPE_SETTING}, and no -c {SCOPE_SETTING} in PGOPTIONS"))
    not_member = scope_roles_missing(connection, name)
    if inheriting and len(not_member) < len(SCOPE_ROLES):
        problems.append((f"inherits the rights of {', '.join(r for r in SCOPE_ROLES if r not in not_member)} (their "
                         "policies would let it see every row without switching)",
                         f"ALTER ROLE {quoted} NOINHERIT"))
    if not_member:
        problems.append((f"is not a member of {', '.join(not_member)} (the public and the department's pages are "
                         "planned slowly without them)",
                         f"GRANT {', '.join(not_member)} TO {quoted}, by a database administrator"))
    unwalled = sorted(tables - set(connection.execute(WALLED).scalars()))
    if unwalled:
        shown = ", ".join(unwalled[:5]) + (f" and {len(unwalled) - 5} more" if len(unwalled) > 5 else "")
        problems.append((f"is not held on {shown} (no row-level security there)",
                         "run `flask db upgrade` as the tables' owner"))
    return name, problems


def walled_tables(registry) -> set[str]:
    """The tables that must be under the policies: every tenant-owned and department-only model's (``registry``:
    the models' registry, ``db.Model.registry``)."""
    from app.models.base import DepartmentOnly, TenantOwned

    return {mapper.local_table.name for mapper in registry.mappers
            if issubclass(mapper.class_, TenantOwned | DepartmentOnly)}
