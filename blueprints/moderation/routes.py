"""The department moderates the directory: changes waiting for approval, taking services down."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.menus import menu_entry
from app.models import ListingKind, Organisation, OrganisationKind, Revision, Service
from app.permissions import Permission, requires
from app.services.directory.listing import is_stale
from app.services.listings import values as listing_values
from app.services.moderation import access, review, takedown  # noqa: F401 - access registers change_request.decide
from app.services.workflow import revisions
from app.services.workflow.comparison import comparison, title_of
from app.tenancy import get_or_404, parse_id
from blueprints.forms import attempt, submit
from blueprints.moderation.forms import ApproveForm, QueueFilterForm, RejectForm, ServiceFilterForm, UnpublishForm
from blueprints.paging import paginate

bp = Blueprint("moderation", __name__, url_prefix="/console/moderation", template_folder="templates")
menu_entry("console", "moderation.queue", _l("Moderation"), permission=Permission.DIRECTORY_VIEW, order=30,
           current=("moderation.",))


@bp.context_processor
def _labels():
    return {"kind_labels": review.KIND_LABELS, "action_labels": review.ACTION_LABELS,
            "change_status_labels": review.STATUS_LABELS, "status_labels": listing_values.STATUS_LABELS,
            "title_of": title_of}


def _organisations() -> list[Organisation]:
    return list(db.session.execute(
        select(Organisation).where(Organisation.kind != OrganisationKind.DEPARTMENT).order_by(Organisation.name)
    ).scalars())


@bp.get("/")
@requires(Permission.DIRECTORY_VIEW)
def queue():
    """Department staff: changes from unverified organisations waiting for a decision (or decided lately)."""
    form = QueueFilterForm(request.args, organisations=_organisations())
    valid = form.validate()
    organisation_id = parse_id(form.organisation.data) if valid and form.organisation.data else None
    kind = ListingKind(form.kind.data) if valid and form.kind.data else None
    decided = valid and form.decided.data == "1"
    query = (review.decided_query if decided else review.pending_query)(
        organisation_id=organisation_id, kind=kind)
    return render_template("moderation/queue.html", form=form, page=paginate(query), decided=decided)


def _change_page(change: Revision, approve_form: ApproveForm, reject_form: RejectForm, status: int = 200):
    service = None
    if change.kind == ListingKind.SERVICE and change.object_id:
        service = db.session.execute(
            select(Service).where(Service.id == change.object_id, Service.organisation_id == change.organisation_id)
        ).unique().scalar_one_or_none()
    return render_template("moderation/change.html", change=change, rows=comparison(change),
                           approve_form=approve_form, reject_form=reject_form, service=service,
                           title=title_of(change)), status


@bp.get("/changes/<int:change_id>")
@requires(Permission.DIRECTORY_VIEW)
def change_detail(change_id: int):
    """Department staff: one change, its values before and as proposed side by side."""
    change = get_or_404(Revision, change_id)
    return _change_page(change, ApproveForm(formdata=None), RejectForm(formdata=None))


@bp.post("/changes/<int:change_id>/approve")
@requires(Permission.DIRECTORY_MODERATE)
def approve(change_id: int):
    """Department admin or officer: make the change live and tell the organisation."""
    change = get_or_404(Revision, change_id)
    form = ApproveForm()
    if form.validate_on_submit():
        if not attempt(lambda: revisions.approve(change, actor=current_user, note=form.note.data)):
            return redirect(url_for("moderation.change_detail", change_id=change_id), code=303)
        flash(_("Approved: “%(title)s” is live and the organisation has been told.",
                title=title_of(change)), "success")
        return redirect(url_for("moderation.queue"), code=303)
    return _change_page(change, form, RejectForm(formdata=None), 400)


@bp.post("/changes/<int:change_id>/reject")
@requires(Permission.DIRECTORY_MODERATE)
def reject(change_id: int):
    """Department admin or officer: refuse the change with a note the organisation reads."""
    change = get_or_404(Revision, change_id)
    form = RejectForm()
    if form.validate_on_submit():
        done = attempt(lambda: revisions.reject(change, actor=current_user, note=form.note.data), form=form)
        if not done and done.error.field == "note":
            return _change_page(change, ApproveForm(formdata=None), form, 400)
        if not done:
            flash(done.error.message, "error")
            return redirect(url_for("moderation.change_detail", change_id=change_id), code=303)
        flash(_("Rejected: the organisation has been told why; the listing stays as it was."), "success")
        return redirect(url_for("moderation.queue"), code=303)
    return _change_page(change, ApproveForm(formdata=None), form, 400)


@bp.get("/services")
@requires(Permission.DIRECTORY_VIEW)
def services():
    """Department staff: every service in the directory, by name, organisation or state (stale ones too)."""
    form = ServiceFilterForm(request.args)
    valid = form.validate()
    query = takedown.search_services(text=form.q.data if valid else "", state=form.state.data if valid else "")
    page = paginate(query)
    return render_template("moderation/services.html", form=form, page=page,
                           stale_ids={service.id for service in page.items if is_stale(service)})


def _service_page(service: Service, form: UnpublishForm, status: int = 200):
    pending = revisions.pending_for(ListingKind.SERVICE, service.id, service.organisation_id)
    return render_template("moderation/service.html", service=service, form=form, pending=pending,
                           stale=is_stale(service)), status


@bp.get("/services/<int:service_id>")
@requires(Permission.DIRECTORY_VIEW)
def service_detail(service_id: int):
    """Department staff: one service as it stands, with taking it down or putting it back."""
    return _service_page(get_or_404(Service, service_id), UnpublishForm(formdata=None))


@bp.post("/services/<int:service_id>/unpublish")
@requires(Permission.DIRECTORY_MODERATE)
def unpublish(service_id: int):
    """Department admin or officer: take a service out of the directory, with a reason."""
    service = get_or_404(Service, service_id)
    form = UnpublishForm()
    if submit(form, lambda: takedown.unpublish_service(service, actor=current_user, reason=form.reason.data),
              default_field="reason"):
        flash(_("“%(name)s” is no longer in the directory; the organisation has been told why.",
                name=service.name_pl), "success")
        return redirect(url_for("moderation.service_detail", service_id=service.id), code=303)
    return _service_page(service, form, 400)


@bp.post("/services/<int:service_id>/republish")
@requires(Permission.DIRECTORY_MODERATE)
def republish(service_id: int):
    """Department admin or officer: put a service taken down back into the directory."""
    service = get_or_404(Service, service_id)
    if attempt(lambda: takedown.republish_service(service, actor=current_user)):
        flash(_("“%(name)s” is back in the directory.", name=service.name_pl), "success")
    return redirect(url_for("moderation.service_detail", service_id=service.id), code=303)

