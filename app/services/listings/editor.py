"""An organisation edits its directory listings: services, their hours, closures and locations.

Every function takes the acting user and the organisation explicitly. A listing's editable
state travels as a plain JSON-able dict ("values": ``service_values``/``location_values``),
so the same values can be written at once (verified organisation) or stored in a
Revision and written when the department approves it (``app.services.moderation``).

Saving is confirming: a service written live gets ``last_verified_at`` now and its search
words rebuilt. A new service of an unverified organisation is created unpublished and goes
public on approval. Locations are created at once (nothing shows them until a published
service uses them); a change to a location that a published service uses waits like a
service change, except that hiding an address (making it confidential) never waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from app.extensions import db
from app.labels import GROUP_LABELS, LANGUAGE_LABELS, WEEKDAY_LABELS
from app.models import (
    ChangeAction,
    District,
    ListingKind,
    Location,
    Organisation,
    Revision,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    utcnow,
)
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.directory.index import refresh_search_text
from app.services.directory.listing import is_stale
from app.services.listings.values import (
    LOCALES,
    LOCATION_LABELS,
    SERVICE_LABELS,
    STATUS_LABELS,
    changed_fields,
    clean_closure,
    clean_location_values,
    clean_service_values,
    id_list,
    location_values,
    missing_required,
    service_values,
    write_location,
    write_service,
)
from app.services.moderation import review
from app.services.workflow import revisions
from app.unit_of_work import unique

SERVICE_NAME_TAKEN = _l("Your organisation already has a service with this name.")
LOCATION_NAME_TAKEN = _l("Your organisation already has a location with this name.")
unique("uq_service_name", SERVICE_NAME_TAKEN, field="name_pl")
unique("uq_location_name", LOCATION_NAME_TAKEN, field="name")


@dataclass(frozen=True)
class Saved:
    """What a save did: the row, and the change request when the change waits for the department."""

    row: Any
    change: Revision | None = None

    @property
    def waiting(self) -> bool:
        return self.change is not None


def draft_service_values(service: Service) -> dict:
    """What the editor starts from: the change waiting for the department, else the live service."""
    pending = revisions.pending_for(ListingKind.SERVICE, service.id, service.organisation_id)
    return dict(pending.proposed) if pending is not None else service_values(service)


def draft_location_values(location: Location) -> dict:
    """What the location editor starts from: the waiting change, else the live location."""
    pending = revisions.pending_for(ListingKind.LOCATION, location.id, location.organisation_id)
    return dict(pending.proposed) if pending is not None else location_values(location)


def _confirm(service: Service) -> None:
    service.last_verified_at = utcnow()
    db.session.flush()
    refresh_search_text(service)


def _check_unique_name(model, column, organisation_id: int, name: str, row, field: str, message) -> None:
    """One name per organisation: also stops a double-sent form from creating the listing twice."""
    query = select(model.id).where(model.organisation_id == organisation_id,
                                   func.lower(column) == name.lower())
    if row is not None and row.id is not None:
        query = query.where(model.id != row.id)
    if db.session.execute(query).first() is not None:
        raise ServiceError(message, field=field)


def _check_owner(row, organisation: Organisation) -> None:
    if row is not None and row.organisation_id != organisation.id:
        raise ServiceError(_l("This listing belongs to another organisation."))


def awaits_first_approval(service: Service) -> bool:
    """A service never made public: created by an unverified organisation, not yet approved."""
    return not service.is_published and service.unpublished_at is None


# -- saving services ---------------------------------------------------------------------------------

def save_service(service: Service | None, raw: dict, *, organisation: Organisation, actor) -> Saved:
    """Create (``service`` None) or change a service of ``organisation``.

    A verified organisation's change is live at once (and confirms the listing). An
    unverified organisation's change waits for the department as a Revision and the
    live listing stays as it was; its new service is created unpublished.
    """
    _check_owner(service, organisation)
    before = draft_service_values(service) if service is not None else None
    values = clean_service_values(raw, organisation.id, before=before)
    _check_unique_name(Service, Service.name_pl, organisation.id, values["name_pl"], service, "name_pl",
                       SERVICE_NAME_TAKEN)
    if not review.needs_review(organisation):
        return Saved(_save_live(service, values, organisation=organisation, actor=actor))
    if service is None:
        service = Service(organisation_id=organisation.id, organisation=organisation, is_published=False,
                          name_pl=values["name_pl"], description_pl=values["description_pl"])
        db.session.add(service)
        write_service(service, values)
        db.session.flush()
        refresh_search_text(service)
        record_event("service.created", actor=actor, organisation_id=organisation.id, target=service,
                     details={"waits_for_approval": True})
        change = revisions.submit(ListingKind.SERVICE, ChangeAction.CREATE, organisation=organisation,
                                  object_id=service.id, before=None, proposed=values, actor=actor)
        return Saved(service, change)
    pending = revisions.pending_for(ListingKind.SERVICE, service.id, organisation.id)
    if awaits_first_approval(service):
        write_service(service, values)  # not public: the row may follow the proposal
        db.session.flush()
        refresh_search_text(service)
        if pending is not None and pending.proposed == values:
            return Saved(service, pending)
        change = revisions.submit(ListingKind.SERVICE, ChangeAction.CREATE, organisation=organisation,
                                  object_id=service.id, before=None, proposed=values, actor=actor)
        return Saved(service, change)
    return _propose(ListingKind.SERVICE, service, service_values(service), values, pending,
                    organisation=organisation, actor=actor)


def _propose(kind: ListingKind, row, live: dict, values: dict, pending, *, organisation: Organisation,
             actor) -> Saved:
    """A change of a live listing that waits for the department: the same one again keeps the waiting
    revision, the live values again withdraw it, anything else is submitted as the newest revision."""
    if pending is not None and pending.proposed == values:
        return Saved(row, pending)
    if values == live:
        if pending is not None:
            revisions.withdraw(pending, actor=actor)
        return Saved(row)
    change = revisions.submit(kind, ChangeAction.UPDATE, organisation=organisation, object_id=row.id, before=live,
                              proposed=values, actor=actor)
    return Saved(row, change)


def _save_live(service: Service | None, values: dict, *, organisation: Organisation, actor) -> Service:
    created = service is None
    if created:
        service = Service(organisation_id=organisation.id, organisation=organisation, is_published=True,
                          name_pl=values["name_pl"], description_pl=values["description_pl"])
        db.session.add(service)
        before = None
    else:
        before = service_values(service)
        if awaits_first_approval(service):
            service.is_published = True  # verified since: nothing to wait for any more
    write_service(service, values)
    _confirm(service)
    pending = revisions.pending_for(ListingKind.SERVICE, service.id, organisation.id) if not created else None
    if pending is not None:
        revisions.withdraw(pending, actor=actor)
    record_event("service.created" if created else "service.updated", actor=actor, organisation_id=organisation.id,
                 target=service, details={"fields": changed_fields(before, values)})
    db.session.flush()
    return service


def update_service_part(service: Service, part: dict, *, organisation: Organisation, actor) -> Saved:
    """Change some fields (hours, closures…) of the service, keeping the rest as drafted."""
    _check_owner(service, organisation)
    return save_service(service, {**draft_service_values(service), **part}, organisation=organisation, actor=actor)


def add_closure(service: Service, raw: dict, *, organisation: Organisation, actor) -> Saved:
    """Add a closure (dates and an optional note) to the service's drafted closures."""
    closure = clean_closure(raw)
    closures = draft_service_values(service).get("closures") or []
    if closure in closures:
        raise ServiceError(_l("This closure is already on the list."), field="starts_on")
    return update_service_part(service, {"closures": [*closures, closure]}, organisation=organisation, actor=actor)


