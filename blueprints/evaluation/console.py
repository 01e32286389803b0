"""The department's side of the formal check and the evaluation: a call's offers, the formal check of each,
the commission and its assignments, progress, closing, the ranking and the minutes.

Department staff read (FUNDING_VIEW); admins and officers act (FUNDING_MANAGE); analysts read only.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_language
from app.models import Call, CommissionMember, Offer, OfferAttachment, OfferStatus, Organisation, OrganisationKind
from app.permissions import Permission, requires
from app.services.funding import commission, formal, ranking
from app.services.funding.calls import stage_of
from app.tenancy import get_child_or_404, get_or_404
from blueprints.attachments import send_attachment
from blueprints.evaluation.forms import AssignmentsForm, FormalCheckForm, MemberForm
from blueprints.evaluation.tables import ranking_table
from blueprints.forms import attempt, form_data, form_status, submit

bp = Blueprint("evaluation_console", __name__, url_prefix="/console", template_folder="templates")


@bp.app_template_filter("points")
def points(value) -> str:
    """Points as the language writes them (``82,5`` in Polish, ``82.5`` in English): a ranking shows thousands,
    and Babel's number formatting cost most of its page."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", "." if current_language() == "en" else ",")


def _call_offer(offer_id: int) -> Offer:
    """A sent offer in a call: 404 for a small grant (no formal check here) and for a draft (the organisation's
    own work until it is submitted)."""
    offer = get_or_404(Offer, offer_id)
    if offer.call_id is None or offer.status == OfferStatus.DRAFT:
        abort(404)
    return offer


def _offers_page(call: Call):
    return render_template("evaluation/console_offers.html", call=call, stage=stage_of(call),
                           offers=formal.submitted_offers(call), scores=ranking.final_scores(call)
                           if call.commission_closed_at else {}, needs_recheck=formal.needs_recheck,
                           waiting=formal.unfinished_checks(call))


@bp.get("/calls/<int:call_id>/offers")
@requires(Permission.FUNDING_VIEW)
def call_offers(call_id: int):
    """Department staff: the submitted offers of a call with their formal outcome and, once closed, final score."""
    return _offers_page(get_or_404(Call, call_id))


@bp.post("/calls/<int:call_id>/formal-check")
@requires(Permission.FUNDING_MANAGE)
def formal_check_start(call_id: int):
    """Department admin or officer: a call past its deadline goes to the formal check."""
    call = get_or_404(Call, call_id)
    if attempt(lambda: formal.start_formal_check(call, actor=current_user)):
        flash(_("The formal check has started."), "success")
    return redirect(url_for("evaluation_console.call_offers", call_id=call.id), code=303)


@bp.post("/calls/<int:call_id>/evaluation/start")
@requires(Permission.FUNDING_MANAGE)
def evaluation_start(call_id: int):
    """Department admin or officer: once every offer passed or was rejected, the commission evaluates."""
    call = get_or_404(Call, call_id)
    if attempt(lambda: formal.start_evaluation(call, actor=current_user)):
        flash(_("The evaluation has started: the commission may score the offers that passed."), "success")
    return redirect(url_for("evaluation_console.call_offers", call_id=call.id), code=303)


def _offer_page(offer: Offer, form: FormalCheckForm):
    def attachment_url(attachment):
        return url_for("evaluation_console.offer_attachment", offer_id=offer.id, attachment_id=attachment.id)
    return render_template("evaluation/console_offer.html", offer=offer, call=offer.call, form=form,
                           attachment_url=attachment_url, needs_recheck=formal.needs_recheck(offer)), form_status()


@bp.get("/offers/<int:offer_id>")
@requires(Permission.FUNDING_VIEW)
def offer_detail(offer_id: int):
    """Department staff: an offer as the organisation sent it, its formal check, and (for admins and officers
    during the formal check) the checklist to fill in."""
    offer = _call_offer(offer_id)
    # A first check starts with only "on time" ticked (the portal takes no offer after the deadline): the officer
    # ticks what they verified, never unticks what they did not look at.
    data = {"met": [item for item in formal.FORMAL_ITEMS if item not in (offer.formal_items or [])]
            if offer.formal_outcome else ["on_time"],
            "outcome": offer.formal_outcome.value if offer.formal_outcome else None,
            "correct_by": offer.correct_by, "reason": offer.formal_reason}
    return _offer_page(offer, FormalCheckForm(data=data))


@bp.post("/offers/<int:offer_id>/formal-check")
@requires(Permission.FUNDING_MANAGE)
def offer_check(offer_id: int):
    """Department admin or officer: record the formal check of an offer; the organisation is told by e-mail."""
    offer = _call_offer(offer_id)
    form = FormalCheckForm()
    if submit(form, lambda: formal.check_offer(offer, form_data(form, ("met", "outcome", "correct_by", "reason")),
                                               actor=current_user)):
        flash(_("The formal check has been saved and the organisation told."), "success")
        return redirect(url_for("evaluation_console.call_offers", call_id=offer.call_id), code=303)
    return _offer_page(offer, form)


