"""An organisation's agreements in its workspace: read them, accept one (its admin) or send it back.

Everything is read in the organisation's own scope: another organisation's agreement is a 404. A draft is a 404
too — the department is still writing it; the organisation sees an agreement from the moment it is sent.
Department staff, who read every agreement in the console, are sent there from these pages. An organisation named
as a joint party reads that agreement's terms too (``reading.joint_agreement``), and nothing else of it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.localtime import local_today
from app.menus import menu_entry
from app.models import Agreement, AgreementDocument, AgreementStatus
from app.permissions import Permission, requires
from app.services.agreements import documents, lifecycle, money, reading
from app.services.capacity import performance
from app.tenancy import get_child_or_404, parse_id
from blueprints.agreements.loading import console_page, in_department, load_agreement
from blueprints.agreements.workspace_forms import AcceptForm, DeclineForm
from blueprints.forms import attempt, form_status, submit

bp = Blueprint("agreements_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")
menu_entry("workspace", "agreements_workspace.agreement_list", _l("Agreements"), permission=Permission.AGREEMENTS_VIEW,
           order=60, current=("agreements_workspace.", "payments_workspace.", "amendments_workspace.",
                              "agreement_document.workspace_*"))


@bp.get("/")
@requires(Permission.AGREEMENTS_VIEW)
def agreement_list():
    """Organisation members: the organisation's agreements (not drafts, which the department is still writing) —
    those waiting for the admin's acceptance first, then those in force, then the rest — with their value, what is
    paid and what is due. The department's staff are sent to the console's list."""
    if in_department():
        return redirect(console_page("agreements_console.agreement_list", "console.dashboard"))
    organisation = g.membership.organisation
    agreements = reading.organisation_agreements(organisation.id)
    return render_template("agreements/workspace_list.html", agreements=agreements,
                           figures=money.figures_for([agreement.id for agreement in agreements]),
                           waiting=sum(agreement.status == AgreementStatus.SENT for agreement in agreements),
                           joint=reading.joint_agreements(organisation.id), to_do=reading.to_do())


@bp.get("/joint/<int:joint_agreement_id>")
@requires(Permission.AGREEMENTS_VIEW)
def joint_detail(joint_agreement_id: int):
    """Organisation members: the terms of an agreement another organisation leads and theirs is a joint party to
    (not a draft). Reads only: the lead accepts it, reports and is paid. Any other agreement is a 404."""
    if in_department():
        return redirect(console_page("agreements_console.detail", "console.dashboard", agreement_id=joint_agreement_id))
    found = reading.joint_agreement(g.membership.organisation_id, parse_id(joint_agreement_id))
    if found is None:
        abort(404)
    agreement, terms = found
    return render_template("agreements/workspace_joint.html", agreement=agreement, terms=terms)


def _detail_page(agreement: Agreement, *, accept_form: AcceptForm | None = None,
                 decline_form: DeclineForm | None = None):
    terms = reading.read_terms(agreement)
    return render_template("agreements/workspace_detail.html", agreement=agreement, terms=terms,
                           figures=money.figures(agreement), accept_form=accept_form or AcceptForm(formdata=None),
                           decline_form=decline_form or DeclineForm(formdata=None),
                           performance=performance.contract_performance(agreement, local_today())), form_status()


@bp.get("/<int:agreement_id>")
@requires(Permission.AGREEMENTS_VIEW)
def detail(agreement_id: int):
    """Organisation members: one agreement — its terms, money, where it stands and the signed scans; while it waits
    for acceptance its admin accepts it or sends it back here. Changes nothing.

    A draft is a 404, as another organisation's agreement is: the department is still writing it, and its terms
    (amounts, tranches, dates) may change until it is sent. One the admin sent back is the department's draft again
    until the department sends it anew. The department's staff are sent to the console's page of the agreement."""
    agreement = load_agreement(agreement_id)
    if in_department():
        return redirect(console_page("agreements_console.detail", "agreement_document.console_document",
                                     agreement_id=agreement.id))
    return _detail_page(agreement)


@bp.post("/<int:agreement_id>/accept")
@requires(Permission.AGREEMENTS_ACCEPT)
def accept(agreement_id: int):
    """Organisation admin: accept an agreement sent to the organisation, ticking that they have read it and accept it
    on the organisation's behalf (``agreement.accepted``); the department then records the signing. Without the tick
    nothing changes and the box says why."""
    agreement = load_agreement(agreement_id)
    form = AcceptForm()
    if agreement.status != AgreementStatus.SENT:  # accepted already (a form sent twice) or no longer waiting
        attempt(lambda: lifecycle.accept(agreement, actor=current_user, confirmed=bool(form.confirm.data)))
        return redirect(url_for("agreements_workspace.detail", agreement_id=agreement.id), code=303)
    if submit(form, lambda: lifecycle.accept(agreement, actor=current_user, confirmed=bool(form.confirm.data)),
              default_field="confirm"):
        flash(_("You have accepted the agreement. The department records the signing next: on paper or with "
                "qualified electronic signatures."), "success")
        return redirect(url_for("agreements_workspace.detail", agreement_id=agreement.id), code=303)
    return _detail_page(agreement, accept_form=form)


@bp.post("/<int:agreement_id>/decline")
@requires(Permission.AGREEMENTS_ACCEPT)
def decline(agreement_id: int):
    """Organisation admin: send an agreement sent to the organisation back to the department with what should change
    (``agreement.declined``); it is the department's draft again until it is sent anew. Without a reason nothing
    changes and the field says why."""
    agreement = load_agreement(agreement_id)
    form = DeclineForm()
    if agreement.status != AgreementStatus.SENT:
        attempt(lambda: lifecycle.decline(agreement, form.reason.data or "", actor=current_user))
        return redirect(url_for("agreements_workspace.detail", agreement_id=agreement.id), code=303)
    if submit(form, lambda: lifecycle.decline(agreement, form.reason.data or "", actor=current_user),
              default_field="reason"):
        flash(_("The agreement has gone back to the department with what should change. It comes back to you "
                "when the department sends it again."), "success")
        return redirect(url_for("agreements_workspace.agreement_list"), code=303)
    return _detail_page(agreement, decline_form=form)


@bp.get("/<int:agreement_id>/documents/<int:document_id>")
@requires(Permission.AGREEMENTS_VIEW)
def document_download(agreement_id: int, document_id: int):
    """Organisation members: download a signed scan of the agreement (as a file, with its stored type)."""
    agreement = load_agreement(agreement_id)
    document = get_child_or_404(agreement, AgreementDocument, document_id)
    path, filename, content_type = documents.document_file(document)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)
