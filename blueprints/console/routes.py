"""The department console: organisation registry, users and memberships, audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import current_language
from app.menus import menu_entry
from app.models import AuditEvent, Event, Invitation, Membership, Organisation, Service, User, VolunteerOpportunity
from app.permissions import Permission, can, current_actor, requires
from app.services.accounts import two_factor, users
from app.services.activities import events, volunteering
from app.services.agreements import payments as agreement_payments
from app.services.agreements import statements as agreement_statements
from app.services.agreements.register import waiting_for_signing
from app.services.audit.log import search_events
from app.services.audit.targets import describe_events
from app.services.directory import listing
from app.services.feedback import inbox as feedback_inbox
from app.services.listings import editor
from app.services.listings.values import STATUS_LABELS
from app.services.moderation import review
from app.services.networks import registry as network_registry
from app.services.organisations import members, registry
from app.services.reports import schedule as report_schedule
from app.tenancy import get_or_404, parse_id
from blueprints.console.forms import (
    AuditFilterForm,
    InviteForm,
    OrganisationRegistryForm,
    RegistryFilterForm,
    UserFilterForm,
)
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.paging import paginate

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")
menu_entry("console", "console.dashboard", _l("Overview"), permission=Permission.CONSOLE_VIEW, order=10)
menu_entry("console", "console.organisations_list", _l("Organisations"), permission=Permission.ORGANISATIONS_VIEW,
           order=20, current=("console.organisation*", "console.invitation_revoke"))
menu_entry("console", "console.users_list", _l("Users"), permission=Permission.USERS_VIEW, order=80,
           current=("console.user*",))
menu_entry("console", "console.audit_log", _l("Audit log"), permission=Permission.AUDIT_VIEW, order=90)


@bp.get("/")
@requires(Permission.CONSOLE_VIEW)
def dashboard():
    """Department staff: the registry at a glance, what waits in the directory (changes, residents' reports,
    stale services) and for agreements (signings to record, statements to approve, tranches to pay, reports to
    review or overdue), and recent activity."""
    counts = dict(db.session.execute(
        select(Organisation.is_verified, func.count()).where(Organisation.is_active.is_(True))
        .group_by(Organisation.is_verified)
    ).all())
    unverified = db.session.execute(
        select(Organisation).where(Organisation.is_verified.is_(False), Organisation.is_active.is_(True))
        .order_by(Organisation.created_at.desc()).limit(10)
    ).scalars().all()
    recent = []
    if can(Permission.AUDIT_VIEW):
        recent = _in_words(db.session.execute(
            select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(10)).scalars())
    directory = can(Permission.DIRECTORY_VIEW)
    agreements = can(Permission.AGREEMENTS_VIEW)
    return render_template("console/dashboard.html", verified=counts.get(True, 0),
                           unverified_count=counts.get(False, 0), unverified=unverified, recent=recent,
                           awaiting_moderation=review.pending_count() if directory else None,
                           waiting_feedback=feedback_inbox.waiting_feedback() if directory else None,
                           stale_services=listing.count_stale_services() if directory else None,
                           waiting_signing=waiting_for_signing() if agreements else None,
                           waiting_payments=(agreement_statements.count_waiting(), agreement_payments.count_to_pay())
                           if agreements else None, reports_due=report_schedule.counts() if agreements else None)


@bp.get("/organisations")
@requires(Permission.ORGANISATIONS_VIEW)
def organisations_list():
    """Department staff: search the registry by name or number, filter by kind and status."""
    form = RegistryFilterForm(request.args)
    valid = form.validate()
    query = registry.search_organisations(
        text=form.q.data if valid else "", kind=form.kind.data if valid else "",
        status=form.status.data if valid else "")
    page = paginate(query)
    return render_template("console/organisations.html", form=form, page=page)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_new():
    """Department admin: register an organisation and, optionally, invite its admin."""
    form = OrganisationRegistryForm()

    def register():
        organisation = registry.register_organisation(form_data(form, registry.REGISTRY_FIELDS), actor=current_user)
        if form.admin_email.data:
            members.invite_member(organisation, form.admin_email.data, "admin", actor=current_user,
                                  locale=current_language())
        return organisation

    done = submit(form, register)
    if done:
        flash(_("%(name)s has been added to the registry.", name=done.value.name), "success")
        return redirect(url_for("console.organisation_detail", organisation_id=done.value.id), code=303)
    return render_template("console/organisation_form.html", form=form, organisation=None), form_status()


@bp.get("/organisations/<int:organisation_id>")
@requires(Permission.ORGANISATIONS_VIEW)
def organisation_detail(organisation_id: int):
    """Department staff: one organisation with its members, open invitations, services, events, volunteering
    offers and residents' reports."""
    organisation = get_or_404(Organisation, organisation_id)
    return _organisation_page(organisation, InviteForm(department=organisation.is_department))


