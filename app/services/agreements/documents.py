"""Signed scans of agreements (and of their amendments): size-capped, the type read from the content (as offers'
attachments), stored outside the web root under ``AGREEMENT_DOCUMENT_FOLDER`` with a random name and its SHA-256.
Those allowed download them with ``document_file`` (the caller's scope decides what it may read)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from app.extensions import db
from app.models import Agreement, AgreementDocument, Amendment
from app.services.audit.log import record_event
from app.services.funding.attachments import store_upload


def folder() -> Path:
    """Where the scans are kept: outside the web root, under the instance folder by default."""
    configured = current_app.config.get("AGREEMENT_DOCUMENT_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads" / "agreements"


def add_document(agreement: Agreement, upload, *, actor, amendment: Amendment | None = None) -> AgreementDocument:
    """Department admin or officer: keep the scan of the signed agreement (or of an amendment). Refused beside
    the ``file`` field when it is missing, empty, too large or not a document."""
    stored = store_upload(upload, folder())
    document = AgreementDocument(organisation_id=agreement.organisation_id, agreement=agreement,
                                 amendment_id=amendment.id if amendment is not None else None,
                                 uploaded_by_id=getattr(actor, "id", None), **stored.columns())
    db.session.add(document)
    stored.flush_or_remove()
    record_event("agreement.document_added", actor=actor, organisation_id=agreement.organisation_id,
                 target=agreement, details={"document": document.id, "size": stored.size,
                                            "content_type": stored.content_type,
                                            "amendment": amendment.id if amendment is not None else None})
    return document


def document_file(document: AgreementDocument) -> tuple[Path, str, str]:
    """(path, filename, content type) of a scan the caller read through its own scope."""
    return folder() / document.stored_name, document.filename, document.content_type
