"""Who is acting for which organisation, and the scope that follows from it, enforced on reads and writes.

Every ORM query passes through ``_apply_scope``. A query touching a tenant-owned model
(``TenantOwned``) is filtered to the active organisation; with no scope active it raises
``TenantScopeError``. Every flush passes through ``_guard_writes``: a tenant-owned row written
must belong to the active organisation, and a child (a phone of a service) to the same
organisation as each parent it points to — it takes the parent's when it names none.

The views wider than one organisation are explicit and named:

- ``department_scope()``: department staff see across organisations (their role decides
  what they may do, in app/permissions.py);
- ``public_scope()``: residents; a tenant-owned model says what is public by defining
  ``public_criteria()`` (published, still offered, of an active organisation; a service's parts
  with their service), otherwise querying it raises; only models marked ``public_may_create``
  (residents' feedback) may be inserted there;
- ``system_scope(reason)``: the named exceptions only — the command line (``cli.*``), the demo,
  the steps before an actor is known (``session.memberships``, ``invitation.*``). A service that
  needs a wider view than its actor's uses ``app.services.audit.log.widened_scope``, which
  writes why in the audit log. tests/security/test_scope_discipline.py holds the list.

Children are loaded through their parent with ``get_child_or_404``. Known traps (DESIGN.md
§3): ``Session.get()`` may answer from the identity map without a query, so use
``get_or_404``; ``text()`` and Core statements or columns bypass the ORM's criteria — used only
where named (the directory's query planner, whose index lookups only narrow the scoped
``Service`` query they belong to; the row lock). tests/security checks all of them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from flask import abort
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import visitors

from app.extensions import db
from app.models.base import DepartmentOnly, TenantOwned


class TenantScopeError(RuntimeError):
    """A tenant-owned model was queried with no scope, or with a scope that may not read it."""


@dataclass(frozen=True)
class Scope:
    """The active view of the data: one organisation, the department, the public, or the system."""

    kind: str  # "organisation" | "department" | "public" | "system"
    organisation_id: int | None = None
    reason: str | None = None


_current: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("tenant_scope", default=None)


def current_scope() -> Scope | None:
    """The scope in force, or None."""
    return _current.get()


def set_scope(scope: Scope | None) -> contextvars.Token:
    """Set the scope for the rest of this request; returns a token for ``reset_scope``."""
    return _current.set(scope)


def reset_scope(token: contextvars.Token | None = None) -> None:
    """End the scope set with ``set_scope`` (or clear it entirely)."""
    if token is not None:
        _current.reset(token)
    else:
        _current.set(None)


@contextlib.contextmanager
def _scoped(scope: Scope) -> Iterator[Scope]:
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def organisation_scope(organisation_id: int) -> contextlib.AbstractContextManager[Scope]:
    """Act inside one organisation: tenant-owned rows of other organisations are invisible."""
    return _scoped(Scope("organisation", organisation_id=organisation_id))


def department_scope() -> contextlib.AbstractContextManager[Scope]:
    """Act as department staff: rows of every organisation are visible."""
    return _scoped(Scope("department"))


def public_scope() -> contextlib.AbstractContextManager[Scope]:
    """Act as a resident: only what each model declares public is visible."""
    return _scoped(Scope("public"))


def system_scope(reason: str) -> contextlib.AbstractContextManager[Scope]:
    """Act with no tenant filter, for a named reason (command line, sign-in, invitation)."""
    if not reason:
        raise ValueError("system_scope needs a reason")
    return _scoped(Scope("system", reason=reason))


def require_department_view() -> None:
    """For services that read across organisations: refuse to run in a narrower scope (it would count less)."""
    scope = _current.get()
    if scope is None or scope.kind not in ("department", "system"):
        raise TenantScopeError("this needs the department's view of every organisation")


MAX_ID = 2**31 - 1  # PostgreSQL integer keys


def parse_id(value) -> int | None:
    """A database id from untrusted input, or None when it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def get_or_404(model, object_id):
    """Load one row by id through the scoped query; absent or another tenant's is a 404.

    Always runs SQL, so the identity map cannot hand out another tenant's object.
    """
    object_id = parse_id(object_id)
    if object_id is None:
        abort(404)
    row = db.session.execute(select(model).where(model.id == object_id)).unique().scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def get_child_or_404(parent, model, object_id, *, via: str | None = None):
    """A child loaded through its parent (a report through its agreement): 404 unless it belongs to that parent.

    The child is read through the scoped query like ``get_or_404``; besides, its key to the
    parent must name ``parent`` (and, for tenant-owned rows, both share the organisation), so a
    URL that puts one parent's child under another parent answers 404 even on POST.
    ``via`` names the child's relationship to the parent when it has several to that model.
    """
    object_id = parse_id(object_id)
    if object_id is None:
        abort(404)
    relationship = _relationship_to(model, type(parent), via)
    column = next(iter(relationship.local_columns))
    statement = select(model).where(model.id == object_id, column == parent.id)
    if issubclass(model, TenantOwned) and isinstance(parent, TenantOwned):
        statement = statement.where(model.organisation_id == parent.organisation_id)
    row = db.session.execute(statement).unique().scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def _relationship_to(model, parent_class, via: str | None):
    candidates = [rel for rel in inspect(model).relationships
                  if rel.direction.name == "MANYTOONE" and issubclass(parent_class, rel.mapper.class_)
                  and (via is None or rel.key == via)]
    if len(candidates) != 1:
        raise TypeError(f"{model.__name__} has {len(candidates)} relationships to {parent_class.__name__}; name one")
    return candidates[0]


