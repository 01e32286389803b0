"""The network page both audiences read: its purpose, coordinator and every member with its contacts.

Below the members: the network's coming and recent meetings (``meetings.meetings_of_network``) and its open
actions (``actions.open_actions_of_network``), each drawn by its own feature's partial.
"""

from __future__ import annotations

from flask import render_template

from app.localtime import local_today
from app.permissions import Permission, current_actor
from app.services.networks import access, actions, meetings, registry
from blueprints.networks.forms import AddMembersForm, MemberRoleForm


def render_network(network, audience: str, *, add_form: AddMembersForm | None = None, status: int = 200):
    """The network's page for ``audience`` ("console" or "workspace"), with the department's member forms when the
    reader may manage networks."""
    actor = current_actor()
    members = registry.members_of(network, actor=actor)
    manage = audience == "console" and actor.has(Permission.NETWORKS_MANAGE)
    own = next((member for member in members if member.organisation_id == actor.organisation_id), None)
    if manage and add_form is None:
        add_form = AddMembersForm(organisations=registry.active_organisations(),
                                  members={member.organisation_id for member in members})
    return render_template(
        "networks/network.html", network=network, members=members, audience=audience, own=own,
        manage=manage, add_form=add_form, role_form=MemberRoleForm() if manage else None,
        may_edit_contact=audience == "workspace" and own is not None and actor.has(Permission.NETWORK_RESPOND),
        network_meetings=meetings.meetings_of_network(actor, network),
        can_convene=access.coordinates(actor, network) and network.is_active,
        network_actions=actions.open_actions_of_network(actor, network),
        action_status_labels=actions.ACTION_STATUS_LABELS, today=local_today(),
    ), status
