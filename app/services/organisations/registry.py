"""The organisation registry: registering, editing, verifying and deactivating tenants."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Membership, Organisation, OrganisationKind, Service, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.listings.editor import missing_required_by_service, services_of
from app.sql import contains
from app.unit_of_work import unique

NUMBER_TAKEN = _l("Another organisation in the registry has this number.")
NAME_TAKEN = _l("An organisation with this name is already in the registry.")
for _field in ("krs", "nip", "regon"):
    unique(f"uq_organisation_{_field}", NUMBER_TAKEN, field=_field)
unique("uq_organisation_name", NAME_TAKEN, field="name")

PROFILE_FIELDS = (
    "name", "short_name", "krs", "nip", "regon", "street", "postal_code", "city",
    "email", "phone", "website", "description_pl", "description_uk", "description_en",
)
REGISTRY_FIELDS = (*PROFILE_FIELDS, "kind")


def slugify(text: str) -> str:
    """A URL-safe name: ``Towarzystwo Przyjaciół Dzieci`` → ``towarzystwo-przyjaciol-dzieci``."""
    text = text.replace("ł", "l").replace("Ł", "L")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "organizacja"


def _unique_slug(name: str) -> str:
    base = slugify(name)
    slug, n = base, 1
    while db.session.execute(select(Organisation.id).where(Organisation.slug == slug)).first():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_unique_identifiers(data: dict, organisation: Organisation | None) -> None:
    for field in ("krs", "nip", "regon"):
        value = data.get(field)
        if not value:
            continue
        query = select(Organisation.id).where(getattr(Organisation, field) == value)
        if organisation is not None:
            query = query.where(Organisation.id != organisation.id)
        if db.session.execute(query).first():
            raise ServiceError(NUMBER_TAKEN, field=field)


def _check_unique_name(name: str, organisation: Organisation | None) -> None:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if organisation is not None:
        query = query.where(Organisation.id != organisation.id)
    if db.session.execute(query).first():
        raise ServiceError(NAME_TAKEN, field="name")


def register_organisation(data: dict, *, actor, is_demo: bool = False) -> Organisation:
    """Add an organisation to the registry (department admin). Returns the new tenant.

    Names and legal identifiers are unique in the registry, so a form sent twice adds one.
    """
    _check_unique_name(data["name"], None)
    _check_unique_identifiers(data, None)
    organisation = Organisation(slug=_unique_slug(data["name"]), is_demo=is_demo)
    for field in REGISTRY_FIELDS:
        if field in data:
            setattr(organisation, field, data[field] or None if field != "kind" else data[field])
    db.session.add(organisation)
    db.session.flush()
    record_event("organisation.registered", actor=actor, organisation_id=organisation.id,
                 target=organisation, details={"kind": str(organisation.kind)})
    return organisation


def update_organisation(organisation: Organisation, data: dict, *, actor, fields=PROFILE_FIELDS) -> list[str]:
    """Change the given fields; returns the names of the fields that changed."""
    if data.get("name"):
        _check_unique_name(data["name"], organisation)
    _check_unique_identifiers(data, organisation)
    changed = []
    for field in fields:
        if field not in data:
            continue
        value = data[field] if field == "kind" else (data[field] or None)
        if getattr(organisation, field) != value:
            setattr(organisation, field, value)
            changed.append(field)
    if changed:
        record_event("organisation.updated", actor=actor, organisation_id=organisation.id,
                     target=organisation, details={"fields": changed})
        db.session.flush()
    return changed


def verify_organisation(organisation: Organisation, *, actor) -> None:
    """Mark the organisation verified: its data was checked against the public registers."""
    if organisation.is_verified:
        return
    organisation.is_verified = True
    organisation.verified_at = utcnow()
    record_event("organisation.verified", actor=actor, organisation_id=organisation.id, target=organisation)
    db.session.flush()


def unverify_organisation(organisation: Organisation, *, actor) -> None:
    """Withdraw the verified mark."""
    if not organisation.is_verified:
        return
    organisation.is_verified = False
    organisation.verified_at = None
    record_event("organisation.unverified", actor=actor, organisation_id=organisation.id, target=organisation)
    db.session.flush()


def set_organisation_active(organisation: Organisation, active: bool, *, actor) -> None:
    """Deactivate (members can no longer act for it) or reactivate an organisation."""
    if organisation.is_department and not active:
        raise ServiceError(_l("The department cannot be deactivated."))
    if organisation.is_active == active:
        return
    organisation.is_active = active
    record_event("organisation.reactivated" if active else "organisation.deactivated",
                 actor=actor, organisation_id=organisation.id, target=organisation)
    db.session.flush()


def search_organisations(*, text: str = "", kind: str = "", status: str = ""):
    """The registry query for the console list: by name or identifier, kind and status."""
    query = select(Organisation)
    text = (text or "").strip()
    if text:
        query = query.where(or_(
            contains(Organisation.name, text),
            contains(func.coalesce(Organisation.short_name, ""), text),
            Organisation.nip == text.replace("-", ""),
            Organisation.krs == text,
            Organisation.regon == text,
        ))
    if kind:
        query = query.where(Organisation.kind == kind)
    if status == "active":
        query = query.where(Organisation.is_active.is_(True))
    elif status == "inactive":
        query = query.where(Organisation.is_active.is_(False))
    elif status == "verified":
        query = query.where(Organisation.is_verified.is_(True))
    elif status == "unverified":
        query = query.where(Organisation.is_verified.is_(False))
    return query.order_by(Organisation.kind != OrganisationKind.DEPARTMENT, Organisation.name)


COMPLETENESS_FIELDS = (
    ("description_pl", _l("Description in Polish")),
    ("description_uk", _l("Description in Ukrainian")),
    ("description_en", _l("Description in English")),
    ("street", _l("Street address")),
    ("postal_code", _l("Postal code")),
    ("email", _l("Contact e-mail")),
    ("phone", _l("Contact phone")),
    ("website", _l("Website")),
)


@dataclass(frozen=True)
class IncompleteListing:
    """A service of the organisation that lacks required values (the labels of what it lacks)."""

    service: Service
    labels: list


def profile_completeness(organisation: Organisation) -> tuple[int, list, list[IncompleteListing]]:
    """Percentage complete, the labels of what the profile is missing, and the listings lacking required values.

    Each listing lacking required values counts as one more missing item.
    """
    missing = [label for field, label in COMPLETENESS_FIELDS if not getattr(organisation, field)]
    if not (organisation.krs or organisation.nip or organisation.regon):
        missing.append(_l("A legal identifier (KRS, NIP or REGON)"))
    services = services_of(organisation.id)
    lacking = missing_required_by_service(services)
    listings = [IncompleteListing(service, list(lacking[service.id].values()))
                for service in services if service.id in lacking]
    total = len(COMPLETENESS_FIELDS) + 1 + len(listings)
    return round(100 * (total - len(missing) - len(listings)) / total), missing, listings


def member_count(organisation: Organisation) -> int:
    """How many members the organisation has (department view)."""
    return db.session.execute(
        select(func.count(Membership.id)).where(Membership.organisation_id == organisation.id)
    ).scalar_one()
