"""An offer's attachments (upload, download, delete) and the offer on paper (a print view and a PDF)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import render_error
from app.models import OfferAttachment
from app.permissions import Permission, can, requires
from app.services.funding import attachments as files
from app.services.funding import offers
from app.tenancy import get_child_or_404
from blueprints.attachments import send_attachment
from blueprints.forms import BaseForm, add_error, attempt, form_status
from blueprints.offers import bp
from blueprints.offers.forms import AttachmentForm
from blueprints.offers.routes import load_offer

OTHER = "Inny dokument"  # the label kept with the offer, in Polish like the call's required attachments


def _labels(call) -> list[tuple[str, str]]:
    required = offers.required_attachments(call)
    return [(label, label) for label in required] + [(OTHER, _("Other document"))]


def _page(offer, form, status=200):
    call = offers.call_of(offer)
    form.label.choices = _labels(call)
    return render_template("offers/attachments.html", offer=offer, call=call, form=form, delete_form=BaseForm(),
                           open=offers.attachments_changeable(offer, call),
                           required=offers.required_attachments(call), max_mb=files.max_bytes() // (1024 * 1024)), \
        status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A request body larger than the portal accepts: back to the attachments with the message beside the file."""
    offer_id = (request.view_args or {}).get("offer_id")
    if request.endpoint == "offers.attachments" and offer_id:
        return redirect(url_for("offers.attachments", offer_id=offer_id, too_large=1), code=303)
    return render_error(413)


@bp.route("/offers/<int:offer_id>/attachments", methods=["GET", "POST"])
@requires(Permission.OFFERS_VIEW)
def attachments(offer_id: int):
    """Organisation members: the offer's attachments; admins and coordinators upload them while they may change."""
    offer = load_offer(offer_id)
    if request.method == "GET":
        form = AttachmentForm(formdata=None)
        if request.args.get("too_large"):
            add_error(form.file, _("The file is larger than %(size)d MB: send a smaller one.",
                                   size=files.max_bytes() // (1024 * 1024)))
            return _page(offer, form, 400)
        return _page(offer, form)
    if not can(Permission.OFFERS_EDIT):
        abort(403)
    form = AttachmentForm()
    form.label.choices = _labels(offers.call_of(offer))
    if form.validate_on_submit():
        upload = request.files.get("file")
        done = attempt(lambda: files.add_attachment(offer, upload, form.label.data, actor=current_user), form=form)
        if done:
            flash(_("“%(name)s” has been attached.", name=done.value.filename), "success")
            return redirect(url_for("offers.attachments", offer_id=offer.id), code=303)
    return _page(offer, form, form_status())


@bp.get("/offers/<int:offer_id>/attachments/<int:attachment_id>")
@requires(Permission.OFFERS_VIEW)
def attachment_download(offer_id: int, attachment_id: int):
    """Organisation members: download an attachment of the offer (always as a file, with its stored type)."""
    offer = load_offer(offer_id)
    return send_attachment(get_child_or_404(offer, OfferAttachment, attachment_id))


@bp.post("/offers/<int:offer_id>/attachments/<int:attachment_id>/delete")
@requires(Permission.OFFERS_EDIT)
def attachment_delete(offer_id: int, attachment_id: int):
    """Organisation admin or coordinator: remove an attachment while the attachments may change."""
    offer = load_offer(offer_id)
    attachment = get_child_or_404(offer, OfferAttachment, attachment_id)
    name = attachment.filename
    if attempt(lambda: files.delete_attachment(offer, attachment, actor=current_user)):
        flash(_("“%(name)s” has been removed.", name=name), "success")
    return redirect(url_for("offers.attachments", offer_id=offer.id), code=303)


@bp.get("/offers/<int:offer_id>/print")
@requires(Permission.OFFERS_VIEW)
def offer_print(offer_id: int):
    """Organisation members: the offer laid out for printing (the print stylesheet leaves out the portal)."""
    offer = load_offer(offer_id)
    return render_template("offers/print.html", offer=offer, call=offers.call_of(offer))


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint fetches nothing: the document carries its own style and no images."""
    raise ValueError(f"not fetched: {url[:80]}")


@bp.get("/offers/<int:offer_id>/pdf")
@requires(Permission.OFFERS_VIEW)
def offer_pdf(offer_id: int):
    """Organisation members: the offer as a PDF document (WeasyPrint)."""
    import weasyprint  # loaded when a PDF is asked for: it is heavy, and most requests never need it

    offer = load_offer(offer_id)
    html = render_template("offers/document.html", offer=offer, call=offers.call_of(offer))
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    name = f"oferta-{offer.id}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