_guarded_tables: dict | None = None


def _guarded_classes_by_table() -> dict:
    """Tables of tenant-owned and department-only models, mapped to their classes (built once)."""
    global _guarded_tables  # a cache filled on first use, after all models are mapped
    if _guarded_tables is None:
        _guarded_tables = {
            mapper.local_table: mapper.class_
            for mapper in db.Model.registry.mappers
            if issubclass(mapper.class_, TenantOwned | DepartmentOnly)
        }
    return _guarded_tables


_GUARDED_BY_SHAPE_LIMIT = 2048
_guarded_by_shape: dict = {}


def _guarded_in(statement) -> frozenset:
    """Every tenant-owned or department-only model the statement touches, subqueries included.

    Found by walking the whole statement, once per statement shape: the answer depends only on the statement's
    structure, which its cache key (the one SQLAlchemy caches compiled statements under) names without the bound
    values. A statement with no cache key is walked every time. At most ``_GUARDED_BY_SHAPE_LIMIT`` shapes are kept
    per worker (forgotten all at once beyond that)."""
    cache_key = statement._generate_cache_key()
    shape = cache_key.key if cache_key is not None else None
    found = _guarded_by_shape.get(shape) if shape is not None else None
    if found is None:
        tables = _guarded_classes_by_table()
        found = frozenset(tables[element] for element in visitors.iterate(statement) if element in tables)
        if shape is not None:
            if len(_guarded_by_shape) >= _GUARDED_BY_SHAPE_LIMIT:
                _guarded_by_shape.clear()
            _guarded_by_shape[shape] = found
    return found


@event.listens_for(Session, "do_orm_execute")
def _apply_scope(state: ORMExecuteState) -> None:
    """Filter or refuse every ORM SELECT, UPDATE and DELETE by the active scope."""
    if not (state.is_select or state.is_update or state.is_delete):
        return
    scope = _current.get()
    guarded = _guarded_in(state.statement)
    if not guarded:
        return
    if scope is None:
        names = ", ".join(sorted({cls.__name__ for cls in guarded}))
        raise TenantScopeError(f"query of {names} with no tenant scope active")
    if scope.kind in ("system", "department"):
        return
    for cls in guarded:
        if issubclass(cls, DepartmentOnly):
            raise TenantScopeError(f"{cls.__name__} is readable by the department only")
    if scope.kind == "organisation":
        organisation_id = scope.organisation_id
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantOwned,
                lambda cls: cls.organisation_id == organisation_id,
                include_aliases=True,
            )
        )
        return
    # public scope: each tenant-owned model must declare what residents may see.
    if state.is_update or state.is_delete:
        raise TenantScopeError("the public scope cannot change tenant-owned rows")
    for cls in guarded:
        criteria = getattr(cls, "public_criteria", None)
        if criteria is None:
            raise TenantScopeError(f"{cls.__name__} has nothing public")
        state.statement = state.statement.options(
            with_loader_criteria(cls, criteria(), include_aliases=True)
        )


