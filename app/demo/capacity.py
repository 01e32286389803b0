"""The demo city's places and referrals (app/demo/data/capacity.json): ten units with two weeks of counts, and
referrals between organisations in every state.

Each unit's history is made up the way its staff would have counted: a night shelter empties in the morning
(a head count) and fills in the evening (+1 at the door, a count at ten), a day club fills in the afternoon, a
crisis hotel, a protected flat, the shelter's rooms and the care home change a place or two a day. A few updates
a day, by the organisation's demo members, seeded so that every load gives the same story. The referrals
leave their marks in the same history (a place held when accepted, arrived or freed when completed). The last
count of each unit gives the counts it has now (the warming room's was two days ago: it is stale), and each day's
``OccupancyDay`` is computed from the updates as ``occupancy._keep_day`` keeps it.

Dates are relative to now (Europe/Warsaw days). Idempotent: nothing is added when demo units already exist.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.demo.content import read
from app.extensions import db
from app.localtime import WARSAW, local_today, to_local
from app.models import (
    AgeBand,
    CancelReason,
    CapacityKindCode,
    CapacityUnit,
    ConsentGivenBy,
    ConsentMethod,
    CountedBy,
    DeclineReason,
    Location,
    Membership,
    OccupancyChange,
    OccupancyDay,
    OccupancyUpdate,
    Organisation,
    PublicAvailability,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    Service,
    Urgency,
    User,
    utcnow,
)

HISTORY_DAYS = 14
DEADLINES = {Urgency.IMMEDIATE: timedelta(hours=4), Urgency.URGENT: timedelta(hours=24),
             Urgency.ROUTINE: timedelta(days=5)}
RETENTION = timedelta(days=90)


@dataclass(order=True)
class _Event:
    at: datetime
    change: OccupancyChange = field(compare=False)
    value: int | None = field(default=None, compare=False)
    author: User | None = field(default=None, compare=False)
    note: str | None = field(default=None, compare=False)


def _data() -> dict:
    return read("capacity")  # type: ignore[return-value]


def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _members(organisation: Organisation) -> list[User]:
    return list(db.session.execute(select(User).join(Membership, Membership.user_id == User.id)
                                   .where(Membership.organisation_id == organisation.id)
                                   .order_by(Membership.id)).scalars())


def _staff_events(spec: dict, rng: random.Random, members: list[User]) -> list[_Event]:
    """A fortnight of a unit's counts by its staff, following its pattern (night, day or residential)."""
    total, level, pattern = spec["total"], spec["now"], spec["pattern"]
    events: list[_Event] = []

    def add(day, hour, minute, change, value=None):
        events.append(_Event(datetime.combine(day, time(hour, minute), WARSAW), change, value,
                             rng.choice(members)))

    for back in range(HISTORY_DAYS - 1, -1, -1):
        day = local_today() - timedelta(days=back)
        if pattern == "night":  # empties in the morning, fills in the evening
            add(day, 7, rng.randint(20, 55), OccupancyChange.SET, rng.randint(total // 6, total // 3))
            for n in range(rng.randint(2, 4)):
                add(day, 18 + n, rng.randint(0, 50), OccupancyChange.PLUS)
            add(day, 22, rng.randint(0, 20), OccupancyChange.SET, max(0, min(total, level + rng.randint(-3, 2))))
        elif pattern == "day":  # children come after school
            add(day, 13, rng.randint(10, 40), OccupancyChange.SET, max(0, level - rng.randint(4, 7)))
            for n in range(rng.randint(2, 4)):
                add(day, 14 + n, rng.randint(0, 55), OccupancyChange.PLUS)
            add(day, 16, rng.randint(30, 55), OccupancyChange.SET, max(0, min(total, level + rng.randint(-2, 0))))
        else:  # residential: a place or two a day, sometimes a count with no change
            for _ in range(rng.randint(1, 3)):
                change = rng.choice([OccupancyChange.PLUS, OccupancyChange.MINUS, OccupancyChange.CONFIRMED])
                add(day, rng.randint(8, 19), rng.randint(0, 59), change)
    return events


def _replay(unit: CapacityUnit, events: list[_Event], start: int) -> list[OccupancyUpdate]:
    """Apply the events in order as the services would (a change that does not fit is not made) and give the
    updates they leave; ``unit`` ends with the counts after the last one."""
    unit.occupied, unit.reserved, unit.out_of_service = start, 0, 0
    updates: list[OccupancyUpdate] = []

    def keep(event: _Event, change: OccupancyChange, at: datetime | None = None):
        updates.append(OccupancyUpdate(organisation_id=unit.organisation_id, at=(at or event.at),
                                       author_id=getattr(event.author, "id", None), change=change, total=unit.total,
                                       occupied=unit.occupied, reserved=unit.reserved,
                                       out_of_service=unit.out_of_service, note=event.note))

    def room() -> int:
        return unit.total - unit.occupied - unit.reserved - unit.out_of_service

    for event in sorted(events):
        change = event.change
        if change is OccupancyChange.PLUS:
            if room() < 1:
                continue
            unit.occupied += 1
        elif change is OccupancyChange.MINUS:
            if unit.occupied < 1:
                continue
            unit.occupied -= 1
        elif change is OccupancyChange.SET:
            value = max(0, min(event.value, unit.total - unit.reserved - unit.out_of_service))
            if value == unit.occupied:
                change = OccupancyChange.CONFIRMED
            unit.occupied = value
        elif change is OccupancyChange.OUT_OF_SERVICE:
            while unit.occupied and unit.occupied + unit.reserved + event.value > unit.total:
                unit.occupied -= 1
                keep(event, OccupancyChange.MINUS, event.at - timedelta(minutes=5))
            unit.out_of_service = event.value
        elif change is OccupancyChange.RESERVED:
            if room() < 1:  # someone left just before: the place the referral holds
                unit.occupied -= 1
                keep(event, OccupancyChange.MINUS, event.at - timedelta(minutes=5))
            unit.reserved += 1
        elif change in (OccupancyChange.ARRIVED, OccupancyChange.RELEASED):
            if unit.reserved < 1:
                continue
            unit.reserved -= 1
            unit.occupied += change is OccupancyChange.ARRIVED
        keep(event, change)
    return updates


def _days(unit: CapacityUnit, updates: list[OccupancyUpdate]) -> list[OccupancyDay]:
    """Each day's highest and last occupancy, as ``occupancy._keep_day`` keeps them update by update."""
    days: dict = {}
    previous_last = None
    for update in updates:
        day = to_local(update.at).date()
        row = days.get(day)
        if row is None:
            row = OccupancyDay(unit_id=unit.id, organisation_id=unit.organisation_id, day=day,
                               occupied_max=max(previous_last or 0, update.occupied), occupied_last=update.occupied,
                               in_service_last=update.total - update.out_of_service)
            days[day] = row
        else:
            row.occupied_max = max(row.occupied_max, update.occupied)
            row.occupied_last = update.occupied
            row.in_service_last = update.total - update.out_of_service
        previous_last = row.occupied_last
    return list(days.values())


def _referral_events(spec: dict, now: datetime) -> list[_Event]:
    """What an accepted or completed referral to a unit leaves in the unit's history."""
    status = ReferralStatus(spec["status"])
    if spec.get("unit") is None or status not in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
        return []
    responder = _user(spec["responder"])
    events = [_Event(now - timedelta(hours=spec["responded_hours_ago"]), OccupancyChange.RESERVED,
                     author=responder)]
    if status is ReferralStatus.COMPLETED:
        arrived = ReferralOutcome(spec["outcome"]) is not ReferralOutcome.DID_NOT_ARRIVE
        events.append(_Event(now - timedelta(hours=spec["closed_hours_ago"]),
                             OccupancyChange.ARRIVED if arrived else OccupancyChange.RELEASED, author=responder))
    window = datetime.combine(local_today() - timedelta(days=HISTORY_DAYS - 1), time(0), WARSAW)
    return [event for event in events if event.at >= window]


def load_capacity(organisations: dict[str, Organisation]) -> int:
    """The demo units with their fortnight of counts; how many units were made (0 when they exist already)."""
    if db.session.execute(select(CapacityUnit.id).where(CapacityUnit.is_demo.is_(True)).limit(1)).first():
        return 0
    data, now = _data(), utcnow()
    made = 0
    for spec in data["units"]:
        organisation = organisations[spec["organisation"]]
        service = db.session.execute(select(Service).where(Service.organisation_id == organisation.id,
                                                           Service.name_pl == spec["service"])).scalar_one()
        location = db.session.execute(select(Location).where(Location.organisation_id == organisation.id,
                                                             Location.name == spec["location"])
                                      ).scalars().first()
        unit = CapacityUnit(organisation_id=organisation.id, name=spec["name"], kind=CapacityKindCode(spec["kind"]),
                            service_id=service.id, location_id=location.id, counted_by=CountedBy(spec["counted_by"]),
                            total=spec["total"], public_availability=PublicAvailability(spec["public"]),
                            is_demo=True, counted_at=now)
        unit.serves_list = spec["serves"]
        db.session.add(unit)
        db.session.flush()
        rng = random.Random(zlib.crc32(spec["name"].encode()))  # noqa: S311 - a repeatable story, not a secret
        members = _members(organisation)
        last = now - timedelta(hours=spec["last_counted_hours"])
        events = [event for event in _staff_events(spec, rng, members) if event.at < last - timedelta(minutes=20)]
        for extra in spec.get("events", []):
            events.append(_Event(now - timedelta(hours=extra["hours_ago"]), OccupancyChange.SET, extra["set"],
                                 rng.choice(members)))
        if out := spec.get("out_of_service"):
            events.append(_Event(now - timedelta(hours=out["hours_ago"]), OccupancyChange.OUT_OF_SERVICE,
                                 out["count"], members[0], out["reason"]))
            unit.out_of_service_reason = out["reason"]
        for referral in data["referrals"]:
            if referral.get("unit") == spec["name"]:
                events += _referral_events(referral, now)
        events.append(_Event(last, OccupancyChange.SET, spec["now"], rng.choice(members)))
        updates = _replay(unit, events, spec["start"])
        for update in updates:
            update.unit_id = unit.id
        db.session.add_all(updates)
        db.session.add_all(_days(unit, updates))
        unit.counted_at = updates[-1].at
        unit.counted_by_id = updates[-1].author_id
        made += 1
    db.session.flush()
    return made


def load_referrals(organisations: dict[str, Organisation]) -> int:
    """The demo referrals in every state (their places already held in the units' counts); how many were made."""
    if db.session.execute(select(Referral.id).where(Referral.is_demo.is_(True)).limit(1)).first():
        return 0
    now = utcnow()
    specs = sorted(_data()["referrals"], key=lambda spec: -spec["sent_hours_ago"])
    sequences: dict[int, int] = {}
    for spec in specs:
        sent_at = now - timedelta(hours=spec["sent_hours_ago"])
        year = to_local(sent_at).year
        taken = db.session.execute(select(Referral.reference).where(Referral.reference.like(f"S/{year}/%"))
                                   ).scalars().all()
        sequences[year] = max(sequences.get(year, 0), *(int(ref.rsplit("/", 1)[1]) for ref in taken), 0) + 1
        db.session.add(_referral(spec, organisations, now, sent_at, f"S/{year}/{sequences[year]:06d}"))
    db.session.flush()
    return len(specs)


def _referral(spec: dict, organisations: dict[str, Organisation], now: datetime, sent_at: datetime,
              reference: str) -> Referral:
    receiver, sender_org = organisations[spec["to"]], organisations[spec["from"]]
    sender = _user(spec["sender"])
    service = db.session.execute(select(Service).where(Service.organisation_id == receiver.id,
                                                       Service.name_pl == spec["service"])).scalar_one()
    unit = None
    if spec.get("unit"):
        unit = db.session.execute(select(CapacityUnit).where(CapacityUnit.organisation_id == receiver.id,
                                                             CapacityUnit.name == spec["unit"])).scalar_one()
    status, urgency = ReferralStatus(spec["status"]), Urgency(spec["urgency"])
    referral = Referral(
        organisation_id=receiver.id, referring_organisation_id=sender_org.id, reference=reference,
        service_id=service.id, capacity_unit_id=getattr(unit, "id", None), status=status, urgency=urgency,
        case_code=spec["case_code"], age_band=AgeBand(spec["age_band"]), with_children=spec["with_children"],
        children_count=spec.get("children_count"), consent_given_by=ConsentGivenBy(spec["consent_by"]),
        consent_method=ConsentMethod(spec["consent_method"]), consent_at=sent_at - timedelta(minutes=15),
        consent_recorded_by_id=sender.id, contact_name=sender.full_name, contact_phone=sender_org.phone,
        contact_email=sender.email, sent_at=sent_at, sent_by_id=sender.id, respond_by=sent_at + DEADLINES[urgency],
        place_reserved=status is ReferralStatus.ACCEPTED and unit is not None, is_demo=True)
    referral.need_list = spec["needs"]
    if "responded_hours_ago" in spec:
        referral.responded_at = now - timedelta(hours=spec["responded_hours_ago"])
        referral.responded_by_id = _user(spec["responder"]).id
    if status is ReferralStatus.DECLINED:
        referral.decline_reason = DeclineReason(spec["decline_reason"])
        referral.closed_at, referral.closed_by_id = referral.responded_at, referral.responded_by_id
    elif status is ReferralStatus.COMPLETED:
        referral.outcome = ReferralOutcome(spec["outcome"])
        referral.closed_at = now - timedelta(hours=spec["closed_hours_ago"])
        referral.closed_by_id = referral.responded_by_id
    elif status is ReferralStatus.CANCELLED:
        referral.cancel_reason = CancelReason(spec["cancel_reason"])
        referral.closed_at, referral.closed_by_id = now - timedelta(hours=spec["closed_hours_ago"]), sender.id
    if spec.get("purged"):
        referral.purged_at = referral.closed_at + RETENTION
        for name in ("case_code", "needs", "age_band", "with_children", "children_count", "consent_given_by",
                     "consent_method", "consent_at", "consent_recorded_by_id", "contact_name", "contact_phone",
                     "contact_email"):
            setattr(referral, name, None)
    return referral
