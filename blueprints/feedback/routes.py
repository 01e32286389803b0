"""Residents' reports of mistakes: the public form, the organisation's list, the department's inbox."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_language
from app.models import ListingKind, ListingReport, Organisation, OrganisationKind, ReportStatus, Service
from app.permissions import Permission, can, public, requires
from app.services import ServiceError, activities, directory, reports
from app.tenancy import get_or_404, parse_id, public_scope
from blueprints.feedback.forms import HandleReportForm, ReportFilterForm, ReportForm
from blueprints.forms import apply_service_error
from blueprints.paging import paginate

bp = Blueprint("feedback", __name__, template_folder="templates")


@dataclass(frozen=True)
class PublicListing:
    """A listing as the report pages show it: never an address, only its name and where it is."""

    kind: ListingKind
    row: object
    title: str
    in_polish_only: bool
    page_url: str
    thanks_url: str
    crisis: bool = False


def _or_404(row):
    if row is None or not row.organisation.is_active:
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
        url_for("feedback.report_service_thanks", service_id=found.id),
        crisis=directory.is_crisis(found))


def _event(event_id: int) -> PublicListing:
    """A published event (call inside the public scope), else 404."""
    event_id = parse_id(event_id)
    found = _or_404(activities.public_event(event_id) if event_id else None)
    locale = current_language()
    return PublicListing(ListingKind.EVENT, found, found.text("title", locale),
                         not found.is_translated("title", locale), url_for("activities.event", event_id=found.id),
                         url_for("feedback.report_event_thanks", event_id=found.id))


def _offer(offer_id: int) -> PublicListing:
    """A published volunteering offer (call inside the public scope), else 404."""
    offer_id = parse_id(offer_id)
    found = _or_404(activities.public_offer(offer_id) if offer_id else None)
    locale = current_language()
    return PublicListing(ListingKind.VOLUNTEERING, found, found.text("title", locale),
                         not found.is_translated("title", locale), url_for("activities.offer", offer_id=found.id),
                         url_for("feedback.report_offer_thanks", offer_id=found.id))


def _report_form(listing: PublicListing):
    """Show the form, or store a report that passes every check and say thank you."""
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.submit_report(listing.kind, listing.row, message=form.message.data, email=form.email.data,
                                  locale=current_language(), honeypot=form.subject.data, token=form.started.data)
        except ServiceError as error:
            db.session.rollback()
            apply_service_error(form, error, default_field="message")
        else:
            db.session.commit()
            return redirect(listing.thanks_url, code=303)
    form.started.data = reports.issue_form_token(listing.kind, listing.row.id)
    return render_template("feedback/report_form.html", form=form, listing=listing)


@bp.route("/services/<int:service_id>/report", methods=["GET", "POST"])
@public
def report_service(service_id: int):
    """Anyone: tell the organisation and the department what is wrong with a service's page."""
    with public_scope():
        return _report_form(_service(service_id))


@bp.get("/services/<int:service_id>/report/thanks")
@public
def report_service_thanks(service_id: int):
    """Anyone: the report about a service has arrived."""
    with public_scope():
        return render_template("feedback/report_thanks.html", listing=_service(service_id))


@bp.route("/events/<int:event_id>/report", methods=["GET", "POST"])
@public
def report_event(event_id: int):
    """Anyone: tell the organisation and the department what is wrong with an event's page."""
    with public_scope():
        return _report_form(_event(event_id))


@bp.get("/events/<int:event_id>/report/thanks")
@public
def report_event_thanks(event_id: int):
    """Anyone: the report about an event has arrived."""
    with public_scope():
        return render_template("feedback/report_thanks.html", listing=_event(event_id))


@bp.route("/volunteering/<int:offer_id>/report", methods=["GET", "POST"])
@public
def report_offer(offer_id: int):
    """Anyone: tell the organisation and the department what is wrong with a volunteering offer."""
    with public_scope():
        return _report_form(_offer(offer_id))


@bp.get("/volunteering/<int:offer_id>/report/thanks")
@public
def report_offer_thanks(offer_id: int):
    """Anyone: the report about a volunteering offer has arrived."""
    with public_scope():
        return render_template("feedback/report_thanks.html", listing=_offer(offer_id))


