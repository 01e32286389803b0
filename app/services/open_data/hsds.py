"""The directory as Open Referral HSDS 3.0 objects (read-only API and exports).

Ids are UUIDs derived from our keys, stable across exports. A confidential location is
published without address or coordinates: only its name, intake route and accessibility.
Fields with no value are left out rather than sent as null, as the schemas require.

Free places: HSDS 3.0's service schema allows properties beyond its own (it sets no ``additionalProperties``),
so a service carries ``service_capacity`` shaped as HSDS 3.1 defines it — one object per unit residents may see,
with the ``unit`` (bed or room), ``available`` and ``maximum`` for a unit that publishes its exact count, a
``description`` with the kind, who it serves and the level, and ``updated``. A unit that publishes only a coarse
level, or whose count nobody confirmed for a day, gives no numbers (3.1 requires ``available``: such an object
says only what the organisation chose to say). A confidential place's address never appears.
"""

from __future__ import annotations

import uuid
from datetime import UTC

from flask_babel import force_locale

from app.labels import COUNTED_BY_LABELS, SERVES_LABELS
from app.models import CapacityUnit, Location, Organisation, PublicAvailability, Service, TaxonomyTerm, utcnow
from app.models.tenancy import OrganisationKind
from app.services.capacity import availability as places

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("0b4c3c55-5f0a-4a55-9c1e-5c0e8a1d2b77")
# Rows looked up by id get a UUIDv8 that carries the kind and our integer key, so an id in a
# URL is decoded, not searched for. Other objects (addresses, languages) get a UUIDv5.
ID_PREFIX = 0x5C0E_8A1D_2B77  # 48 bits marking our ids
KIND_CODES = {"service": 1, "organization": 2, "taxonomy_term": 3, "location": 4, "service_at_location": 5,
              "phone": 6, "schedule": 7, "service_area": 8, "taxonomy": 9, "address": 10, "accessibility": 11,
              "cost_option": 12, "contact": 13, "service_capacity": 14}
TAXONOMY_ID_KEY = "taxonomy:siec-wsparcia"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NON_PROFIT_KINDS = {OrganisationKind.NGO, OrganisationKind.FOUNDATION, OrganisationKind.ASSOCIATION,
                    OrganisationKind.CHURCH, OrganisationKind.SELF_HELP_GROUP}


def hsds_id(kind: str, key) -> str:
    """A stable UUID for one of our rows (``hsds_id("service", 12)``)."""
    if kind in KIND_CODES and isinstance(key, int):
        value = (ID_PREFIX << 80) | (0x8 << 76) | (KIND_CODES[kind] << 64) | (0b10 << 62) | key
        return str(uuid.UUID(int=value))
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def key_of(kind: str, value: str) -> int | None:
    """Our integer key inside an HSDS id of ``kind``, or None when it is not one of ours."""
    try:
        number = uuid.UUID(value).int
    except (ValueError, AttributeError, TypeError):
        return None
    if number >> 80 != ID_PREFIX or (number >> 76) & 0xF != 0x8 or (number >> 64) & 0xFFF != KIND_CODES.get(kind):
        return None
    key = number & ((1 << 62) - 1)
    return key if 0 < key < 2**31 else None


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _text(obj, field: str, locale: str) -> str | None:
    return obj.text(field, locale)


def taxonomy(locale: str) -> dict:
    """The portal's one category scheme."""
    return {"id": hsds_id("taxonomy", 1), "name": "Sieć Wsparcia",
            "description": {"pl": "Kategorie pomocy portalu Sieć Wsparcia", "uk": "Категорії допомоги Sieć Wsparcia",
                            "en": "Categories of help of Sieć Wsparcia"}[locale], "version": "1"}


