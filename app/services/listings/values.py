"""A listing's editable state as plain JSON-able values: read, checked and written.

``service_values``/``location_values`` read a live row; ``clean_*`` check proposed values
(a ``ServiceError`` names the field that is wrong); ``write_*`` make cleaned values a row's
live state. The listing editor and moderation both work with these values, so a change can
be written at once or stored in a Revision and written when the department approves it.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from flask_babel import LazyString, lazy_pgettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.labels import LANGUAGE_LABELS, WEEKDAY_LABELS
from app.models import (
    Closure,
    District,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TargetGroup,
    TaxonomyTerm,
)
from app.models.directory import LOCALES
from app.services import ServiceError
from app.validators import POSTAL_CODE

TEXT_LIMITS = {"name": 200, "description": 5000, "audience": 2000, "fees": 1000}
CONTACT_NAME_LIMIT = 120
MAX_AGE = 120
MAX_PHONES = 10
MAX_SPANS_PER_DAY = 2
MAX_CLOSURES = 100
# Poland, with a margin: catches swapped or mistyped coordinates.
LATITUDE_RANGE = (Decimal("49.0"), Decimal("55.0"))
LONGITUDE_RANGE = (Decimal("14.0"), Decimal("24.2"))
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{3,40}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)

STATUS_LABELS = {
    ServiceStatus.ACTIVE: lazy_pgettext("service status", "Active"),
    ServiceStatus.TEMPORARILY_CLOSED: lazy_pgettext("service status", "Temporarily closed"),
    ServiceStatus.INACTIVE: lazy_pgettext("service status", "No longer offered"),
}

SERVICE_LABELS = {
    "name_pl": _l("Name in Polish"),
    "name_uk": _l("Name in Ukrainian"),
    "name_en": _l("Name in English"),
    "description_pl": _l("Description in Polish"),
    "description_uk": _l("Description in Ukrainian"),
    "description_en": _l("Description in English"),
    "audience_pl": _l("Who it is for, in Polish"),
    "audience_uk": _l("Who it is for, in Ukrainian"),
    "audience_en": _l("Who it is for, in English"),
    "status": _l("Status"),
    "walk_in": _l("Come in without an appointment"),
    "by_appointment": _l("By appointment"),
    "by_referral": _l("With a referral"),
    "is_free": _l("Free of charge"),
    "fees_pl": _l("Fees, in Polish"),
    "fees_uk": _l("Fees, in Ukrainian"),
    "fees_en": _l("Fees, in English"),
    "minimum_age": _l("Minimum age"),
    "maximum_age": _l("Maximum age"),
    "target_groups": _l("Who it is for (groups)"),
    "languages": _l("Languages spoken"),
    "always_open": _l("Open 24 hours a day, 7 days a week"),
    "closed_on_holidays": _l("Closed on public holidays"),
    "email": _l("E-mail"),
    "url": _l("Website"),
    "contact_name": _l("Contact person"),
    "contact_title_pl": _l("Contact person's role, in Polish"),
    "contact_title_uk": _l("Contact person's role, in Ukrainian"),
    "contact_title_en": _l("Contact person's role, in English"),
    "contact_email": _l("Contact person's e-mail"),
    "contact_phone": _l("Contact person's phone"),
    "categories": _l("Categories"),
    "districts": _l("Districts served"),
    "locations": _l("Locations"),
    "phones": _l("Phones"),
    "hours": _l("Opening hours"),
    "closures": _l("Closures"),
}

LOCATION_LABELS = {
    "name": _l("Name of the place"),
    "street": _l("Street and number"),
    "postal_code": _l("Postal code"),
    "city": _l("City"),
    "district_id": _l("District"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "is_confidential": _l("Confidential address"),
    "intake_pl": _l("How to reach the place, in Polish"),
    "intake_uk": _l("How to reach the place, in Ukrainian"),
    "intake_en": _l("How to reach the place, in English"),
    "step_free": _l("Step-free access"),
    "accessible_toilet": _l("Accessible toilet"),
    "induction_loop": _l("Induction loop"),
    "sign_language": _l("Sign language"),
}

SERVICE_TEXTS = tuple(f"{field}_{locale}" for field in ("name", "description", "audience", "fees")
                      for locale in LOCALES)
# The named contact person (HSDS ``contact``): all optional, but details need a name.
CONTACT_FIELDS = ("contact_name", "contact_title_pl", "contact_title_uk", "contact_title_en", "contact_email",
                  "contact_phone")
SERVICE_FLAGS = ("walk_in", "by_appointment", "by_referral", "is_free", "always_open", "closed_on_holidays")
LOCATION_TEXTS = ("name", "street", "postal_code", "city", "intake_pl", "intake_uk", "intake_en")
LOCATION_FLAGS = ("is_confidential", "step_free", "accessible_toilet", "induction_loop", "sign_language")


# -- values: the editable state as JSON ------------------------------------------------------------

def _text(value, limit: int | None = None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if limit is not None:
        text = text[:limit]
    return text or None


def _int_or_none(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ServiceError(_l("Give a whole number.")) from None


def id_list(values) -> list[int]:
    """Distinct positive ids from untrusted values, sorted (junk is dropped)."""
    result = []
    for value in values or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number > 0 and number not in result:
            result.append(number)
    return sorted(result)


def _hhmm(value) -> str:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)[:5]


def _parse_time(value, field: str) -> time:
    try:
        return time.fromisoformat(_hhmm(value))
    except (TypeError, ValueError):
        raise ServiceError(_l("Give the time like 08:30."), field=field) from None


def _parse_date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ServiceError(_l("Give the date like 2026-05-01."), field=field) from None


def service_values(service: Service) -> dict:
    """The service as it is live, in the JSON form a change request stores."""
    values: dict[str, Any] = {name: getattr(service, name) for name in SERVICE_TEXTS}
    values.update({name: bool(getattr(service, name)) for name in SERVICE_FLAGS})
    values.update({name: getattr(service, name) for name in CONTACT_FIELDS})
    values.update(
        status=ServiceStatus(service.status).value,
        minimum_age=service.minimum_age, maximum_age=service.maximum_age,
        target_groups=sorted(service.group_list), languages=sorted(service.language_list),
        email=service.email, url=service.url,
        categories=sorted(link.taxonomy_term_id for link in service.taxonomy_links),
        districts=sorted(link.district_id for link in service.area_links),
        locations=sorted(link.location_id for link in service.service_at_locations),
        phones=[{"number": p.number, "description_pl": p.description_pl, "description_uk": p.description_uk,
                 "description_en": p.description_en, "is_24h": bool(p.is_24h)} for p in service.phones],
        hours=sorted(({"weekday": s.weekday, "opens": _hhmm(s.opens_at), "closes": _hhmm(s.closes_at)}
                      for s in service.schedules), key=lambda h: (h["weekday"], h["opens"])),
        closures=sorted(({"starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(),
                          "note_pl": c.note_pl, "note_uk": c.note_uk, "note_en": c.note_en}
                         for c in service.closures), key=lambda c: (c["starts_on"], c["ends_on"])),
    )
    return values


def location_values(location: Location) -> dict:
    """The location as it is live, in the JSON form a change request stores (a confidential address included)."""
    address = location.address()
    values: dict[str, Any] = {name: address.get(name, getattr(location, name)) for name in LOCATION_TEXTS}
    values.update({name: bool(getattr(location, name)) for name in LOCATION_FLAGS})
    values.update(district_id=location.district_id,
                  latitude=_coordinate_text(address["latitude"]), longitude=_coordinate_text(address["longitude"]))
    return values


def _coordinate_text(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.000001")))


# -- checking values ---------------------------------------------------------------------------------

def missing_required(service: Service | dict) -> dict[str, Any]:
    """The required values a service (a row, or its values) lacks: {field name: label}, in form order.

    Who it is for (in Polish) is always required, the fees (in Polish) unless it is free of charge;
    the name and description need no check: a stored service always has them.
    """
    def value(name):
        return service.get(name) if isinstance(service, dict) else getattr(service, name)

    missing = {}
    if not _text(value("audience_pl")):
        missing["audience_pl"] = SERVICE_LABELS["audience_pl"]
    if not value("is_free") and not _text(value("fees_pl")):
        missing["fees_pl"] = SERVICE_LABELS["fees_pl"]
    return missing


def clean_service_values(raw: dict, organisation_id: int, *, before: dict | None = None) -> dict:
    """Check and normalise proposed service values; ServiceError names the field that is wrong.

    ``before`` is the service as it stands (None for a new one): a required value it already
    lacks may stay missing, so a rule added later does not block unrelated edits of an older
    record; a value it has may not be cleared.
    """
    lacking = missing_required(before) if before is not None else {}
    values: dict[str, Any] = {}
    for name in SERVICE_TEXTS:
        values[name] = _text(raw.get(name), TEXT_LIMITS[name.rsplit("_", 1)[0]])
    for name in SERVICE_FLAGS:
        values[name] = bool(raw.get(name))
    if not values["name_pl"]:
        raise ServiceError(_l("Give the name in Polish."), field="name_pl")
    if not values["description_pl"]:
        raise ServiceError(_l("Describe the service in Polish."), field="description_pl")
    if not values["audience_pl"] and "audience_pl" not in lacking:
        raise ServiceError(_l("Say in Polish who the service is for."), field="audience_pl")
    if not values["is_free"] and not values["fees_pl"] and "fees_pl" not in lacking:
        raise ServiceError(_l("Say in Polish what it costs, or tick “Free of charge”."), field="fees_pl")
    try:
        values["status"] = ServiceStatus(raw.get("status") or ServiceStatus.ACTIVE).value
    except ValueError:
        raise ServiceError(_l("Choose a status from the list."), field="status") from None
    for name in ("minimum_age", "maximum_age"):
        try:
            age = _int_or_none(raw.get(name))
        except ServiceError:
            raise ServiceError(_l("Give an age from 0 to 120."), field=name) from None
        if age is not None and not 0 <= age <= MAX_AGE:
            raise ServiceError(_l("Give an age from 0 to 120."), field=name)
        values[name] = age
    if values["minimum_age"] is not None and values["maximum_age"] is not None \
            and values["minimum_age"] > values["maximum_age"]:
        raise ServiceError(_l("The maximum age cannot be lower than the minimum age."), field="maximum_age")
    values["target_groups"] = _codes(raw.get("target_groups"), {g.value for g in TargetGroup}, "target_groups")
    values["languages"] = _codes(raw.get("languages"), set(LANGUAGE_LABELS), "languages")
    values["email"] = _text(raw.get("email"))
    if values["email"] and (len(values["email"]) > 254 or not EMAIL_PATTERN.match(values["email"])):
        raise ServiceError(_l("Enter an e-mail address like name@example.org."), field="email")
    values["url"] = _text(raw.get("url"))
    if values["url"] and (len(values["url"]) > 300 or not URL_PATTERN.match(values["url"])):
        raise ServiceError(_l("Enter a full address starting with https:// or http://"), field="url")
    values.update(_clean_contact(raw))
    values["categories"] = _existing(TaxonomyTerm, raw.get("categories"), "categories")
    values["districts"] = _existing(District, raw.get("districts"), "districts")
    values["locations"] = own_location_ids(raw.get("locations"), organisation_id)
    values["phones"] = _clean_phones(raw.get("phones"))
    values["hours"] = clean_hours(raw.get("hours"))
    values["closures"] = _clean_closures(raw.get("closures"))
    return values


def _clean_contact(raw: dict) -> dict:
    """The contact person: a name (with an optional role per language), an e-mail and a phone."""
    contact = {name: _text(raw.get(name), CONTACT_NAME_LIMIT) for name in CONTACT_FIELDS[:4]}
    email, phone = _text(raw.get("contact_email")), _text(raw.get("contact_phone"))
    if email and (len(email) > 254 or not EMAIL_PATTERN.match(email)):
        raise ServiceError(_l("Enter an e-mail address like name@example.org."), field="contact_email")
    if phone and (len(phone) > 40 or not PHONE_PATTERN.match(phone) or sum(ch.isdigit() for ch in phone) < 3):
        raise ServiceError(_l("Use digits, spaces and + ( ) - only."), field="contact_phone")
    if not contact["contact_name"] and (email or phone or any(contact[f"contact_title_{loc}"] for loc in LOCALES)):
        raise ServiceError(_l("Give the contact person's name, or clear their details."), field="contact_name")
    return {**contact, "contact_email": email, "contact_phone": phone}


def _codes(raw, allowed: set[str], field: str) -> list[str]:
    codes = sorted({str(code) for code in raw or []})
    if any(code not in allowed for code in codes):
        raise ServiceError(_l("Choose from the list."), field=field)
    return codes


def _existing(model, raw, field: str) -> list[int]:
    ids = id_list(raw)
    if not ids:
        return []
    found = set(db.session.execute(select(model.id).where(model.id.in_(ids))).scalars())
    if found != set(ids):
        raise ServiceError(_l("Choose from the list."), field=field)
    return ids


def own_location_ids(raw, organisation_id: int) -> list[int]:
    """The ids, if every one is a location of this organisation; otherwise a ServiceError."""
    ids = id_list(raw)
    if not ids:
        return []
    found = set(db.session.execute(
        select(Location.id).where(Location.id.in_(ids), Location.organisation_id == organisation_id)).scalars())
    if found != set(ids):
        raise ServiceError(_l("Choose your organisation's own locations."), field="locations")
    return ids


def _clean_phones(raw) -> list[dict]:
    phones = []
    for item in raw or []:
        number = _text(item.get("number"), 40)
        descriptions = {f"description_{loc}": _text(item.get(f"description_{loc}"), 200) for loc in LOCALES}
        if not number:
            if any(descriptions.values()):
                raise ServiceError(_l("Give the phone number, or clear the description."), field="phones")
            continue
        if not PHONE_PATTERN.match(number) or sum(ch.isdigit() for ch in number) < 3:
            raise ServiceError(_l("Use digits, spaces and + ( ) - only."), field="phones")
        phones.append({"number": number, **descriptions, "is_24h": bool(item.get("is_24h"))})
    if len(phones) > MAX_PHONES:
        raise ServiceError(_l("Give at most %(num)d phone numbers.", num=MAX_PHONES), field="phones")
    return phones


# Opening-hours problems name where they are: a day, or a day's first or second opening time (``hours_error``).
HOURS_ROWS = (_l("%(day)s, first opening time"), _l("%(day)s, second opening time"))
HOURS_TIME_FORMAT = _l("%(where)s: give the time like 08:30.")
HOURS_OPENING_MISSING = _l("%(where)s: give the opening time too.")
HOURS_CLOSING_MISSING = _l("%(where)s: give the closing time too.")
HOURS_CLOSES_TOO_EARLY = _l("%(where)s: the closing time must be later than the opening time.")
HOURS_SECOND_TOO_EARLY = _l("%(where)s: it must start after the first opening time closes.")
HOURS_OVERLAP = _l("%(where)s: the two opening times overlap.")
HOURS_TOO_MANY = _l("%(where)s: give at most two opening times.")


def hours_error(message, weekday: int, row: int | None = None) -> LazyString:
    """``message`` (one of the HOURS_* texts) naming the day, and the row (1 or 2) when the day has two."""
    def text() -> str:
        day = str(WEEKDAY_LABELS[weekday])
        where = day if row is None else str(HOURS_ROWS[row - 1]) % {"day": day}
        return str(message) % {"where": where[:1].upper() + where[1:]}
    return LazyString(text)


def clean_hours(raw) -> list[dict]:
    """Weekly opening spans: at most two a day, each closing after it opens, not overlapping."""
    spans: dict[int, list[tuple[time, time]]] = {}
    for item in raw or []:
        try:
            weekday = int(item.get("weekday"))
        except (TypeError, ValueError):
            raise ServiceError(_l("Choose a day of the week."), field="hours") from None
        if not 0 <= weekday <= 6:
            raise ServiceError(_l("Choose a day of the week."), field="hours")
        try:
            opens, closes = _parse_time(item.get("opens"), "hours"), _parse_time(item.get("closes"), "hours")
        except ServiceError:
            raise ServiceError(hours_error(HOURS_TIME_FORMAT, weekday), field="hours") from None
        if closes <= opens:
            raise ServiceError(hours_error(HOURS_CLOSES_TOO_EARLY, weekday), field="hours")
        spans.setdefault(weekday, []).append((opens, closes))
    hours = []
    for weekday, day_spans in sorted(spans.items()):
        day_spans.sort()
        if len(day_spans) > MAX_SPANS_PER_DAY:
            raise ServiceError(hours_error(HOURS_TOO_MANY, weekday), field="hours")
        for (_opens, closes), (next_opens, _next_closes) in pairwise(day_spans):
            if next_opens < closes:
                raise ServiceError(hours_error(HOURS_OVERLAP, weekday), field="hours")
        hours.extend({"weekday": weekday, "opens": _hhmm(o), "closes": _hhmm(c)} for o, c in day_spans)
    return hours


def clean_closure(raw: dict) -> dict:
    """One closure: from–to dates (the end not before the start) and an optional note per language."""
    starts_on = _parse_date(raw.get("starts_on"), "starts_on")
    ends_on = _parse_date(raw.get("ends_on") or raw.get("starts_on"), "ends_on")
    if ends_on < starts_on:
        raise ServiceError(_l("The last day cannot be before the first day."), field="ends_on")
    if (ends_on - starts_on).days > 366:
        raise ServiceError(_l("A closure can last at most a year; set the status instead."), field="ends_on")
    return {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
            **{f"note_{loc}": _text(raw.get(f"note_{loc}"), 200) for loc in LOCALES}}


def _clean_closures(raw) -> list[dict]:
    closures = [clean_closure(item) for item in raw or []]
    if len(closures) > MAX_CLOSURES:
        raise ServiceError(_l("Remove old closures first."), field="closures")
    return sorted(closures, key=lambda c: (c["starts_on"], c["ends_on"]))


def clean_location_values(raw: dict) -> dict:
    """Check and normalise proposed location values; ServiceError names the field that is wrong."""
    values: dict[str, Any] = {name: _text(raw.get(name), 200) for name in ("name", "street", "city")}
    values["city"] = values["city"] and values["city"][:100]
    for locale in LOCALES:
        values[f"intake_{locale}"] = _text(raw.get(f"intake_{locale}"), 2000)
    for name in LOCATION_FLAGS:
        values[name] = bool(raw.get(name))
    if not values["name"]:
        raise ServiceError(_l("Give the place a name."), field="name")
    values["postal_code"] = _text(raw.get("postal_code"))
    if values["postal_code"] and not POSTAL_CODE.match(values["postal_code"]):
        raise ServiceError(_l("Write the postal code like 41-500."), field="postal_code")
    values["district_id"] = None
    if raw.get("district_id") not in (None, ""):
        ids = id_list([raw.get("district_id")])
        if not ids or db.session.execute(select(District.id).where(District.id == ids[0])).first() is None:
            raise ServiceError(_l("Choose a district from the list."), field="district_id")
        values["district_id"] = ids[0]
    values["latitude"] = _coordinate(raw.get("latitude"), LATITUDE_RANGE, "latitude",
                                     _l("Give a latitude between 49 and 55 (for example 50.2649)."))
    values["longitude"] = _coordinate(raw.get("longitude"), LONGITUDE_RANGE, "longitude",
                                      _l("Give a longitude between 14 and 24.2 (for example 19.0238)."))
    if (values["latitude"] is None) != (values["longitude"] is None):
        field = "longitude" if values["longitude"] is None else "latitude"
        raise ServiceError(_l("Give both latitude and longitude, or neither."), field=field)
    if values["is_confidential"] and not values["intake_pl"]:
        raise ServiceError(_l("A confidential place needs a way to reach it, in Polish (for example a phone "
                              "number to call first)."), field="intake_pl")
    return values


def _coordinate(raw, bounds: tuple[Decimal, Decimal], field: str, message) -> str | None:
    if raw in (None, ""):
        return None
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ServiceError(message, field=field) from None
    if not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        raise ServiceError(message, field=field)
    return _coordinate_text(number)


# -- writing values ----------------------------------------------------------------------------------

def write_service(service: Service, values: dict) -> None:
    """Make ``values`` (already cleaned) the service's live state; the caller audits."""
    organisation_id = service.organisation_id
    for name in SERVICE_TEXTS + SERVICE_FLAGS:
        setattr(service, name, values[name])
    for name in CONTACT_FIELDS:
        setattr(service, name, values.get(name))
    service.status = ServiceStatus(values["status"])
    service.minimum_age, service.maximum_age = values["minimum_age"], values["maximum_age"]
    service.group_list, service.language_list = values["target_groups"], values["languages"]
    service.email, service.url = values["email"], values["url"]
    terms = {term.id: term for term in db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.id.in_(values["categories"] or [-1]))).scalars()}
    _sync_links(service.taxonomy_links, "taxonomy_term_id", values["categories"],
                lambda term_id: ServiceTaxonomy(organisation_id=organisation_id, taxonomy_term_id=term_id,
                                                term=terms.get(term_id)))
    _sync_links(service.area_links, "district_id", values["districts"],
                lambda district_id: ServiceArea(organisation_id=organisation_id, district_id=district_id))
    locations = {loc.id: loc for loc in db.session.execute(
        select(Location).where(Location.id.in_(values["locations"] or [-1]),
                               Location.organisation_id == organisation_id)).scalars()}
    _sync_links(service.service_at_locations, "location_id", list(locations),
                lambda location_id: ServiceAtLocation(organisation_id=organisation_id,
                                                      location=locations[location_id]))
    _replace(service.phones, values["phones"], lambda i, p: Phone(organisation_id=organisation_id, position=i, **p))
    _replace(service.schedules, values["hours"], lambda _i, h: Schedule(
        organisation_id=organisation_id, weekday=h["weekday"], opens_at=time.fromisoformat(h["opens"]),
        closes_at=time.fromisoformat(h["closes"])))
    _replace(service.closures, values["closures"], lambda _i, c: Closure(
        organisation_id=organisation_id, starts_on=date.fromisoformat(c["starts_on"]),
        ends_on=date.fromisoformat(c["ends_on"]), note_pl=c["note_pl"], note_uk=c["note_uk"], note_en=c["note_en"]))


