"""Sending an offer's attachment, for every route that may: the organisation's, the department's, a member's."""

from __future__ import annotations

from flask import Response, abort, send_file

from app.models import OfferAttachment
from app.services.funding.attachments import attachment_file


def send_attachment(attachment: OfferAttachment) -> Response:
    """The attachment as a download with its stored type (a 404 when its file is gone). The route has already
    loaded it through the reader's scope and checks."""
    path, filename, content_type = attachment_file(attachment)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)
