"""The kinds of record the workflow versions, each registered by its feature."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import lazy_gettext as _l

from app.models import Revision, User
from app.services import ServiceError


@dataclass(frozen=True)
class Kind:
    """How one kind of record is made live, named, shown, and what follows a decision.

    ``apply(revision, actor)`` makes ``revision.proposed`` live (creating the record for a
    CREATE) and returns the record's id; ``labels`` names each field of the values, in the order
    the comparison shows them; ``title(values)`` names the record; ``display(field, value)``
    turns a stored value into text (None: the generic text); ``decided(revision)`` runs after a
    decision (telling the organisation, say).
    """

    name: str
    apply: Callable[[Revision, User], int]
    labels: Mapping[str, Any]
    title: Callable[[dict], str]
    display: Callable[[str, Any], str | None] | None = field(default=None)
    decided: Callable[[Revision], None] | None = field(default=None)
    label: object = None  # what the kind is called, for people ("Service", "Event")


_kinds: dict[str, Kind] = {}

# Modules that register kinds when imported; loaded on demand so that any entry point
# (a request, a command, a test) finds every kind.
KIND_MODULES = ("app.services.listings.editor", "app.services.activities.events",
                "app.services.activities.volunteering")


def register_kind(name: str, *, apply: Callable[[Revision, User], int], labels: Mapping[str, Any],
                  title: Callable[[dict], str], label=None, decided: Callable[[Revision], None] | None = None,
                  display: Callable[[str, Any], str | None] | None = None) -> Kind:
    """Say how revisions of the kind ``name`` are made live and shown (registering again replaces it)."""
    kind = Kind(name=str(name), apply=apply, labels=labels, title=title, display=display, decided=decided,
                label=label)
    _kinds[kind.name] = kind
    return kind


def set_display(name: str, display: Callable[[str, Any], str | None]) -> None:
    """Give a registered kind its formatter of stored values."""
    _kinds[str(name)] = replace(kind_of(name), display=display)


def _load() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def find_kind(name: str) -> Kind | None:
    """The registered kind ``name``, or None."""
    if str(name) not in _kinds:
        _load()
    return _kinds.get(str(name))


def kind_of(name: str) -> Kind:
    """The registered kind ``name``; a ServiceError when nothing registered it."""
    kind = find_kind(name)
    if kind is None:
        raise ServiceError(_l("This kind of record cannot be decided here."))
    return kind