def remove_closure(service: Service, index: int, starts_on: str, *, organisation: Organisation, actor) -> Saved:
    """Remove the closure at ``index`` of the drafted list (``starts_on`` guards against a stale page)."""
    closures = list(draft_service_values(service).get("closures") or [])
    if not 0 <= index < len(closures) or closures[index]["starts_on"] != starts_on:
        raise ServiceError(_l("The list of closures has changed meanwhile. Look at it again."))
    del closures[index]
    return update_service_part(service, {"closures": closures}, organisation=organisation, actor=actor)


def apply_service_change(change: Revision, actor) -> int:
    """Moderation: make an approved service change live (a new service goes public)."""
    service = db.session.execute(
        select(Service).where(Service.id == change.object_id, Service.organisation_id == change.organisation_id)
    ).unique().scalar_one_or_none()
    if service is None:
        raise ServiceError(_l("The listing no longer exists."))
    before = service_values(service)
    values = clean_service_values(change.proposed, change.organisation_id, before=before)
    if change.action == ChangeAction.CREATE and service.unpublished_at is None:
        service.is_published = True
    write_service(service, values)
    _confirm(service)
    record_event("service.updated", actor=actor, organisation_id=change.organisation_id, target=service,
                 details={"fields": changed_fields(before, values), "change_request": change.id})
    return service.id


