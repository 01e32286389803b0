"""Actions in the organisation's workspace: the actions it is responsible for (paged: open by due date, closed or all,
filtered by network), each with the form its admins and coordinators update it with; for an organisation that
coordinates networks, their overdue actions (paged); a network's open actions (paged, linked from its page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.localtime import local_today
from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import actions
from app.services.networks.access import coordinates, load_network, networks_of
from app.services.networks.privacy import PERSONAL_DATA_WARNING
from app.tenancy import parse_id
from blueprints.actions.forms import ActionFilter, UpdateForm
from blueprints.actions.lists import render_network_actions, table_context
from blueprints.forms import form_status, submit
from blueprints.paging import page_number

bp = Blueprint("actions_workspace", __name__, url_prefix="/workspace/actions", template_folder="templates")
menu_entry("workspace", "actions_workspace.actions", _l("Actions"), permission=Permission.NETWORKS_VIEW, order=48,
           current=("actions_workspace.",))


@bp.get("/", endpoint="actions")
@requires(Permission.NETWORKS_VIEW)
def actions_list():
    """Organisation members: a page of the actions their organisation is responsible for — open by due date, closed
    or all (``status``), of one of its networks (``network``); for a network coordinator's admins and coordinators
    also a page of the overdue actions of the networks it coordinates (``overdue_page``, the same network filter).
    The department is sent to its console."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("actions_console.actions", **request.args))
    networks = networks_of(actor)
    coordinated = [network for network in networks if coordinates(actor, network)]
    filter_form = ActionFilter(request.args, networks=networks)
    chosen = parse_id(request.args.get("network"))
    chosen = chosen if chosen in {network.id for network in networks} else None
    overdue = None
    if coordinated:
        overdue = (actions.overdue_actions(actor, network_id=chosen, page=page_number("overdue_page"))
                   if chosen is None or chosen in {network.id for network in coordinated}
                   else actions.ActionPage([], 1, actions.PER_PAGE, 0))  # a network it is only a member of
    return render_template("actions/workspace_list.html", filter_form=filter_form, status=filter_form.status.data,
                           own=actions.actions_of_organisation(actor, status=filter_form.status.data,
                                                               network_id=chosen, page=page_number()),
                           coordinated=coordinated, overdue=overdue, **table_context())


@bp.get("/networks/<int:network_id>")
@requires(Permission.NETWORKS_VIEW)
def network_actions(network_id: int):
    """Everyone of an organisation in the network (or coordinating it): a page of the network's open actions by due
    date, every member's; another organisation's network is a 404 (the department is sent to its console)."""
    actor = current_actor()
    network = load_network(actor, network_id)
    if actor.in_department:
        return redirect(url_for("actions_console.network_actions", network_id=network.id, **request.args))
    return render_network_actions(actor, network, "workspace")


def _detail_page(view, form=None, status: int = 200):
    return render_template("actions/detail.html", view=view, audience="workspace", today=local_today(),
                           form=form or (UpdateForm(action=view.action) if view.updatable else None),
                           warning=PERSONAL_DATA_WARNING, status_labels=actions.ACTION_STATUS_LABELS), status


@bp.get("/<int:action_id>")
@requires(Permission.NETWORKS_VIEW)
def detail(action_id: int):
    """Members of the responsible organisation (and the network's coordinator): the action with its meeting and
    what was said of it; its admins and coordinators update it here. Anyone else: 404."""
    actor = current_actor()
    view = actions.load_action(actor, action_id)
    if actor.in_department:
        return redirect(url_for("actions_console.detail", action_id=view.action.id))
    return _detail_page(view)


@bp.post("/<int:action_id>")
@requires(Permission.NETWORK_RESPOND)
def update(action_id: int):
    """The responsible organisation's admin or coordinator: move the action on (in progress, done) or drop it with
    a reason. Audited ``action.updated``."""
    actor = current_actor()
    view = actions.load_action(actor, action_id)
    form = UpdateForm(action=view.action)
    confirmed = bool(form.no_personal_data.data)
    done = submit(form, lambda: actions.update_action(actor, view.action, form.status.data, form.note.data,
                                                      confirmed=confirmed), default_field="status")
    if done:
        flash(_("The action is updated: %(status)s.", status=actions.ACTION_STATUS_LABELS[done.value.status]),
              "success")
        return redirect(url_for(".detail", action_id=view.action.id), 303)
    return _detail_page(actions.load_action(actor, action_id), form, form_status())
