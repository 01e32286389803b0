"""Small grants in the department console: publish an offer for 7 days of comments, then fund or refuse it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language, format_moment, money
from app.labels import FUNDING_SOURCE_LABELS
from app.localtime import local_today
from app.menus import menu_entry
from app.models import Offer, OfferKind, OfferStatus
from app.permissions import Permission, requires
from app.services.agreements.register import agreements_by_award
from app.services.funding import small_grants
from app.tenancy import get_or_404
from blueprints.forms import attempt, form_status, submit
from blueprints.small_grants.forms import FundForm, RefuseForm

bp = Blueprint("small_grants_console", __name__, url_prefix="/console/small-grants", template_folder="templates")
menu_entry("console", "small_grants_console.grant_list", _l("Small grants"), permission=Permission.FUNDING_VIEW,
           order=27, current=("small_grants_console.",))


def _grant(grant_id: int) -> Offer:
    """A submitted (or withdrawn) small grant offer, else 404: drafts stay with their organisation."""
    offer = get_or_404(Offer, grant_id)
    if offer.kind != OfferKind.SMALL_GRANT or offer.status == OfferStatus.DRAFT:
        abort(404)
    return offer


def _lines(offer: Offer) -> list[tuple[str, str]]:
    """The budget lines of the task's year as choices, each with what it has left for small grants."""
    if offer.starts_on is None:
        return []
    return [(str(line.id), _("%(year)d · %(source)s · %(programme)s: %(task)s · %(free)s free",
                             year=line.year, source=FUNDING_SOURCE_LABELS[line.source],
                             programme=line.programme.text("name", current_language()),
                             task=line.text("task", current_language()), free=money(free)))
            for line, free in small_grants.lines_for(offer.starts_on.year)]


def _detail(offer: Offer, *, fund_form: FundForm | None = None, refuse_form: RefuseForm | None = None,
            status: int = 200):
    award = small_grants.awards_by_offer([offer.id]).get(offer.id)
    caps = small_grants.yearly_caps(offer.starts_on.year, organisation_id=offer.organisation_id) \
        if offer.starts_on else None
    agreement = agreements_by_award([award.id]).get(award.id) if award is not None else None
    return render_template(
        "small_grants/console_detail.html", offer=offer, award=award, caps=caps, agreement=agreement,
        stage=small_grants.stage_of(offer, funded=award is not None), comments=small_grants.comments_on(offer),
        fund_form=fund_form or FundForm(lines=_lines(offer), data={"amount": offer.requested_grant}),
        refuse_form=refuse_form or RefuseForm()), status


@bp.get("/")
@requires(Permission.FUNDING_VIEW)
def grant_list():
    """Department staff: the small grant offers with their stage, and the yearly caps used, capped and left."""
    offers = small_grants.department_small_grants()
    awards = small_grants.awards_by_offer(offer.id for offer in offers)
    years = sorted({local_today().year} | {offer.starts_on.year for offer in offers
                                           if offer.starts_on and offer.decided_at is None})
    return render_template("small_grants/console_list.html", offers=offers, awards=awards,
                           caps=[small_grants.yearly_caps(year) for year in years],
                           organisation_cap=small_grants.ORGANISATION_CAP, stage_of=small_grants.stage_of)


@bp.get("/<int:grant_id>")
@requires(Permission.FUNDING_VIEW)
def grant_detail(grant_id: int):
    """Department staff: a small grant offer as the form reads, residents' comments, the caps of its year, and
    (for admins and officers) the decision."""
    return _detail(_grant(grant_id))


@bp.post("/<int:grant_id>/publish")
@requires(Permission.FUNDING_MANAGE)
def grant_publish(grant_id: int):
    """Department admin or officer: publish the offer on /calls/small-grants for 7 days of comments."""
    offer = _grant(grant_id)
    if attempt(lambda: small_grants.publish_for_comments(offer, actor=current_user)):
        flash(_("The offer is published for comments until %(moment)s.",
                moment=format_moment(offer.comments_until)), "success")
    return redirect(url_for("small_grants_console.grant_detail", grant_id=offer.id), code=303)


@bp.post("/<int:grant_id>/fund")
@requires(Permission.FUNDING_MANAGE)
def grant_fund(grant_id: int):
    """Department admin or officer: after the 7 days, fund the offer from a budget line of the task's year
    (within the yearly caps); the organisation is told by e-mail."""
    offer = _grant(grant_id)
    form = FundForm(lines=_lines(offer))
    if submit(form, lambda: small_grants.fund_small_grant(offer, form.amount.data, form.budget_line_id.data,
                                                          actor=current_user),
              default_field="amount"):
        flash(_("The grant has been awarded; the organisation is told by e-mail."), "success")
        return redirect(url_for("small_grants_console.grant_detail", grant_id=offer.id), code=303)
    return _detail(offer, fund_form=form, status=form_status())


@bp.post("/<int:grant_id>/refuse")
@requires(Permission.FUNDING_MANAGE)
def grant_refuse(grant_id: int):
    """Department admin or officer: after the 7 days, refuse the offer with the reason the organisation is told."""
    offer = _grant(grant_id)
    form = RefuseForm()
    if submit(form, lambda: small_grants.refuse_small_grant(offer, form.outcome_reason.data, actor=current_user),
              default_field="outcome_reason"):
        flash(_("The offer is not funded; the organisation is told by e-mail."), "success")
        return redirect(url_for("small_grants_console.grant_detail", grant_id=offer.id), code=303)
    return _detail(offer, refuse_form=form, status=form_status())
