"""The demo city's events and volunteering opportunities, with dates relative to the day of loading.

Content from app/demo/data/events.json and volunteering.json. Called by ``load_demo`` after the
services (events use their locations). Idempotent: an event or opportunity is found by
organisation and Polish title and never added twice. Weekly events started a few weeks ago and
run for half a year, so the calendar always has dates. An event's "weekday" (Monday 0) and
"weeks" (when the first date was; negative: in the past) make it weekly for "repeat_weeks";
otherwise it happens once, "in_days" from today, lasting "days". "location" and "service"
name the organisation's own rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.demo.content import read, translated
from app.demo.listings import load_districts
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import Event, EventKind, Location, Organisation, Recurrence, Service, VolunteerOpportunity


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), WARSAW).astimezone(UTC)


def _next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _own(model, organisation: Organisation, **by):
    return db.session.execute(select(model).filter_by(organisation_id=organisation.id, **by)
                              .order_by(model.id).limit(1)).unique().scalar_one_or_none()


def _event(spec: dict, organisation: Organisation, today: date) -> Event:
    if "weekday" in spec:
        first = _next_weekday(today, spec["weekday"]) + timedelta(weeks=spec["weeks"])
        last, until = first, first + timedelta(weeks=spec["repeat_weeks"])
        recurrence = Recurrence.WEEKLY
    else:
        first = today + timedelta(days=spec["in_days"])
        last, until = first + timedelta(days=spec.get("days", 0)), None
        recurrence = Recurrence.ONCE
    location = _own(Location, organisation, name=spec["location"]) if spec.get("location") else None
    service = _own(Service, organisation, name_pl=spec["service"]) if spec.get("service") else None
    event = Event(
        organisation_id=organisation.id, kind=EventKind(spec["kind"]), starts_at=_at(first, spec["start"]),
        ends_at=_at(last, spec["end"]), recurrence=recurrence, repeat_until=until,
        location_id=location.id if location else None, service_id=service.id if service else None,
        is_free=True, contact_phone=spec["phone"], contact_email=spec["email"],
        is_cancelled=spec.get("cancelled", False), is_demo=True,
        **translated("title", spec["title"]), **translated("description", spec["description"]),
        **translated("registration", spec["registration"]))
    event.group_list = spec["groups"]
    return event


def _opportunity(spec: dict, organisation: Organisation, district_id: int, today: date) -> VolunteerOpportunity:
    contact = spec["contact"]
    ends_on = today + timedelta(days=spec["ends_in_days"]) if spec["ends_in_days"] else None
    return VolunteerOpportunity(
        organisation_id=organisation.id, district_id=district_id, starts_on=None, ends_on=ends_on,
        minimum_age=spec["minimum_age"], contact_name=contact["name"], contact_phone=contact["phone"],
        contact_email=contact["email"], is_demo=True, **translated("title", spec["title"]),
        **translated("description", spec["description"]), **translated("requirements", spec["requirements"]),
        **translated("commitment", spec["commitment"]))


def load_activities(organisations: dict[str, Organisation]) -> dict[str, int]:
    """Add the demo events and volunteering opportunities that are missing; returns how many were added."""
    today = local_today()
    districts = load_districts()
    created = {"events": 0, "volunteering": 0}
    for spec in read("events"):
        organisation = organisations[spec["organisation"]]
        if _own(Event, organisation, title_pl=spec["title"]["pl"]) is None:
            db.session.add(_event(spec, organisation, today))
            created["events"] += 1
    for spec in read("volunteering"):
        organisation = organisations[spec["organisation"]]
        if _own(VolunteerOpportunity, organisation, title_pl=spec["title"]["pl"]) is None:
            db.session.add(_opportunity(spec, organisation, districts[spec["district"]].id, today))
            created["volunteering"] += 1
    db.session.flush()
    return created
