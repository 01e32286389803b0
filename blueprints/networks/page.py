"""The network page both audiences read: its purpose, coordinator and every member with its contacts.

Below the members: the network's coming and recent meetings (``meetings.meetings_of_network``) and its soonest open
actions (``actions.open_actions_of_network``, the first ``SHOWN_ON_NETWORK_PAGE`` with a link to all of them), each
drawn by its own feature's partial.
"""

from __future__ import annotations

import re

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.fragment_cache import FORM_TOKEN, KeptParts, with_form_token
from app.i18n import current_language
from app.permissions import Permission, current_actor
from app.services.networks import access, actions, meetings, registry, versions
from blueprints.actions.lists import table_context

_members_tables = KeptParts(60)  # a network's members table per version, language and audience: 10–70 kB each
_OWN_ROW = re.compile(r"__own_organisation_(\d+)__")


def members_table(network, actor, *, manage: bool) -> Markup:
    """The network's members table, drawn once per network, networks' data version (a change to the network, a
    member or an organisation raises it), language and whether the reader manages it; kept, with the reader's
    form token and "your organisation" on their own row put in."""
    key = (network.id, versions.current(), current_language(), manage)
    html = _members_tables.value(key, lambda: render_template(
        "networks/_members.html", network=network, members=registry.members_of(network, actor=actor), manage=manage,
        form_token=FORM_TOKEN))
    own_note = str(escape(" · " + _("your organisation")))
    own = str(actor.organisation_id)
    return with_form_token(_OWN_ROW.sub(lambda found: own_note if found.group(1) == own else "", html))


def render_network(network, audience: str):
    """The network's page for ``audience`` ("console" or "workspace"), with the department's member forms when the
    reader may manage networks (adding organisations has a page of its own: ``networks_console.members_add``)."""
    actor = current_actor()
    manage = audience == "console" and actor.has(Permission.NETWORKS_MANAGE)
    coordinator = access.coordinates(actor, network)
    may_respond = audience == "workspace" and actor.has(Permission.NETWORK_RESPOND)
    return render_template(
        "networks/network.html", network=network, audience=audience, manage=manage,
        members_table=members_table(network, actor, manage=manage),
        may_edit_contact=may_respond and registry.own_member(network, actor=actor) is not None,
        network_meetings=meetings.meetings_of_network(actor, network),
        can_convene=coordinator and network.is_active,
        network_actions=actions.open_actions_of_network(actor, network, per_page=actions.SHOWN_ON_NETWORK_PAGE),
        network_actions_all=actor.in_department or coordinator,
        action_table_context=table_context(),
    )
