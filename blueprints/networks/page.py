"""The network page both audiences read: its purpose, coordinator and every member with its contacts.

Below the members: the network's coming and recent meetings (``meetings.meetings_of_network``) and its soonest open
actions (``actions.open_actions_of_network``, the first ``SHOWN_ON_NETWORK_PAGE`` with a link to all of them), each
drawn by its own feature's partial.
"""

from __future__ import annotations

from flask import render_template

from app.permissions import Permission, current_actor
from app.services.networks import access, actions, meetings, registry
from blueprints.actions.lists import table_context


def render_network(network, audience: str):
    """The network's page for ``audience`` ("console" or "workspace"), with the department's member forms when the
    reader may manage networks (adding organisations has a page of its own: ``networks_console.members_add``)."""
    actor = current_actor()
    members = registry.members_of(network, actor=actor)
    manage = audience == "console" and actor.has(Permission.NETWORKS_MANAGE)
    coordinator = access.coordinates(actor, network)
    own = next((member for member in members if member.organisation_id == actor.organisation_id), None)
    return render_template(
        "networks/network.html", network=network, members=members, audience=audience, own=own,
        manage=manage,
        may_edit_contact=audience == "workspace" and own is not None and actor.has(Permission.NETWORK_RESPOND),
        network_meetings=meetings.meetings_of_network(actor, network),
        can_convene=coordinator and network.is_active,
        network_actions=actions.open_actions_of_network(actor, network, per_page=actions.SHOWN_ON_NETWORK_PAGE),
        network_actions_all=actor.in_department or coordinator,
        action_table_context=table_context(),
    )