def _organisation_page(organisation: Organisation, invite_form: InviteForm, status: int = 200):
    """The organisation's page: its registry data and members, and (for an organisation, not the department)
    its services, events, volunteering offers and residents' reports, each of this organisation only."""
    lists = {}
    if not organisation.is_department:
        services = editor.listings_of(organisation.id)
        organisation_events = events.events_of(organisation.id)
        opportunities = volunteering.opportunities_of(organisation.id)
        reports, titles = feedback_inbox.recent_feedback(organisation.id)
        lists = {
            "services": services, "opportunities": opportunities,
            "events": organisation_events,
            "statuses": {"event": {e.id: events.event_status(e) for e in organisation_events},
                         "volunteering": {o.id: volunteering.opportunity_status(o) for o in opportunities}},
            "status_labels": {"event": events.EVENT_STATUS_LABELS,
                              "volunteering": volunteering.OPPORTUNITY_STATUS_LABELS},
            "reports": reports, "report_titles": titles,
            "waiting_reports": feedback_inbox.waiting_feedback(organisation_id=organisation.id, shown=0).count,
            "public": {"service": listing.public_ids(Service, [service.id for service, _stale in services]),
                       "event": listing.public_ids(Event, [event.id for event in organisation_events]),
                       "volunteering": listing.public_ids(VolunteerOpportunity, [o.id for o in opportunities])},
        }
    return render_template(
        "console/organisation_detail.html", organisation=organisation, invite_form=invite_form,
        members=members.list_members(organisation.id),
        invitations=members.open_invitations(organisation.id),
        completeness=registry.profile_completeness(organisation), service_status_labels=STATUS_LABELS,
        networks=network_registry.networks_of_organisation(organisation.id), **lists), status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_edit(organisation_id: int):
    """Department admin: correct an organisation's registry data."""
    organisation = get_or_404(Organisation, organisation_id)
    form = OrganisationRegistryForm(obj=organisation) if request.method == "GET" else OrganisationRegistryForm()
    if organisation.is_department:
        del form.kind
    del form.admin_email
    fields = registry.PROFILE_FIELDS if organisation.is_department else registry.REGISTRY_FIELDS
    if submit(form, lambda: registry.update_organisation(organisation, form_data(form, fields), actor=current_user,
                                                         fields=fields)):
        flash(_("The changes have been saved."), "success")
        return redirect(url_for("console.organisation_detail", organisation_id=organisation.id), code=303)
    return render_template("console/organisation_form.html", form=form, organisation=organisation), form_status()


def _change_organisation(organisation_id: int, change, success):
    """Load, apply one service change and say what happened (or why not)."""
    organisation = get_or_404(Organisation, organisation_id)
    if attempt(lambda: change(organisation)):
        flash(success(organisation.name), "success")
    return redirect(url_for("console.organisation_detail", organisation_id=organisation.id), code=303)


@bp.post("/organisations/<int:organisation_id>/verify")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_verify(organisation_id: int):
    """Department admin: mark the organisation as verified."""
    return _change_organisation(
        organisation_id, lambda o: registry.verify_organisation(o, actor=current_user),
        lambda name: _("%(name)s is marked as verified.", name=name))


@bp.post("/organisations/<int:organisation_id>/unverify")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_unverify(organisation_id: int):
    """Department admin: withdraw the verified mark."""
    return _change_organisation(
        organisation_id, lambda o: registry.unverify_organisation(o, actor=current_user),
        lambda name: _("%(name)s is no longer marked as verified.", name=name))


@bp.post("/organisations/<int:organisation_id>/deactivate")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_deactivate(organisation_id: int):
    """Department admin: deactivate; its members can no longer act for it."""
    return _change_organisation(
        organisation_id, lambda o: registry.set_organisation_active(o, False, actor=current_user),
        lambda name: _("%(name)s has been deactivated.", name=name))


