"""The lists of the workspace (received, sent, overdue on both sides) and the department's aggregates.

No personal field ever leaves this module: the lists carry the referral rows for the two organisations' own pages
(their templates show the reference, the service, the state and the deadline only), and the department's figures
read only kinds, states, reasons, outcomes and times (purged referrals still count).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, select

from app.extensions import db
from app.localtime import WARSAW, to_local
from app.models import CapacityUnit, Organisation, Referral, Service, utcnow
from app.models.referrals import ReferralStatus
from app.services.referrals import access
from app.tenancy import require_department_view

SERVICE_ONLY = "service"  # the kind of a referral to a service without places
LIST_LIMIT = 500


def _ordered(statement):
    waiting_first = case((Referral.status == ReferralStatus.SENT, 0),
                         (Referral.status == ReferralStatus.ACCEPTED, 1), else_=2)
    return statement.order_by(waiting_first, Referral.respond_by, Referral.id.desc()).limit(LIST_LIMIT)


def received(actor) -> list[Referral]:
    """The referrals the actor's organisation received: waiting first (earliest deadline first), then accepted,
    then closed."""
    return list(db.session.execute(_ordered(access.with_parts(select(Referral).where(
        Referral.organisation_id == actor.organisation_id)))).unique().scalars())


def sent(actor) -> list[Referral]:
    """The referrals the actor's organisation sent, in the same order (read in the named scope ``referrals.sent``)."""
    with access.sent_scope():
        return list(db.session.execute(_ordered(access.sent_query(actor))).unique().scalars())


def overdue(rows: list[Referral], now: datetime | None = None) -> list[Referral]:
    """Those of ``rows`` still waiting for an answer after their deadline."""
    now = now or utcnow()
    return [row for row in rows if row.is_overdue(now)]


# -- the department's aggregates ---------------------------------------------------------------------------------

@dataclass
class Aggregates:
    """The city's referrals counted (no personal field): by kind of target, state, outcome, decline reason, month."""

    total: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_outcome: Counter = field(default_factory=Counter)
    by_decline: Counter = field(default_factory=Counter)
    by_month: Counter = field(default_factory=Counter)
    response_hours: list[float] = field(default_factory=list)
    overdue: int = 0

    @property
    def median_hours(self) -> float | None:
        return percentile(self.response_hours, 50)

    @property
    def p90_hours(self) -> float | None:
        return percentile(self.response_hours, 90)


def percentile(values: list[float], share: int) -> float | None:
    """The nearest-rank percentile of ``values`` (None for none), rounded to a tenth."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share / 100 * len(ordered)), 1)
    return round(ordered[rank - 1], 1)


def _period(year: int | None, month: int | None):
    if year is None:
        return None
    if month is None:
        return datetime(year, 1, 1, tzinfo=WARSAW), datetime(year + 1, 1, 1, tzinfo=WARSAW)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=WARSAW)
    return datetime(year, month, 1, tzinfo=WARSAW), end


def aggregates(year: int | None = None, month: int | None = None) -> Aggregates:
    """The city's referrals sent in ``year`` (and ``month``), counted; the department's view only."""
    require_department_view()
    statement = (select(Referral.status, Referral.decline_reason, Referral.outcome, Referral.sent_at,
                        Referral.responded_at, Referral.respond_by, CapacityUnit.kind)
                 .outerjoin(CapacityUnit, CapacityUnit.id == Referral.capacity_unit_id))
    period = _period(year, month)
    if period:
        statement = statement.where(Referral.sent_at >= period[0], Referral.sent_at < period[1])
    result = Aggregates()
    now = utcnow()
    for status, decline, outcome, sent_at, responded_at, respond_by, kind in db.session.execute(statement):
        result.total += 1
        result.by_kind[kind.value if kind is not None else SERVICE_ONLY] += 1
        result.by_status[status.value] += 1
        if outcome is not None:
            result.by_outcome[outcome.value] += 1
        if decline is not None:
            result.by_decline[decline.value] += 1
        local = to_local(sent_at)
        result.by_month[(local.year, local.month)] += 1
        if responded_at is not None:
            result.response_hours.append((responded_at - sent_at).total_seconds() / 3600)
        if status == ReferralStatus.SENT and now > respond_by:
            result.overdue += 1
    return result


def department_list(year: int | None = None, month: int | None = None, limit: int = LIST_LIMIT) -> list[dict]:
    """The city's referrals, newest first, WITHOUT any personal field (plain dicts: nothing else can leak)."""
    require_department_view()
    sender = Organisation.__table__.alias("sender")
    receiver = Organisation.__table__.alias("receiver")
    statement = (select(Referral.id, Referral.reference, Referral.status, Referral.urgency, Referral.sent_at,
                        Referral.respond_by, Referral.outcome, Referral.decline_reason, Referral.cancel_reason,
                        Service.name_pl, CapacityUnit.kind, sender.c.name.label("sender"),
                        receiver.c.name.label("receiver"))
                 .join(Service, Service.id == Referral.service_id)
                 .join(sender, sender.c.id == Referral.referring_organisation_id)
                 .join(receiver, receiver.c.id == Referral.organisation_id)
                 .outerjoin(CapacityUnit, CapacityUnit.id == Referral.capacity_unit_id)
                 .order_by(Referral.sent_at.desc(), Referral.id.desc()).limit(limit))
    period = _period(year, month)
    if period:
        statement = statement.where(Referral.sent_at >= period[0], Referral.sent_at < period[1])
    now = utcnow()
    return [{"id": row.id, "reference": row.reference, "status": row.status, "urgency": row.urgency,
             "sent_at": row.sent_at, "respond_by": row.respond_by, "outcome": row.outcome,
             "decline_reason": row.decline_reason, "cancel_reason": row.cancel_reason, "service": row.name_pl,
             "kind": row.kind.value if row.kind is not None else SERVICE_ONLY, "sender": row.sender,
             "receiver": row.receiver, "overdue": row.status == ReferralStatus.SENT and now > row.respond_by}
            for row in db.session.execute(statement)]