# -- saving locations --------------------------------------------------------------------------------

def in_public_use(location: Location) -> bool:
    """Whether a published service shows this location to residents."""
    return bool(db.session.execute(select(exists().where(
        ServiceAtLocation.location_id == location.id, ServiceAtLocation.service_id == Service.id,
        Service.is_published.is_(True)))).scalar())


def save_location(location: Location | None, raw: dict, *, organisation: Organisation, actor) -> Saved:
    """Create or change a location of ``organisation``.

    New locations are created at once (residents see a place only through a published
    service). A change to a place in public use waits for the department when the
    organisation is not verified, but making an address confidential takes effect at once.
    """
    _check_owner(location, organisation)
    values = clean_location_values(raw)
    _check_unique_name(Location, Location.name, organisation.id, values["name"], location, "name",
                       LOCATION_NAME_TAKEN)
    if location is None:
        location = Location(organisation_id=organisation.id)
        db.session.add(location)
        write_location(location, values)
        db.session.flush()
        record_event("location.created", actor=actor, organisation_id=organisation.id, target=location,
                     details={"confidential": values["is_confidential"]})
        return Saved(location)
    pending = revisions.pending_for(ListingKind.LOCATION, location.id, organisation.id)
    if not review.needs_review(organisation) or not in_public_use(location):
        before = location_values(location)
        write_location(location, values)
        if pending is not None:
            revisions.withdraw(pending, actor=actor)
        record_event("location.updated", actor=actor, organisation_id=organisation.id, target=location,
                     details={"fields": changed_fields(before, values)})
        db.session.flush()
        return Saved(location)
    if values["is_confidential"] and not location.is_confidential:
        _hide_address(location, values, actor=actor)
    return _propose(ListingKind.LOCATION, location, location_values(location), values, pending,
                    organisation=organisation, actor=actor)


def _hide_address(location: Location, values: dict, *, actor) -> None:
    """Safety first: a place asked to be confidential hides its address now, before any approval."""
    address = location.address()
    location.is_confidential = True
    location.set_address(**address)  # out of the public row, into the confidential one
    if not location.intake_pl:
        for locale in LOCALES:
            setattr(location, f"intake_{locale}", values[f"intake_{locale}"])
    record_event("location.made_confidential", actor=actor, organisation_id=location.organisation_id,
                 target=location)
    db.session.flush()


def apply_location_change(change: Revision, actor) -> int:
    """Moderation: make an approved location change live."""
    location = db.session.execute(
        select(Location).where(Location.id == change.object_id, Location.organisation_id == change.organisation_id)
    ).unique().scalar_one_or_none()
    if location is None:
        raise ServiceError(_l("The listing no longer exists."))
    values = clean_location_values(change.proposed)
    before = location_values(location)
    write_location(location, values)
    record_event("location.updated", actor=actor, organisation_id=change.organisation_id, target=location,
                 details={"fields": changed_fields(before, values), "change_request": change.id})
    db.session.flush()
    return location.id


# -- confirming --------------------------------------------------------------------------------------

def confirm_listing(service: Service, *, actor) -> None:
    """Say the listing is still right: resets the 180-day staleness clock."""
    service.last_verified_at = utcnow()
    record_event("service.confirmed", actor=actor, organisation_id=service.organisation_id, target=service)
    db.session.flush()


def listings_of(organisation_id: int) -> list[tuple[Service, bool]]:
    """The organisation's services with whether each is stale, stale ones first."""
    now = utcnow()
    rows = [(service, is_stale(service, now)) for service in services_of(organisation_id)]
    return sorted(rows, key=lambda row: not row[1])


# -- reading -----------------------------------------------------------------------------------------

