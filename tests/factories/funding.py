"""The department's programmes, their budget lines, and calls for offers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Assignment,
    Award,
    BudgetLine,
    Call,
    CallCriterion,
    CallStatus,
    CallVersion,
    CommissionMember,
    CommissionRole,
    CostKind,
    FundingSource,
    GrantMode,
    Offer,
    OfferActivity,
    OfferCost,
    OfferKind,
    OfferResult,
    OfferStatus,
    Programme,
    PublicSphere,
    utcnow,
)
from app.services.funding.calls import STATUTORY_CRITERIA, snapshot
from tests.factories.base import FactoryBase, id_of

# The smallest file the attachment check takes for a PDF (header, an object, the catalogue, %%EOF).
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Funding(FactoryBase):
    def programme(self, department, name_pl: str | None = None, *, first_year: int = 2026, last_year: int = 2027,
                  **fields) -> int:
        """A programme of ``department`` (its id)."""
        with self._writing():
            return self._add(Programme(organisation_id=id_of(department),
                                       name_pl=name_pl or f"Program {self._next()}", first_year=first_year,
                                       last_year=last_year, **fields)).id

    def budget_line(self, department, programme: int, amount: str = "1000.00", *, year: int = 2026,
                    source: FundingSource | str = FundingSource.CITY_BUDGET, task_pl: str | None = None,
                    **fields) -> int:
        """A budget line (its id) of ``programme``."""
        with self._writing():
            return self._add(BudgetLine(organisation_id=id_of(department), programme_id=programme, year=year,
                                        source=FundingSource(source), amount=Decimal(amount),
                                        task_pl=task_pl or f"Zadanie {self._next()}", **fields)).id

    def call(self, department, programme: int, line: int, title_pl: str | None = None, *,
             status: CallStatus | str = CallStatus.PUBLISHED, opens_in: timedelta = timedelta(days=-1),
             open_for: timedelta = timedelta(days=30), pool: str = "100000.00", **fields) -> int:
        """A call (its id) of ``programme`` paid from ``line``, with the statutory criteria, published by default."""
        opens = utcnow() + opens_in
        values = {"title_pl": title_pl or f"Konkurs {self._next()}", "task_pl": "Opis zadania publicznego.",
                  "sphere": PublicSphere.SOCIAL_ASSISTANCE, "grant_mode": GrantMode.SUPPORT, "pool": Decimal(pool),
                  "own_share_percent": Decimal("10"), "eligible_kinds": " association ngo ",
                  "task_starts_on": (opens + open_for + timedelta(days=10)).date(),
                  "task_ends_on": (opens + open_for + timedelta(days=200)).date(),
                  "opens_at": opens, "closes_at": opens + open_for, "status": CallStatus(status), **fields}
        with self._writing():
            call = self._add(Call(organisation_id=id_of(department), programme_id=programme, budget_line_id=line,
                                  **values))
            for position, (code, _label, points) in enumerate(STATUTORY_CRITERIA):
                call.criteria.append(CallCriterion(organisation_id=call.organisation_id, position=position,
                                                   code=code, name_pl=f"Kryterium {code}", max_points=points))
            if call.status != CallStatus.DRAFT:
                call.published_at = opens
                call.versions.append(CallVersion(organisation_id=call.organisation_id, number=1,
                                                 snapshot=snapshot(call)))
            return call.id

    def offer(self, organisation, call: int | None, title: str | None = None, *,
              status: OfferStatus | str = OfferStatus.SUBMITTED, grant: str = "9000.00", own: str = "1000.00",
              kind: OfferKind | str = OfferKind.CALL, **fields) -> int:
        """An offer (its id) of ``organisation`` in ``call``: one activity, one result and one cost line whose total
        equals the grant plus the own contribution; submitted with a receipt number by default."""
        status = OfferStatus(status)
        number = self._next()
        with self._writing():
            call_row = db.session.execute(select(Call).where(Call.id == call)).scalar_one() if call else None
            starts = call_row.task_starts_on if call_row else (utcnow() + timedelta(days=30)).date()
            ends = call_row.task_ends_on if call_row else starts + timedelta(days=60)
            values = {"title": title or f"Oferta {number}", "starts_on": starts, "ends_on": ends,
                      "place": "Chorzów", "target_group": "Mieszkańcy", "summary": "Opis zadania.",
                      "requested_grant": Decimal(grant), "own_financial": Decimal(own),
                      "own_in_kind": Decimal("0"), "recipients_payments": Decimal("0"), "other_funds": Decimal("0"),
                      "statements_accepted": True, "representatives": "Jan Kowalski — prezes",
                      "applicant": {"name": f"Organizacja {number}"}, "status": status, **fields}
            if status != OfferStatus.DRAFT:
                values.setdefault("receipt_number", f"T/{call or 0}/{number:04d}")
                values.setdefault("submitted_at", utcnow())
            offer = self._add(Offer(organisation_id=id_of(organisation), call_id=call, kind=OfferKind(kind),
                                    **values))
            total = Decimal(grant) + Decimal(own)
            offer.activities.append(OfferActivity(organisation_id=offer.organisation_id, position=0,
                                                  name="Zajęcia", starts_on=starts, ends_on=ends))
            offer.results.append(OfferResult(organisation_id=offer.organisation_id, position=0,
                                             result="Uczestnicy", target_value="20", monitoring="Lista obecności"))
            offer.costs.append(OfferCost(organisation_id=offer.organisation_id, position=0, kind=CostKind.ACTIVITY,
                                         name="Prowadzenie zajęć", unit="godz.", unit_cost=total, units=Decimal("1"),
                                         year=starts.year, from_grant=Decimal(grant)))
            return offer.id

    def commission_member(self, department, call: int, user, *, role: CommissionRole | str = CommissionRole.MEMBER,
                          represents=None) -> int:
        """A member (its id) of ``call``'s commission."""
        with self._writing():
            return self._add(CommissionMember(organisation_id=id_of(department), call_id=call, user_id=id_of(user),
                                              role=CommissionRole(role), represents_id=id_of(represents))).id

    def assignment(self, department, member: int, offer: int, **fields) -> int:
        """An offer assigned to a commission member (its id)."""
        with self._writing():
            return self._add(Assignment(organisation_id=id_of(department), member_id=member, offer_id=offer,
                                        **fields)).id

    def award(self, department, offer: int, amount: str, *, call: int | None = None, line: int, **fields) -> int:
        """An award (its id) of ``amount`` to ``offer`` from budget ``line``."""
        with self._writing():
            return self._add(Award(organisation_id=id_of(department), offer_id=offer, call_id=call,
                                   budget_line_id=line, amount=Decimal(amount), **fields)).id
