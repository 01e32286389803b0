"""Referrals in the organisation's workspace: what it received and sent, the overdue on both sides, sending a new
one, and one referral with the answers each side may give."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import current_language
from app.localtime import local_now
from app.menus import menu_entry
from app.models import utcnow
from app.permissions import Permission, current_actor, requires
from app.services.referrals import access, answering, overview, sending, targets
from app.services.referrals.access import Side
from app.services.referrals.rules import CASE_CODE_HELP
from app.tenancy import parse_id
from blueprints.forms import attempt, form_data, form_status, submit, typed_query
from blueprints.referrals.forms import CancelForm, CompleteForm, DeclineForm, ReferralForm

bp = Blueprint("referrals_workspace", __name__, url_prefix="/workspace/referrals", template_folder="templates")
menu_entry("workspace", "referrals_workspace.referrals", _l("Referrals"), permission=Permission.REFERRALS_VIEW,
           order=36, current=("referrals_workspace.",))

TABS = ("received", "sent", "overdue")
FIELDS = ("case_code", "needs", "age_band", "with_children", "children_count", "urgency", "consent",
          "consent_given_by", "consent_method", "consent_at", "contact_name", "contact_phone", "contact_email")


def _workspace_actor():
    actor = current_actor()
    if actor.membership is None or actor.in_department:
        abort(404)  # the department reads referrals in its console
    return actor


@bp.get("/")
@requires(Permission.REFERRALS_VIEW)
def referrals():
    """Organisation members: the referrals received (waiting first, overdue marked), sent, and overdue on both
    sides."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("referrals_console.referrals"), 303)  # the department's view is its console
    actor = _workspace_actor()
    tab = request.args.get("tab", "received")
    if tab not in TABS:
        tab = "received"
    received, sent = overview.received(actor), overview.sent(actor)
    now = utcnow()
    return render_template("referrals/workspace_list.html", tab=tab, received=received, sent=sent, now=now,
                           overdue_received=overview.overdue(received, now), overdue_sent=overview.overdue(sent, now))


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.REFERRALS_HANDLE)
def new():
    """Organisation admin or coordinator: choose another organisation's service or unit (searched or listed, with
    free places), then fill in the referral — case code, needs, consent — and send it."""
    actor = _workspace_actor()
    source = request.form if request.method == "POST" else request.args
    service_id = parse_id(source.get("service_id") or source.get("service"))
    unit_id = parse_id(source.get("capacity_unit_id") or source.get("unit"))
    target = targets.find_target(actor, service_id, unit_id, current_language()) if service_id else None
    if target is None:
        if request.method == "POST":
            flash(_("Choose a service of another organisation to refer to."), "error")
        search = typed_query("q")
        return render_template("referrals/choose.html", search=search,
                               choices=targets.list_targets(actor, search, current_language())), form_status()
    service, unit = target
    form = ReferralForm()
    if request.method == "GET":
        form.service_id.data, form.capacity_unit_id.data = str(service.id), str(unit.id) if unit else ""
        form.contact_name.data = (actor.user.full_name or "")[:120]
        form.contact_email.data = actor.user.email
        form.consent_at.data = local_now().replace(second=0, microsecond=0)
    done = submit(form, lambda: sending.send_referral(actor, {
        **form_data(form, FIELDS), "service_id": service.id, "capacity_unit_id": unit.id if unit else None}),
        default_field="consent")
    if done:
        flash(_("Referral %(reference)s sent. The organisation has been told by e-mail.",
                reference=done.value.reference), "success")
        return redirect(url_for(".detail", referral_id=done.value.id), 303)
    return render_template("referrals/new.html", form=form, service=service, unit=unit,
                           case_code_help=CASE_CODE_HELP), form_status()


@bp.get("/<int:referral_id>")
@requires(Permission.REFERRALS_VIEW)
def detail(referral_id: int):
    """Organisation members of the sender or the receiver: one referral with its personal fields, its history and
    the answers the member may give. Every view is audited."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("referrals_console.detail", referral_id=referral_id), 303)  # audited there
    actor = _workspace_actor()
    referral, side = access.read_for(actor, referral_id)  # audited: referral.viewed
    return _detail_page(referral, side)


def _detail_page(referral, side, *, decline=None, complete=None, cancel=None, status: int = 200):
    return render_template("referrals/detail.html", referral=referral, side=side, now=utcnow(),
                           decline_form=decline or DeclineForm(), complete_form=complete or CompleteForm(),
                           cancel_form=cancel or CancelForm(), audience="workspace",
                           personal=side in (Side.SENDER, Side.RECEIVER)), status


def _receiver(referral_id: int):
    actor = _workspace_actor()
    referral, side = access.load_for(actor, referral_id)
    if side is not Side.RECEIVER:
        abort(404 if side is Side.DEPARTMENT else 403)
    return actor, referral


@bp.post("/<int:referral_id>/accept")
@requires(Permission.REFERRALS_HANDLE)
def accept(referral_id: int):
    """Receiving organisation's admin or coordinator: accept the referral (a place of the unit is held; refused
    when none is free or it was answered already)."""
    actor, referral = _receiver(referral_id)
    if attempt(lambda: answering.accept_referral(actor, referral.id)):
        flash(_("Referral accepted. The referring organisation has been told by e-mail."), "success")
    return redirect(url_for(".detail", referral_id=referral.id), 303)


def _answer(form, action, referral, side: Side, key: str, success: str):
    """An answer's form: invalid, the page again with the message beside the field (400); refused by the service
    (answered meanwhile, no free place), the refusal flashed; done, the success flashed."""
    if not form.validate_on_submit():
        return _detail_page(referral, side, status=400, **{key: form})
    if attempt(action):
        flash(success, "success")
    return redirect(url_for(".detail", referral_id=referral.id), 303)


@bp.post("/<int:referral_id>/decline")
@requires(Permission.REFERRALS_HANDLE)
def decline(referral_id: int):
    """Receiving organisation's admin or coordinator: decline the referral with a reason from the list."""
    actor, referral = _receiver(referral_id)
    form = DeclineForm()
    return _answer(form, lambda: answering.decline_referral(actor, referral.id, form.reason.data), referral,
                   Side.RECEIVER, "decline",
                   _("Referral declined. The referring organisation has been told by e-mail."))


@bp.post("/<int:referral_id>/complete")
@requires(Permission.REFERRALS_HANDLE)
def complete(referral_id: int):
    """Receiving organisation's admin or coordinator: record how the accepted referral ended (a held place is
    occupied when the person came, freed when not)."""
    actor, referral = _receiver(referral_id)
    form = CompleteForm()
    return _answer(form, lambda: answering.complete_referral(actor, referral.id, form.outcome.data), referral,
                   Side.RECEIVER, "complete",
                   _("The referral's outcome is recorded. The referring organisation has been told by e-mail."))


@bp.post("/<int:referral_id>/cancel")
@requires(Permission.REFERRALS_HANDLE)
def cancel(referral_id: int):
    """Referring organisation's admin or coordinator: withdraw the open referral with a reason (a held place is
    freed)."""
    actor = _workspace_actor()
    referral, side = access.load_for(actor, referral_id)
    if side is not Side.SENDER:
        abort(403)
    form = CancelForm()
    return _answer(form, lambda: answering.cancel_referral(actor, referral.id, form.reason.data), referral,
                   Side.SENDER, "cancel", _("Referral cancelled. The receiving organisation has been told by e-mail."))