def services_of(organisation_id: int) -> list[Service]:
    """The organisation's services by Polish name."""
    return list(db.session.execute(
        select(Service).where(Service.organisation_id == organisation_id).order_by(Service.name_pl, Service.id)
    ).unique().scalars())


def missing_required_by_service(services: list[Service]) -> dict[int, dict]:
    """The required values each service lacks as drafted (a waiting change counts): {service id: {field: label}},
    only the services that lack some."""
    pending: set[int] = set()
    for organisation_id in {service.organisation_id for service in services}:
        pending |= revisions.pending_ids(ListingKind.SERVICE, organisation_id)
    result = {}
    for service in services:
        missing = missing_required(draft_service_values(service) if service.id in pending else service)
        if missing:
            result[service.id] = missing
    return result


def locations_of(organisation_id: int) -> list[Location]:
    """The organisation's locations by name (the only ones its services may use)."""
    return list(db.session.execute(
        select(Location).where(Location.organisation_id == organisation_id).order_by(Location.name, Location.id)
    ).unique().scalars())


def category_choices(locale: str) -> list[tuple[int, str]]:
    """Every category, children after their parent as “Parent › Child”."""
    terms = db.session.execute(select(TaxonomyTerm).order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars().all()
    by_parent: dict[int | None, list[TaxonomyTerm]] = {}
    for term in terms:
        by_parent.setdefault(term.parent_id, []).append(term)
    choices: list[tuple[int, str]] = []

    def walk(parent_id, prefix):
        for term in by_parent.get(parent_id, []):
            label = f"{prefix}{term.text('label', locale)}"
            choices.append((term.id, label))
            walk(term.id, f"{label} › ")

    walk(None, "")
    return choices


def district_choices() -> list[tuple[int, str]]:
    """Every district of the city."""
    return [(d.id, d.name) for d in db.session.execute(
        select(District).order_by(District.position, District.name)).scalars()]


# -- how moderation shows and applies these kinds ----------------------------------------------------

def _names_of(model, ids, label) -> str:
    ids = id_list(ids)
    if not ids:
        return "—"
    rows = {row.id: row for row in db.session.execute(select(model).where(model.id.in_(ids))).unique().scalars()}
    return "\n".join(label(rows[i]) if i in rows else f"#{i}" for i in ids)


def display_service_value(name: str, value) -> str | None:
    """A service value as text for the before/after table (None: let moderation format it)."""
    from flask_babel import get_locale

    locale = str(get_locale() or "pl")[:2]
    if name == "status":
        try:
            return str(STATUS_LABELS[ServiceStatus(value)])
        except ValueError:
            return str(value)
    if name == "target_groups":
        return ", ".join(str(GROUP_LABELS.get(code, code)) for code in value or []) or "—"
    if name == "languages":
        return ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in value or []) or "—"
    if name == "categories":
        return _names_of(TaxonomyTerm, value, lambda t: t.text("label", locale))
    if name == "districts":
        return _names_of(District, value, lambda d: d.name)
    if name == "locations":
        return _names_of(Location, value, lambda loc: loc.name)
    if name == "phones":
        return "\n".join(
            " – ".join(filter(None, [p.get("number"), p.get(f"description_{locale}") or p.get("description_pl")]))
            + (f" ({_l('24 hours')})" if p.get("is_24h") else "") for p in value or []) or "—"
    if name == "hours":
        return "\n".join(f"{WEEKDAY_LABELS[h['weekday']]} {h['opens']}–{h['closes']}" for h in value or []) or "—"
    if name == "closures":
        return "\n".join(
            f"{c['starts_on']}" + (f" – {c['ends_on']}" if c["ends_on"] != c["starts_on"] else "")
            + (f": {c['note_pl']}" if c.get("note_pl") else "") for c in value or []) or "—"
    return None


def display_location_value(name: str, value) -> str | None:
    """A location value as text for the before/after table."""
    if name == "district_id":
        return _names_of(District, [value] if value else [], lambda d: d.name)
    return None


review.register_listing(ListingKind.SERVICE, apply=apply_service_change, labels=SERVICE_LABELS,
                        title=lambda values: values.get("name_pl") or "", display=display_service_value)
review.register_listing(ListingKind.LOCATION, apply=apply_location_change, labels=LOCATION_LABELS,
                        title=lambda values: values.get("name") or "", display=display_location_value)