def taxonomy_term(term: TaxonomyTerm, locale: str) -> dict:
    """One category, labelled in ``locale``; synonyms go in the description."""
    synonyms = getattr(term, f"synonyms_{locale}") or ""
    return _clean({
        "id": hsds_id("taxonomy_term", term.id),
        "code": term.code,
        "name": term.text("label", locale),
        "description": synonyms.strip() or term.text("label", locale),
        "parent_id": hsds_id("taxonomy_term", term.parent_id) if term.parent_id else None,
        "taxonomy": "Sieć Wsparcia",
        "language": locale,
        "taxonomy_id": hsds_id("taxonomy", 1),
    })


def organization(organisation: Organisation, locale: str) -> dict:
    """One organisation (never department internals: only what its profile says publicly)."""
    identifiers = []
    for scheme, value in (("PL-KRS", organisation.krs), ("PL-NIP", organisation.nip), ("PL-REGON", organisation.regon)):
        if value:
            identifiers.append({"id": hsds_id(f"identifier:{scheme}", organisation.id),
                                "identifier_scheme": scheme, "identifier_type": scheme.split("-")[1],
                                "identifier": value})
    return _clean({
        "id": hsds_id("organization", organisation.id),
        "name": organisation.name,
        "alternate_name": organisation.short_name,
        "description": organisation.description(locale) or organisation.name,
        "email": organisation.email,
        "website": organisation.website,
        "tax_status": "non-profit" if organisation.kind in NON_PROFIT_KINDS else None,
        "tax_id": organisation.nip,
        "legal_status": str(organisation.kind),
        "organization_identifiers": identifiers,
    })


def location(place: Location, locale: str) -> dict:
    """A place; a confidential one without address and coordinates."""
    accessibility = [label for flag, label in (
        (place.step_free, "step-free access"), (place.accessible_toilet, "accessible toilet"),
        (place.induction_loop, "induction loop"), (place.sign_language, "sign language")) if flag]
    data = {
        "id": hsds_id("location", place.id),
        "location_type": "physical",
        "organization_id": hsds_id("organization", place.organisation_id),
        "name": place.name if not place.is_confidential else None,
        "description": place.text("intake", locale),
        "accessibility": [{"id": hsds_id("accessibility", place.id), "location_id": hsds_id("location", place.id),
                           "description": ", ".join(accessibility)}] if accessibility else [],
    }
    if not place.is_confidential:
        if place.latitude is not None and place.longitude is not None:
            data["latitude"] = float(place.latitude)
            data["longitude"] = float(place.longitude)
        if place.street and place.city and place.postal_code:
            data["addresses"] = [{
                "id": hsds_id("address", place.id), "location_id": hsds_id("location", place.id),
                "address_1": place.street, "city": place.city, "region": place.district.name if place.district else "",
                "state_province": "śląskie", "postal_code": place.postal_code, "country": "PL",
                "address_type": "physical"}]
    return _clean(data)


def _schedules(service: Service) -> list[dict]:
    if service.always_open:
        return [{"id": hsds_id("schedule", f"always:{service.id}"), "service_id": hsds_id("service", service.id),
                 "freq": "WEEKLY", "byday": ",".join(WEEKDAYS), "opens_at": "00:00", "closes_at": "23:59",
                 "description": "24/7"}]
    return [{
        "id": hsds_id("schedule", row.id), "service_id": hsds_id("service", service.id), "freq": "WEEKLY",
        "wkst": "MO", "byday": WEEKDAYS[row.weekday], "opens_at": row.opens_at.strftime("%H:%M"),
        "closes_at": row.closes_at.strftime("%H:%M"),
    } for row in service.schedules]


