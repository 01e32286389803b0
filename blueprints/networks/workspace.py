"""Networks in an organisation's workspace: the networks it is in, a network's page with every member's contacts,
and its own contact for a network."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import registry
from app.services.networks.access import load_network, networks_of
from blueprints.forms import form_data, form_status, submit
from blueprints.networks.forms import ContactForm
from blueprints.networks.page import render_network

bp = Blueprint("networks_workspace", __name__, url_prefix="/workspace/networks", template_folder="templates")
menu_entry("workspace", "networks_workspace.networks", _l("Networks"), permission=Permission.NETWORKS_VIEW,
           order=37, current=("networks_workspace.",))


@bp.get("/")
@requires(Permission.NETWORKS_VIEW)
def networks():
    """Everyone of an organisation: the networks it is in or coordinates, with what it brings (the department is
    sent to its console)."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("networks_console.networks"), 303)
    return render_template("networks/workspace_list.html", networks=networks_of(actor),
                           own=registry.own_rows(actor=actor))


@bp.get("/<int:network_id>")
@requires(Permission.NETWORKS_VIEW)
def network(network_id: int):
    """Everyone of a member organisation: the network's purpose, coordinator and every member with its contacts and
    what it brings; another organisation's network is a 404 (the department is sent to its console)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    if actor.in_department:
        return redirect(url_for("networks_console.network", network_id=found.id), 303)
    return render_network(found, "workspace")


@bp.route("/<int:network_id>/contact", methods=["GET", "POST"])
@requires(Permission.NETWORK_RESPOND)
def contact(network_id: int):
    """A member organisation's admin or coordinator: the contact it gives this network (its own row only)."""
    actor = current_actor()
    found = load_network(actor, network_id)
    member = registry.own_member(found, actor=actor)
    if member is None:  # the coordinator of a network it is not a member of has no contact to keep
        abort(404)
    form = ContactForm(obj=member)
    if submit(form, lambda: registry.update_contact(found, member, form_data(form, registry.CONTACT_FIELDS),
                                                     actor=actor)):
        flash(_("Your contact for the network is saved."), "success")
        return redirect(url_for("networks_workspace.network", network_id=found.id), 303)
    return render_template("networks/contact_form.html", form=form, network=found), form_status()
