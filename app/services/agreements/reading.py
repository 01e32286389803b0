"""What the pages read of agreements beyond the agreement's own rows: an organisation's agreements in the order it
deals with them, how many wait for its admin, and the department's rows an agreement's terms name.

An agreement belongs to the organisation, but its terms name rows of the department — the programme, the budget
lines it is paid from, the award it comes from — and the services of a joint party. In the organisation's scope
those are invisible, so ``read_terms`` reads them in the named scope ``agreement.terms`` (a GET writes nothing,
not even the audit log) and hangs them on the agreement, so that one partial draws the terms for both audiences.
Only the rows this agreement names are read; the organisation never lists the department's budget.

A draft is the department's, still being written: the organisation sees an agreement once it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import (
    Agreement,
    AgreementStatus,
    Award,
    BudgetLine,
    Offer,
    Organisation,
    Programme,
    Service,
    User,
)
from app.tenancy import system_scope

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
