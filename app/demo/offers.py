"""The demo city's offers (app/demo/data/offers.json) in the call open for offers: two drafts (one of
"Stowarzyszenie na Rzecz Rodziny", whose admin is coordinator@demo.example) and one submitted offer with
its receipt number and attachments (small PDF files written to the attachments folder).
Idempotent: an offer is found by its organisation and title.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.content import read
from app.extensions import db
from app.models import (
    Call,
    CostKind,
    Offer,
    OfferActivity,
    OfferAttachment,
    OfferCost,
    OfferResult,
    OfferStatus,
    Organisation,
    utcnow,
)
from app.services.funding.attachments import folder
from app.services.funding.offers import prefill, receipt_number


def _small_pdf(text: str) -> bytes:
    """A real one-page PDF saying ``text`` (ASCII), with its cross-reference table: what the demo attaches."""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF = _small_pdf("Dokument demonstracyjny - Siec Wsparcia")


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _rows(offer: Offer, spec: dict) -> None:
    org = offer.organisation_id
    for position, row in enumerate(spec["activities"]):
        offer.activities.append(OfferActivity(organisation_id=org, position=position, name=row["name"],
                                              description=row["description"], starts_on=_day(row["from"]),
                                              ends_on=_day(row["to"])))
    for position, row in enumerate(spec["results"]):
        offer.results.append(OfferResult(organisation_id=org, position=position, result=row["result"],
                                         target_value=row["target_value"], monitoring=row["monitoring"]))
    for position, row in enumerate(spec["costs"]):
        offer.costs.append(OfferCost(organisation_id=org, position=position, kind=CostKind(row["kind"]),
                                     name=row["name"], unit=row["unit"], unit_cost=Decimal(row["unit_cost"]),
                                     units=Decimal(row["units"]), year=row["year"],
                                     from_grant=_money(row["from_grant"])))


def attach_pdfs(offer: Offer, labels: list[str]) -> None:
    """A small PDF attached to a demo offer for each label (written to ``OFFER_ATTACHMENT_FOLDER``)."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    for label in labels:
        stored = secrets.token_hex(20)
        (target / stored).write_bytes(PDF)
        offer.attachments.append(OfferAttachment(
            organisation_id=offer.organisation_id, label=label, filename=f"{label[:60]}.pdf",
            content_type="application/pdf", size=len(PDF), stored_name=stored,
            sha256=hashlib.sha256(PDF).hexdigest()))


def load_offers(organisations: dict[str, Organisation]) -> int:
    """The demo offers of the organisations (keyed as in organisations.json); returns how many were created."""
    created, sequence = 0, {}
    for spec in read("offers"):
        organisation = organisations[spec["organisation"]]
        if db.session.execute(select(Offer.id).where(Offer.organisation_id == organisation.id,
                                                     Offer.title == spec["title"])).first():
            continue
        call = db.session.execute(select(Call).where(Call.title_pl == spec["call"])).scalar_one_or_none()
        if call is None:
            continue
        applicant = prefill(organisation, None)
        applicant["contact"] = spec["contact"]
        offer = Offer(organisation_id=organisation.id, call_id=call.id, status=OfferStatus.DRAFT, is_demo=True,
                      applicant=applicant, title=spec["title"], starts_on=_day(spec["starts_on"]),
                      ends_on=_day(spec["ends_on"]), place=spec["place"], target_group=spec["target_group"],
                      summary=spec["summary"], other_information=spec["other_information"],
                      representatives=spec["representatives"], statements_accepted=spec["statements"],
                      **{name: _money(value) for name, value in spec["sources"].items()})
        _rows(offer, spec)
        attach_pdfs(offer, spec["attachments"])
        if spec["status"] == "submitted":
            submitted = utcnow() - timedelta(days=spec.get("submitted_days_ago", 1))
            number = sequence[call.id] = sequence.get(call.id, _highest(call.id)) + 1
            offer.status, offer.submitted_at = OfferStatus.SUBMITTED, submitted
            offer.receipt_number = receipt_number(call.id, submitted.year, number)
        db.session.add(offer)
        created += 1
    db.session.flush()
    return created


def _highest(call_id: int) -> int:
    numbers = db.session.execute(select(Offer.receipt_number).where(Offer.call_id == call_id,
                                                                    Offer.receipt_number.isnot(None))).scalars()
    return max((int(n.rsplit("/", 1)[-1]) for n in numbers if n.rsplit("/", 1)[-1].isdigit()), default=0)
