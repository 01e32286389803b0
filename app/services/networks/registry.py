"""The department's networks: creating and editing them, their members and what each brings, archiving; and each
member organisation's own contact for a network.

A ``Network`` belongs to the department, which writes it and its ``NetworkMember`` rows in its department scope. A
member organisation writes only its own ``NetworkMember`` row (its contact), in its own scope. A member reads the
other members of a network it is in (their registry contact and the contact they gave the network) in the named
scope ``networks.members`` — only after ``access.load_network`` found the network among its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from app.extensions import db
from app.models import Network, NetworkMember, Organisation, OrganisationKind
from app.services import ServiceError, clean_text
from app.services.audit.log import record_event
from app.services.networks import privacy
from app.tenancy import parse_id, require_department_view, system_scope
from app.unit_of_work import unique

NAME_TAKEN = _l("A network with this name already exists.")
unique("uq_network_name", NAME_TAKEN, field="name")
unique("uq_network_member", _l("This organisation is already in this network."), field="organisations")

NAME_MAX, PURPOSE_MAX, ROLE_MAX = 200, 2000, 200
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


@dataclass(frozen=True)
class NetworkRow:
    """One line of the department's list of networks."""

    network: Network
    members: int


# -- reading ----------------------------------------------------------------------------------------------

def list_networks() -> list[NetworkRow]:
    """Every network of the department, by name, with its coordinator and how many members it has (department)."""
    require_department_view()
    counts = dict(db.session.execute(select(NetworkMember.network_id, func.count(NetworkMember.id))
                                      .group_by(NetworkMember.network_id)).all())
    networks = db.session.scalars(select(Network).options(selectinload(Network.coordinator_organisation))
                                  .order_by(Network.is_active.desc(), Network.name))
    return [NetworkRow(network, counts.get(network.id, 0)) for network in networks]


def members_of(network: Network, *, actor) -> list[NetworkMember]:
    """The network's members with their organisations (joined in: one statement), by name: read in the department's
    scope, or — for a member organisation that has already loaded the network through ``access.load_network`` — in
    ``networks.members``."""
    statement = (select(NetworkMember).join(NetworkMember.organisation)
                 .where(NetworkMember.network_id == network.id)
                 .options(contains_eager(NetworkMember.organisation)).order_by(Organisation.name))
    if actor.in_department:
        return list(db.session.scalars(statement))
    with system_scope("networks.members"):
        return list(db.session.scalars(statement))


def own_member(network: Network, *, actor) -> NetworkMember | None:
    """The actor's organisation's own row in the network (its contact), read in its own scope; None if not a
    member."""
    return db.session.scalars(select(NetworkMember).where(
        NetworkMember.network_id == network.id, NetworkMember.organisation_id == actor.organisation_id)).first()


def own_rows(*, actor) -> dict[int, NetworkMember]:
    """The actor's organisation's rows in every network it is in, by network (its own scope)."""
    rows = db.session.scalars(select(NetworkMember).where(NetworkMember.organisation_id == actor.organisation_id))
    return {row.network_id: row for row in rows}


def networks_of_organisation(organisation_id: int) -> list[tuple[Network, NetworkMember | None]]:
    """The networks an organisation is in or coordinates, by name, each with its row in it (what it brings), for
    the registry's page of the organisation (department)."""
    require_department_view()
    rows = {row.network_id: row for row in db.session.scalars(
        select(NetworkMember).where(NetworkMember.organisation_id == organisation_id))}
    networks = db.session.scalars(select(Network).where(
        (Network.coordinator_organisation_id == organisation_id) | Network.id.in_(list(rows)))
        .order_by(Network.name))
    return [(network, rows.get(network.id)) for network in networks]


def active_organisations() -> list[Organisation]:
    """The active organisations of the registry, by name (the department first): coordinators and members to
    choose from."""
    return list(db.session.scalars(select(Organisation).where(Organisation.is_active.is_(True))
                                   .order_by(Organisation.kind != OrganisationKind.DEPARTMENT, Organisation.name)))


# -- the department's changes -----------------------------------------------------------------------------

