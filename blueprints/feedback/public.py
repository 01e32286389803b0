"""Residents' feedback, the public side: "report a mistake" on a service, event or volunteering opportunity."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_language
from app.models import ListingKind, Service
from app.permissions import public
from app.services.activities import calendar as activities
from app.services.activities import volunteering
from app.services.directory.listing import is_crisis
from app.services.feedback import intake
from app.tenancy import parse_id, public_scope
from blueprints.feedback.forms import FeedbackForm
from blueprints.forms import submit

bp = Blueprint("feedback", __name__, template_folder="templates")


@dataclass(frozen=True)
class PublicListing:
    """A listing as the feedback pages show it: never an address, only its name and where it is."""

    kind: ListingKind
    row: object
    title: str
    in_polish_only: bool
    page_url: str
    thanks_url: str
    crisis: bool = False


def _or_404(row):
    if row is None:
        abort(404)
    return row


def _service(service_id: int) -> PublicListing:
    """A service residents may see (call inside the public scope), else 404."""
    service_id = parse_id(service_id)
    found = _or_404(db.session.execute(select(Service).where(Service.id == service_id)).unique()
                    .scalar_one_or_none() if service_id else None)
    locale = current_language()
    return PublicListing(
        ListingKind.SERVICE, found, found.text("name", locale), not found.is_translated("name", locale),
        url_for("directory.service", service_id=found.id),
        url_for("feedback.service_thanks", service_id=found.id),
        crisis=is_crisis(found))


def _event(event_id: int) -> PublicListing:
    """A published event (call inside the public scope), else 404."""
    event_id = parse_id(event_id)
    found = _or_404(activities.public_event(event_id) if event_id else None)
    locale = current_language()
    return PublicListing(ListingKind.EVENT, found, found.text("title", locale),
                         not found.is_translated("title", locale), url_for("activities.event", event_id=found.id),
                         url_for("feedback.event_thanks", event_id=found.id))


def _opportunity(opportunity_id: int) -> PublicListing:
    """A published volunteering opportunity (call inside the public scope), else 404."""
    opportunity_id = parse_id(opportunity_id)
    found = _or_404(volunteering.public_opportunity(opportunity_id) if opportunity_id else None)
    locale = current_language()
    return PublicListing(ListingKind.VOLUNTEERING, found, found.text("title", locale),
                         not found.is_translated("title", locale),
                         url_for("activities.opportunity", opportunity_id=found.id),
                         url_for("feedback.opportunity_thanks", opportunity_id=found.id))


def _feedback_form(listing: PublicListing):
    """Show the form, or store feedback that passes every check and say thank you."""
    form = FeedbackForm()
    if submit(form, lambda: intake.submit_feedback(
            listing.kind, listing.row, message=form.message.data, email=form.email.data, locale=current_language(),
            honeypot=form.subject.data, token=form.started.data), default_field="message"):
        return redirect(listing.thanks_url, code=303)
    form.started.data = intake.issue_form_token(listing.kind, listing.row.id)
    return render_template("feedback/form.html", form=form, listing=listing)


@bp.route("/services/<int:service_id>/feedback", methods=["GET", "POST"])
@public
def service_form(service_id: int):
    """Anyone: tell the organisation and the department what is wrong with a service's page."""
    with public_scope():
        return _feedback_form(_service(service_id))


@bp.get("/services/<int:service_id>/feedback/thanks")
@public
def service_thanks(service_id: int):
    """Anyone: the feedback about a service has arrived."""
    with public_scope():
        return render_template("feedback/thanks.html", listing=_service(service_id))


@bp.route("/events/<int:event_id>/feedback", methods=["GET", "POST"])
@public
def event_form(event_id: int):
    """Anyone: tell the organisation and the department what is wrong with an event's page."""
    with public_scope():
        return _feedback_form(_event(event_id))


@bp.get("/events/<int:event_id>/feedback/thanks")
@public
def event_thanks(event_id: int):
    """Anyone: the feedback about an event has arrived."""
    with public_scope():
        return render_template("feedback/thanks.html", listing=_event(event_id))


@bp.route("/volunteering/<int:opportunity_id>/feedback", methods=["GET", "POST"])
@public
def opportunity_form(opportunity_id: int):
    """Anyone: tell the organisation and the department what is wrong with a volunteering opportunity."""
    with public_scope():
        return _feedback_form(_opportunity(opportunity_id))


@bp.get("/volunteering/<int:opportunity_id>/feedback/thanks")
@public
def opportunity_thanks(opportunity_id: int):
    """Anyone: the feedback about a volunteering opportunity has arrived."""
    with public_scope():
        return render_template("feedback/thanks.html", listing=_opportunity(opportunity_id))
