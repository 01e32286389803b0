"""Actions in the department's console: the overdue actions of every network (paged, filtered by network), a
network's open actions (paged), and one action read-only."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.localtime import local_today
from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import actions
from app.services.networks.access import load_network, networks_of
from app.tenancy import parse_id
from blueprints.actions.forms import NetworkFilter
from blueprints.actions.lists import render_network_actions, table_context
from blueprints.paging import page_number

bp = Blueprint("actions_console", __name__, url_prefix="/console/actions", template_folder="templates")
menu_entry("console", "actions_console.actions", _l("Overdue actions"), permission=Permission.NETWORKS_VIEW,
           order=48, current=("actions_console.",))


@bp.get("/", endpoint="actions")
@requires(Permission.NETWORKS_VIEW)
def actions_list():
    """Department staff: a page of the overdue actions of every network, oldest due first, filtered by network. An
    organisation's member is sent to its workspace (where a coordinating organisation sees its networks')."""
    actor = current_actor()
    if not actor.in_department:
        return redirect(url_for("actions_workspace.actions", **request.args))
    networks = networks_of(actor)
    chosen = parse_id(request.args.get("network"))
    chosen = chosen if chosen in {network.id for network in networks} else None
    return render_template("actions/console_list.html", networks=networks,
                           filter_form=NetworkFilter(request.args, networks=networks),
                           overdue=actions.overdue_actions(actor, network_id=chosen, page=page_number()),
                           **table_context())


@bp.get("/networks/<int:network_id>")
@requires(Permission.NETWORKS_VIEW)
def network_actions(network_id: int):
    """Department staff: a page of a network's open actions by due date. An organisation's member is sent to its
    workspace's page of them (another organisation's network is a 404)."""
    actor = current_actor()
    network = load_network(actor, network_id)
    if not actor.in_department:
        return redirect(url_for("actions_workspace.network_actions", network_id=network.id, **request.args))
    return render_network_actions(actor, network, "console")


@bp.get("/<int:action_id>")
@requires(Permission.NETWORKS_VIEW)
def detail(action_id: int):
    """Department staff: one action with its meeting and what its organisation said of it (read-only). An
    organisation's member is sent to its workspace's page of the action (404 when it is not theirs)."""
    actor = current_actor()
    view = actions.load_action(actor, action_id)
    if not actor.in_department:
        return redirect(url_for("actions_workspace.detail", action_id=view.action.id))
    return render_template("actions/detail.html", view=view, audience="console", today=local_today(), form=None,
                           warning=None, status_labels=actions.ACTION_STATUS_LABELS)
