"""The listing editor in the organisation workspace: services, hours, closures and locations."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.menus import menu_entry
from app.models import ListingKind, Location, Organisation, Service
from app.permissions import Permission, requires
from app.services.directory.listing import is_stale
from app.services.listings import editor as listing_editor
from app.services.listings import values as listing_values
from app.services.moderation import review
from app.services.workflow import revisions
from app.tenancy import get_or_404
from blueprints.forms import attempt, submit
from blueprints.listings.forms import ClosureForm, HoursForm, LocationForm, RemoveClosureForm, ServiceForm

bp = Blueprint("listings", __name__, url_prefix="/workspace/listings", template_folder="templates")
menu_entry("workspace", "listings.index", _l("Services and locations"), permission=Permission.LISTINGS_VIEW,
           order=30, current=("listings.",))


@bp.context_processor
def _labels():
    return {"status_labels": listing_values.STATUS_LABELS}


def _organisation() -> Organisation:
    """The organisation the user acts for (set by app/actor.py)."""
    return g.membership.organisation


def _service_form(organisation: Organisation, **kwargs) -> ServiceForm:
    form = ServiceForm(
        categories=listing_editor.category_choices(current_language()),
        districts=listing_editor.district_choices(),
        locations=[(loc.id, loc.name) for loc in listing_editor.locations_of(organisation.id)], **kwargs)
    return form


def _flash_saved(saved: listing_editor.Saved) -> None:
    if saved.waiting:
        flash(_("Saved. The change waits for the department's approval; residents see the previous version "
                "until then."), "success")
    else:
        flash(_("Saved. Residents see the listing as it is now."), "success")


def _status() -> int:
    """400 when a sent form comes back with errors, 200 for a page simply shown."""
    return 400 if request.method == "POST" else 200


def _service_state(service: Service, organisation: Organisation) -> dict:
    """What the editor pages say about where a service stands with the department."""
    pending = revisions.pending_for(ListingKind.SERVICE, service.id, organisation.id)
    decision = None if pending else revisions.latest_decision(ListingKind.SERVICE, service.id, organisation.id)
    return {"pending": pending, "decision": decision, "stale": is_stale(service),
            "new_listing": listing_editor.awaits_first_approval(service)}


@bp.get("/")
@requires(Permission.LISTINGS_VIEW)
def index():
    """Organisation members: the organisation's services and locations, and where each stands."""
    organisation = _organisation()
    services = listing_editor.services_of(organisation.id)
    pending = revisions.pending_ids(ListingKind.SERVICE, organisation.id)
    pending_locations = revisions.pending_ids(ListingKind.LOCATION, organisation.id)
    return render_template(
        "listings/index.html", organisation=organisation,
        services=[(service, is_stale(service), service.id in pending) for service in services],
        missing=listing_editor.missing_required_by_service(services),
        locations=listing_editor.locations_of(organisation.id), pending_locations=pending_locations,
        needs_review=review.needs_review(organisation))


def _save(form, action, target, *, default_field: str | None = None, announce=None):
    """For a valid form: run the service ``action``, announce it and redirect to ``target(saved)``.

    None when the form is to be shown again: invalid, or refused by the service (the message
    then stands beside its field, and nothing was changed).
    """
    done = submit(form, action, default_field=default_field)
    if not done:
        return None
    (announce or _flash_saved)(done.value)
    return redirect(target(done.value), code=303)


def _flash_location_added(saved) -> None:
    flash(_("The location “%(name)s” has been added. Choose it in a service's details to show it there.",
            name=saved.row.name), "success")


