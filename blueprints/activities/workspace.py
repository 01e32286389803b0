"""The organisation workspace: its own events and volunteering opportunities (the active organisation only).

Both kinds are kept by one set of views: each kind's ``Editor`` says which form, pages and
service functions it uses (app/services/activities/editing.py does the saving); the routes
below only declare the URL, the permission and the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.menus import menu_entry
from app.models import Event, Organisation, VolunteerOpportunity
from app.permissions import Permission, requires
from app.services.activities import editing, events, volunteering
from app.services.activities.calendar import districts
from app.services.activities.editing import ActivityKind
from app.services.listings.editor import locations_of, services_of
from app.services.moderation import review
from app.services.workflow import revisions
from app.tenancy import get_or_404
from blueprints.activities.forms import EventForm, OpportunityForm
from blueprints.forms import form_data, form_status, submit

bp = Blueprint("activities_workspace", __name__, url_prefix="/workspace", template_folder="templates")
menu_entry("workspace", "activities_workspace.events", _l("Events"), permission=Permission.LISTINGS_VIEW, order=40,
           current=("activities_workspace.events", "activities_workspace.new_event", "activities_workspace.edit_event",
                    "activities_workspace.cancel_event", "activities_workspace.reinstate_event",
                    "activities_workspace.delete_event"))
menu_entry("workspace", "activities_workspace.volunteering", _l("Volunteering"), permission=Permission.LISTINGS_VIEW,
           order=50, current=("activities_workspace.volunteering", "activities_workspace.new_opportunity",
                              "activities_workspace.edit_opportunity", "activities_workspace.delete_opportunity"))


@dataclass(frozen=True)
class Editor:
    """The web side of one activity kind: its form, its pages and where they lead."""

    kind: ActivityKind
    form: type
    form_fields: tuple[str, ...]  # what the form gives the kind's ``build`` (local days and times for an event)
    build: Callable  # (organisation, form data, existing=row) -> values; ServiceError names the field
    form_data: Callable[[dict], dict]  # values (live or proposed) -> what the form shows
    choices: Callable[[object, Organisation], None]  # fills the form's lists from the organisation's own rows
    template: str
    list_endpoint: str
    delete_endpoint: str
    argument: str  # the URL argument naming one row

    def new_form(self, organisation: Organisation, data: dict | None = None):
        """The form, from the request (``data`` None) or from values to show."""
        form = self.form(data=data) if data is not None else self.form()
        self.choices(form, organisation)
        return form


EVENTS = Editor(
    kind=events.EVENTS, form=EventForm, template="activities/workspace_event_form.html",
    form_fields=("kind", "title_pl", "title_uk", "title_en", "description_pl", "description_uk", "description_en",
                 "day", "starts_time", "ends_time", "ends_day", "recurrence", "repeat_until", "location_id",
                 "place_pl", "place_uk", "place_en", "service_id", "target_groups", "is_free", "registration_pl",
                 "registration_uk", "registration_en", "contact_phone", "contact_email", "is_published"),
    build=events.build_event_values, form_data=events.event_form_data,
    choices=lambda form, organisation: form.set_choices(locations_of(organisation.id), services_of(organisation.id)),
    list_endpoint="activities_workspace.events", delete_endpoint="activities_workspace.delete_event",
    argument="event_id")
OPPORTUNITIES = Editor(
    kind=volunteering.OPPORTUNITIES, form=OpportunityForm, template="activities/workspace_opportunity_form.html",
    form_fields=volunteering.OPPORTUNITY_FIELDS, build=volunteering.build_opportunity_values,
    form_data=volunteering.opportunity_form_data, choices=lambda form, _organisation: form.set_choices(districts()),
    list_endpoint="activities_workspace.volunteering",
    delete_endpoint="activities_workspace.delete_opportunity", argument="opportunity_id")


def active_organisation() -> Organisation:
    """The organisation the user is acting for (set by app/actor.py)."""
    return g.membership.organisation


def _saved_message(outcome: editing.Outcome) -> tuple[str, str]:
    if outcome.waits_for_approval:
        return _("Sent to the department for approval. Residents will see it once it is approved."), "info"
    if outcome.changed:
        return _("Saved. Residents see it now."), "success"
    return _("Nothing was changed."), "success"


def _list(editor: Editor, template: str, rows: list):
    """The organisation's activities of one kind, each with its status and whether a change waits for the department."""
    organisation = active_organisation()
    pending = revisions.pending_ids(editor.kind.listing, organisation.id)
    return render_template(template, organisation=organisation,
                           rows=[(row, editor.kind.status(row), row.id in pending) for row in rows],
                           status_labels=editor.kind.status_labels,
                           waiting=editing.waiting_new(editor.kind, organisation.id),
                           review=review.needs_review(organisation))


