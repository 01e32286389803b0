"""The organisation workspace: dashboard, profile and members of the active organisation."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.menus import menu_entry
from app.models import Invitation, Membership, Organisation, Service
from app.permissions import Permission, can, requires
from app.services.agreements import reading as agreements
from app.services.capacity import units as capacity_units
from app.services.feedback import inbox as feedback_inbox
from app.services.funding import calls
from app.services.listings import editor as listings
from app.services.organisations import members as roster
from app.services.organisations import registry
from app.services.reports import schedule as report_schedule
from app.tenancy import get_or_404, public_scope
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.workspace.forms import FollowedSpheresForm, InviteForm, OrganisationProfileForm, RoleForm

bp = Blueprint("workspace", __name__, url_prefix="/workspace", template_folder="templates")
menu_entry("workspace", "workspace.dashboard", _l("Overview"), permission=Permission.WORKSPACE_VIEW, order=10)
menu_entry("workspace", "workspace.profile", _l("Profile"), permission=Permission.PROFILE_EDIT, order=20)
menu_entry("workspace", "workspace.members", _l("Members"), permission=Permission.MEMBERS_VIEW, order=90,
           current=("workspace.members", "workspace.invite"))


def active_organisation() -> Organisation:
    """The organisation the user is acting for (set by app/actor.py)."""
    return g.membership.organisation


@bp.get("/")
@requires(Permission.WORKSPACE_VIEW)
def dashboard():
    """Organisation members: what is missing from the profile and the listings, the listings to confirm,
    residents' reports waiting for an answer, units of places nobody counted for a day,
    agreements waiting for the admin's acceptance, outcome reports overdue,
    due soon or returned, the calls for offers it
    may apply in, and who the members are."""
    organisation = active_organisation()
    percent, missing, incomplete_listings = registry.profile_completeness(organisation)
    waiting = feedback_inbox.waiting_feedback(organisation_id=organisation.id) \
        if can(Permission.LISTINGS_VIEW) else None
    agreements_waiting = agreements.waiting_for_acceptance(organisation.id) \
        if can(Permission.AGREEMENTS_VIEW) else 0
    reports_due = report_schedule.counts() if can(Permission.AGREEMENTS_VIEW) else None
    stale_units = capacity_units.stale_units(organisation.id) if can(Permission.CAPACITY_VIEW) else []
    with public_scope():  # calls for offers are public: the organisation sees those it may apply in
        open_calls = calls.open_calls_for(organisation.kind.value)
    return render_template("workspace/dashboard.html", organisation=organisation, percent=percent,
                           missing=missing, incomplete_listings=incomplete_listings,
                           members=roster.list_members(organisation.id),
                           listings=listings.listings_of(organisation.id), waiting_feedback=waiting,
                           open_calls=open_calls, stage_of=calls.stage_of, agreements_waiting=agreements_waiting,
                           reports_due=reports_due, stale_units=stale_units)


@bp.post("/services/<int:service_id>/confirm")
@requires(Permission.LISTINGS_EDIT)
def confirm_service(service_id: int):
    """Organisation admin or coordinator: confirm that a listing is still current."""
    service = get_or_404(Service, service_id)
    listings.confirm_listing(service, actor=current_user)
    flash(_("Thank you: “%(name)s” is confirmed as current.", name=service.name_pl), "success")
    return redirect(url_for("workspace.dashboard"), code=303)


@bp.route("/profile", methods=["GET", "POST"])
@requires(Permission.PROFILE_EDIT)
def profile():
    """Organisation admin or coordinator: keep the organisation's profile current."""
    organisation = active_organisation()
    form = OrganisationProfileForm(obj=organisation) if request.method == "GET" else OrganisationProfileForm()
    done = submit(form, lambda: registry.update_organisation(
        organisation, form_data(form, registry.PROFILE_FIELDS), actor=current_user))
    if done:
        flash(_("The profile has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("workspace.dashboard"), code=303)
    return render_template("workspace/profile.html", form=form, organisation=organisation), form_status()


@bp.route("/call-alerts", methods=["GET", "POST"])
@requires(Permission.PROFILE_EDIT)
def call_alerts():
    """Organisation admin or coordinator: the spheres whose new calls for offers the organisation hears of."""
    organisation = active_organisation()
    form = FollowedSpheresForm(data={"spheres": organisation.followed_spheres.split()}) \
        if request.method == "GET" else FollowedSpheresForm()
    done = submit(form, lambda: calls.follow_spheres(organisation, form.spheres.data, actor=current_user))
    if done:
        flash(_("Saved: we will e-mail you when a call opens in the spheres you chose.") if form.spheres.data
              else _("Saved: you will not be e-mailed about new calls."), "success")
        return redirect(url_for("workspace.dashboard"), code=303)
    return render_template("workspace/call_alerts.html", form=form, organisation=organisation), form_status()


def _members_page(invite_form, status=200):
    organisation = active_organisation()
    return render_template(
        "workspace/members.html", organisation=organisation, invite_form=invite_form,
        members=roster.list_members(organisation.id), role_form=RoleForm,
        invitations=roster.open_invitations(organisation.id)), status


@bp.get("/members")
@requires(Permission.MEMBERS_VIEW)
def members():
    """Organisation members: who belongs to the organisation; admins also manage them."""
    return _members_page(InviteForm())


@bp.post("/members")
@requires(Permission.MEMBERS_MANAGE)
def invite():
    """Organisation admin: invite a person by e-mail with a role."""
    form = InviteForm()
    if submit(form, lambda: roster.invite_member(active_organisation(), form.email.data, form.role.data,
                                                 actor=current_user, locale=current_language()),
              default_field="email"):
        flash(_("An invitation has been sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("workspace.members"), code=303)
    return _members_page(form, 400)


@bp.post("/members/<int:membership_id>/role")
@requires(Permission.MEMBERS_MANAGE)
def change_role(membership_id: int):
    """Organisation admin: give a member another role (the last admin stays admin)."""
    membership = get_or_404(Membership, membership_id)
    form = RoleForm()
    if form.validate_on_submit():
        if attempt(lambda: roster.change_role(membership, form.role.data, actor=current_user)):
            flash(_("%(name)s's role has been changed.", name=membership.user.full_name), "success")
    else:
        flash(_("Choose one of the roles in the list."), "error")
    return redirect(url_for("workspace.members"), code=303)


@bp.post("/members/<int:membership_id>/remove")
@requires(Permission.MEMBERS_MANAGE)
def remove(membership_id: int):
    """Organisation admin: take a member out of the organisation."""
    membership = get_or_404(Membership, membership_id)
    name = membership.user.full_name
    if attempt(lambda: roster.remove_member(membership, actor=current_user)):
        flash(_("%(name)s is no longer a member.", name=name), "success")
    return redirect(url_for("workspace.members"), code=303)


@bp.post("/invitations/<int:invitation_id>/revoke")
@requires(Permission.MEMBERS_MANAGE)
def revoke_invitation(invitation_id: int):
    """Organisation admin: withdraw an invitation that has not been accepted."""
    invitation = get_or_404(Invitation, invitation_id)
    roster.revoke_invitation(invitation, actor=current_user)
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for("workspace.members"), code=303)
