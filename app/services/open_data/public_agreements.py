"""Signed agreements as anyone may read them, loaded in batches for the open-data exports (360Giving, OCDS).

Everything here runs in the **public scope** (app/tenancy.py): an agreement is public once signed
(in force, completed or terminated), and with it its funding rows, parties, tranches, returns and
amendments; this module keeps only the *paid* tranches and the *approved* amendments. A call is
public once published, an award and its offer once the call's results are (a small grant's once
decided). The department's budget lines are not public and are never read here: the exports name
the programme, not the budget line or its funding source.

The exports stream: the keys of every agreement are read first (small tuples), then the
agreements in chunks of ``BATCH`` with their parts in a fixed number of queries per chunk
(no query per agreement), so memory stays flat whatever the number of agreements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.localtime import WARSAW
from app.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Award,
    District,
    Organisation,
    OrganisationKind,
    Programme,
    Refund,
    Tranche,
    TrancheState,
)
from app.models.agreements import SIGNED
from app.tenancy import public_scope

BATCH = 100  # agreements read at once (100: the least memory at the same speed, measured with 2,000)
ZERO = Decimal("0.00")
COUNTRY = "PL"


def batches(ids: list[int], size: int | None = None) -> Iterator[list[int]]:
    """``ids`` in chunks of ``size`` (``BATCH`` by default)."""
    size = size or BATCH
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


# -- identifiers ------------------------------------------------------------------------------------------

# org-id.guide lists for Poland: the National Court Register (KRS, associations and foundations), the tax
# number (NIP) and the statistical number (REGON), preferred in that order.
ORG_ID_SCHEMES = (("PL-KRS", "krs"), ("PL-NIP", "nip"), ("PL-REGON", "regon"))


def registry_identifier(organisation: Organisation) -> tuple[str, str] | None:
    """(org-id.guide scheme, number) of an organisation: its KRS number if it has one, else NIP, else REGON."""
    for scheme, attribute in ORG_ID_SCHEMES:
        value = (getattr(organisation, attribute) or "").strip()
        if value:
            return scheme, value
    return None


def organisation_id(organisation: Organisation, fallback_prefix: str) -> str:
    """An organisation's identifier ("PL-KRS-0000123456"); one with no registry number gets the publisher's
    own ("<prefix>-organisation-<id>"), as the standards advise."""
    found = registry_identifier(organisation)
    if found is None:
        return f"{fallback_prefix}-organisation-{organisation.id}"
    return f"{found[0]}-{found[1]}"


def split_org_id(value: str) -> tuple[str, str]:
    """"PL-REGON-000000000" → ("PL-REGON", "000000000")."""
    scheme, _, number = value.rpartition("-")
    return scheme, number


# -- dates and amounts as the standards write them ---------------------------------------------------------

def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def moment(value: datetime | None) -> str | None:
    """An aware moment in UTC, "2026-03-01T10:15:00Z"."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=4096)
def day_start(value: date | None) -> str | None:
    """The start of a day in the city (a date-time for OCDS). Kept per day: an export writes the same few hundred
    days thousands of times, and the time zone's offset is slow to look up."""
    return datetime.combine(value, time.min, WARSAW).isoformat() if value else None


@lru_cache(maxsize=4096)
def day_end(value: date | None) -> str | None:
    """The end of a day in the city (kept per day, as ``day_start``)."""
    return datetime.combine(value, time(23, 59, 59), WARSAW).isoformat() if value else None


def last_day(agreement: Agreement) -> date:
    """The last day an agreement runs: its termination date if it was ended early, else its end date."""
    if agreement.status == AgreementStatus.TERMINATED and agreement.terminated_on is not None:
        return min(agreement.terminated_on, agreement.ends_on)
    return agreement.ends_on


def amount(value: Decimal | None) -> float:
    """A JSON number (two decimals: a float prints them exactly at these magnitudes)."""
    return float((value or ZERO).quantize(Decimal("0.01")))


def latest(*moments: datetime | None) -> datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None


# -- what is read --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payment:
    """A paid tranche, or money returned."""

    id: int
    on: date
    amount: Decimal
    changed_at: datetime | None


@dataclass(frozen=True)
class Annex:
    """An approved amendment."""

    id: int
    number: int
    reason: str
    decided_at: datetime | None
    changed_at: datetime | None


@dataclass
class PublicAgreement:
    """A signed agreement with its paid tranches, returns and approved amendments."""

    agreement: Agreement
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Payment] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def returned(self) -> Decimal:
        return sum((r.amount for r in self.refunds), ZERO)

    @property
    def disbursed(self) -> Decimal:
        """Paid less what came back."""
        return self.paid - self.returned

    @property
    def award(self) -> Award | None:
        return self.agreement.award

    @property
    def call_id(self) -> int | None:
        award = self.agreement.award
        return award.call_id if award is not None else None

    @property
    def partners(self) -> list[Organisation]:
        return [party.partner for party in self.agreement.parties]

    @property
    def changed_at(self) -> datetime | None:
        """When anything published about it last changed."""
        return latest(self.agreement.updated_at, *(p.changed_at for p in self.payments),
                      *(r.changed_at for r in self.refunds), *(a.changed_at for a in self.annexes))


@dataclass(frozen=True)
class AgreementKey:
    """What the exports need to know of every signed agreement before loading it."""

    id: int
    kind: AgreementKind
    call_id: int | None  # the call its award came from (None: a small grant or a direct contract)


def signed_agreement_keys() -> list[AgreementKey]:
    """Every signed agreement (public scope), oldest first, with the call it came from."""
    rows = db.session.execute(
        select(Agreement.id, Agreement.kind, Award.call_id)
        .outerjoin(Award, Award.id == Agreement.award_id)
        .where(Agreement.status.in_(SIGNED))
        .order_by(Agreement.id))
    return [AgreementKey(agreement_id, AgreementKind(kind), call_id) for agreement_id, kind, call_id in rows]


