"""Payments in the department's console: tranches scheduled, approved and paid, returns recorded, monthly
statements approved or returned."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language, format_day, money
from app.labels import FUNDING_SOURCE_LABELS
from app.localtime import local_today
from app.menus import menu_entry
from app.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    ReportKind,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
)
from app.permissions import Permission, current_actor, requires
from app.services.agreements import money as figures
from app.services.agreements import payments, statements
from app.tenancy import get_child_or_404
from blueprints.agreements.loading import load_agreement
from blueprints.forms import attempt, form_data, form_status, submit
from blueprints.payments.forms import PayForm, RefundForm, ReturnStatementForm, TrancheForm

bp = Blueprint("payments_console", __name__, url_prefix="/console/agreements", template_folder="templates")
menu_entry("console", "payments_console.waiting", _l("Payments to handle"), permission=Permission.AGREEMENTS_VIEW,
           order=29)


@bp.app_template_global("statement_payment_days")
def _statement_payment_days() -> int:
    """The days within which an approved statement's amount is paid (the printed contract's § 3)."""
    return statements.PAYMENT_DAYS


@bp.app_template_filter("month_year")
def _month_year(month):
    """A statement's month as people name it ("March 2026")."""
    return statements.month_label(month) if month else ""


def _row_label(row) -> str:
    line = row.budget_line
    return f"{line.year} · {FUNDING_SOURCE_LABELS[line.source]} · {line.text('task', current_language())}"


def _rows(agreement: Agreement) -> list[tuple[str, str]]:
    return [(str(row.id), _row_label(row)) for row in agreement.funding]


def _reports(agreement: Agreement) -> list[tuple[str, str]]:
    return [(str(due.id), _("Partial report due on %(day)s", day=format_day(due.due_on)))
            for due in agreement.reports_due if due.kind == ReportKind.PARTIAL]


def _tranche_form(agreement: Agreement, **kwargs) -> TrancheForm:
    return TrancheForm(rows=_rows(agreement), reports=_reports(agreement), **kwargs)


def _refund_form(agreement: Agreement, *, fresh: bool = False) -> RefundForm:
    if fresh:
        return RefundForm(rows=_rows(agreement), formdata=None,
                          data={"due_on": payments.return_due_on(agreement), "returned_on": local_today()})
    return RefundForm(rows=_rows(agreement))


def _schedulable(agreement: Agreement) -> bool:
    return agreement.kind == AgreementKind.GRANT and agreement.status == AgreementStatus.DRAFT


def _flashed_back(form, agreement: Agreement, anchor: str):
    """A refusal of a form the page does not show (nothing to pay, no longer waiting): say it there."""
    for messages in form.errors.values():
        for message in messages:
            flash(message, "error")
    for message in form.form_errors:
        flash(message, "error")
    return _back(agreement, anchor)


def _page(agreement: Agreement, *, tranche_form=None, pay_forms=None, refund_form=None, return_forms=None,
          status: int = 200):
    """The payments page, with the forms given (sent back with their errors) and fresh ones for the rest."""
    by_row = figures.line_figures(agreement)
    approved = [t for t in agreement.tranches if t.state == TrancheState.APPROVED]
    submitted = [s for s in agreement.statements if s.status == StatementStatus.SUBMITTED]
    pay_forms = pay_forms or {}
    return_forms = return_forms or {}
    for tranche in approved:
        pay_forms.setdefault(tranche.id, PayForm(prefix=f"t{tranche.id}", formdata=None,
                                                 data={"paid_on": local_today()}))
    for statement in submitted:
        return_forms.setdefault(statement.id, ReturnStatementForm(prefix=f"s{statement.id}", formdata=None))
    scheduled = payments.scheduled_on(agreement.id)
    return render_template(
        "payments/console.html", agreement=agreement, by_row=by_row, total=figures.total(by_row),
        approved=approved, submitted=submitted, pay_forms=pay_forms,
        return_forms=return_forms, waits_for=payments.waits_for, days_late=payments.days_late,
        amount_of=statements.amount_of, units_in_words=statements.units_in_words,
        return_due_on=payments.return_due_on(agreement), left_to_schedule=agreement.value - scheduled,
        tranche_form=tranche_form or _tranche_form(agreement, formdata=None),
        refund_form=refund_form or _refund_form(agreement, fresh=True), can_schedule=_schedulable(agreement),
        can_refund=agreement.status in payments.REFUNDABLE), status


