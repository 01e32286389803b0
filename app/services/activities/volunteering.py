"""Volunteering opportunities: those still open as residents see them, and the organisation keeping its own.

The opportunity is an activity kind (app/services/activities/editing.py): saved live or for the
department's approval like an event.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import or_, select

from app.extensions import db
from app.localtime import local_today
from app.models import District, ListingKind, Organisation, VolunteerOpportunity
from app.services import ServiceError
from app.services.activities import editing
from app.services.activities.editing import ActivityStatus, blank_to_none, iso
from app.services.activities.events import check_dates_ahead

OPPORTUNITY_FIELDS = (
    "title_pl", "title_uk", "title_en", "description_pl", "description_uk", "description_en",
    "requirements_pl", "requirements_uk", "requirements_en", "commitment_pl", "commitment_uk", "commitment_en",
    "district_id", "starts_on", "ends_on", "minimum_age", "contact_name", "contact_phone", "contact_email",
    "is_published",
)

OPPORTUNITY_LABELS = {
    "title_pl": _l("Title in Polish"), "title_uk": _l("Title in Ukrainian"), "title_en": _l("Title in English"),
    "description_pl": _l("Description in Polish"), "description_uk": _l("Description in Ukrainian"),
    "description_en": _l("Description in English"), "requirements_pl": _l("Requirements in Polish"),
    "requirements_uk": _l("Requirements in Ukrainian"), "requirements_en": _l("Requirements in English"),
    "commitment_pl": _l("Time commitment in Polish"), "commitment_uk": _l("Time commitment in Ukrainian"),
    "commitment_en": _l("Time commitment in English"), "district_id": _l("District"),
    "starts_on": _l("From"), "ends_on": _l("Until"), "minimum_age": _l("Minimum age"),
    "contact_name": _l("Contact person"), "contact_phone": _l("Contact phone"), "contact_email": _l("Contact e-mail"),
    "is_published": _l("Shown on the public pages"),
}
OPPORTUNITY_STATUS_LABELS = {
    ActivityStatus.PUBLISHED: lazy_pgettext("volunteering offer", "Published"),
    ActivityStatus.HIDDEN: lazy_pgettext("volunteering offer", "Hidden"),
    ActivityStatus.PAST: lazy_pgettext("volunteering offer", "Over"),
}


def opportunity_values(opportunity: VolunteerOpportunity) -> dict:
    """The live opportunity as a JSON-serialisable dict."""
    values = {name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS}
    values.update(starts_on=iso(opportunity.starts_on), ends_on=iso(opportunity.ends_on))
    return values


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


def opportunity_status(opportunity: VolunteerOpportunity) -> ActivityStatus:
    """Where an opportunity stands now: kept off the public pages, over, or published and open."""
    if not opportunity.is_published:
        return ActivityStatus.HIDDEN
    if has_ended(opportunity):
        return ActivityStatus.PAST
    return ActivityStatus.PUBLISHED


def build_opportunity_values(organisation: Organisation, data: dict, *,
                             existing: VolunteerOpportunity | None = None) -> dict:
    """Check a volunteering opportunity and turn it into values; ServiceError names the broken field."""
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None:
            check_dates_ahead(day, name)
    if ends_on is not None:
        if starts_on is not None and ends_on < starts_on:
            raise ServiceError(_l("The end cannot be before the start."), field="ends_on")
        unchanged = existing is not None and existing.ends_on == ends_on
        if ends_on < local_today() and not unchanged:
            raise ServiceError(_l("The end date has already passed."), field="ends_on")
    district_id = data.get("district_id")
    if district_id is not None and db.session.get(District, district_id) is None:
        raise ServiceError(_l("Choose a district from the list."), field="district_id")
    if not (blank_to_none(data.get("contact_phone")) or blank_to_none(data.get("contact_email"))):
        raise ServiceError(_l("Give a phone number or an e-mail address volunteers can use."),
                           field="contact_phone")
    values = {name: blank_to_none(data.get(name)) for name in OPPORTUNITY_FIELDS}
    values.update(starts_on=iso(starts_on), ends_on=iso(ends_on), district_id=district_id,
                  minimum_age=data.get("minimum_age"), is_published=bool(data.get("is_published")))
    return values


def check_new_opportunity(organisation: Organisation, values: dict) -> None:
    """A new opportunity may not repeat an open one with the same title."""
    exists = db.session.execute(select(VolunteerOpportunity.id).where(
        VolunteerOpportunity.organisation_id == organisation.id,
        VolunteerOpportunity.title_pl == values["title_pl"],
        or_(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on >= local_today()))).first()
    if exists or editing.same_proposal(OPPORTUNITIES, organisation.id, values, ("title_pl",)):
        raise ServiceError(_l("Your organisation already has a volunteering opportunity with this title."),
                           field="title_pl")


def opportunity_form_data(values: dict) -> dict:
    """Opportunity values (live or proposed) as the form shows them."""
    data = {name: values.get(name) for name in OPPORTUNITY_FIELDS}
    for name in ("starts_on", "ends_on"):
        data[name] = date.fromisoformat(values[name]) if values.get(name) else None
    return data


def write_opportunity(opportunity: VolunteerOpportunity, values: dict) -> None:
    """Put opportunity values on the row (days as dates)."""
    for name in OPPORTUNITY_FIELDS:
        value = values.get(name)
        if name in ("starts_on", "ends_on"):
            value = date.fromisoformat(value) if value else None
        elif name == "is_published":
            value = bool(value)
        setattr(opportunity, name, value)




def opportunities_of(organisation_id: int) -> list[VolunteerOpportunity]:
    """The organisation's volunteering opportunities, open ones first."""
    opportunities = db.session.execute(select(VolunteerOpportunity).where(
        VolunteerOpportunity.organisation_id == organisation_id).order_by(
        VolunteerOpportunity.title_pl, VolunteerOpportunity.id)).unique().scalars()
    today = local_today()
    return sorted(opportunities, key=lambda o: o.ends_on is not None and o.ends_on < today)


OPPORTUNITIES = editing.register(editing.ActivityKind(
    listing=ListingKind.VOLUNTEERING, audit_name="volunteering", model=VolunteerOpportunity,
    fields=OPPORTUNITY_FIELDS, labels=OPPORTUNITY_LABELS, values=opportunity_values, write=write_opportunity,
    check_new=check_new_opportunity, check_references=lambda _values, _organisation_id: None,
    vanished=_l("The volunteering opportunity no longer exists."), status=opportunity_status,
    status_labels=OPPORTUNITY_STATUS_LABELS, display=editing.display_value))