def _clean(data: dict) -> dict:
    name = clean_text(data.get("name"), NAME_MAX, "name", one_line=True)
    if not name:
        raise ServiceError(_l("Enter the network's name."), field="name")
    purpose = clean_text(data.get("purpose"), PURPOSE_MAX, "purpose")
    privacy.check_free_text({"name": name, "purpose": purpose}, can_confirm=False)
    return {"name": name, "purpose": purpose,
            "coordinator_organisation_id": parse_id(data.get("coordinator_organisation_id"))}


def _check_name(name: str, network: Network | None) -> None:
    query = select(Network.id).where(func.lower(Network.name) == name.lower())
    if network is not None:
        query = query.where(Network.id != network.id)
    if db.session.execute(query).first():
        raise ServiceError(NAME_TAKEN, field="name")


def _coordinator(organisation_id: int | None) -> Organisation:
    """The coordinating organisation: any active organisation of the registry, or the department itself."""
    organisation = None
    if organisation_id is not None:
        organisation = db.session.scalar(select(Organisation).where(Organisation.id == organisation_id))
    if organisation is None:
        raise ServiceError(_l("Choose the coordinating organisation from the list."),
                           field="coordinator_organisation_id")
    if not organisation.is_active:
        raise ServiceError(_l("%(name)s is deactivated: choose an active organisation to coordinate the network.",
                              name=organisation.name), field="coordinator_organisation_id")
    return organisation


def _ensure_member(network: Network, organisation: Organisation, *, actor) -> None:
    """The coordinating organisation is a member too (the department coordinates without being one)."""
    if organisation.is_department:
        return
    found = db.session.scalar(select(NetworkMember.id).where(
        NetworkMember.network_id == network.id, NetworkMember.organisation_id == organisation.id))
    if found is None:
        _add_member(network, organisation, None, actor=actor)


def _add_member(network: Network, organisation: Organisation, role_in_network: str | None, *, actor) -> NetworkMember:
    member = NetworkMember(organisation_id=organisation.id, network=network, role_in_network=role_in_network)
    db.session.add(member)
    db.session.flush()
    record_event("network.member_added", actor=actor, organisation_id=organisation.id, target=member,
                 details={"network": network.name, "organisation": organisation.name})
    return member


def create_network(data: dict, *, actor) -> Network:
    """Department admin or officer: a new network with its name, purpose and coordinating organisation (which
    becomes its first member, unless it is the department)."""
    require_department_view()
    values = _clean(data)
    _check_name(values["name"], None)
    coordinator = _coordinator(values["coordinator_organisation_id"])
    network = Network(organisation_id=actor.organisation_id, name=values["name"], purpose=values["purpose"],
                      coordinator_organisation_id=coordinator.id, is_active=True)
    db.session.add(network)
    db.session.flush()
    record_event("network.created", actor=actor.user, organisation_id=actor.organisation_id, target=network,
                 details={"name": network.name, "coordinator": coordinator.name})
    _ensure_member(network, coordinator, actor=actor.user)
    return network


def update_network(network: Network, data: dict, *, actor) -> Network:
    """Department admin or officer: change a network's name, purpose or coordinating organisation."""
    require_department_view()
    values = _clean(data)
    _check_name(values["name"], network)
    coordinator = network.coordinator_organisation
    if values["coordinator_organisation_id"] != network.coordinator_organisation_id:
        coordinator = _coordinator(values["coordinator_organisation_id"])
    changed = sorted(key for key, value in values.items() if getattr(network, key) != value)
    if not changed:
        return network
    network.name, network.purpose = values["name"], values["purpose"]
    network.coordinator_organisation_id = coordinator.id
    network.coordinator_organisation = coordinator
    db.session.flush()
    record_event("network.updated", actor=actor.user, organisation_id=network.organisation_id, target=network,
                 details={"name": network.name, "changed": changed})
    _ensure_member(network, coordinator, actor=actor.user)
    return network


