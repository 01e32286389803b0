"""Networks in the department's console: the list, a network's page, creating and editing a network, its members
and what each brings, archiving and reactivating."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import registry
from app.services.networks.access import load_network
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.networks.forms import AddMembersForm, MemberRoleForm, NetworkForm
from blueprints.networks.page import render_network

bp = Blueprint("networks_console", __name__, url_prefix="/console/networks", template_folder="templates")
menu_entry("console", "networks_console.networks", _l("Networks"), permission=Permission.NETWORKS_VIEW,
           order=37, current=("networks_console.",))

NETWORK_FIELDS = ("name", "purpose", "coordinator_organisation_id")


def _to_network(network_id: int, status: int = 303):
    return redirect(url_for("networks_console.network", network_id=network_id), code=status)


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def networks():
    """Department staff: every network with its coordinator, number of members and whether it is active (an
    organisation's people are sent to their own networks)."""
    if not current_actor().in_department:
        return redirect(url_for("networks_workspace.networks"), 303)
    return render_template("networks/console_list.html", rows=registry.list_networks())


def _organisations_for(network=None):
    organisations = registry.active_organisations()
    if network is not None and all(o.id != network.coordinator_organisation_id for o in organisations):
        organisations.append(network.coordinator_organisation)  # a coordinator deactivated since stays shown
    return organisations


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.NETWORKS_MANAGE)
def network_new():
    """Department admin or officer: create a network with its name, purpose and coordinating organisation."""
    form = NetworkForm(organisations=_organisations_for())
    done = submit(form, lambda: registry.create_network(form_data(form, NETWORK_FIELDS), actor=current_actor()))
    if done:
        flash(_("Network “%(name)s” created. Now add its members.", name=done.value.name), "success")
        return _to_network(done.value.id)
    return render_template("networks/console_form.html", form=form, network=None), form_status()


@bp.get("/<int:network_id>")
@requires(Permission.NETWORKS_VIEW)
def network(network_id: int):
    """Department staff: one network with its purpose, coordinator and every member with its contacts and what it
    brings; admins and officers change its members here. An organisation's people are sent to its own page of the
    network (another organisation's network is a 404)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    if not actor.in_department:
        return redirect(url_for("networks_workspace.network", network_id=found.id), 303)
    return render_network(found, "console")


@bp.route("/<int:network_id>/edit", methods=["GET", "POST"])
@requires(Permission.NETWORKS_MANAGE)
def network_edit(network_id: int):
    """Department admin or officer: change a network's name, purpose or coordinating organisation."""
    found = load_network(current_actor(), network_id)
    organisations = _organisations_for(found)
    if request.method == "GET":
        form = NetworkForm(obj=found, organisations=organisations)
        form.coordinator_organisation_id.data = str(found.coordinator_organisation_id)
    else:
        form = NetworkForm(organisations=organisations)
    if submit(form, lambda: registry.update_network(found, form_data(form, NETWORK_FIELDS), actor=current_actor())):
        flash(_("Network saved."), "success")
        return _to_network(found.id)
    return render_template("networks/console_form.html", form=form, network=found), form_status()


@bp.route("/<int:network_id>/members", methods=["GET", "POST"])
@requires(Permission.NETWORKS_MANAGE)
def members_add(network_id: int):
    """Department admin or officer: the page that adds the chosen organisations to the network, with what they
    bring (every active organisation to choose from, those already in it marked)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    members = {member.organisation_id for member in registry.members_of(found, actor=actor)}
    form = AddMembersForm(organisations=registry.active_organisations(), members=members)
    done = submit(form, lambda: registry.add_members(found, form.organisations.data, form.role_in_network.data,
                                                     actor=actor))
    if done:
        flash(ngettext("%(num)d organisation added to the network.", "%(num)d organisations added to the network.",
                       done.value), "success")
        return _to_network(found.id)
    return render_template("networks/members_add.html", form=form, network=found), form_status()


@bp.post("/<int:network_id>/members/<int:organisation_id>")
@requires(Permission.NETWORKS_MANAGE)
def member_role(network_id: int, organisation_id: int):
    """Department admin or officer: say what a member brings to the network."""
    actor = current_actor()
    found = load_network(actor, network_id)
    form = MemberRoleForm()
    if form.validate_on_submit():
        if attempt(lambda: registry.set_member_role(found, organisation_id, form.role_in_network.data, actor=actor)):
            flash(_("Saved what the organisation brings."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return _to_network(found.id)


@bp.post("/<int:network_id>/members/<int:organisation_id>/remove")
@requires(Permission.NETWORKS_MANAGE)
def member_remove(network_id: int, organisation_id: int):
    """Department admin or officer: take an organisation out of the network (never its coordinator)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    done = attempt(lambda: registry.remove_member(found, organisation_id, actor=actor))
    if done:
        flash(_("%(name)s is no longer in the network.", name=done.value.organisation.name), "success")
    return _to_network(found.id)


@bp.post("/<int:network_id>/archive")
@requires(Permission.NETWORKS_MANAGE)
def network_archive(network_id: int):
    """Department admin or officer: archive the network (its page stays readable)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    if attempt(lambda: registry.set_active(found, False, actor=actor)):
        flash(_("Network archived."), "success")
    return _to_network(found.id)


@bp.post("/<int:network_id>/reactivate")
@requires(Permission.NETWORKS_MANAGE)
def network_reactivate(network_id: int):
    """Department admin or officer: make an archived network active again."""
    actor = current_actor()
    found = load_network(actor, network_id)
    if attempt(lambda: registry.set_active(found, True, actor=actor)):
        flash(_("Network active again."), "success")
    return _to_network(found.id)
