"""The organisation workspace: its own events and volunteering opportunities (the active organisation only)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.localtime import local_today
from app.menus import menu_entry
from app.models import Event, ListingKind, Organisation, VolunteerOpportunity, utcnow
from app.permissions import Permission, requires
from app.services.activities import calendar as activities
from app.services.activities import editor
from app.services.listings.editor import pending_ids
from app.services.moderation import workflow as moderation
from app.tenancy import get_or_404
from blueprints.activities.forms import EventForm, OpportunityForm
from blueprints.forms import form_data, submit

bp = Blueprint("activities_workspace", __name__, url_prefix="/workspace", template_folder="templates")
menu_entry("workspace", "activities_workspace.events", _l("Events"), permission=Permission.LISTINGS_VIEW, order=40,
           current=("activities_workspace.events", "activities_workspace.new_event", "activities_workspace.edit_event",
                    "activities_workspace.cancel_event", "activities_workspace.reinstate_event",
                    "activities_workspace.delete_event"))
menu_entry("workspace", "activities_workspace.volunteering", _l("Volunteering"), permission=Permission.LISTINGS_VIEW,
           order=50, current=("activities_workspace.volunteering", "activities_workspace.new_opportunity",
                              "activities_workspace.edit_opportunity", "activities_workspace.delete_opportunity"))

EVENT_FORM_FIELDS = ("kind", "title_pl", "title_uk", "title_en", "description_pl", "description_uk", "description_en",
                     "day", "starts_time", "ends_time", "ends_day", "recurrence", "repeat_until", "location_id",
                     "place_pl", "place_uk", "place_en", "service_id", "target_groups", "is_free", "registration_pl",
                     "registration_uk", "registration_en", "contact_phone", "contact_email", "is_published")


def active_organisation() -> Organisation:
    """The organisation the user is acting for (set by app/actor.py)."""
    return g.membership.organisation


def _saved_message(outcome: editor.Outcome) -> tuple[str, str]:
    if outcome.waits_for_approval:
        return _("Sent to the department for approval. Residents will see it once it is approved."), "info"
    if outcome.changed:
        return _("Saved. Residents see it now."), "success"
    return _("Nothing was changed."), "success"


# -- events --------------------------------------------------------------------------------------

@bp.get("/events")
@requires(Permission.LISTINGS_VIEW)
def events():
    """Organisation members: the organisation's events, with changes that wait for the department."""
    organisation = active_organisation()
    pending = pending_ids(ListingKind.EVENT, organisation.id)
    rows = [(event, event.id in pending) for event in editor.events_of(organisation.id)]
    return render_template("activities/workspace_events.html", organisation=organisation, rows=rows,
                           waiting=editor.waiting_new(ListingKind.EVENT, organisation.id),
                           review=moderation.needs_review(organisation), now=utcnow())


def _event_form(organisation: Organisation, data: dict | None = None) -> EventForm:
    form = EventForm(data=data) if data is not None else EventForm()
    form.set_choices(editor.own_locations(organisation.id), editor.own_services(organisation.id))
    return form


def _save_listing(form, organisation: Organisation, existing, *, build, save, fields, back: str):
    """Validate, save (or send for approval) and redirect to ``back``; None when the form must be shown again."""
    done = submit(form, lambda: save(organisation, existing, build(organisation, form_data(form, fields),
                                                                   existing=existing), actor=current_user),
                  default_field="title_pl")
    if not done:
        return None
    flash(*_saved_message(done.value))
    return redirect(url_for(back), code=303)


def _save_event(form: EventForm, organisation: Organisation, event: Event | None):
    """An event's form: saved, or None to show it again."""
    return _save_listing(form, organisation, event, build=editor.build_event_values, save=editor.save_event,
                         fields=EVENT_FORM_FIELDS, back="activities_workspace.events")