def add_members(network: Network, organisation_ids, role_in_network: str | None = None, *, actor) -> int:
    """Department admin or officer: add the chosen organisations to the network (each active, none already in);
    ``role_in_network`` says what they bring. Returns how many were added."""
    require_department_view()
    ids = [one for one in (parse_id(value) for value in organisation_ids or ()) if one is not None]
    if not ids:
        raise ServiceError(_l("Choose at least one organisation."), field="organisations")
    role = clean_text(role_in_network, ROLE_MAX, "role_in_network", one_line=True)
    privacy.check_free_text({"role_in_network": role}, can_confirm=False)
    organisations = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids))
                                            .order_by(Organisation.name)))
    if len(organisations) != len(set(ids)) or any(o.is_department for o in organisations):
        raise ServiceError(_l("Choose from the list."), field="organisations")
    already = set(db.session.scalars(select(NetworkMember.organisation_id).where(
        NetworkMember.network_id == network.id, NetworkMember.organisation_id.in_(ids))))
    for organisation in organisations:
        if organisation.id in already:
            raise ServiceError(_l("%(name)s is already in this network.", name=organisation.name),
                               field="organisations")
        if not organisation.is_active:
            raise ServiceError(_l("%(name)s is deactivated and cannot join a network.", name=organisation.name),
                               field="organisations")
    for organisation in organisations:
        _add_member(network, organisation, role, actor=actor.user)
    return len(organisations)


def _member(network: Network, organisation_id) -> NetworkMember:
    organisation_id = parse_id(organisation_id)
    member = None
    if organisation_id is not None:
        member = db.session.scalar(select(NetworkMember).where(
            NetworkMember.network_id == network.id, NetworkMember.organisation_id == organisation_id))
    if member is None:
        raise ServiceError(_l("This organisation is not in this network."))
    return member


def remove_member(network: Network, organisation_id, *, actor) -> NetworkMember:
    """Department admin or officer: take an organisation out of the network (never its coordinator)."""
    require_department_view()
    member = _member(network, organisation_id)
    if member.organisation_id == network.coordinator_organisation_id:
        raise ServiceError(_l("%(name)s coordinates this network: choose another coordinator first.",
                              name=member.organisation.name))
    record_event("network.member_removed", actor=actor.user, organisation_id=member.organisation_id, target=member,
                 details={"network": network.name, "organisation": member.organisation.name,
                          "title": f"{member.organisation.name} – {network.name}"})
    db.session.delete(member)
    db.session.flush()
    return member


def set_member_role(network: Network, organisation_id, role_in_network: str | None, *, actor) -> NetworkMember:
    """Department admin or officer: say what a member brings to the network ("the Blue Card procedure")."""
    require_department_view()
    member = _member(network, organisation_id)
    role = clean_text(role_in_network, ROLE_MAX, "role_in_network", one_line=True)
    privacy.check_free_text({"role_in_network": role}, can_confirm=False)
    if role != member.role_in_network:
        member.role_in_network = role
        db.session.flush()
        record_event("network.member_updated", actor=actor.user, organisation_id=member.organisation_id,
                     target=member, details={"network": network.name, "organisation": member.organisation.name})
    return member


def set_active(network: Network, active: bool, *, actor) -> Network:
    """Department admin or officer: archive a network (it stays readable) or make it active again."""
    require_department_view()
    if network.is_active != active:
        network.is_active = active
        db.session.flush()
        record_event("network.reactivated" if active else "network.archived", actor=actor.user,
                     organisation_id=network.organisation_id, target=network, details={"name": network.name})
    return network


# -- a member organisation's own contact -------------------------------------------------------------------

def update_contact(network: Network, member: NetworkMember, data: dict, *, actor) -> NetworkMember:
    """A member organisation's admin or coordinator: the contact it gives the network (a name, e-mail, phone) —
    its own row, in its own scope."""
    if member.organisation_id != actor.organisation_id or member.network_id != network.id:
        raise ServiceError(_l("Only the organisation itself changes its contact for the network."))
    values = {"contact_name": clean_text(data.get("contact_name"), 200, "contact_name", one_line=True),
              "contact_email": clean_text(data.get("contact_email"), 254, "contact_email", one_line=True),
              "contact_phone": clean_text(data.get("contact_phone"), 40, "contact_phone", one_line=True)}
    privacy.check_free_text({"contact_name": values["contact_name"], "contact_email": values["contact_email"]},
                            can_confirm=False)
    changed = sorted(key for key, value in values.items() if getattr(member, key) != value)
    if changed:
        for key, value in values.items():
            setattr(member, key, value)
        db.session.flush()
        record_event("network.contact_updated", actor=actor.user, organisation_id=member.organisation_id,
                     target=member, details={"network": network.name, "changed": changed})
    return member
