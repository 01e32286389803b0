"""What the lists of actions share: what a table of them needs drawn once per page (``table_context``), and a
network's open actions as a page of their own, for both audiences (linked from the network's page)."""

from __future__ import annotations

from flask import render_template

from app.i18n import day_formatter
from app.localtime import local_today
from app.services.networks import actions
from app.services.networks.access import coordinates
from blueprints.paging import page_number


def table_context() -> dict:
    """What ``actions/_macros.html``'s ``action_table`` is given: the statuses' labels in the reader's language (looked
    up once, not per row), today, and the page's date formatter (``app.i18n.day_formatter``)."""
    return {"status_labels": {status: str(label) for status, label in actions.ACTION_STATUS_LABELS.items()},
            "today": local_today(), "day": day_formatter()}


def render_network_actions(actor, network, audience: str):
    """The page of ``network``'s open actions for ``audience`` ("console" or "workspace"): every member's, each
    linked when the reader may open it (its own organisation's; every one for the coordinator and the department)."""
    return render_template("actions/network_list.html", network=network, audience=audience,
                           page=actions.open_actions_of_network(actor, network, page=page_number()),
                           open_all=actor.in_department or coordinates(actor, network), **table_context())
