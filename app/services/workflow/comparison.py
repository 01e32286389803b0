"""A revision as people compare it: each field before and as proposed, changed ones flagged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.models import Revision
from app.services.workflow.kinds import find_kind


def title_of(revision: Revision) -> str:
    """The record's name as proposed (else as it was, else what the kind is called)."""
    kind = find_kind(revision.kind)
    for values in (revision.proposed, revision.before):
        if kind is not None and values:
            try:
                name = kind.title(values)
            except (KeyError, TypeError, ValueError):
                name = None
            if name:
                return str(name)
    return str(kind.label) if kind is not None and kind.label else str(revision.kind)


def display_value(kind_name: str, name: str, value: Any) -> str:
    """A stored value as text for people: the kind's formatter first, then a generic one."""
    kind = find_kind(kind_name)
    if kind is not None and kind.display is not None:
        shown = kind.display(name, value)
        if shown is not None:
            return shown
    return generic_display(value)


def generic_display(value: Any) -> str:
    """Readable text for any JSON value (lists one item a line)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("Yes")) if value else str(_l("No"))
    if isinstance(value, list):
        return "\n".join(generic_display(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {generic_display(item)}" for key, item in value.items())
    return str(value)


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the before/after table."""

    name: str
    label: str
    before: str
    after: str
    changed: bool


def comparison(revision: Revision) -> list[ComparisonRow]:
    """Every field of the revision with its value before and as proposed; changed ones flagged."""
    kind = find_kind(revision.kind)
    before, proposed = revision.before or {}, revision.proposed or {}
    labels = dict(kind.labels) if kind else {}
    names = list(labels) + [name for name in list(before) + list(proposed) if name not in labels]
    rows, seen = [], set()
    for name in names:
        if name in seen or (name not in before and name not in proposed):
            continue
        seen.add(name)
        old, new = before.get(name), proposed.get(name)
        old_text = display_value(revision.kind, name, old) if revision.before is not None else "—"
        new_text = display_value(revision.kind, name, new)
        rows.append(ComparisonRow(name=name, label=str(labels.get(name, name)), before=old_text, after=new_text,
                                  changed=_normalise(old) != _normalise(new)))
    return rows


def _normalise(value: Any) -> Any:
    return None if value in ("", [], {}) else value
