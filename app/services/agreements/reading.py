"""What the pages read of agreements beyond the agreement's own rows: an organisation's agreements in the order it
deals with them, how many wait for its admin, and the department's rows an agreement's terms name.

An agreement belongs to the organisation, but its terms name rows of the department — the programme, the budget
lines it is paid from, the award it comes from — and the services of a joint party. In the organisation's scope
those are invisible, so ``read_terms`` reads them in the named scope ``agreement.terms`` (a GET writes nothing,
not even the audit log) and hangs them on the agreement, so that one partial draws the terms for both audiences.
Only the rows this agreement names are read; the organisation never lists the department's budget.

A draft is the department's, still being written: the organisation sees an agreement once it is sent.

A joint party (``AgreementParty``) is named in an agreement that belongs to the lead organisation. It reads the
agreements it is a party to — never a draft — in the named scope ``agreement.parties``: a list of plain rows, and
one agreement's terms loaded whole, so that nothing is read lazily in its own scope afterwards. It changes nothing:
the lead accepts, reports and is paid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Award,
    BudgetLine,
    Offer,
    Organisation,
    Programme,
    Service,
    Side,
    Statement,
    StatementStatus,
    User,
)
from app.tenancy import system_scope

T = TypeVar("T")

# The order an organisation deals with its agreements in: what waits for it first, then what is in force.
LIST_ORDER = {AgreementStatus.SENT: 0, AgreementStatus.IN_FORCE: 1, AgreementStatus.ACCEPTED: 2,
              AgreementStatus.COMPLETED: 3, AgreementStatus.TERMINATED: 4}


def shown_to_organisation(agreement: Agreement) -> bool:
    """Whether the organisation sees the agreement: once the department has sent it (a draft is still written)."""
    return agreement.status != AgreementStatus.DRAFT


def organisation_agreements(organisation_id: int) -> list[Agreement]:
    """The organisation's agreements but drafts (call it in the organisation's scope): those waiting for its
    acceptance first, then those in force, then the rest; the latest first within each."""
    agreements = db.session.execute(
        select(Agreement).where(Agreement.organisation_id == organisation_id,
                                Agreement.status != AgreementStatus.DRAFT)
        .order_by(Agreement.starts_on.desc(), Agreement.id.desc())).scalars().all()
    return sorted(agreements, key=lambda agreement: LIST_ORDER.get(agreement.status, len(LIST_ORDER)))


def waiting_for_acceptance(organisation_id: int) -> int:
    """How many of the organisation's agreements wait for its admin's acceptance."""
    return db.session.execute(
        select(func.count(Agreement.id)).where(Agreement.organisation_id == organisation_id,
                                               Agreement.status == AgreementStatus.SENT)).scalar_one()


@dataclass(frozen=True)
class ToDo:
    """What waits for the organisation on its agreements besides acceptance (read in its own scope)."""

    amendments: list[Amendment]  # proposed by the department, waiting for the organisation's decision
    returned: list[Statement]  # monthly statements the department sent back for correction


def to_do() -> ToDo:
    """The amendments waiting for the organisation's decision and its statements returned for correction, the
    oldest first (call it in the organisation's scope), each with its agreement."""
    amendments = db.session.execute(
        select(Amendment).where(Amendment.status == AmendmentStatus.PROPOSED,
                                Amendment.proposed_by == Side.DEPARTMENT)
        .options(selectinload(Amendment.agreement)).order_by(Amendment.created_at, Amendment.id)).scalars().all()
    returned = db.session.execute(
        select(Statement).where(Statement.status == StatementStatus.RETURNED)
        .options(selectinload(Statement.agreement)).order_by(Statement.month, Statement.id)).scalars().all()
    return ToDo(amendments=list(amendments), returned=list(returned))


@dataclass(frozen=True)
class Terms:
    """What an agreement's pages and document name beside its own rows."""

    department: Organisation | None  # the city's department: the other party
    award: Award | None  # a grant's award (the department's decision)
    offer: Offer | None  # the organisation's offer it comes from (its cost estimate and plan are the annexes)
    revised: bool  # the offer's cost estimate and plan were re-entered within a reduced award
    accepted_by: User | None  # who accepted it for the organisation


def read_terms(agreement: Agreement) -> Terms:
    """The department's rows the agreement names (its programme, budget lines, award) and the services that deliver
    it, read for a page in the named scope ``agreement.terms`` and hung on the agreement and its funding rows, so
    ``agreement.programme`` and ``row.budget_line`` read the same in the workspace as in the console."""
    line_ids = {row.budget_line_id for row in agreement.funding}
    service_ids = {link.service_id for link in agreement.services}
    with system_scope("agreement.terms: the organisation reads what its own agreement names"):
        programme = db.session.execute(select(Programme).where(Programme.id == agreement.programme_id)
                                       ).scalar_one_or_none()
        lines = {line.id: line for line in db.session.execute(
            select(BudgetLine).where(BudgetLine.id.in_(line_ids))).scalars()} if line_ids else {}
        award = db.session.execute(select(Award).where(Award.id == agreement.award_id)).scalar_one_or_none() \
            if agreement.award_id is not None else None
        services = {service.id: service for service in db.session.execute(
            select(Service).where(Service.id.in_(service_ids))).scalars()} if service_ids else {}
    set_committed_value(agreement, "programme", programme)
    set_committed_value(agreement, "award", award)
    for row in agreement.funding:
        set_committed_value(row, "budget_line", lines.get(row.budget_line_id))
    for link in agreement.services:
        set_committed_value(link, "service", services.get(link.service_id))
    offer = None
    if award is not None:  # the organisation's own offer: read in the reader's scope
        offer = db.session.execute(select(Offer).where(Offer.id == award.offer_id)).scalar_one_or_none()
        if offer is not None:
            set_committed_value(award, "offer", offer)
    department = db.session.execute(select(Organisation).where(Organisation.id == programme.organisation_id)
                                    ).scalar_one_or_none() if programme is not None else None
    accepted_by = db.session.execute(select(User).where(User.id == agreement.accepted_by_id)).scalar_one_or_none() \
        if agreement.accepted_by_id is not None else None
    return Terms(department=department, award=award, offer=offer,
                 revised=bool(offer is not None and offer.cost_lines(revised=True)), accepted_by=accepted_by)


@dataclass(frozen=True)
class JointAgreement:
    """A row of the agreements an organisation is a joint party to."""

    id: int
    number: str
    title: str
    lead: str
    kind: AgreementKind
    status: AgreementStatus
    starts_on: date
    ends_on: date
    value: Decimal


def _as_party(organisation_id: int):
    return select(AgreementParty.agreement_id).where(AgreementParty.partner_id == organisation_id)


def joint_agreements(organisation_id: int) -> list[JointAgreement]:
    """The agreements ``organisation_id`` is a joint party to (not drafts), with their lead and value, in the order
    of its own list."""
    with system_scope("agreement.parties: a joint party lists the agreements it is named in"):
        value = (select(func.coalesce(func.sum(AgreementFunding.amount), 0))
                 .where(AgreementFunding.agreement_id == Agreement.id).scalar_subquery())
        found = db.session.execute(
            select(Agreement.id, Agreement.number, Agreement.title, Organisation.name, Agreement.kind,
                   Agreement.status, Agreement.starts_on, Agreement.ends_on, value)
            .join(Organisation, Organisation.id == Agreement.organisation_id)
            .where(Agreement.id.in_(_as_party(organisation_id)), Agreement.status != AgreementStatus.DRAFT)
            .order_by(Agreement.starts_on.desc(), Agreement.id.desc())).all()
    rows = [JointAgreement(id=row[0], number=row[1], title=row[2], lead=row[3], kind=AgreementKind(row[4]),
                           status=AgreementStatus(row[5]), starts_on=row[6], ends_on=row[7],
                           value=Decimal(row[8]).quantize(Decimal("0.01"))) for row in found]
    return sorted(rows, key=lambda row: LIST_ORDER.get(row.status, len(LIST_ORDER)))


def joint_agreement(organisation_id: int, agreement_id: int | None) -> tuple[Agreement, Terms] | None:
    """The agreement ``agreement_id`` with everything its terms show, when ``organisation_id`` is a joint party to it
    and it is not a draft; else None (the page answers 404, as for anyone else's agreement)."""
    if agreement_id is None:
        return None
    with system_scope("agreement.parties: a joint party reads the terms of an agreement it is named in"):
        agreement = db.session.execute(
            select(Agreement).where(Agreement.id == agreement_id, Agreement.id.in_(_as_party(organisation_id)),
                                    Agreement.status != AgreementStatus.DRAFT)
            .options(selectinload(Agreement.organisation), selectinload(Agreement.district),
                     selectinload(Agreement.parties).selectinload(AgreementParty.partner),
                     selectinload(Agreement.funding), selectinload(Agreement.services),
                     selectinload(Agreement.targets), selectinload(Agreement.reports_due))
            .execution_options(populate_existing=True)).scalar_one_or_none()
        if agreement is None:
            return None
        return agreement, read_terms(agreement)


def read_as_joint_party(organisation_id: int, agreement_id: int | None, read: Callable[[Agreement, Terms], T]
                        ) -> T | None:
    """``read(agreement, terms)`` run while the joint party's named read is open — so that what it draws from the
    agreement (the printable document: its tranches, amendments, the offer's cost estimate) is read whole, not
    through the party's own scope — or None when ``organisation_id`` is not a joint party to it (or it is a
    draft)."""
    with system_scope("agreement.parties: a joint party reads an agreement it is named in as a document"):
        found = joint_agreement(organisation_id, agreement_id)
        return read(*found) if found is not None else None
