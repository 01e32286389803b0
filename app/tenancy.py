"""Who is acting for which organisation, and the query scope that follows from it.

Every ORM query passes through ``_apply_scope``. A query touching a tenant-owned model
(``TenantOwned``) is filtered to the active organisation; with no scope active it raises
``TenantScopeError``. The ways around the filter are explicit and named:

- ``department_scope()``: department staff see across organisations (their role decides
  what they may do, in app/permissions.py);
- ``public_scope()``: residents; a tenant-owned model must say what is public by defining
  ``public_criteria()``, otherwise querying it raises;
- ``system_scope(reason)``: the command line and the few steps before an actor is known
  (sign-in, invitation acceptance). The reason names the way around.

Known traps (DESIGN.md §3): ``Session.get()`` may answer from the identity map without a
query, so use ``get_or_404``; ``text()`` bypasses the ORM. tests/security checks both.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from flask import abort
from sqlalchemy import event, select
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


def _guarded_in(statement) -> set:
    """Every tenant-owned or department-only model the statement touches, subqueries included."""
    tables = _guarded_classes_by_table()
    return {tables[element] for element in visitors.iterate(statement) if element in tables}


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
