"""Actions in the organisation's workspace: the actions it is responsible for (open first by due date), each with
the form its admins and coordinators update it with, and — for an organisation that coordinates networks — their
overdue actions."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.localtime import local_today
from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import actions
from app.services.networks.privacy import PERSONAL_DATA_WARNING
from app.tenancy import parse_id
from blueprints.actions.forms import NetworkFilter, UpdateForm
from blueprints.forms import form_status, submit

bp = Blueprint("actions_workspace", __name__, url_prefix="/workspace/actions", template_folder="templates")
menu_entry("workspace", "actions_workspace.actions", _l("Actions"), permission=Permission.NETWORKS_VIEW, order=48,
           current=("actions_workspace.",))


@bp.get("/", endpoint="actions")
@requires(Permission.NETWORKS_VIEW)
def actions_list():
    """Organisation members: the actions their organisation is responsible for, open first by due date; for a
    network coordinator's admins and coordinators also the overdue actions of the networks it coordinates (filtered
    by network). The department is sent to its console."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("actions_console.actions", **request.args))
    networks = actions.coordinated_networks(actor)
    chosen = parse_id(request.args.get("network"))
    chosen = chosen if chosen in {network.id for network in networks} else None
    return render_template("actions/workspace_list.html", own=actions.actions_of_organisation(actor),
                           networks=networks, filter_form=NetworkFilter(request.args, networks=networks),
                           overdue=actions.overdue_actions(actor, network_id=chosen) if networks else [],
                           today=local_today(), status_labels=actions.ACTION_STATUS_LABELS)



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