def _agreement(agreement_id: int) -> Agreement:
    """The agreement read through the reader's scope (``agreements.loading``: a draft is the department's)."""
    return load_agreement(agreement_id)


def _back(agreement: Agreement, anchor: str | None = None):
    return redirect(url_for("payments_console.payments", agreement_id=agreement.id,
                            _anchor=anchor), code=303)


@bp.get("/statements", endpoint="waiting")
@requires(Permission.AGREEMENTS_VIEW)
def waiting_page():
    """Department staff: what waits for the department across every organisation — monthly statements submitted
    for approval and approved tranches to be paid — each linked to its agreement's payments. Changes nothing.
    The organisation's members are sent to their agreements."""
    if not current_actor().in_department:
        return redirect(url_for("agreements_workspace.agreement_list"), code=303)
    return render_template("payments/waiting.html", statements=statements.waiting_statements(),
                           tranches=payments.tranches_to_pay(), amount_of=statements.amount_of,
                           units_in_words=statements.units_in_words)


@bp.get("/<int:agreement_id>/payments", endpoint="payments")
@requires(Permission.AGREEMENTS_VIEW)
def payments_page(agreement_id: int):
    """Department staff: an agreement's money per budget line and in total (contracted, scheduled, due, paid,
    returned, remaining), its tranches, returns and monthly statements; admins and officers act on them. The
    organisation's own members are sent to its workspace page."""
    agreement = _agreement(agreement_id)
    if not current_actor().in_department:
        return redirect(url_for("payments_workspace.payments", agreement_id=agreement.id), code=303)
    return _page(agreement)


@bp.post("/<int:agreement_id>/tranches")
@requires(Permission.AGREEMENTS_MANAGE)
def tranche_add(agreement_id: int):
    """Department admin or officer: schedule a tranche of a draft grant agreement."""
    agreement = _agreement(agreement_id)
    form = _tranche_form(agreement)
    if submit(form, lambda: payments.schedule_tranche(agreement, form_data(form, TRANCHE_FIELDS),
                                                      actor=current_user), default_field="amount"):
        flash(_("The tranche has been scheduled."), "success")
        return _back(agreement, "tranches-heading")
    if not _schedulable(agreement):
        return _flashed_back(form, agreement, "tranches-heading")
    return _page(agreement, tranche_form=form, status=form_status())


TRANCHE_FIELDS = ("due_on", "amount", "funding_id", "report_due_id")


@bp.route("/<int:agreement_id>/tranches/<int:tranche_id>/edit", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_MANAGE)
def tranche_edit(agreement_id: int, tranche_id: int):
    """Department admin or officer: change a scheduled tranche of a draft grant agreement."""
    agreement = _agreement(agreement_id)
    tranche = get_child_or_404(agreement, Tranche, tranche_id)
    if request.method == "GET" and (agreement.status != AgreementStatus.DRAFT
                                    or tranche.state != TrancheState.SCHEDULED):
        flash(_("Only a scheduled tranche of a draft agreement can be changed or removed."), "error")
        return _back(agreement, "tranches-heading")
    if request.method == "GET":
        form = _tranche_form(agreement, data={"due_on": tranche.due_on, "amount": tranche.amount,
                                              "funding_id": str(tranche.funding_id),
                                              "report_due_id": str(tranche.report_due_id or "")})
    else:
        form = _tranche_form(agreement)
    if submit(form, lambda: payments.change_tranche(tranche, form_data(form, TRANCHE_FIELDS), actor=current_user),
              default_field="amount"):
        flash(_("The tranche has been changed."), "success")
        return _back(agreement, "tranches-heading")
    return render_template("payments/tranche_form.html", agreement=agreement, tranche=tranche, form=form,
                           left_to_schedule=agreement.value - payments.scheduled_on(agreement.id,
                                                                                    leaving_out=tranche.id)
                           ), form_status()


@bp.post("/<int:agreement_id>/tranches/<int:tranche_id>/remove")
@requires(Permission.AGREEMENTS_MANAGE)
def tranche_remove(agreement_id: int, tranche_id: int):
    """Department admin or officer: remove a scheduled tranche of a draft grant agreement."""
    agreement = _agreement(agreement_id)
    tranche = get_child_or_404(agreement, Tranche, tranche_id)
    if attempt(lambda: payments.remove_tranche(tranche, actor=current_user)):
        flash(_("The tranche has been removed."), "success")
    return _back(agreement, "tranches-heading")


