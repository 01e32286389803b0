"""The demo city's networks of partner organisations (app/demo/data/networks.json): the interdisciplinary team the
Social Welfare Centre coordinates (the Dzierżoniów seed's partners: police, the court's probation officers, the
mental-health clinic, schools, the crisis centre, the alcohol commission…), the department's winter action and the
alcohol programme's partners coordinated by the municipal commission — each member with the contact it gave the
network and what it brings.

A network belongs to the department, each member's row to the member organisation. Idempotent: a network whose name
the department already has is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select

from app.demo.content import read
from app.extensions import db
from app.models import Network, NetworkMember, Organisation


def load_networks(by_key: dict[str, Organisation]) -> int:
    """The demo networks and their members; returns how many networks were created."""
    department = by_key["department"]
    created = 0
    for spec in read("networks"):
        found = db.session.scalar(select(Network.id).where(Network.organisation_id == department.id,
                                                           Network.name == spec["name"]))
        if found is not None:
            continue
        network = Network(organisation_id=department.id, name=spec["name"], purpose=spec["purpose"],
                          coordinator_organisation_id=by_key[spec["coordinator"]].id, is_active=True)
        db.session.add(network)
        db.session.flush()
        for member in spec["members"]:
            db.session.add(NetworkMember(
                organisation_id=by_key[member["organisation"]].id, network_id=network.id,
                role_in_network=member["role"], contact_name=member["contact_name"],
                contact_email=member["contact_email"], contact_phone=member["contact_phone"]))
        created += 1
    db.session.flush()
    return created