def service_capacity(unit: CapacityUnit, locale: str, now=None) -> dict:
    """One public unit as HSDS 3.1's ``service_capacity``: numbers only for an exact, fresh count."""
    now = now or utcnow()
    with force_locale(locale):
        shown = places.availability(unit, now)
        kind = places.kind_label(unit, locale)
        serves = ", ".join(str(SERVES_LABELS.get(code, code)) for code in unit.serves_list)
        unit_name = str(COUNTED_BY_LABELS[unit.counted_by])
    exact = unit.public_availability == PublicAvailability.EXACT and shown.level is not places.Level.UNCONFIRMED
    description = f"{unit.name} — {kind}" + (f" ({serves})" if serves else "") + f": {shown.label}"
    return _clean({
        "id": hsds_id("service_capacity", unit.id),
        "service_id": hsds_id("service", unit.service_id),
        "unit": {"id": hsds_id("unit", unit.counted_by.value), "name": unit_name, "scheme": "Sieć Wsparcia",
                 "identifier": unit.counted_by.value},
        "available": unit.free if exact else None,
        "maximum": unit.in_service if exact else None,
        "description": description,
        "updated": unit.counted_at.astimezone(UTC).isoformat(timespec="milliseconds"),
    })


def service(item: Service, locale: str, *, nested: bool = True, capacity: list[CapacityUnit] = ()) -> dict:
    """One service in ``locale`` (Polish where there is no translation), fully nested when asked; ``capacity``
    its public units (``places.units_by_service``), left out when it has none."""
    data = {
        "id": hsds_id("service", item.id),
        "organization_id": hsds_id("organization", item.organisation_id),
        "name": item.text("name", locale),
        "description": item.text("description", locale),
        "url": item.url,
        "email": item.email,
        "status": item.status.value,
        "application_process": ", ".join(method for flag, method in (
            (item.walk_in, "walk-in"), (item.by_appointment, "appointment"), (item.by_referral, "referral")) if flag),
        "fees_description": "free" if item.is_free else item.text("fees", locale),
        "eligibility_description": item.text("audience", locale),
        "minimum_age": item.minimum_age,
        "maximum_age": item.maximum_age,
        "assured_date": item.last_verified_at.astimezone(UTC).date().isoformat() if item.last_verified_at else None,
        "last_modified": item.updated_at.astimezone(UTC).isoformat() if item.updated_at else None,
        "service_capacity": [service_capacity(unit, locale) for unit in capacity],
    }
    if nested:
        data.update({
            "organization": organization(item.organisation, locale),
            "phones": [_clean({"id": hsds_id("phone", p.id), "service_id": hsds_id("service", item.id),
                               "number": p.number, "type": "voice", "description": p.text("description", locale)})
                       for p in item.phones],
            "schedules": _schedules(item),
            "service_areas": [{"id": hsds_id("service_area", link.id), "service_id": hsds_id("service", item.id),
                               "name": link.district.name, "extent_type": "other"} for link in item.area_links],
            "service_at_locations": [service_at_location(link, locale) for link in item.service_at_locations],
            "languages": [{"id": hsds_id("language", f"{item.id}:{code}"), "service_id": hsds_id("service", item.id),
                           "code": code} for code in item.language_list],
            "contacts": _contacts(item, locale),
            "cost_options": [] if item.is_free else [_clean({
                "id": hsds_id("cost_option", item.id), "service_id": hsds_id("service", item.id),
                "currency": "PLN", "amount_description": item.text("fees", locale)})],
        })
    return _clean(data)


def _contacts(item: Service, locale: str) -> list[dict]:
    """The service's named contact person, when it gives a name or an e-mail (one per service)."""
    if not (item.contact_name or item.contact_email):
        return []
    contact_id = hsds_id("contact", item.id)
    phones = [{"id": hsds_id("phone", f"contact:{item.id}"), "contact_id": contact_id,
               "number": item.contact_phone, "type": "voice"}] if item.contact_phone else []
    return [_clean({"id": contact_id, "service_id": hsds_id("service", item.id), "name": item.contact_name,
                    "title": item.text("contact_title", locale), "email": item.contact_email, "phones": phones})]


def service_at_location(link, locale: str) -> dict:
    """A service at a place, with the place."""
    return {"id": hsds_id("service_at_location", link.id), "service_id": hsds_id("service", link.service_id),
            "location_id": hsds_id("location", link.location_id), "location": location(link.location, locale)}