@bp.route("/events/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def new_event():
    """Organisation admin or coordinator: add an event (weekly or once)."""
    organisation = active_organisation()
    form = _event_form(organisation, None if request.method == "POST" else {})
    done = _save_event(form, organisation, None)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render_template("activities/workspace_event_form.html", form=form, event=None, pending=None,
                           review=moderation.needs_review(organisation)), status


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def edit_event(event_id: int):
    """Organisation admin or coordinator: change one of the organisation's events."""
    organisation = active_organisation()
    event = get_or_404(Event, event_id)
    pending = moderation.pending_for(ListingKind.EVENT, event.id, organisation.id)
    if request.method == "GET":
        values = pending.proposed if pending is not None and pending.proposed else editor.event_values(event)
        form = _event_form(organisation, editor.event_form_data(values))
    else:
        form = _event_form(organisation)
    done = _save_event(form, organisation, event)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render_template("activities/workspace_event_form.html", form=form, event=event, pending=pending,
                           review=moderation.needs_review(organisation)), status


def _cancel(event_id: int, cancelled: bool):
    organisation = active_organisation()
    event = get_or_404(Event, event_id)
    outcome = editor.set_event_cancelled(organisation, event, cancelled, actor=current_user)
    if outcome.waits_for_approval:
        flash(*_saved_message(outcome))
    elif cancelled:
        flash(_("“%(title)s” is cancelled. Residents see it as cancelled.", title=event.title_pl), "success")
    else:
        flash(_("“%(title)s” takes place again.", title=event.title_pl), "success")
    return redirect(url_for("activities_workspace.events"), code=303)


@bp.post("/events/<int:event_id>/cancel")
@requires(Permission.LISTINGS_EDIT)
def cancel_event(event_id: int):
    """Organisation admin or coordinator: cancel an event (it stays listed, marked cancelled)."""
    return _cancel(event_id, True)


@bp.post("/events/<int:event_id>/reinstate")
@requires(Permission.LISTINGS_EDIT)
def reinstate_event(event_id: int):
    """Organisation admin or coordinator: take a cancellation back."""
    return _cancel(event_id, False)


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def delete_event(event_id: int):
    """Organisation admin or coordinator: remove an event altogether (asks first)."""
    organisation = active_organisation()
    event = get_or_404(Event, event_id)
    if request.method == "GET":
        return render_template("activities/workspace_delete.html", title=event.title_pl,
                               action=url_for("activities_workspace.delete_event", event_id=event.id),
                               back=url_for("activities_workspace.events"),
                               review=moderation.needs_review(organisation))
    title = event.title_pl
    outcome = editor.delete_event(organisation, event, actor=current_user)
    if outcome.waits_for_approval:
        flash(*_saved_message(outcome))
    else:
        flash(_("“%(title)s” has been removed.", title=title), "success")
    return redirect(url_for("activities_workspace.events"), code=303)


# -- volunteering opportunities -------------------------------------------------------------------------

OPPORTUNITY_FORM_FIELDS = editor.OPPORTUNITY_FIELDS


@bp.get("/volunteering")
@requires(Permission.LISTINGS_VIEW)
def volunteering():
    """Organisation members: the organisation's volunteering opportunities."""
    organisation = active_organisation()
    pending = pending_ids(ListingKind.VOLUNTEERING, organisation.id)
    rows = [(opportunity, opportunity.id in pending) for opportunity in editor.opportunities_of(organisation.id)]
    return render_template("activities/workspace_volunteering.html", organisation=organisation, rows=rows,
                           waiting=editor.waiting_new(ListingKind.VOLUNTEERING, organisation.id),
                           review=moderation.needs_review(organisation), today=local_today())


def _opportunity_form(data: dict | None = None) -> OpportunityForm:
    form = OpportunityForm(data=data) if data is not None else OpportunityForm()
    form.set_choices(activities.districts())
    return form


def _save_opportunity(form: OpportunityForm, organisation: Organisation, opportunity: VolunteerOpportunity | None):
    """A volunteering opportunity's form: saved, or None to show it again."""
    return _save_listing(form, organisation, opportunity, build=editor.build_opportunity_values,
                         save=editor.save_opportunity, fields=OPPORTUNITY_FORM_FIELDS,
                         back="activities_workspace.volunteering")


@bp.route("/volunteering/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def new_opportunity():
    """Organisation admin or coordinator: ask residents to volunteer."""
    organisation = active_organisation()
    form = _opportunity_form(None if request.method == "POST" else {})
    done = _save_opportunity(form, organisation, None)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render_template("activities/workspace_opportunity_form.html", form=form, opportunity=None, pending=None,
                           review=moderation.needs_review(organisation)), status


@bp.route("/volunteering/<int:opportunity_id>/edit", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def edit_opportunity(opportunity_id: int):
    """Organisation admin or coordinator: change one of the organisation's volunteering opportunities."""
    organisation = active_organisation()
    opportunity = get_or_404(VolunteerOpportunity, opportunity_id)
    pending = moderation.pending_for(ListingKind.VOLUNTEERING, opportunity.id, organisation.id)
    if request.method == "GET":
        values = (pending.proposed if pending is not None and pending.proposed
                  else editor.opportunity_values(opportunity))
        form = _opportunity_form(editor.opportunity_form_data(values))
    else:
        form = _opportunity_form()
    done = _save_opportunity(form, organisation, opportunity)
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    return render_template("activities/workspace_opportunity_form.html", form=form, opportunity=opportunity,
                           pending=pending, review=moderation.needs_review(organisation)), status


@bp.route("/volunteering/<int:opportunity_id>/delete", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def delete_opportunity(opportunity_id: int):
    """Organisation admin or coordinator: remove a volunteering opportunity (asks first)."""
    organisation = active_organisation()
    opportunity = get_or_404(VolunteerOpportunity, opportunity_id)
    if request.method == "GET":
        return render_template("activities/workspace_delete.html", title=opportunity.title_pl,
                               action=url_for("activities_workspace.delete_opportunity", opportunity_id=opportunity.id),
                               back=url_for("activities_workspace.volunteering"),
                               review=moderation.needs_review(organisation))
    title = opportunity.title_pl
    outcome = editor.delete_opportunity(organisation, opportunity, actor=current_user)
    if outcome.waits_for_approval:
        flash(*_saved_message(outcome))
    else:
        flash(_("“%(title)s” has been removed.", title=title), "success")
    return redirect(url_for("activities_workspace.volunteering"), code=303)
