"""An organisation's offers in its workspace: the list, starting one from an open call, the draft, submitting,
withdrawing and reopening, the correction after the formal check, the updated budget within an award."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.csrf_expiry import expired_form, keeps_typed_input
from app.menus import menu_entry
from app.models import Call, Offer
from app.permissions import Permission, can, requires
from app.services.funding import offers
from app.services.funding.calls import accepts_offers, stage_of
from app.tenancy import get_or_404, public_scope
from blueprints.forms import BaseForm, apply_service_error, attempt, form_data, form_status
from blueprints.offers import bp
from blueprints.offers.forms import ROW_LISTS, BudgetForm, OfferForm

menu_entry("workspace", "offers.offer_list", _l("Offers"), permission=Permission.OFFERS_VIEW, order=40,
           current=("offers.",))


def organisation():
    """The organisation the user acts for."""
    return g.membership.organisation


def load_offer(offer_id: int) -> Offer:
    """The organisation's offer in a call (another organisation's, or a small grant, is a 404)."""
    offer = get_or_404(Offer, offer_id)
    if offer.call_id is None:
        abort(404)
    return offer


def offer_values(offer: Offer) -> dict:
    """The offer as the edit form starts: its values and rows."""
    values = {name: getattr(offer, name) for name in offers.FIELDS if not name.startswith("applicant_")}
    values.update({f"applicant_{key}": (offer.applicant or {}).get(key, "") for key in offers.APPLICANT_KEYS})
    values["activities"] = [{"name": a.name, "description": a.description, "starts_on": a.starts_on,
                             "ends_on": a.ends_on} for a in offer.plan()]
    values["results"] = [{"result": r.result, "target_value": r.target_value, "monitoring": r.monitoring}
                         for r in offer.results]
    values["costs"] = [{"kind": c.kind.value, "name": c.name, "unit": c.unit, "unit_cost": c.unit_cost,
                        "units": c.units, "year": c.year, "from_grant": c.from_grant} for c in offer.cost_lines()]
    return values


def _with_blank_rows(form, names=ROW_LISTS):
    """A form started from the saved offer gets one blank row in each list to type into; a sent form comes back
    with exactly the rows sent."""
    for name in names:
        form.add_row(name)
    return form


def _edit_page(form, offer, call, *, mode="draft", open_fields=None, status=None, added=None, **context):
    """The offer form: the whole draft, or (``correction``) only what the formal check opened. ``added`` names the
    list that has just got a row: its first field takes the focus."""
    if request.method == "GET":
        _with_blank_rows(form)
    return render_template("offers/edit.html", form=form, offer=offer, call=call, mode=mode,
                           open_fields=set(open_fields or offers.FIELDS), added=added,
                           rows_open=open_fields is None or "title" in open_fields, **context), \
        status or form_status()


@bp.get("/offers/")
@requires(Permission.OFFERS_VIEW)
def offer_list():
    """Organisation members: the organisation's offers with their calls, status and outcome (the formal check; the
    award, or not funded, once the call is decided), receipt and deadline."""
    items = offers.offers_of(organisation().id)
    return render_template("offers/list.html", items=items, stage_of=stage_of,
                           awards=offers.decided_awards(items))


@bp.route("/calls/<int:call_id>/apply", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def apply(call_id: int):
    """Organisation admin or coordinator: start an offer in an open call (after a page that says what follows)."""
    with public_scope():
        call = get_or_404(Call, call_id)
    if request.method == "GET":
        eligible = organisation().kind.value in call.kind_list
        return render_template("offers/apply.html", call=call, open=accepts_offers(call), eligible=eligible,
                               form=BaseForm())
    done = attempt(lambda: offers.start_offer(call, organisation(), actor=current_user))
    if done:
        flash(_("The offer has been started as a draft. Save it as often as you like."), "success")
        return redirect(url_for("offers.offer_edit", offer_id=done.value.id), code=303)
    return redirect(url_for("offers.apply", call_id=call.id), code=303)


@bp.get("/offers/<int:offer_id>")
@requires(Permission.OFFERS_VIEW)
def offer_page(offer_id: int):
    """Organisation members: the offer as the form reads, where it stands, the formal check and the award."""
    offer = load_offer(offer_id)
    call = offers.call_of(offer)
    return render_template("offers/page.html", offer=offer, call=call, stage=stage_of(call) if call else None,
                           editable=offers.editable(offer, call), award=offers.award_for(offer, actor=current_user),
                           correctable=offers.correctable_items(offer), form=BaseForm(),
                           attachment_url=lambda attachment: url_for("offers.attachment_download", offer_id=offer.id,
                                                                     attachment_id=attachment.id))


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@keeps_typed_input
@requires(Permission.OFFERS_EDIT)
def offer_edit(offer_id: int):
    """Organisation admin or coordinator: keep the draft (rows added with "Add a row", without JavaScript)."""
    offer = load_offer(offer_id)
    call = offers.call_of(offer)
    if not offers.editable(offer, call):
        flash(_("This offer can no longer be changed."), "error")
        return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    if request.method == "GET":
        return _edit_page(OfferForm(data=offer_values(offer)), offer, call)
    form = OfferForm()
    added = request.form.get("add")
    if added in ROW_LISTS:  # "Add a row": the same page again, with what was typed and one more row
        form.add_row(added)
        return _edit_page(form, offer, call, status=200, added=added)
    valid = form.validate_on_submit()
    if expired_form(form):  # nothing is read from it; what was typed is shown again
        return _edit_page(form, offer, call, status=400)
    data, rows, refused = form_data(form, offers.FIELDS), form.rows_data(), form.refused_fields()
    if request.form.get("next") == "submit":  # every problem at once: what was typed and the call's rules
        done = attempt(lambda: offers.save_and_check(offer, organisation(), data, rows, actor=current_user,
                                                     refused=refused), form=form)
        if done and valid and not done.value:
            flash(_("The draft has been saved. It meets every rule of the call."), "success")
            return redirect(url_for("offers.offer_submit", offer_id=offer.id), code=303)
        if done and valid:
            for problem in done.value:
                apply_service_error(form, problem)
            flash(_("The draft has been saved, but it cannot be submitted yet: each problem is shown beside its "
                    "field."), "info")
        return _edit_page(form, offer, call, status=400, checked=True)
    done = attempt(lambda: offers.save_draft(offer, data, rows, actor=current_user, refused=refused), form=form)
    if done and valid:
        flash(_("The draft has been saved."), "success")
        return redirect(url_for("offers.offer_edit", offer_id=offer.id), code=303)
    return _edit_page(form, offer, call, status=400)


@bp.route("/offers/<int:offer_id>/submit", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def offer_submit(offer_id: int):
    """Organisation admin or coordinator: every problem that stands in the way, then submitting the offer (a
    refusal shows every problem beside its field of the form)."""
    offer = load_offer(offer_id)
    call = offers.call_of(offer)
    if request.method == "GET":
        problems = offers.submission_problems(offer, call, organisation()) \
            if offer.status.value == "draft" else []
        return render_template("offers/submit.html", offer=offer, call=call, problems=problems, form=BaseForm(),
                               anchors=_anchors(OfferForm(data=offer_values(offer))))
    form = BaseForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please send it again."), "error")
        return redirect(url_for("offers.offer_submit", offer_id=offer.id), code=303)
    done = attempt(lambda: offers.submit_offer(offer, organisation(), actor=current_user), form=form)
    if not done and not offers.editable(offer, call):  # closed, or not a draft: nothing to correct in the form
        for error in getattr(done.error, "errors", None) or [done.error]:
            if error.field is None:
                flash(error.message, "error")
        return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    if done:
        if done.value.already:
            flash(_("This offer was submitted already; its receipt number is %(receipt)s.",
                    receipt=done.value.offer.receipt_number), "info")
        else:
            flash(_("The offer has been submitted. Its receipt number is %(receipt)s; we have sent it by e-mail.",
                    receipt=done.value.offer.receipt_number), "success")
        return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    shown = OfferForm(formdata=None, data=offer_values(offer))
    for error in getattr(done.error, "errors", None) or [done.error]:
        apply_service_error(shown, error)
    return render_template("offers/edit.html", form=shown, offer=offer, call=call, mode="draft",
                           open_fields=set(offers.FIELDS), rows_open=True, refused=True, added=None), 400


def _anchors(form) -> dict:
    """{field name: its id on the edit form} so that a problem links to its field."""
    found = {name: form[name].id for name in form._fields}
    for name in ROW_LISTS:
        for entry in form[name]:
            for sub in entry.form:
                found[sub.name] = sub.id
    return found


@bp.route("/offers/<int:offer_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def offer_withdraw(offer_id: int):
    """Organisation admin or coordinator: withdraw a submitted offer before the deadline (after a page that says
    what that means, which works without JavaScript)."""
    offer = load_offer(offer_id)
    if request.method == "GET":
        call = offers.call_of(offer)
        return render_template("offers/withdraw.html", offer=offer, call=call,
                               possible=offer.status.value == "submitted" and call is not None
                               and accepts_offers(call))
    if attempt(lambda: offers.withdraw_offer(offer, actor=current_user)):
        flash(_("The offer has been withdrawn. You may reopen it as a draft while the call is open."), "success")
    return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)


@bp.post("/offers/<int:offer_id>/reopen")
@requires(Permission.OFFERS_EDIT)
def offer_reopen(offer_id: int):
    """Organisation admin or coordinator: make a withdrawn offer a draft again while the call is open."""
    offer = load_offer(offer_id)
    if attempt(lambda: offers.reopen_offer(offer, actor=current_user)):
        flash(_("The offer is a draft again. Submitting it gives a new receipt number."), "success")
        return redirect(url_for("offers.offer_edit", offer_id=offer.id), code=303)
    return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)


@bp.route("/offers/<int:offer_id>/correction", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def offer_correction(offer_id: int):
    """Organisation admin or coordinator: correct the items the formal check named (only those)."""
    offer = load_offer(offer_id)
    items = offers.correctable_items(offer)
    names = offers.correction_fields(items)
    if not items:
        flash(_("Nothing in this offer is open to correction now."), "error")
        return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    call = offers.call_of(offer)
    if not names:  # only the attachments: they are corrected on their own page
        return redirect(url_for("offers.attachments", offer_id=offer.id), code=303)
    if request.method == "GET":
        return _edit_page(OfferForm(data=offer_values(offer)), offer, call, mode="correction", open_fields=names)
    form = OfferForm()
    added = request.form.get("add")
    if added in ROW_LISTS and "complete" in items:
        form.add_row(added)
        return _edit_page(form, offer, call, mode="correction", open_fields=names, status=200, added=added)
    if form.validate_on_submit():
        done = attempt(lambda: offers.save_correction(offer, form_data(form, names), form.rows_data(),
                                                      actor=current_user), form=form)
        if done:
            flash(_("The correction has been saved. Send it when it is complete."), "success")
            return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    return _edit_page(form, offer, call, mode="correction", open_fields=names, status=400)


@bp.post("/offers/<int:offer_id>/correction/send")
@requires(Permission.OFFERS_EDIT)
def offer_correction_send(offer_id: int):
    """Organisation admin or coordinator: send the corrected offer to be checked again."""
    offer = load_offer(offer_id)
    if attempt(lambda: offers.send_correction(offer, organisation(), actor=current_user)):
        flash(_("The correction has been sent: the department checks the offer again."), "success")
    return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)


@bp.route("/offers/<int:offer_id>/updated-budget", methods=["GET", "POST"])
@requires(Permission.OFFERS_EDIT)
def offer_budget(offer_id: int):
    """Organisation admin or coordinator: the cost estimate and plan re-entered within a reduced award."""
    offer = load_offer(offer_id)
    award = offers.award_for(offer, actor=current_user)
    if award is None or award.state.value != "update_requested":
        flash(_("No updated budget is asked of this offer."), "error")
        return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    added = None
    if request.method == "GET":
        activities, costs = offers.revised_prefill(offer)
        form = BudgetForm(data={"activities": activities, "costs": costs})
    else:
        form = BudgetForm()
        added = request.form.get("add")
        if added in ("activities", "costs"):
            form.add_row(added)
        else:
            added = None
        if added is None and form.validate_on_submit():
            done = attempt(lambda: offers.submit_updated_budget(offer, form.rows("activities"), form.rows("costs"),
                                                                actor=current_user), form=form)
            if done:
                flash(_("The updated budget has been sent: the department accepts it."), "success")
                return redirect(url_for("offers.offer_page", offer_id=offer.id), code=303)
    if request.method == "GET":  # a sent form comes back with exactly the rows sent (and the one added)
        for name in ("activities", "costs"):
            form.add_row(name)
    status = 400 if request.method == "POST" and added is None else 200
    return render_template("offers/budget.html", form=form, offer=offer, award=award, added=added,
                           may_edit=can(Permission.OFFERS_EDIT)), status
