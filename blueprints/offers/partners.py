"""Joint applicants: the applicant names another registered organisation, which confirms from its workspace."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language
from app.menus import menu_entry
from app.models import OfferPartner
from app.permissions import Permission, can, requires
from app.services.funding import offers
from app.tenancy import get_child_or_404
from blueprints.forms import BaseForm, attempt, form_status, submit
from blueprints.offers import bp
from blueprints.offers.forms import PartnerForm
from blueprints.offers.routes import load_offer, organisation

menu_entry("workspace", "offers.partner_requests", _l("Joint offers"), permission=Permission.OFFERS_VIEW, order=41)


def _page(offer, form, status=200):
    call = offers.call_of(offer)
    return render_template("offers/partners.html", offer=offer, call=call, form=form, remove_form=BaseForm(),
                           editable=offers.editable(offer, call)), status


@bp.route("/offers/<int:offer_id>/partners", methods=["GET", "POST"])
@requires(Permission.OFFERS_VIEW)
def partners(offer_id: int):
    """Organisation members: the offer's joint applicants and whether they confirmed; admins and coordinators
    name another registered organisation (by name or KRS) before submitting."""
    offer = load_offer(offer_id)
    if request.method == "GET":
        return _page(offer, PartnerForm(formdata=None))
    if not can(Permission.OFFERS_EDIT):
        abort(403)
    form = PartnerForm()
    done = submit(form, lambda: offers.add_partner(offer, form.partner.data, organisation(), actor=current_user),
                  default_field="partner")
    if done:
        flash(_("%(name)s has been named as a joint applicant: it confirms from its own workspace.",
                name=done.value.partner.name), "success")
        return redirect(url_for("offers.partners", offer_id=offer.id), code=303)
    return _page(offer, form, form_status())


@bp.post("/offers/<int:offer_id>/partners/<int:partner_id>/remove")
@requires(Permission.OFFERS_EDIT)
def partner_remove(offer_id: int, partner_id: int):
    """Organisation admin or coordinator: take a joint applicant off the draft."""
    offer = load_offer(offer_id)
    row = get_child_or_404(offer, OfferPartner, partner_id)
    if attempt(lambda: offers.remove_partner(offer, row, actor=current_user)):
        flash(_("The joint applicant has been taken off."), "success")
    return redirect(url_for("offers.partners", offer_id=offer.id), code=303)


@bp.get("/offer-requests")
@requires(Permission.OFFERS_VIEW)
def partner_requests():
    """Organisation members: other organisations' offers naming this one as a joint applicant, to confirm."""
    items = offers.requests_for(organisation(), actor=current_user, locale=current_language())
    return render_template("offers/requests.html", items=items, form=BaseForm())


@bp.post("/offer-requests/<int:partner_id>/confirm")
@requires(Permission.OFFERS_EDIT)
def partner_confirm(partner_id: int):
    """Organisation admin or coordinator: confirm being a joint applicant of an offer not yet submitted."""
    done = attempt(lambda: offers.confirm_partner(partner_id, organisation(), actor=current_user))
    if done and not done.value:
        abort(404)
    if done:
        flash(_("Confirmed: your organisation is a joint applicant of the offer."), "success")
    return redirect(url_for("offers.partner_requests"), code=303)