def _edit(editor: Editor, row=None):
    """The form of a new (``row`` None) or existing activity: shown, or saved and back to the list."""
    organisation = active_organisation()
    pending = revisions.pending_for(editor.kind.listing, row.id, organisation.id) if row is not None else None
    if request.method == "GET":
        values = (pending.proposed if pending is not None and pending.proposed
                  else editor.kind.values(row) if row is not None else None)
        form = editor.new_form(organisation, editor.form_data(values) if values is not None else {})
    else:
        form = editor.new_form(organisation)
    done = submit(form, lambda: editing.save(
        editor.kind, organisation, row,
        editor.build(organisation, form_data(form, editor.form_fields), existing=row), actor=current_user),
        default_field="title_pl")
    if done:
        flash(*_saved_message(done.value))
        return redirect(url_for(editor.list_endpoint), code=303)
    return render_template(editor.template, form=form, row=row, pending=pending, back=editor.list_endpoint,
                           review=review.needs_review(organisation)), form_status()


def _delete(editor: Editor, row):
    """Ask first (GET); remove, or ask the department to (POST)."""
    organisation = active_organisation()
    if request.method == "GET":
        return render_template("activities/workspace_delete.html", title=row.title_pl,
                               action=url_for(editor.delete_endpoint, **{editor.argument: row.id}),
                               back=url_for(editor.list_endpoint), review=review.needs_review(organisation))
    title = row.title_pl
    outcome = editing.delete(editor.kind, organisation, row, actor=current_user)
    if outcome.waits_for_approval:
        flash(*_saved_message(outcome))
    else:
        flash(_("“%(title)s” has been removed.", title=title), "success")
    return redirect(url_for(editor.list_endpoint), code=303)


# -- events --------------------------------------------------------------------------------------

@bp.get("/events", endpoint="events")
@requires(Permission.LISTINGS_VIEW)
def events_list():
    """Organisation members: the organisation's events, with changes that wait for the department."""
    return _list(EVENTS, "activities/workspace_events.html", events.events_of(active_organisation().id))


@bp.route("/events/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def new_event():
    """Organisation admin or coordinator: add an event (weekly or once)."""
    return _edit(EVENTS)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def edit_event(event_id: int):
    """Organisation admin or coordinator: change one of the organisation's events."""
    return _edit(EVENTS, get_or_404(Event, event_id))


def _cancel(event_id: int, cancelled: bool):
    event = get_or_404(Event, event_id)
    outcome = events.set_event_cancelled(active_organisation(), event, cancelled, actor=current_user)
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
    return _delete(EVENTS, get_or_404(Event, event_id))


# -- volunteering opportunities -------------------------------------------------------------------

@bp.get("/volunteering", endpoint="volunteering")
@requires(Permission.LISTINGS_VIEW)
def volunteering_list():
    """Organisation members: the organisation's volunteering opportunities."""
    return _list(OPPORTUNITIES, "activities/workspace_volunteering.html",
                 volunteering.opportunities_of(active_organisation().id))


@bp.route("/volunteering/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def new_opportunity():
    """Organisation admin or coordinator: ask residents to volunteer."""
    return _edit(OPPORTUNITIES)


@bp.route("/volunteering/<int:opportunity_id>/edit", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def edit_opportunity(opportunity_id: int):
    """Organisation admin or coordinator: change one of the organisation's volunteering opportunities."""
    return _edit(OPPORTUNITIES, get_or_404(VolunteerOpportunity, opportunity_id))


@bp.route("/volunteering/<int:opportunity_id>/delete", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def delete_opportunity(opportunity_id: int):
    """Organisation admin or coordinator: remove a volunteering opportunity (asks first)."""
    return _delete(OPPORTUNITIES, get_or_404(VolunteerOpportunity, opportunity_id))
