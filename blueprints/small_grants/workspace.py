"""Small grants in the organisation workspace: draft, submit and follow a simplified offer (art. 19a)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.localtime import local_today
from app.menus import menu_entry
from app.models import Offer, OfferKind, OfferStatus
from app.permissions import Permission, requires
from app.services.funding import small_grants
from app.tenancy import get_or_404, public_scope
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.small_grants.forms import SmallGrantForm

bp = Blueprint("small_grants_workspace", __name__, url_prefix="/workspace/small-grants", template_folder="templates")
menu_entry("workspace", "small_grants_workspace.grant_list", _l("Small grants"), permission=Permission.OFFERS_VIEW,
           order=55, current=("small_grants_workspace.",))


def _grant(grant_id: int) -> Offer:
    """The active organisation's small grant offer, else 404."""
    offer = get_or_404(Offer, grant_id)
    if offer.kind != OfferKind.SMALL_GRANT:
        abort(404)
    return offer


def _form_page(form: SmallGrantForm, offer: Offer | None):
    form.add_empty_rows()
    return render_template("small_grants/form.html", form=form, offer=offer, max_days=small_grants.MAX_DAYS,
                           max_grant=small_grants.MAX_GRANT), form_status()


def _save(form: SmallGrantForm, offer: Offer | None):
    """Run the save (or save and submit) of a sent, valid form; the offer on success."""
    sending = request.form.get("action") == "submit"
    data, results, costs = form_data(form, small_grants.FIELDS), form.result_rows(), form.cost_rows()
    if offer is None:
        return submit(form, lambda: small_grants.create_small_grant(
            g.membership.organisation, data, results, costs, actor=current_user, submit=sending)), sending
    return submit(form, lambda: small_grants.update_small_grant(
        offer, data, results, costs, actor=current_user, submit=sending)), sending


def _saved(done, sending: bool):
    if sending:
        flash(_("The offer has been submitted. Receipt number: %(number)s.", number=done.value.receipt_number),
              "success")
    else:
        flash(_("The offer has been saved as a draft."), "success")
    return redirect(url_for("small_grants_workspace.grant_detail", grant_id=done.value.id), code=303)


@bp.get("/")
@requires(Permission.OFFERS_VIEW)
def grant_list():
    """Organisation members: the organisation's small grant offers, where each stands, and the yearly cap."""
    organisation = g.membership.organisation
    offers = small_grants.small_grants_of(organisation.id)
    years = sorted({local_today().year} | {offer.starts_on.year for offer in offers if offer.starts_on})
    with public_scope():  # small grants awarded are public; the year's budget is the department's
        awards = small_grants.awards_by_offer(offer.id for offer in offers)
        caps = [small_grants.yearly_caps(year, organisation_id=organisation.id) for year in years]
    return render_template("small_grants/workspace_list.html", offers=offers, awards=awards, caps=caps,
                           stage_of=small_grants.stage_of)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def grant_new():
    """Organisation admin or coordinator: draft a simplified offer (the applicant prefilled from the registry), or
    save and submit it at once."""
    if request.method == "GET":
        form = SmallGrantForm(data=small_grants.applicant_from_registry(g.membership.organisation, current_user))
    else:
        form = SmallGrantForm()
    done, sending = _save(form, None)
    if done:
        return _saved(done, sending)
    return _form_page(form, None)


@bp.get("/<int:grant_id>")
@requires(Permission.OFFERS_VIEW)
def grant_detail(grant_id: int):
    """Organisation members: a small grant offer as the form reads, where it stands, and the decision."""
    offer = _grant(grant_id)
    with public_scope():
        award = small_grants.awards_by_offer([offer.id]).get(offer.id)
    return render_template("small_grants/workspace_detail.html", offer=offer, award=award,
                           stage=small_grants.stage_of(offer, funded=award is not None))


def _edit_form(offer: Offer, **kwargs) -> SmallGrantForm:
    data, results, costs = small_grants.values_of(offer)
    return SmallGrantForm(data={**data, "results": results or [{}], "costs": costs or [{}]}, **kwargs)


@bp.route("/<int:grant_id>/edit", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def grant_edit(grant_id: int):
    """Organisation admin or coordinator: change a draft, or save and submit it (a submitted offer no longer
    changes)."""
    offer = _grant(grant_id)
    if offer.status != OfferStatus.DRAFT:
        flash(_("The offer has been submitted: it no longer changes."), "error")
        return redirect(url_for("small_grants_workspace.grant_detail", grant_id=offer.id), code=303)
    form = _edit_form(offer) if request.method == "GET" else SmallGrantForm()
    done, sending = _save(form, offer)
    if done:
        return _saved(done, sending)
    return _form_page(form, offer)


@bp.post("/<int:grant_id>/submit")
@requires(Permission.OFFERS_EDIT)
def grant_submit(grant_id: int):
    """Organisation admin or coordinator: submit a saved draft; what is missing is shown beside its field."""
    offer = _grant(grant_id)
    form = _edit_form(offer, formdata=None)  # the values are the draft's (CSRF is checked for every POST)
    done = attempt(lambda: small_grants.submit_small_grant(offer, actor=current_user), form=form)
    if done:
        return _saved(done, True)
    if offer.status != OfferStatus.DRAFT:
        return redirect(url_for("small_grants_workspace.grant_detail", grant_id=offer.id), code=303)
    return _form_page(form, offer)


@bp.post("/<int:grant_id>/withdraw")
@requires(Permission.OFFERS_EDIT)
def grant_withdraw(grant_id: int):
    """Organisation admin or coordinator: withdraw a submitted offer before the department publishes it."""
    offer = _grant(grant_id)
    if attempt(lambda: small_grants.withdraw_small_grant(offer, actor=current_user)):
        flash(_("The offer has been withdrawn."), "success")
    return redirect(url_for("small_grants_workspace.grant_detail", grant_id=offer.id), code=303)