@bp.get("/offers/<int:offer_id>/attachments/<int:attachment_id>")
@requires(Permission.FUNDING_VIEW)
def offer_attachment(offer_id: int, attachment_id: int):
    """Department staff: download an attachment of an offer (stored outside the web root)."""
    offer = _call_offer(offer_id)
    return send_attachment(get_child_or_404(offer, OfferAttachment, attachment_id))


# -- the commission --------------------------------------------------------------------------------------

def _organisations() -> list[Organisation]:
    return list(db.session.execute(select(Organisation).where(
        Organisation.is_active.is_(True), Organisation.kind != OrganisationKind.DEPARTMENT)
        .order_by(Organisation.name)).scalars())


def _commission_page(call: Call, form: MemberForm):
    return render_template("evaluation/console_commission.html", call=call, form=form,
                           members=commission.progress(call, scoring_only=False),
                           offers=ranking.evaluated_offers(call)), form_status()


@bp.get("/calls/<int:call_id>/commission")
@requires(Permission.FUNDING_VIEW)
def call_commission(call_id: int):
    """Department staff: the commission of a call, its members' assignments, and (admins and officers) changes."""
    return _commission_page(get_or_404(Call, call_id), MemberForm(organisations=_organisations()))


@bp.post("/calls/<int:call_id>/commission/members")
@requires(Permission.FUNDING_MANAGE)
def member_add(call_id: int):
    """Department admin or officer: name a person to the commission (by the e-mail of their account)."""
    call = get_or_404(Call, call_id)
    form = MemberForm(organisations=_organisations())
    if submit(form, lambda: commission.add_member(call, form_data(form, ("email", "role", "represents_id")),
                                                  department=g.membership.organisation, actor=current_user)):
        flash(_("The member has been named."), "success")
        return redirect(url_for("evaluation_console.call_commission", call_id=call.id), code=303)
    return _commission_page(call, form)


@bp.post("/commission/members/<int:member_id>/remove")
@requires(Permission.FUNDING_MANAGE)
def member_remove(member_id: int):
    """Department admin or officer: take a member off the commission before their work began."""
    member = get_or_404(CommissionMember, member_id)
    call_id = member.call_id
    if attempt(lambda: commission.remove_member(member, actor=current_user)):
        flash(_("The member has been removed."), "success")
    return redirect(url_for("evaluation_console.call_commission", call_id=call_id), code=303)


@bp.post("/calls/<int:call_id>/commission/assign-all")
@requires(Permission.FUNDING_MANAGE)
def assign_all(call_id: int):
    """Department admin or officer: every offer that passed the formal check to every scoring member."""
    call = get_or_404(Call, call_id)
    done = attempt(lambda: commission.assign_all(call, actor=current_user))
    if done:
        flash(_("Assignments added: %(count)d.", count=done.value), "success")
    return redirect(url_for("evaluation_console.call_commission", call_id=call.id), code=303)


@bp.route("/commission/members/<int:member_id>/assignments", methods=["GET", "POST"])
@requires(Permission.FUNDING_MANAGE)
def member_assignments(member_id: int):
    """Department admin or officer: change the offers one member evaluates."""
    member = get_or_404(CommissionMember, member_id)
    offers = ranking.evaluated_offers(member.call)
    choices = [(str(offer.id), f"{offer.receipt_number or ''} · {offer.title}") for offer in offers]
    if request.method == "GET":
        form = AssignmentsForm(data={"offers": [str(a.offer_id) for a in member.assignments]})
    else:
        form = AssignmentsForm()
    form.offers.choices = choices
    if submit(form, lambda: commission.set_assignments(member, form.offers.data, actor=current_user),
              default_field="offers"):
        flash(_("The member's offers have been saved."), "success")
        return redirect(url_for("evaluation_console.call_commission", call_id=member.call_id), code=303)
    return render_template("evaluation/console_assignments.html", member=member, call=member.call,
                           form=form), form_status()


# -- progress, closing, ranking, minutes -------------------------------------------------------------------

@bp.get("/calls/<int:call_id>/evaluation")
@requires(Permission.FUNDING_VIEW)
def call_evaluation(call_id: int):
    """Department staff: each member's progress, closing the commission, and (once closed) the ranking."""
    call = get_or_404(Call, call_id)
    return render_template("evaluation/console_evaluation.html", call=call, progress=commission.progress(call),
                           ranking_table=ranking_table(call) if call.commission_closed_at else None)


@bp.post("/calls/<int:call_id>/commission/close")
@requires(Permission.FUNDING_MANAGE)
def commission_close(call_id: int):
    """Department admin or officer: close the commission once everyone has finished (the scores become final)."""
    call = get_or_404(Call, call_id)
    if attempt(lambda: commission.close_commission(call, actor=current_user)):
        flash(_("The commission has closed: the ranking is final."), "success")
    return redirect(url_for("evaluation_console.call_evaluation", call_id=call.id), code=303)


@bp.get("/calls/<int:call_id>/minutes")
@requires(Permission.FUNDING_VIEW)
def call_minutes(call_id: int):
    """Department staff: the minutes (protokół) of the commission, generated from the record; printable. Until the
    commission closes they show the record without scores (nobody reads another member's scores before)."""
    call = get_or_404(Call, call_id)
    return render_template("evaluation/minutes.html", call=call, record=commission.minutes(call),
                           ranking_table=ranking_table(call) if call.commission_closed_at else None)
