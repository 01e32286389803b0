"""Payments in the organisation's workspace: what was paid and is due, and the monthly statements its coordinator
prepares and its admin submits."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.localtime import local_today
from app.models import Agreement, Statement
from app.permissions import Permission, current_actor, requires
from app.services.agreements import money as figures
from app.services.agreements import payments, statements
from app.tenancy import get_child_or_404
from blueprints.agreements.loading import load_agreement
from blueprints.forms import attempt, form_status, submit
from blueprints.payments.forms import StatementEditForm, StatementForm

bp = Blueprint("payments_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")


def _agreement(agreement_id: int) -> Agreement:
    """The organisation's agreement, once the department has sent it (a draft stays with the department)."""
    return load_agreement(agreement_id)


def _back(agreement: Agreement):
    return redirect(url_for("payments_workspace.payments", agreement_id=agreement.id, _anchor="statements-heading"),
                    code=303)


def _last_month(agreement: Agreement):
    """The month a new statement is most likely for: the first ended month of the contract's period that has no
    statement yet (else the last ended one)."""
    last = max((local_today().replace(day=1) - timedelta(days=1)).replace(day=1), agreement.starts_on.replace(day=1))
    taken = {statement.month for statement in agreement.statements}
    month = agreement.starts_on.replace(day=1)
    while month <= last:
        if month not in taken:
            return month
        month = (month + timedelta(days=32)).replace(day=1)
    return last


def _form_page(agreement: Agreement, form, statement: Statement | None):
    left = agreement.value - payments.approved_on_agreement(agreement.id)
    return render_template("payments/statement_form.html", agreement=agreement, form=form, statement=statement,
                           left=left, left_in_units=statements.left_in_units(agreement, left),
                           units_in_words=statements.units_in_words), form_status()


@bp.get("/<int:agreement_id>/payments", endpoint="payments")
@requires(Permission.AGREEMENTS_VIEW)
def payments_page(agreement_id: int):
    """Organisation members: the agreement's money (contracted, due, paid, returned, remaining), its tranches and
    returns, and its monthly statements (coordinators prepare them, the admin submits them). Department staff
    are sent to the console's page."""
    agreement = _agreement(agreement_id)
    if current_actor().in_department:
        return redirect(url_for("payments_console.payments", agreement_id=agreement.id), code=303)
    return render_template("payments/workspace.html", agreement=agreement,
                           total=figures.figures(agreement), waits_for=payments.waits_for,
                           days_late=payments.days_late, amount_of=statements.amount_of,
                           units_in_words=statements.units_in_words,
                           accepts_statements=statements.accepts_statements(agreement),
                           return_due_on=payments.return_due_on(agreement))


@bp.route("/<int:agreement_id>/statements/new", methods=["GET", "POST"])
@requires(Permission.STATEMENTS_PREPARE)
def statement_new(agreement_id: int):
    """Organisation admin or coordinator: prepare the statement of the units delivered in a month (a statement
    already being prepared for that month is opened from the list, not overwritten)."""
    agreement = _agreement(agreement_id)
    if request.method == "GET" and not statements.accepts_statements(agreement):
        flash(_("Statements are made while the contract is in force."), "error")
        return _back(agreement)
    form = StatementForm(data={"month": _last_month(agreement)}) if request.method == "GET" else StatementForm()
    done = submit(form, lambda: statements.save_statement(agreement, form.month.data, form.units.data,
                                                          form.note.data, actor=current_user),
                  default_field="units")
    if done:
        flash(_("The statement for %(month)s has been saved; the organisation's admin submits it.",
                month=statements.month_label(done.value.month)), "success")
        return _back(agreement)
    return _form_page(agreement, form, None)


@bp.route("/<int:agreement_id>/statements/<int:statement_id>/edit", methods=["GET", "POST"])
@requires(Permission.STATEMENTS_PREPARE)
def statement_edit(agreement_id: int, statement_id: int):
    """Organisation admin or coordinator: correct the units and note of a statement being prepared or returned."""
    agreement = _agreement(agreement_id)
    statement = get_child_or_404(agreement, Statement, statement_id)
    if request.method == "GET" and statement.status not in statements.EDITABLE:
        flash(_("This statement has been submitted and can no longer be changed."), "error")
        return _back(agreement)
    if request.method == "GET" and not statements.accepts_statements(agreement):
        flash(_("Statements are made while the contract is in force."), "error")
        return _back(agreement)
    form = StatementEditForm(obj=statement) if request.method == "GET" else StatementEditForm()
    done = submit(form, lambda: statements.save_statement(agreement, statement.month, form.units.data,
                                                          form.note.data, actor=current_user, statement=statement),
                  default_field="units")
    if done:
        flash(_("The statement for %(month)s has been saved.", month=statements.month_label(statement.month)),
              "success")
        return _back(agreement)
    return _form_page(agreement, form, statement)


@bp.post("/<int:agreement_id>/statements/<int:statement_id>/submit")
@requires(Permission.AGREEMENTS_ACCEPT)
def statement_submit(agreement_id: int, statement_id: int):
    """Organisation admin: submit a prepared (or corrected) statement to the department; refused beside the units
    when they cost more than the contract has left."""
    agreement = _agreement(agreement_id)
    statement = get_child_or_404(agreement, Statement, statement_id)
    form = StatementEditForm(formdata=None, obj=statement)
    if attempt(lambda: statements.submit_statement(statement, actor=current_user), form=form):
        flash(_("The statement for %(month)s has been submitted to the department.",
                month=statements.month_label(statement.month)), "success")
        return _back(agreement)
    if statement.status in statements.EDITABLE:  # show the refusal beside the units, to correct them
        return _form_page(agreement, form, statement)
    for message in [*form.form_errors, *(m for errors in form.errors.values() for m in errors)]:
        flash(message, "error")
    return _back(agreement)