@bp.post("/organisations/<int:organisation_id>/activate")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_activate(organisation_id: int):
    """Department admin: reactivate an organisation."""
    return _change_organisation(
        organisation_id, lambda o: registry.set_organisation_active(o, True, actor=current_user),
        lambda name: _("%(name)s is active again.", name=name))


@bp.post("/organisations/<int:organisation_id>/invitations")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_invite(organisation_id: int):
    """Department admin: invite a person to an organisation (or to the department) with a role."""
    organisation = get_or_404(Organisation, organisation_id)
    form = InviteForm(department=organisation.is_department)
    if submit(form, lambda: members.invite_member(organisation, form.email.data, form.role.data, actor=current_user,
                                                  locale=current_language()), default_field="email"):
        flash(_("An invitation has been sent to %(email)s.", email=form.email.data), "success")
        return redirect(url_for("console.organisation_detail", organisation_id=organisation.id), code=303)
    return _organisation_page(organisation, form, 400)


@bp.post("/invitations/<int:invitation_id>/revoke")
@requires(Permission.ORGANISATIONS_MANAGE)
def invitation_revoke(invitation_id: int):
    """Department admin: withdraw an invitation to any organisation."""
    invitation = get_or_404(Invitation, invitation_id)
    members.revoke_invitation(invitation, actor=current_user)
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for("console.organisation_detail", organisation_id=invitation.organisation_id), code=303)


@bp.get("/users")
@requires(Permission.USERS_VIEW)
def users_list():
    """Department admin: every account, searchable by name or e-mail."""
    form = UserFilterForm(request.args)
    query = users.search_users(form.q.data if form.validate() else "")
    return render_template("console/users.html", form=form, page=paginate(query))


@bp.get("/users/<int:user_id>")
@requires(Permission.USERS_VIEW)
def user_detail(user_id: int):
    """Department admin: one account and its memberships."""
    user = get_or_404(User, user_id)
    rows = db.session.execute(
        select(Membership).where(Membership.user_id == user.id)).scalars().all()
    return render_template("console/user_detail.html", user=user, user_memberships=rows)


@bp.post("/users/<int:user_id>/deactivate")
@requires(Permission.USERS_MANAGE)
def user_deactivate(user_id: int):
    """Department admin: block an account and end its sessions."""
    user = get_or_404(User, user_id)
    if attempt(lambda: users.set_account_active(user, False, actor=current_user)):
        flash(_("The account has been deactivated."), "success")
    return redirect(url_for("console.user_detail", user_id=user.id), code=303)


@bp.post("/users/<int:user_id>/activate")
@requires(Permission.USERS_MANAGE)
def user_activate(user_id: int):
    """Department admin: unblock an account."""
    user = get_or_404(User, user_id)
    users.set_account_active(user, True, actor=current_user)
    flash(_("The account is active again."), "success")
    return redirect(url_for("console.user_detail", user_id=user.id), code=303)


@bp.post("/users/<int:user_id>/reset-two-factor")
@requires(Permission.USERS_MANAGE)
def user_reset_two_factor(user_id: int):
    """Department admin: clear a user's lost authenticator; they set it up again at next sign-in."""
    user = get_or_404(User, user_id)
    two_factor.disable_two_factor(user, actor=current_user, required=False)
    flash(_("Two-factor sign-in has been reset for this account."), "success")
    return redirect(url_for("console.user_detail", user_id=user.id), code=303)


@bp.get("/audit")
@requires(Permission.AUDIT_VIEW)
def audit_log():
    """Department admin: who did what and when, filtered by organisation, user, action, dates."""
    form = AuditFilterForm(request.args)
    form.organisation.choices = [("", _("All organisations"))] + [
        (str(o_id), name) for o_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).order_by(Organisation.name)).all()]
    valid = form.validate()
    organisation_id = parse_id(form.organisation.data) if valid else None
    query = search_events(
        organisation_id=organisation_id,
        user_email=form.user.data or "" if valid else "",
        action=form.action.data or "" if valid else "",
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
    )
    page = paginate(query, per_page=50)
    return render_template("console/audit.html", form=form, page=page, entries=_in_words(page.items))


def _in_words(events):
    """Audit entries as the reader sees them: what happened in their language, each record named and linked."""
    return describe_events(events, actor=current_actor(), locale=current_language())
