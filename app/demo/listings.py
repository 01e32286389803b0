"""The demo city's directory: districts, services and one change waiting for moderation.

Content from app/demo/data/districts.json and services.json. The category tree is the city's
reference tree (app/data/taxonomy.json), loaded by the same function as ``flask taxonomy load``.
Idempotent: districts are found by code, services by organisation and Polish name. Services
that close on public holidays say so (``closed_on_holidays``). Some services name a contact
person; a demo service loaded before contact persons existed gets its contact on the next
load, when it has none (one that is set is never overwritten).
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.content import read, translated
from app.extensions import db
from app.models import (
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TaxonomyTerm,
    utcnow,
)
from app.services.directory.index import refresh_search_text
from app.services.directory.taxonomy import load_terms, read_tree


def load_districts() -> dict[str, District]:
    """The city's districts, by code."""
    existing = {d.code: d for d in db.session.execute(select(District)).scalars()}
    for position, spec in enumerate(read("districts")):
        code = spec["code"]
        if code not in existing:
            existing[code] = District(code=code, name=spec["name"], latitude=Decimal(str(spec["latitude"])),
                                      longitude=Decimal(str(spec["longitude"])), position=position)
            db.session.add(existing[code])
    db.session.flush()
    return existing


def load_taxonomy() -> dict[str, TaxonomyTerm]:
    """The category tree (the reference tree's missing categories added first), by code."""
    load_terms(read_tree())
    return {t.code: t for t in db.session.execute(select(TaxonomyTerm)).scalars()}


def _contact(spec: dict) -> dict:
    """The service's contact person columns from its spec (none when it names nobody)."""
    contact = spec.get("contact")
    if not contact:
        return {}
    return {"contact_name": contact["name"], "contact_email": contact["email"], "contact_phone": contact["phone"],
            **translated("contact_title", contact["title"])}


def _add_missing_values(service: Service, spec: dict) -> None:
    """A demo service loaded before it had a contact person or said who it is for gets them; set values stay."""
    if service.is_demo and not service.has_contact:
        for name, value in _contact(spec).items():
            setattr(service, name, value)
    if service.is_demo and not service.audience_pl:
        for name, value in translated("audience", spec["audience"]).items():
            setattr(service, name, value)


def _location(spec: dict, organisation: Organisation, districts: dict[str, District],
              places: dict[tuple, Location]) -> Location:
    """The service's place: one per address, so services given in the same building share it."""
    place = spec["location"]
    key = (organisation.id, place["name"], place["street"], place["confidential"])
    location = places.get(key) or db.session.execute(select(Location).where(
        Location.organisation_id == organisation.id, Location.name == place["name"],
        Location.street == place["street"], Location.is_confidential.is_(place["confidential"]))).scalars().first()
    if location is None:
        location = Location(
            organisation_id=organisation.id, name=place["name"], city=organisation.city,
            district=districts[place["district"]], is_confidential=place["confidential"], step_free=place["step_free"],
            accessible_toilet=place["accessible_toilet"], induction_loop=place["induction_loop"],
            sign_language=place["sign_language"], **translated("intake", place["intake"]))
        location.set_address(street=place["street"], postal_code=place["postal_code"],
                             latitude=Decimal(str(place["lat"])), longitude=Decimal(str(place["lon"])))
    places[key] = location
    return location


def load_services(organisations: dict[str, Organisation]) -> int:
    """The demo services; returns how many were created."""
    districts = load_districts()
    terms = load_taxonomy()
    created = 0
    places: dict[tuple, Location] = {}
    for spec in read("services"):
        organisation = organisations[spec["organisation"]]
        found = db.session.execute(select(Service).where(
            Service.organisation_id == organisation.id, Service.name_pl == spec["name"]["pl"])
        ).unique().scalars().first()
        if found:
            _add_missing_values(found, spec)
            continue
        service = Service(
            organisation_id=organisation.id, organisation=organisation, is_demo=True,
            status=ServiceStatus(spec["status"]), walk_in=spec["walk_in"], by_appointment=spec["by_appointment"],
            by_referral=spec["by_referral"], is_free=spec["is_free"], minimum_age=spec["min_age"],
            maximum_age=spec["max_age"], always_open=spec["always_open"],
            closed_on_holidays=spec["closed_on_holidays"], email=spec["email"], url=spec["url"],
            last_verified_at=utcnow() - timedelta(days=spec["verified_days_ago"]),
            **translated("name", spec["name"]), **translated("description", spec["description"]),
            **translated("audience", spec["audience"]), **translated("fees", spec["fees"]), **_contact(spec),
        )
        service.group_list = spec["target_groups"]
        service.language_list = spec["languages"]
        for hours in spec["hours"]:
            service.schedules.append(Schedule(
                organisation_id=organisation.id, weekday=hours["weekday"],
                opens_at=time.fromisoformat(hours["opens"]), closes_at=time.fromisoformat(hours["closes"])))
        for position, phone in enumerate(spec["phones"]):
            service.phones.append(Phone(organisation_id=organisation.id, number=phone["number"],
                                        is_24h=phone["is_24h"], position=position,
                                        **translated("description", phone["description"])))
        location = _location(spec, organisation, districts, places)
        service.service_at_locations.append(ServiceAtLocation(organisation_id=organisation.id, location=location))
        for code in spec["categories"]:
            service.taxonomy_links.append(ServiceTaxonomy(organisation_id=organisation.id, term=terms[code]))
        for code in spec["districts"]:
            service.area_links.append(ServiceArea(organisation_id=organisation.id, district=districts[code]))
        db.session.add(service)
        refresh_search_text(service)
        created += 1
    db.session.flush()
    return created


def load_pending_change(organisations: dict[str, Organisation]) -> int:
    """One change waiting in the moderation queue: the unverified day club's new winter hours."""
    from app.models import ChangeAction, ListingKind, Revision, User
    from app.services.listings.values import service_values
    from app.services.workflow import revisions

    organisation = organisations["dayclub"]
    if organisation.is_verified or db.session.execute(
            select(Revision.id).where(Revision.organisation_id == organisation.id)).first():
        return 0
    service = db.session.execute(select(Service).where(Service.organisation_id == organisation.id,
                                                       Service.is_published.is_(True))
                                 .order_by(Service.id)).scalars().first()
    actor = db.session.execute(select(User).where(User.email == "dayclub.admin@demo.example")).scalar_one_or_none()
    if service is None or actor is None:
        return 0
    before = service_values(service)
    proposed = dict(before)
    proposed["description_pl"] = (before["description_pl"] or "") + (
        " W ferie zimowe świetlica jest otwarta także w soboty, od 10:00 do 14:00.")
    proposed["hours"] = sorted([*before["hours"], {"weekday": 5, "opens": "10:00", "closes": "14:00"}],
                               key=lambda h: (h["weekday"], h["opens"]))
    revisions.submit(ListingKind.SERVICE, ChangeAction.UPDATE, organisation=organisation, object_id=service.id,
                      before=before, proposed=proposed, actor=actor)
    return 1
