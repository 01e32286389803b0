"""Who reads a referral, and through which scope.

A ``Referral`` belongs to the organisation that RECEIVES it, so the receiver reads it in its own scope and the
department in its department scope. The organisation that SENT it reads it in the named scope ``referrals.sent``
with an explicit filter on ``referring_organisation_id`` (tests/security/test_scope_discipline.py lists it): never
anything else. Every other organisation finds nothing (a 404). The sender's writes (the row belongs to the receiver)
go through ``widened_scope``, which writes why in the audit log.
"""

from __future__ import annotations

import enum

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Referral
from app.services.audit.log import record_event
from app.tenancy import parse_id, system_scope


class Side(enum.StrEnum):
    """How the actor stands to a referral."""

    SENDER = "sender"
    RECEIVER = "receiver"
    DEPARTMENT = "department"


def with_parts(statement):
    """The referral's service, unit and both organisations loaded with it (the sender's scope cannot load them
    later: they belong to the receiver)."""
    return statement.options(joinedload(Referral.service), joinedload(Referral.capacity_unit),
                             joinedload(Referral.organisation), joinedload(Referral.referring_organisation))


def sent_query(actor):
    """The referrals the actor's organisation sent (to run inside ``sent_scope()``)."""
    return with_parts(select(Referral).where(Referral.referring_organisation_id == actor.organisation_id))


def sent_scope():
    """The named scope in which the sender reads what it sent (always with ``sent_query``'s filter)."""
    return system_scope("referrals.sent")


def load_for(actor, referral_id) -> tuple[Referral, Side]:
    """The referral as the actor may see it — sender, receiver or department — and the actor's side; else 404."""
    referral_id = parse_id(referral_id)
    if referral_id is None or actor.membership is None:
        abort(404)
    if actor.in_department:
        row = db.session.execute(with_parts(select(Referral).where(Referral.id == referral_id))).unique()
        found = row.scalar_one_or_none()
        if found is None:
            abort(404)
        return found, Side.DEPARTMENT
    own = db.session.execute(with_parts(select(Referral).where(
        Referral.id == referral_id, Referral.organisation_id == actor.organisation_id))).unique().scalar_one_or_none()
    if own is not None:
        return own, Side.RECEIVER
    with sent_scope():
        sent = db.session.execute(sent_query(actor).where(Referral.id == referral_id)).unique().scalar_one_or_none()
    if sent is None:
        abort(404)
    return sent, Side.SENDER


def read_for(actor, referral_id) -> tuple[Referral, Side]:
    """``load_for``, and the view written to the audit log (``referral.viewed``: who, which side, which referral).

    The one read of this feature that writes: every view of a referral's allow-listed personal fields is logged
    (DESIGN.md §5, "log who saw it"), so the detail pages' GETs write the audit log
    (tests/security/test_route_matrix.py names them in ``AUDITED_VIEWS``).
    """
    referral, side = load_for(actor, referral_id)
    record_event("referral.viewed", actor=actor.user, organisation_id=referral.organisation_id, target=referral,
                 details={"side": side.value, "reference": referral.reference})
    return referral, side