def _sync_links(collection: list, key: str, wanted: list[int], build) -> None:
    """Keep the links whose ``key`` is wanted, drop the others, add the missing ones (no churn)."""
    for link in list(collection):
        if getattr(link, key) not in wanted:
            collection.remove(link)
    present = {getattr(link, key) for link in collection}
    for value in wanted:
        if value not in present:
            collection.append(build(value))


def _replace(collection: list, items: list[dict], build) -> None:
    """Replace a child list when it differs (rows are small and have no identity of their own)."""
    collection.clear()
    for index, item in enumerate(items):
        collection.append(build(index, item))


def write_location(location: Location, values: dict) -> None:
    """Make ``values`` (already cleaned) the location's live state; the caller audits.

    The address goes where confidentiality says (``Location.set_address``): a confidential
    place's street, postal code and coordinates never stay in the ``location`` row.
    """
    for name in LOCATION_FLAGS:
        setattr(location, name, values[name])
    for name in LOCATION_TEXTS:
        if name not in Location.ADDRESS_FIELDS:
            setattr(location, name, values[name])
    location.district_id = values["district_id"]
    location.set_address(
        street=values["street"], postal_code=values["postal_code"],
        latitude=Decimal(values["latitude"]) if values["latitude"] is not None else None,
        longitude=Decimal(values["longitude"]) if values["longitude"] is not None else None)


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """The names of the fields whose values differ."""
    before = before or {}
    return [name for name in after if before.get(name) != after.get(name)]