@bp.post("/<int:agreement_id>/tranches/<int:tranche_id>/approve")
@requires(Permission.AGREEMENTS_MANAGE)
def tranche_approve(agreement_id: int, tranche_id: int):
    """Department admin or officer: approve a scheduled tranche of an agreement in force for payment (within
    the agreement's value, its budget line's part and the budget line)."""
    agreement = _agreement(agreement_id)
    tranche = get_child_or_404(agreement, Tranche, tranche_id)
    if attempt(lambda: payments.approve_tranche(tranche, actor=current_user)):
        flash(_("The tranche of %(amount)s has been approved for payment.", amount=money(tranche.amount)),
              "success")
    return _back(agreement, "tranches-heading")


@bp.post("/<int:agreement_id>/tranches/<int:tranche_id>/pay")
@requires(Permission.AGREEMENTS_MANAGE)
def tranche_pay(agreement_id: int, tranche_id: int):
    """Department admin or officer: record that an approved tranche was paid (the day and the reference)."""
    agreement = _agreement(agreement_id)
    tranche = get_child_or_404(agreement, Tranche, tranche_id)
    form = PayForm(prefix=f"t{tranche.id}")
    if submit(form, lambda: payments.pay_tranche(tranche, form.paid_on.data, form.reference.data,
                                                 actor=current_user), default_field="reference"):
        flash(_("The payment of %(amount)s has been recorded.", amount=money(tranche.amount)), "success")
        return _back(agreement, "tranches-heading")
    if tranche.state != TrancheState.APPROVED:  # nothing to pay: the page has no form for it
        return _flashed_back(form, agreement, "tranches-heading")
    return _page(agreement, pay_forms={tranche.id: form}, status=form_status())


@bp.post("/<int:agreement_id>/refunds")
@requires(Permission.AGREEMENTS_MANAGE)
def refund_add(agreement_id: int):
    """Department admin or officer: record unused money the organisation returned (and interest for a late
    return)."""
    agreement = _agreement(agreement_id)
    form = _refund_form(agreement)
    if submit(form, lambda: payments.record_refund(agreement, form_data(form, REFUND_FIELDS), actor=current_user),
              default_field="amount"):
        flash(_("The return has been recorded."), "success")
        return _back(agreement, "refunds-heading")
    if agreement.status not in payments.REFUNDABLE or figures.figures(agreement).net_paid <= 0:
        return _flashed_back(form, agreement, "refunds-heading")  # the page shows no form: nothing to return
    return _page(agreement, refund_form=form, status=form_status())


REFUND_FIELDS = ("funding_id", "amount", "returned_on", "due_on", "interest", "note")


@bp.post("/<int:agreement_id>/statements/<int:statement_id>/approve")
@requires(Permission.AGREEMENTS_MANAGE)
def statement_approve(agreement_id: int, statement_id: int):
    """Department admin or officer: approve a submitted monthly statement; its amount (units × price) becomes a
    tranche due for payment within 14 days."""
    agreement = _agreement(agreement_id)
    statement = get_child_or_404(agreement, Statement, statement_id)
    if attempt(lambda: statements.approve_statement(statement, actor=current_user)):
        flash(_("The statement for %(month)s has been approved: %(amount)s is due.",
                month=statements.month_label(statement.month), amount=money(statements.amount_of(statement))),
              "success")
    return _back(agreement, "statements-heading")


@bp.post("/<int:agreement_id>/statements/<int:statement_id>/return")
@requires(Permission.AGREEMENTS_MANAGE)
def statement_return(agreement_id: int, statement_id: int):
    """Department admin or officer: send a submitted statement back to the organisation with what should be
    corrected (its admins and coordinators are told by e-mail)."""
    agreement = _agreement(agreement_id)
    statement = get_child_or_404(agreement, Statement, statement_id)
    form = ReturnStatementForm(prefix=f"s{statement.id}")
    if submit(form, lambda: statements.return_statement(statement, form.reason.data, actor=current_user),
              default_field="reason"):
        flash(_("The statement for %(month)s has been returned to the organisation.",
                month=statements.month_label(statement.month)), "success")
        return _back(agreement, "statements-heading")
    if statement.status != StatementStatus.SUBMITTED:  # no longer waiting: the page has no form for it
        return _flashed_back(form, agreement, "statements-heading")
    return _page(agreement, return_forms={statement.id: form}, status=form_status())
