"""The data version of agreements and their money: what the register's and the public page's kept parts hang on.

Every row the department's register or the public "who received what" page draws from is watched: the
agreement and its children (parties, funding, services, targets, reports due, tranches, returns, statements,
amendments, documents), the organisations' names and identifiers, the programmes and their budget lines. Any
change to one of them raises the version in its own transaction (``app.data_versions``).
"""

from __future__ import annotations

from app import data_versions
from app.models import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementService,
    AgreementTarget,
    Amendment,
    BudgetLine,
    Organisation,
    Programme,
    Refund,
    ReportDue,
    Statement,
    Tranche,
)

AGREEMENTS = "agreements"

data_versions.watch(AGREEMENTS, Agreement, AgreementParty, AgreementFunding, AgreementService, AgreementTarget,
                    ReportDue, Tranche, Refund, Statement, Amendment, AgreementDocument, Organisation, Programme,
                    BudgetLine)


def version() -> int:
    """The version of the agreements and their money as this request sees them."""
    return data_versions.current(AGREEMENTS)