def anything_signed(kind: AgreementKind | None = None) -> bool:
    """Whether some agreement (of ``kind``) is signed: an open-data package may not be empty (both standards ask for
    at least one grant or release)."""
    with public_scope():
        criteria = [Agreement.status.in_(SIGNED), *([Agreement.kind == kind] if kind is not None else [])]
        return db.session.execute(select(select(Agreement.id).where(*criteria).exists())).scalar_one()


@dataclass
class SharedRows:
    """The rows many agreements of one export point to — organisations, programmes, districts — read once for the
    whole export and hung on each agreement, instead of three queries a batch."""

    organisations: dict[int, Organisation] = field(default_factory=dict)
    programmes: dict[int, Programme] = field(default_factory=dict)
    districts: dict[int, District] = field(default_factory=dict)

    def attach(self, agreements: list[Agreement]) -> None:
        """Read what these agreements name and is not known yet; hang it on them."""
        for model, known, key in ((Organisation, self.organisations, "organisation_id"),
                                  (Programme, self.programmes, "programme_id"),
                                  (District, self.districts, "district_id")):
            missing = sorted({getattr(row, key) for row in agreements} - set(known) - {None})
            if missing:
                known.update({row.id: row for row in db.session.execute(
                    select(model).where(model.id.in_(missing))).scalars()})
        for row in agreements:
            set_committed_value(row, "organisation", self.organisations.get(row.organisation_id))
            set_committed_value(row, "programme", self.programmes.get(row.programme_id))
            set_committed_value(row, "district", self.districts.get(row.district_id))


def load_agreements(ids: Iterable[int], shared: SharedRows | None = None) -> list[PublicAgreement]:
    """The agreements ``ids`` (one chunk) with everything published about them, in six queries plus what ``shared``
    (kept by the caller across the chunks of one export) does not hold yet; in the order of ``ids``."""
    ids = list(ids)
    if not ids:
        return []
    found = db.session.execute(
        select(Agreement).where(Agreement.id.in_(ids), Agreement.status.in_(SIGNED))
        .options(selectinload(Agreement.funding),
                 selectinload(Agreement.parties).joinedload(AgreementParty.partner),
                 selectinload(Agreement.award).joinedload(Award.offer))).unique().scalars().all()
    (shared if shared is not None else SharedRows()).attach(list(found))
    by_id = {row.id: PublicAgreement(row) for row in found}
    for tranche_id, agreement_id, paid_on, due_on, value, changed in db.session.execute(
            select(Tranche.id, Tranche.agreement_id, Tranche.paid_on, Tranche.due_on, Tranche.amount,
                   Tranche.updated_at)
            .where(Tranche.agreement_id.in_(ids), Tranche.state == TrancheState.PAID)
            .order_by(Tranche.paid_on, Tranche.id)):
        if agreement_id in by_id:
            by_id[agreement_id].payments.append(Payment(tranche_id, paid_on or due_on, value, changed))
    for refund_id, agreement_id, returned_on, value, recorded in db.session.execute(
            select(Refund.id, Refund.agreement_id, Refund.returned_on, Refund.amount, Refund.recorded_at)
            .where(Refund.agreement_id.in_(ids)).order_by(Refund.returned_on, Refund.id)):
        if agreement_id in by_id:
            by_id[agreement_id].refunds.append(Payment(refund_id, returned_on, value, recorded))
    for annex_id, agreement_id, number, reason, decided, changed in db.session.execute(
            select(Amendment.id, Amendment.agreement_id, Amendment.number, Amendment.reason, Amendment.decided_at,
                   Amendment.updated_at)
            .where(Amendment.agreement_id.in_(ids), Amendment.status == AmendmentStatus.APPROVED)
            .order_by(Amendment.number)):
        if agreement_id in by_id:
            by_id[agreement_id].annexes.append(Annex(annex_id, number, reason, decided, changed))
    return [by_id[agreement_id] for agreement_id in ids if agreement_id in by_id]


def department_name() -> str | None:
    """The name of the city's department (the funder's unit), if registered."""
    return db.session.execute(select(Organisation.name).where(Organisation.kind == OrganisationKind.DEPARTMENT)
                              .order_by(Organisation.id).limit(1)).scalar_one_or_none()


def organisations(ids: Iterable[int]) -> dict[int, Organisation]:
    """{id: organisation} for the ids given (the organisations table is not tenant-owned)."""
    wanted = sorted(set(ids))
    found: dict[int, Organisation] = {}
    for chunk in batches(wanted, 500):
        for organisation in db.session.execute(select(Organisation).where(Organisation.id.in_(chunk))).scalars():
            found[organisation.id] = organisation
    return found


def group_by(items: Iterable, key) -> dict:
    grouped: dict = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


@dataclass(frozen=True)
class Publisher:
    """Who publishes the exports and under which registered prefixes (config.py: THREESIXTYGIVING_PREFIX,
    OCDS_PREFIX, CITY_ORG_ID, CITY_NAME), with the addresses the packages name."""

    city_name: str
    city_org_id: str
    grant_prefix: str
    ocds_prefix: str
    home_url: str
    package_url: str

    @classmethod
    def from_config(cls, config, *, home_url: str, package_url: str) -> Publisher:
        return cls(city_name=config["CITY_NAME"], city_org_id=config["CITY_ORG_ID"],
                   grant_prefix=config["THREESIXTYGIVING_PREFIX"], ocds_prefix=config["OCDS_PREFIX"],
                   home_url=home_url, package_url=package_url)
