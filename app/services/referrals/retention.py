"""The retention purge: a referral's personal fields emptied a set time after it closed (``flask retention purge``).

What is emptied: the case code, needs, age band, children, consent and the referrer's contact. What stays: the
kinds, states, reasons, outcomes and times, so the department's aggregates still count the referral.
``purged_at`` marks it, so running the command again purges nothing twice. Run by the command line in its
``cli.`` system scope.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Referral, utcnow
from app.services.audit.log import record_event
from app.tenancy import require_department_view

DEFAULT_DAYS = 90
PERSONAL_FIELDS = ("case_code", "needs", "age_band", "with_children", "children_count", "consent_given_by",
                   "consent_method", "consent_at", "consent_recorded_by_id", "contact_name", "contact_phone",
                   "contact_email")


def retention_days(days: int | None = None) -> int:
    """The days a closed referral keeps its personal fields (``REFERRAL_RETENTION_DAYS``, default 90)."""
    if days is not None:
        return days
    return int(current_app.config.get("REFERRAL_RETENTION_DAYS") or DEFAULT_DAYS)


def _due(cutoff):
    return (Referral.closed_at.is_not(None), Referral.closed_at < cutoff, Referral.purged_at.is_(None))


def count_due(days: int | None = None) -> int:
    """How many closed referrals are due for the purge now (nothing changes)."""
    require_department_view()
    cutoff = utcnow() - timedelta(days=retention_days(days))
    return db.session.execute(select(func.count(Referral.id)).where(*_due(cutoff))).scalar_one()


def purge(days: int | None = None) -> int:
    """Empty the personal fields of referrals closed more than ``days`` ago and not purged yet; one audit event
    ``retention.purged`` with the count (none when nothing was due). Returns the count."""
    require_department_view()
    now = utcnow()
    cutoff = now - timedelta(days=retention_days(days))
    values = dict.fromkeys(PERSONAL_FIELDS)
    values["purged_at"] = now
    result = db.session.execute(update(Referral).where(*_due(cutoff)).values(**values)
                                .execution_options(synchronize_session=False))
    count = result.rowcount or 0
    if not count:
        return 0
    db.session.expire_all()
    record_event("retention.purged", details={"referrals": count, "days": retention_days(days)})
    return count