# -- writes: every tenant-owned row belongs to the active scope and to its parent's organisation ------

_parents_of: dict = {}


def _tenant_parents(mapper) -> list:
    """The many-to-one relationships of a mapper that lead to another tenant-owned row (its parents).

    A link marked ``info={"cross_tenant": True}`` is not a parent: an offer of an organisation answers the
    department's call, a score of the department's commission concerns an organisation's offer."""
    found = _parents_of.get(mapper)
    if found is None:
        found = _parents_of[mapper] = [
            rel for rel in mapper.relationships
            if rel.direction.name == "MANYTOONE" and issubclass(rel.mapper.class_, TenantOwned)
            and not rel.info.get("cross_tenant")]
    return found


def _changed(state, relationship) -> bool:
    if state.key is None:  # a new row: every parent counts
        return True
    columns = [column.key for column in relationship.local_columns]
    return any(state.attrs[name].history.has_changes() for name in [relationship.key, *columns]
               if name in state.attrs)


def _parent_organisations(session, missing: dict) -> dict:
    """{(class, id): organisation_id} of parents not in memory, read in one query per class, in this scope."""
    found = {}
    with session.no_autoflush:
        for cls, ids in missing.items():
            for row_id, organisation_id in session.execute(
                    select(cls.id, cls.organisation_id).where(cls.id.in_(ids))):
                found[(cls, row_id)] = organisation_id
    return found


def _check_write(obj, scope: Scope | None, action: str) -> None:
    name = type(obj).__name__
    if scope is None:
        raise TenantScopeError(f"{action} of {name} with no tenant scope active")
    if scope.kind == "public":
        if action != "insert" or not getattr(type(obj), "public_may_create", False):
            raise TenantScopeError(f"the public scope cannot {action} {name}")
    elif scope.kind == "organisation" and obj.organisation_id != scope.organisation_id:
        raise TenantScopeError(f"{action} of {name} of organisation {obj.organisation_id} "
                               f"in the scope of organisation {scope.organisation_id}")


@event.listens_for(Session, "before_flush")
def _guard_writes(session: Session, _context, _instances) -> None:
    """Refuse a flush that writes a tenant-owned row outside the active scope or apart from its parent.

    A child (a phone of a service, a service at a location) takes its parent's organisation
    when it has none, and must have the same one as every parent it points to.
    """
    scope = _current.get()
    for obj in session.deleted:
        if isinstance(obj, TenantOwned):
            _check_write(obj, scope, "delete")
    written = [obj for obj in [*session.new, *(o for o in session.dirty if session.is_modified(o))]
               if isinstance(obj, TenantOwned)]
    pending: list[tuple[object, object, int]] = []  # (child, relationship, the parent's id) to read
    missing: dict[type, set[int]] = {}
    for obj in written:
        state = inspect(obj)
        for relationship in _tenant_parents(state.mapper):
            if not _changed(state, relationship):
                continue
            parent = state.dict.get(relationship.key)
            if parent is not None:
                _same_organisation(obj, type(parent), parent.id, parent.organisation_id)
                continue
            key = getattr(obj, next(iter(relationship.local_columns)).key)
            if key is not None:
                pending.append((obj, relationship, key))
                missing.setdefault(relationship.mapper.class_, set()).add(key)
    known = _parent_organisations(session, missing) if pending else {}
    for obj, relationship, key in pending:
        parent_class = relationship.mapper.class_
        _same_organisation(obj, parent_class, key, known.get((parent_class, key)))
    for obj in written:
        _check_write(obj, scope, "insert" if inspect(obj).key is None else "update")


def _same_organisation(child, parent_class, parent_id, parent_organisation: int | None) -> None:
    """A child takes its parent's organisation when it has none; any other organisation is refused."""
    if parent_organisation is not None and child.organisation_id is None:
        child.organisation_id = parent_organisation
    if parent_organisation is None or parent_organisation != child.organisation_id:
        raise TenantScopeError(f"a {type(child).__name__} of organisation {child.organisation_id} cannot belong "
                               f"to {parent_class.__name__} {parent_id} (organisation {parent_organisation})")