# --- the organisation's reports ---------------------------------------------------------------


def _filtered(form: ReportFilterForm, organisation_id: int | None):
    form.validate()
    page = paginate(reports.reports_query(status=form.chosen_status(), organisation_id=organisation_id))
    return page, reports.listing_titles(page.items)


@bp.get("/workspace/reports")
@requires(Permission.LISTINGS_VIEW)
def workspace_reports():
    """Organisation members: what residents reported about the organisation's listings."""
    form = ReportFilterForm(request.args)
    del form.organisation
    page, titles = _filtered(form, g.membership.organisation_id)
    return render_template("feedback/reports.html", area="workspace", form=form, page=page, titles=titles)


def _render_report(area: str, report: ListingReport, form: HandleReportForm, may_handle: bool, status: int = 200):
    titles = reports.listing_titles([report])
    return render_template("feedback/report.html", area=area, report=report, form=form, may_handle=may_handle,
                           title=titles.get((str(report.kind), report.object_id))), status


@bp.get("/workspace/reports/<int:listing_report_id>")
@requires(Permission.LISTINGS_VIEW)
def workspace_report(listing_report_id: int):
    """Organisation members: one report about the organisation's listing."""
    report = get_or_404(ListingReport, listing_report_id)
    return _render_report("workspace", report, HandleReportForm(formdata=None),
                          may_handle=can(Permission.LISTINGS_EDIT))


@bp.post("/workspace/reports/<int:listing_report_id>/handle")
@requires(Permission.LISTINGS_EDIT)
def workspace_report_handle(listing_report_id: int):
    """Organisation admin or coordinator: mark a report resolved or dismissed, with a note."""
    report = get_or_404(ListingReport, listing_report_id)
    return _handle("workspace", report, as_department=False)


def _handle(area: str, report: ListingReport, *, as_department: bool):
    """Validate the handling form, apply it, and go back to the report (or show what is wrong)."""
    if report.status != ReportStatus.NEW:  # handled meanwhile, or the form was sent twice
        flash(_("This report has already been handled."), "info")
        return redirect(url_for(f"feedback.{area}_report", listing_report_id=report.id), code=303)
    form = HandleReportForm()
    if form.validate_on_submit():
        try:
            reports.handle_report(report, form.status.data, form.note.data, actor=current_user,
                                  as_department=as_department)
        except ServiceError as error:
            db.session.rollback()
            apply_service_error(form, error, default_field="status")
        else:
            db.session.commit()
            flash(_("The report is marked as resolved.") if report.status == ReportStatus.RESOLVED
                  else _("The report is dismissed."), "success")
            return redirect(url_for(f"feedback.{area}_report", listing_report_id=report.id), code=303)
    return _render_report(area, report, form, may_handle=True, status=400)


# --- the department's inbox -------------------------------------------------------------------


@bp.get("/console/feedback")
@requires(Permission.DIRECTORY_VIEW)
def console_reports():
    """Department staff: every report from residents, by status and organisation."""
    form = ReportFilterForm(request.args)
    form.organisation.choices = [("", _("All organisations"))] + [
        (str(o_id), name) for o_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.kind != OrganisationKind.DEPARTMENT)
            .order_by(Organisation.name)).all()]
    page, titles = _filtered(form, parse_id(form.organisation.data) if not form.organisation.errors else None)
    return render_template("feedback/reports.html", area="console", form=form, page=page, titles=titles)


@bp.get("/console/feedback/<int:listing_report_id>")
@requires(Permission.DIRECTORY_VIEW)
def console_report(listing_report_id: int):
    """Department staff: one report, with its handling."""
    report = get_or_404(ListingReport, listing_report_id)
    return _render_report("console", report, HandleReportForm(formdata=None),
                          may_handle=can(Permission.DIRECTORY_MODERATE))


@bp.post("/console/feedback/<int:listing_report_id>/handle")
@requires(Permission.DIRECTORY_MODERATE)
def console_report_handle(listing_report_id: int):
    """Department admin or officer: mark a report resolved or dismissed, with a note."""
    report = get_or_404(ListingReport, listing_report_id)
    return _handle("console", report, as_department=True)
