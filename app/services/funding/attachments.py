"""Attachments of offers: size-capped, the type read from the content, stored outside the web root.

A file is accepted when its content is one of the kinds an offer's documents come in (PDF,
PNG, JPEG, Office Open XML and OpenDocument files, which are ZIP archives with the right
members, and the older Word and Excel files with their OLE header) and its name's extension
agrees with that content: an HTML page or a program named ``.pdf`` is refused. It is stored
under ``OFFER_ATTACHMENT_FOLDER`` (by default ``instance/uploads/offers``) under a random name,
with its SHA-256; the database keeps the cleaned name people gave it and its content type.
Those allowed download it with ``attachment_file`` (the caller's scope decides what it may read).
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Offer, OfferAttachment
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.funding.offers import attachments_changeable, call_of
from app.unit_of_work import after_commit

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 150

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT, ODS = "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"
DOC, XLS = "application/msword", "application/vnd.ms-excel"
# The extensions each content may carry, and the content type it is stored and served with.
EXTENSIONS = {"pdf": (PDF,), "png": (PNG,), "jpg": (JPEG,), "jpeg": (JPEG,), "docx": (DOCX,), "xlsx": (XLSX,),
              "pptx": (PPTX,), "odt": (ODT,), "ods": (ODS,), "doc": (DOC, XLS), "xls": (XLS, DOC)}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MEMBERS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_TYPES = {ODT, ODS}


def max_bytes() -> int:
    """The largest attachment accepted (config ``OFFER_ATTACHMENT_MAX_BYTES``)."""
    return int(current_app.config.get("OFFER_ATTACHMENT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def folder() -> Path:
    """Where attachments are stored: outside the web root, under the instance folder by default."""
    configured = current_app.config.get("OFFER_ATTACHMENT_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads" / "offers"


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for member, kind in OOXML_MEMBERS.items():
                    if member in names:
                        return kind
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in ODF_TYPES and "content.xml" in names:
                    return declared
    # a broken or hostile archive: zipfile raises NotImplementedError for an unknown compression, RuntimeError for
    # an encrypted member
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _is_pdf(data: bytes) -> bool:
    """A PDF, not text that starts like one: the header, the end-of-file
    marker within the last KB, and at least one object (``1 0 obj … endobj``) or a document catalogue (``/Root``)."""
    if not PDF_HEADER.match(data):
        return False
    if b"%%EOF" not in data[-1024:]:
        return False
    return bool(PDF_OBJECT.search(data) and b"endobj" in data) or b"/Root" in data


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are, among those accepted, or None."""
    if data.startswith(b"%PDF-"):
        return PDF if _is_pdf(data) else None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(OLE):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def clean_filename(name: str) -> str:
    """The name as uploaded, without folders, control characters or quotes, at most 150 characters."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?;')
    base = " ".join(base.split()).strip(" .") or "plik"
    if len(base) > NAME_MAX:
        stem, dot, extension = base.rpartition(".")
        base = (stem[:NAME_MAX - len(extension) - 1] + dot + extension) if dot and len(extension) <= 5 \
            else base[:NAME_MAX]
    return base


def read_upload(upload, cap: int) -> bytes:
    """The bytes of an uploaded file, refused beside the ``file`` field when missing, empty or over ``cap``."""
    stream = getattr(upload, "stream", None)
    if stream is None or not getattr(upload, "filename", None):
        raise ServiceError(_l("Choose a file to attach."), field="file")
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ServiceError(_l("The file is larger than %(size)d MB: send a smaller one.",
                              size=max(1, cap // (1024 * 1024))), field="file")
    if not data:
        raise ServiceError(_l("The file is empty."), field="file")
    return data


def checked_type(data: bytes, filename: str) -> str:
    """The content type to store, when the content is accepted and the name's extension agrees with it."""
    kind = sniff(data)
    if kind is None:
        raise ServiceError(_l("Attach a PDF, an image (PNG, JPEG) or an office document (DOCX, XLSX, PPTX, ODT, "
                              "ODS, DOC, XLS); this file is none of them."), field="file")
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    allowed = EXTENSIONS.get(extension, ())
    if kind not in allowed:
        raise ServiceError(_l("The file's name says .%(extension)s but its content is another kind of file.",
                              extension=extension or "?"), field="file")
    return allowed[0] if kind == DOC else kind  # an OLE file is a Word or an Excel file as its name says


@dataclass(frozen=True)
class StoredUpload:
    """An uploaded file kept outside the web root: the cleaned name people gave it, its checked content type, its
    size, the random name it is stored under, its SHA-256 and where it lies."""

    filename: str
    content_type: str
    size: int
    stored_name: str
    sha256: str
    path: Path

    def columns(self) -> dict:
        """The columns a row describing the file keeps (an offer's attachment, an agreement's scan)."""
        return {"filename": self.filename, "content_type": self.content_type, "size": self.size,
                "stored_name": self.stored_name, "sha256": self.sha256}

    def flush_or_remove(self) -> None:
        """Flush the row added for the file; when it is refused, the file goes too (no file without its row)."""
        try:
            db.session.flush()
        except Exception:
            self.path.unlink(missing_ok=True)
            raise


def store_upload(upload, target: Path) -> StoredUpload:
    """Read an upload (refused beside ``file`` when missing, empty, over ``max_bytes()`` or not an accepted
    document whose name agrees with its content) and write it under ``target`` with a random name."""
    data = read_upload(upload, max_bytes())
    filename = clean_filename(upload.filename)
    content_type = checked_type(data, filename)
    stored_name = secrets.token_hex(20)
    target.mkdir(parents=True, exist_ok=True)
    path = target / stored_name
    path.write_bytes(data)
    return StoredUpload(filename, content_type, len(data), stored_name, hashlib.sha256(data).hexdigest(), path)


def add_attachment(offer: Offer, upload, label: str, *, actor) -> OfferAttachment:
    """Organisation admin or coordinator: attach a file to a draft (or when the formal check asks for it)."""
    if not attachments_changeable(offer, call_of(offer)):
        raise ServiceError(_l("The attachments of this offer can no longer change."), field="file")
    label = " ".join(str(label or "").split())
    if not label or len(label) > 300:
        raise ServiceError(_l("Choose which attachment this is."), field="label")
    stored = store_upload(upload, folder())
    attachment = OfferAttachment(organisation_id=offer.organisation_id, offer=offer, label=label,
                                 uploaded_by_id=getattr(actor, "id", None), **stored.columns())
    db.session.add(attachment)
    stored.flush_or_remove()
    record_event("offer.attachment_added", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"attachment": attachment.id, "label": label, "size": stored.size,
                          "content_type": stored.content_type})
    return attachment


def delete_attachment(offer: Offer, attachment: OfferAttachment, *, actor) -> None:
    """Organisation admin or coordinator: remove an attachment while the attachments may change (the file goes
    once the change is committed)."""
    if not attachments_changeable(offer, call_of(offer)):
        raise ServiceError(_l("The attachments of this offer can no longer change."))
    path = folder() / attachment.stored_name
    record_event("offer.attachment_deleted", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"attachment": attachment.id, "label": attachment.label})
    offer.attachments.remove(attachment)
    db.session.flush()
    after_commit(path.unlink, missing_ok=True)


def attachment_file(attachment: OfferAttachment) -> tuple[Path, str, str]:
    """(path, filename, content type) of an attachment the caller has read through its own scope (its
    organisation's members; department staff and commission members through their routes)."""
    return folder() / attachment.stored_name, attachment.filename, attachment.content_type
