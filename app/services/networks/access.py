"""Who may see and run a network: the one place the other network services ask.

A ``Network`` belongs to the department. A member organisation reads the networks it is in through the named
scope ``networks.membership`` — always with an explicit filter on its own ``NetworkMember`` row (see
``member_query``), never anything wider (tests/security/test_scope_discipline.py lists the name). The department
reads every network in its own scope. A network the actor's organisation is not in is a 404.

The network's **coordinator** is its coordinating organisation's admins and coordinators (``MEETINGS_MANAGE`` in
that organisation), and the department's admins and officers for every network.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import exists, select

from app.extensions import db
from app.models import Network, NetworkMember
from app.permissions import Permission
from app.tenancy import parse_id, system_scope


def membership_scope():
    """The named scope in which a member organisation reads its networks (always with ``member_query``'s filter)."""
    return system_scope("networks.membership")


def member_query(organisation_id: int):
    """The networks ``organisation_id`` is a member or the coordinator of (to run inside ``membership_scope()``)."""
    is_member = exists().where(NetworkMember.network_id == Network.id,
                               NetworkMember.organisation_id == organisation_id)
    return select(Network).where((Network.coordinator_organisation_id == organisation_id) | is_member)


def load_network(actor, network_id) -> Network:
    """The network as the actor may see it (department: any; organisation: its own networks); else a 404."""
    network_id = parse_id(network_id)
    if network_id is None or actor.membership is None:
        abort(404)
    if actor.in_department:
        network = db.session.scalar(select(Network).where(Network.id == network_id))
    else:
        with membership_scope():
            network = db.session.execute(
                member_query(actor.organisation_id).where(Network.id == network_id)).scalar_one_or_none()
    if network is None:
        abort(404)
    return network


def networks_of(actor) -> list[Network]:
    """The networks the actor sees, by name: every one for the department, its own for an organisation."""
    if actor.membership is None:
        return []
    if actor.in_department:
        return list(db.session.scalars(select(Network).order_by(Network.name)))
    with membership_scope():
        return list(db.session.scalars(member_query(actor.organisation_id).order_by(Network.name)))


def coordinates(actor, network: Network) -> bool:
    """Whether the actor may convene the network's meetings and write to its members."""
    if not actor.has(Permission.MEETINGS_MANAGE):
        return False
    return actor.in_department or network.coordinator_organisation_id == actor.organisation_id


def member_organisation_ids(network: Network) -> set[int]:
    """The organisations of a network: its members and its coordinator (read in the named membership scope)."""
    with membership_scope():
        ids = set(db.session.scalars(select(NetworkMember.organisation_id)
                                     .where(NetworkMember.network_id == network.id)))
    ids.add(network.coordinator_organisation_id)
    return ids