@bp.route("/services/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def service_new():
    """Organisation admin or coordinator: add a service to the directory."""
    organisation = _organisation()
    form = _service_form(organisation, data={"is_free": True, "status": "active"}) \
        if request.method == "GET" else _service_form(organisation)
    done = _save(form, lambda: listing_editor.save_service(
        None, {**form.values(), "hours": [], "closures": []}, organisation=organisation, actor=current_user),
        lambda saved: url_for("listings.service_hours", service_id=saved.row.id))
    if done:
        return done
    form.add_phone_rows()
    return render_template("listings/service_form.html", form=form, service=None, organisation=organisation,
                           needs_review=review.needs_review(organisation), missing={}, state=None), _status()


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def service_edit(service_id: int):
    """Organisation admin or coordinator: change what residents read about a service."""
    organisation = _organisation()
    service = get_or_404(Service, service_id)
    draft = listing_editor.draft_service_values(service)
    form = _service_form(organisation, data=draft) if request.method == "GET" else _service_form(organisation)
    missing = listing_values.missing_required(draft)
    form.relax(missing)  # an older record may keep lacking them; clearing a given value is still refused
    done = _save(form, lambda: listing_editor.update_service_part(
        service, form.values(), organisation=organisation, actor=current_user),
        lambda saved: url_for("listings.service_edit", service_id=service.id))
    if done:
        return done
    form.add_phone_rows()
    return render_template("listings/service_form.html", form=form, service=service, organisation=organisation,
                           needs_review=review.needs_review(organisation), missing=missing,
                           state=_service_state(service, organisation)), _status()


@bp.route("/services/<int:service_id>/hours", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def service_hours(service_id: int):
    """Organisation admin or coordinator: the weekly opening hours of a service."""
    organisation = _organisation()
    service = get_or_404(Service, service_id)
    draft = listing_editor.draft_service_values(service)
    form = HoursForm(data=HoursForm.data_from(draft.get("hours") or [])) if request.method == "GET" else HoursForm()
    done = _save(form, lambda: listing_editor.update_service_part(service, {"hours": form.hours()},
                                                                  organisation=organisation, actor=current_user),
                 lambda saved: url_for("listings.service_hours", service_id=service.id))
    if done:
        return done
    return render_template("listings/service_hours.html", form=form, service=service, organisation=organisation,
                           always_open=draft.get("always_open"), needs_review=review.needs_review(organisation),
                           state=_service_state(service, organisation)), _status()


def _closures_page(service: Service, organisation: Organisation, form: ClosureForm, status: int = 200):
    draft = listing_editor.draft_service_values(service)
    closures = [{**c, "starts": date.fromisoformat(c["starts_on"]), "ends": date.fromisoformat(c["ends_on"])}
                for c in draft.get("closures") or []]
    return render_template("listings/service_closures.html", form=form, service=service, organisation=organisation,
                           closures=closures, needs_review=review.needs_review(organisation),
                           state=_service_state(service, organisation)), status


@bp.get("/services/<int:service_id>/closures")
@requires(Permission.LISTINGS_EDIT)
def service_closures(service_id: int):
    """Organisation admin or coordinator: the days a service is closed whatever its hours say."""
    service = get_or_404(Service, service_id)
    return _closures_page(service, _organisation(), ClosureForm(formdata=None))


@bp.post("/services/<int:service_id>/closures")
@requires(Permission.LISTINGS_EDIT)
def closure_add(service_id: int):
    """Organisation admin or coordinator: add a closure (dates and a note for residents)."""
    organisation = _organisation()
    service = get_or_404(Service, service_id)
    form = ClosureForm()
    done = _save(form, lambda: listing_editor.add_closure(service, form.data, organisation=organisation,
                                                          actor=current_user),
                 lambda saved: url_for("listings.service_closures", service_id=service.id), default_field="starts_on")
    if done:
        return done
    return _closures_page(service, organisation, form, 400 if form.errors else 200)


@bp.post("/services/<int:service_id>/closures/remove")
@requires(Permission.LISTINGS_EDIT)
def closure_remove(service_id: int):
    """Organisation admin or coordinator: remove a closure from the list."""
    organisation = _organisation()
    service = get_or_404(Service, service_id)
    form = RemoveClosureForm()
    if not form.validate_on_submit():
        flash(_("The list of closures has changed meanwhile. Look at it again."), "error")
        return redirect(url_for("listings.service_closures", service_id=service.id), code=303)
    done = attempt(lambda: listing_editor.remove_closure(service, form.index.data, form.starts_on.data,
                                                         organisation=organisation, actor=current_user))
    if done:
        _flash_saved(done.value)
    return redirect(url_for("listings.service_closures", service_id=service.id), code=303)


def _location_form(**kwargs) -> LocationForm:
    return LocationForm(districts=listing_editor.district_choices(), **kwargs)


def _location_page(form: LocationForm, location: Location | None, organisation: Organisation):
    pending = decision = None
    if location is not None:
        pending = revisions.pending_for(ListingKind.LOCATION, location.id, organisation.id)
        decision = None if pending else revisions.latest_decision(ListingKind.LOCATION, location.id,
                                                                   organisation.id)
    return render_template("listings/location_form.html", form=form, location=location, organisation=organisation,
                           pending=pending, decision=decision,
                           in_public_use=location is not None and listing_editor.in_public_use(location),
                           needs_review=review.needs_review(organisation)), _status()


@bp.route("/locations/new", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def location_new():
    """Organisation admin or coordinator: add a place where the organisation gives help."""
    organisation = _organisation()
    form = _location_form(data={"city": organisation.city}) if request.method == "GET" else _location_form()
    done = _save(form, lambda: listing_editor.save_location(None, form.values(), organisation=organisation,
                                                            actor=current_user),
                 lambda saved: url_for("listings.index"), announce=_flash_location_added)
    if done:
        return done
    return _location_page(form, None, organisation)


@bp.route("/locations/<int:location_id>", methods=["GET", "POST"])
@requires(Permission.LISTINGS_EDIT)
def location_edit(location_id: int):
    """Organisation admin or coordinator: correct a location (address, access, confidentiality)."""
    organisation = _organisation()
    location = get_or_404(Location, location_id)
    if request.method == "GET":
        values = listing_editor.draft_location_values(location)
        form = _location_form(data={**values, "district_id": str(values.get("district_id") or "")})
    else:
        form = _location_form()
    done = _save(form, lambda: listing_editor.save_location(location, form.values(), organisation=organisation,
                                                            actor=current_user),
                 lambda saved: url_for("listings.location_edit", location_id=location.id))
    if done:
        return done
    return _location_page(form, location, organisation)
