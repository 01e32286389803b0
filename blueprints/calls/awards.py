"""Awards and results of a call in the department console: amounts in ranking order within the pool, updated
budgets of reduced awards, the reasons told to organisations, and publishing the results."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.models import Call, Offer
from app.permissions import Permission, requires
from app.services.agreements.register import agreements_by_award
from app.services.funding import results
from app.services.funding.awards import accept_update, award_of, return_update
from app.tenancy import get_or_404
from blueprints.calls.forms import AwardForm, OutcomeReasonForm, ReturnUpdateForm
from blueprints.forms import attempt, form_status, submit

bp = Blueprint("awards", __name__, url_prefix="/console/calls", template_folder="templates")


def _award_form(offer: Offer, award=None, *, sent: bool = False) -> AwardForm:
    """The award form of one offer (its fields prefixed with the offer's id): what was sent, or the award's."""
    prefix = f"o{offer.id}"
    if sent:
        return AwardForm(prefix=prefix)
    data = {"amount": award.amount if award else None, "reason": award.reason if award else ""}
    return AwardForm(prefix=prefix, formdata=None, data=data)


def _reason_form(offer: Offer, *, sent: bool = False) -> OutcomeReasonForm:
    prefix = f"r{offer.id}"
    if sent:
        return OutcomeReasonForm(prefix=prefix)
    return OutcomeReasonForm(prefix=prefix, formdata=None, data={"outcome_reason": offer.outcome_reason or ""})


def _page(call: Call, *, sent_award: AwardForm | None = None, sent_reason: OutcomeReasonForm | None = None,
          offer_id: int | None = None):
    """The awards page, with a refused form (its errors and what was typed) in place of the offer's own."""
    found = results.outcomes(call) if results.results_shown(call) else []
    award_forms, reason_forms = {}, {}
    for outcome in found:
        offer = outcome.offer
        award_forms[offer.id] = sent_award if sent_award and offer.id == offer_id else _award_form(offer,
                                                                                                    outcome.award)
        reason_forms[offer.id] = sent_reason if sent_reason and offer.id == offer_id else _reason_form(offer)
    agreements = agreements_by_award(outcome.award.id for outcome in found if outcome.award) \
        if call.results_published_at else {}
    return render_template("calls/awards.html", call=call, outcomes=found, figures=results.call_money(call),
                           open=results.awarding_open(call), shown=results.results_shown(call),
                           award_forms=award_forms, reason_forms=reason_forms, agreements=agreements), form_status()


def _back(call: Call, offer: Offer | None = None):
    anchor = f"offer-{offer.id}" if offer is not None else None
    return redirect(url_for("awards.award_page", call_id=call.id, _anchor=anchor), code=303)


@bp.get("/<int:call_id>/awards")
@requires(Permission.FUNDING_VIEW)
def award_page(call_id: int):
    """Department staff: the ranking with the pool, committed and remaining; admins and officers decide amounts."""
    return _page(get_or_404(Call, call_id))


@bp.post("/<int:call_id>/offers/<int:offer_id>/award")
@requires(Permission.FUNDING_MANAGE)
def award_decide(call_id: int, offer_id: int):
    """Department admin or officer: fund an offer with an amount (refused beside the field past the pool)."""
    call = get_or_404(Call, call_id)
    offer = results.offer_in_call_or_404(call, offer_id)
    form = _award_form(offer, sent=True)
    if not results.awarding_open(call):  # the page shows no form then: the refusal is flashed
        attempt(lambda: results.decide(call, offer, form.amount.data, form.reason.data, actor=current_user))
        return _back(call, offer)
    done = submit(form, lambda: results.decide(call, offer, form.amount.data, form.reason.data, actor=current_user),
                  default_field="amount")
    if done:
        flash(_("The award to “%(title)s” has been saved.", title=offer.title), "success")
        return _back(call, offer)
    return _page(call, sent_award=form, offer_id=offer.id)


@bp.post("/<int:call_id>/offers/<int:offer_id>/award/withdraw")
@requires(Permission.FUNDING_MANAGE)
def award_withdraw(call_id: int, offer_id: int):
    """Department admin or officer: take an award back before the results are published."""
    call = get_or_404(Call, call_id)
    offer = results.offer_in_call_or_404(call, offer_id)
    if attempt(lambda: results.withdraw(call, offer, actor=current_user)):
        flash(_("The award to “%(title)s” has been withdrawn.", title=offer.title), "success")
    return _back(call, offer)


@bp.post("/<int:call_id>/offers/<int:offer_id>/outcome")
@requires(Permission.FUNDING_MANAGE)
def outcome_reason(call_id: int, offer_id: int):
    """Department admin or officer: the reason an offer is not funded, as its organisation will be told."""
    call = get_or_404(Call, call_id)
    offer = results.offer_in_call_or_404(call, offer_id)
    form = _reason_form(offer, sent=True)
    if not results.awarding_open(call):  # the page shows no form then: the refusal is flashed
        attempt(lambda: results.set_outcome_reason(call, offer, form.outcome_reason.data, actor=current_user))
        return _back(call, offer)
    done = submit(form, lambda: results.set_outcome_reason(call, offer, form.outcome_reason.data,
                                                           actor=current_user), default_field="outcome_reason")
    if done:
        flash(_("The reason has been saved.") if done.value else _("Nothing was changed."), "success")
        return _back(call, offer)
    return _page(call, sent_reason=form, offer_id=offer.id)


def _update_page(call: Call, offer: Offer, form: ReturnUpdateForm | None = None):
    return render_template("calls/award_update.html", call=call, offer=offer, award=award_of(offer),
                           form=form or ReturnUpdateForm()), form_status()


@bp.get("/<int:call_id>/offers/<int:offer_id>/update")
@requires(Permission.FUNDING_VIEW)
def update_review(call_id: int, offer_id: int):
    """Department staff: a reduced award's offer with the budget and schedule the organisation re-entered."""
    call = get_or_404(Call, call_id)
    return _update_page(call, results.offer_in_call_or_404(call, offer_id))


@bp.post("/<int:call_id>/offers/<int:offer_id>/update/accept")
@requires(Permission.FUNDING_MANAGE)
def update_accept(call_id: int, offer_id: int):
    """Department admin or officer: accept the updated budget and schedule of a reduced award."""
    call = get_or_404(Call, call_id)
    offer = results.offer_in_call_or_404(call, offer_id)
    award = award_of(offer)
    if award is None:
        flash(_("This offer has no award."), "error")
    elif attempt(lambda: accept_update(award, actor=current_user)):
        flash(_("The updated budget of “%(title)s” has been accepted.", title=offer.title), "success")
    return _back(call, offer)


@bp.post("/<int:call_id>/offers/<int:offer_id>/update/return")
@requires(Permission.FUNDING_MANAGE)
def update_return(call_id: int, offer_id: int):
    """Department admin or officer: send an updated budget back to the organisation with the reason (e-mailed)."""
    call = get_or_404(Call, call_id)
    offer = results.offer_in_call_or_404(call, offer_id)
    award = award_of(offer)
    form = ReturnUpdateForm()
    if award is None:
        flash(_("This offer has no award."), "error")
        return _back(call, offer)
    if submit(form, lambda: return_update(award, form.reason.data, actor=current_user)):
        flash(_("The updated budget has been sent back to the organisation."), "success")
        return _back(call, offer)
    return _update_page(call, offer, form)


@bp.route("/<int:call_id>/results", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def results_publish(call_id: int):
    """Department admin or officer: publish the results (after a page listing what each organisation is told)."""
    call = get_or_404(Call, call_id)
    if request.method == "GET":
        found = results.outcomes(call) if results.results_shown(call) else []
        return render_template("calls/results_confirm.html", call=call, outcomes=found,
                               problems=results.unready(call), figures=results.call_money(call))
    done = attempt(lambda: results.publish_results(call, actor=current_user))
    if done:
        flash(ngettext("The results have been published and %(num)d organisation told by e-mail.",
                       "The results have been published and %(num)d organisations told by e-mail.", done.value),
              "success")
        return redirect(url_for("calls.call_page", call_id=call.id), code=303)
    return redirect(url_for("awards.results_publish", call_id=call.id), code=303)
