"""The kinds of places the department defines beyond the built-in ones ("hostel for women in crisis"…).

A kind is never deleted (units keep naming it); it is set inactive instead, and organisations no longer choose it
for a new unit.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import CapacityKind, CapacityKindCode
from app.services import ServiceError
from app.services.audit.log import record_event

CODE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
CODE_MAX = 60
FIELDS = ("label_pl", "label_uk", "label_en", "position", "is_active")


def kinds() -> list[CapacityKind]:
    """Every department-defined kind, in their order."""
    return list(db.session.execute(select(CapacityKind).order_by(CapacityKind.position, CapacityKind.code))
                .scalars())


def _values(data: dict) -> dict:
    values = {name: (data.get(name) or "").strip() or None for name in ("label_pl", "label_uk", "label_en")}
    if not values["label_pl"]:
        raise ServiceError(_l("Enter the name in Polish."), field="label_pl")
    position = data.get("position")
    if position is None:
        position = 0
    if not isinstance(position, int) or not 0 <= position <= 10_000:
        raise ServiceError(_l("Enter a whole number from 0 to 10000."), field="position")
    values["position"] = position
    values["is_active"] = bool(data.get("is_active"))
    return values


def create_kind(actor, data: dict) -> CapacityKind:
    """Add a kind with a code no other kind (nor a built-in one) has."""
    code = (data.get("code") or "").strip().lower()
    if not code:
        raise ServiceError(_l("Enter a code."), field="code")
    if len(code) > CODE_MAX or not CODE.fullmatch(code):
        raise ServiceError(_l("Use lower-case letters, digits, and . - _ between them, at most %(max)d characters "
                              "(for example crisis.shelter).", max=CODE_MAX), field="code")
    if code in {kind.value for kind in CapacityKindCode} or db.session.execute(
            select(CapacityKind.id).where(func.lower(CapacityKind.code) == code)).first():
        raise ServiceError(_l("Another kind of places already has this code."), field="code")
    kind = CapacityKind(code=code, **_values(data))
    db.session.add(kind)
    db.session.flush()
    record_event("capacity_kind.created", actor=actor.user, target=kind, details={"kind": code})
    return kind


def update_kind(actor, kind: CapacityKind, data: dict) -> list[str]:
    """Change a kind's names, position or whether it is offered; the names of what changed (none: nothing)."""
    values = _values(data)
    changed = [name for name, value in values.items() if getattr(kind, name) != value]
    for name in changed:
        setattr(kind, name, values[name])
    if changed:
        db.session.flush()
        record_event("capacity_kind.updated", actor=actor.user, target=kind,
                     details={"kind": kind.code, "changed": changed})
    return changed
