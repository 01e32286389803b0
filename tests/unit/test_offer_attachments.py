"""An attachment's type is read from its content, and its name's extension must agree with it."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.services import ServiceError
from app.services.funding import attachments
from tests.factories.funding import MINIMAL_PDF


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
OLE = attachments.OLE + b"\x00" * 100


@pytest.mark.parametrize(("content", "name", "kind"), [
    (MINIMAL_PDF, "statut.pdf", attachments.PDF),
    (b"\x89PNG\r\n\x1a\n....", "skan.PNG", attachments.PNG),
    (b"\xff\xd8\xff\xe0....", "skan.jpeg", attachments.JPEG),
    (ODT, "sprawozdanie.odt", attachments.ODT),
    (XLSX, "budżet.xlsx", attachments.XLSX),
    (OLE, "stary.doc", attachments.DOC),
    (OLE, "stary.xls", attachments.XLS),
])
def test_accepted_kinds_are_stored_with_their_type(content, name, kind):
    assert attachments.checked_type(content, name) == kind


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"<html><script>alert(1)</script>", "statut.pdf", "none of them"),
    (b"MZ\x90\x00program", "statut.pdf", "none of them"),
    (_zip({"evil.exe": "MZ"}), "statut.docx", "none of them"),  # a ZIP, but no office document
    (XLSX, "statut.docx", "another kind of file"),
    (MINIMAL_PDF, "statut", "another kind of file"),
    (b"%PDF-1.4\nThis is plain text pretending to be a PDF.\n", "statut.pdf", "none of them"),
    (b"%PDF-1.4\nplain text\n%%EOF\n", "statut.pdf", "none of them"),  # the marks, but no object
    (MINIMAL_PDF + b"x" * 2000, "statut.pdf", "none of them"),  # %%EOF far from the end
])
def test_disguised_or_unknown_files_are_refused(content, name, message):
    with pytest.raises(ServiceError) as refused:
        attachments.checked_type(content, name)
    assert message in str(refused.value.message) and refused.value.field == "file"


def test_names_lose_folders_quotes_and_control_characters():
    assert attachments.clean_filename('..\\..\\C:\\tmp\\"zły"\x00 plik.pdf') == "zły plik.pdf"
    assert attachments.clean_filename("") == "plik"
    long = attachments.clean_filename("a" * 400 + ".pdf")
    assert len(long) == attachments.NAME_MAX and long.endswith(".pdf")


def test_a_real_pdf_made_by_weasyprint_is_accepted():
    from weasyprint import HTML

    made = HTML(string="<p>Statut stowarzyszenia</p>").write_pdf()
    assert attachments.checked_type(made, "statut.pdf") == attachments.PDF
