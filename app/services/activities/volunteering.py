"""Volunteering opportunities as residents see them: those still open, by district."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from app.extensions import db
from app.localtime import local_today
from app.models import District, VolunteerOpportunity


def current_opportunities(*, district: str = "", today: date | None = None):
    """The SELECT of volunteering opportunities still open (no end, or ending today or later), soonest end first."""
    today = today or local_today()
    statement = select(VolunteerOpportunity).where(
        or_(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on >= today))
    if district:
        statement = statement.where(VolunteerOpportunity.district_id.in_(
            select(District.id).where(District.code == district)))
    return statement.order_by(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on,
                              VolunteerOpportunity.title_pl, VolunteerOpportunity.id)


def public_opportunity(opportunity_id: int) -> VolunteerOpportunity | None:
    """A published volunteering opportunity of an active organisation, or None."""
    found = db.session.execute(
        select(VolunteerOpportunity).where(VolunteerOpportunity.id == opportunity_id)).unique().scalar_one_or_none()
    return found


def has_ended(opportunity: VolunteerOpportunity, today: date | None = None) -> bool:
    """Whether an opportunity's end date has passed."""
    return opportunity.ends_on is not None and opportunity.ends_on < (today or local_today())

