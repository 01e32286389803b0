"""The printable agreement, generated from the record: the sections of the framework contract of the 2018 model
(Dz.U. 2018 poz. 2057) in Polish, for both audiences, as a page to print on A4 and as a PDF (WeasyPrint).

The document is Polish whatever the reader's language (its body carries ``lang="pl"``, amounts and dates are
written the Polish way); the page around it — its title, the print and PDF links, the way back — is in the
reader's language. The department reads every agreement, drafts too; the organisation reads its own once the
department has sent it (a draft is a 404, as on its other pages). Nothing here changes anything.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from app.models import Agreement, AmendmentStatus
from app.permissions import Permission, requires
from app.services.agreements import reading
from app.services.agreements.payments import return_due_on
from app.tenancy import parse_id
from blueprints.agreements import wording
from blueprints.agreements.loading import console_page, in_department, load_agreement

bp = Blueprint("agreement_document", __name__, template_folder="templates")


def _context(agreement: Agreement, terms: reading.Terms | None = None) -> dict:
    """What the document is written from: the agreement, the rows its terms name, and the Polish words."""
    terms = terms or reading.read_terms(agreement)
    offer = terms.offer
    return {"agreement": agreement, "terms": terms, "department": terms.department, "offer": offer,
            "cost_lines": offer.cost_lines(revised=terms.revised) if offer is not None else [],
            "plan": offer.plan(revised=terms.revised) if offer is not None else [],
            "amendments": [amendment for amendment in agreement.amendments
                           if amendment.status == AmendmentStatus.APPROVED],
            "total_costs": offer.total_costs(revised=terms.revised) if offer is not None else None,
            "return_by": return_due_on(agreement),
            "city": current_app.config["CITY_NAME"], "words": wording}


def _body(context: dict) -> Markup:
    """The document itself, written in Polish (its dates and amounts too), whatever the page's language."""
    with force_locale("pl"):
        return Markup(render_template("agreements/_document.html", **context))  # noqa: S704 - autoescaped template


def _back(agreement: Agreement, audience: str) -> str:
    """Where the page's "back" link leads: the agreement's page of the reader's audience."""
    if audience == "workspace":
        return url_for("agreements_workspace.detail", agreement_id=agreement.id)
    if audience == "joint":
        return url_for("agreements_workspace.joint_detail", joint_agreement_id=agreement.id)
    if "agreements_console.detail" in current_app.view_functions:
        return url_for("agreements_console.detail", agreement_id=agreement.id)
    return console_page("agreements_console.agreement_list", "console.dashboard")


def _page(agreement: Agreement, audience: str):
    context = _context(agreement)
    return render_template("agreements/document.html", audience=audience, body=_body(context),
                           back_url=_back(agreement, audience), **context)


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint fetches nothing: the document carries its own style and no images."""
    raise ValueError(f"not fetched: {url[:80]}")


def _pdf(agreement: Agreement, terms: reading.Terms | None = None) -> Response:
    import weasyprint  # loaded when a PDF is asked for: it is heavy, and most requests never need it

    context = _context(agreement, terms)
    html = render_template("agreements/document_pdf.html", body=_body(context), **context)
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    name = "umowa-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", agreement.number).strip(".-") or str(agreement.id)) + ".pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/console/agreements/<int:agreement_id>/document")
@requires(Permission.AGREEMENTS_VIEW)
def console_document(agreement_id: int):
    """Department staff: the agreement as a document to print (A4) — drafts too, marked as such. An organisation's
    member is sent to the workspace's copy of their own agreement."""
    agreement = load_agreement(agreement_id)
    if not in_department():
        return redirect(url_for("agreement_document.workspace_document", agreement_id=agreement.id))
    return _page(agreement, "console")


@bp.get("/console/agreements/<int:agreement_id>/document.pdf")
@requires(Permission.AGREEMENTS_VIEW)
def console_document_pdf(agreement_id: int):
    """Department staff: the agreement as a PDF document."""
    agreement = load_agreement(agreement_id)
    if not in_department():
        return redirect(url_for("agreement_document.workspace_document_pdf", agreement_id=agreement.id))
    return _pdf(agreement)


@bp.get("/workspace/agreements/<int:agreement_id>/document")
@requires(Permission.AGREEMENTS_VIEW)
def workspace_document(agreement_id: int):
    """Organisation members: their agreement as a document to read before accepting it, or to print (A4); a draft
    is a 404 (the department is still writing it). Department staff are sent to the console's copy."""
    agreement = load_agreement(agreement_id)
    if in_department():
        return redirect(url_for("agreement_document.console_document", agreement_id=agreement.id))
    return _page(agreement, "workspace")


@bp.get("/workspace/agreements/<int:agreement_id>/document.pdf")
@requires(Permission.AGREEMENTS_VIEW)
def workspace_document_pdf(agreement_id: int):
    """Organisation members: their agreement as a PDF document (a draft is a 404)."""
    agreement = load_agreement(agreement_id)
    if in_department():
        return redirect(url_for("agreement_document.console_document_pdf", agreement_id=agreement.id))
    return _pdf(agreement)


def _as_joint_party(joint_agreement_id: int, show):
    """``show(agreement, terms)`` for an agreement the reader's organisation is a joint party to; 404 otherwise."""
    found = reading.read_as_joint_party(g.membership.organisation_id, parse_id(joint_agreement_id), show)
    if found is None:
        abort(404)
    return found


@bp.get("/workspace/agreements/joint/<int:joint_agreement_id>/document")
@requires(Permission.AGREEMENTS_VIEW)
def joint_document(joint_agreement_id: int):
    """Organisation members: an agreement their organisation is a joint party to, as a document to read or print
    (A4). Any other agreement, and a draft, is a 404. Department staff are sent to the console's copy."""
    if in_department():
        return redirect(url_for("agreement_document.console_document", agreement_id=joint_agreement_id))
    def written(agreement: Agreement, terms: reading.Terms) -> tuple[dict, Markup]:
        context = _context(agreement, terms)
        return context, _body(context)

    context, body = _as_joint_party(joint_agreement_id, written)  # the page around it is drawn in the reader's scope
    return render_template("agreements/document.html", audience="joint", body=body,
                           back_url=_back(context["agreement"], "joint"), **context)


@bp.get("/workspace/agreements/joint/<int:joint_agreement_id>/document.pdf")
@requires(Permission.AGREEMENTS_VIEW)
def joint_document_pdf(joint_agreement_id: int):
    """Organisation members: an agreement their organisation is a joint party to, as a PDF document."""
    if in_department():
        return redirect(url_for("agreement_document.console_document_pdf", agreement_id=joint_agreement_id))
    return _as_joint_party(joint_agreement_id, _pdf)
