"""The city's calls, awards, agreements and payments as an OCDS 1.1 release package, streamed.

One contracting process (one release) per:

- **call** whose results are published or that has a signed agreement — ocid
  "<OCDS_PREFIX>-call-<id>": ``tender`` from the call (procurementMethod "open", the tender period,
  the pool, the criteria with their points, the number of tenderers), ``awards`` per funded offer
  with its supplier, ``contracts`` per signed agreement (awardID, period, value, dateSigned,
  approved amendments, and the paid tranches as ``implementation.transactions``);
- **direct agreement** — a service contract (bought under procurement rules, with the procurement
  reference) or a small grant without a competition (art. 19a) — ocid "<OCDS_PREFIX>-agreement-<id>",
  procurementMethod "direct".

Parties carry their roles (buyer, procuringEntity, funder, payer, payee, supplier, tenderer);
organisations are identified from the org-id.guide lists (PL-KRS, PL-NIP, PL-REGON), with their
town only. ``planning.budget`` gives the amount and the programme as the project; the budget line and
its funding source are the department's internal planning and are left out. Tags follow the stage
reached. A release's id is a digest of its content and its date the latest change it shows, so the
same data gives the same release.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import AgreementStatus, Award, Call, CallStatus, Offer, OfferStatus
from app.models.base import utcnow
from app.services.open_data.public_agreements import (
    BATCH,
    PublicAgreement,
    Publisher,
    SharedRows,
    amount,
    anything_signed,
    batches,
    day_end,
    day_start,
    group_by,
    last_day,
    latest,
    load_agreements,
    moment,
    organisation_id,
    organisations,
    registry_identifier,
    signed_agreement_keys,
    split_org_id,
)
from app.tenancy import public_scope

OCDS_VERSION = "1.1"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CURRENCY = "PLN"
MAX_CALLS_AT_ONCE = 50
OPEN_CALL = ("Otwarty konkurs ofert (art. 13 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego "
             "i o wolontariacie)")
SMALL_GRANT = ("Mała dotacja bez konkursu (art. 19a ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku "
               "publicznego i o wolontariacie)")
SERVICE_CONTRACT = "Umowa na świadczenie usług"
DIRECT_GRANT = "Dotacja bez konkursu"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _value(value) -> dict:
    return {"amount": amount(value), "currency": CURRENCY}


def _period(starts_on, ends_on) -> dict:
    return {"startDate": day_start(starts_on), "endDate": day_end(ends_on)}


class Release(NamedTuple):
    """One release as JSON text, and its date."""

    json: str
    date: str


class Parties:
    """The parties of one release, each once, with every role it plays."""

    def __init__(self, publisher: Publisher):
        self.publisher = publisher
        self._entries: dict[str, dict] = {}

    def _add(self, entry: dict, roles) -> dict:
        found = self._entries.setdefault(entry["id"], {**entry, "roles": []})
        for role in roles:
            if role not in found["roles"]:
                found["roles"].append(role)
        return {"id": entry["id"], "name": entry["name"]}

    def city(self, *roles: str) -> dict:
        scheme, number = split_org_id(self.publisher.city_org_id)
        return self._add({"id": self.publisher.city_org_id, "name": self.publisher.city_name,
                          "identifier": {"scheme": scheme, "id": number, "legalName": self.publisher.city_name},
                          "address": {"locality": self.publisher.city_name, "countryName": "Polska"}}, roles)

    def organisation(self, organisation, *roles: str) -> dict:
        entry = {"id": organisation_id(organisation, self.publisher.ocds_prefix), "name": organisation.name}
        registered = registry_identifier(organisation)
        if registered is not None:
            entry["identifier"] = {"scheme": registered[0], "id": registered[1], "legalName": organisation.name}
        if organisation.city:
            entry["address"] = {"locality": organisation.city, "countryName": "Polska"}
        return self._add(entry, roles)

    def as_list(self) -> list[dict]:
        return list(self._entries.values())


def _contract(item: PublicAgreement, award_id: str, parties: Parties) -> dict:
    """A signed agreement as an OCDS contract, with its approved amendments and its payments (the lead organisation
    and the joint parties are its suppliers)."""
    agreement = item.agreement
    for organisation in (agreement.organisation, *item.partners):
        parties.organisation(organisation, "supplier")
    status = "active" if agreement.status == AgreementStatus.IN_FORCE else "terminated"
    contract = {"id": agreement.number, "awardID": award_id, "title": agreement.title, "status": status,
                "period": _period(agreement.starts_on, last_day(agreement)), "value": _value(agreement.value),
                "dateSigned": day_start(agreement.signed_on or agreement.starts_on)}
    if agreement.subject:
        contract["description"] = agreement.subject
    if item.annexes:
        contract["amendments"] = [{"id": str(annex.number), "date": moment(annex.decided_at or annex.changed_at),
                                   "rationale": annex.reason, "description": f"Aneks nr {annex.number}"}
                                  for annex in item.annexes]
    transactions = []
    if item.payments:
        payer = parties.city("payer")
        payee = parties.organisation(agreement.organisation, "payee")
        transactions += [{"id": f"tranche-{payment.id}", "date": day_start(payment.on),
                          "value": _value(payment.amount), "payer": payer, "payee": payee}
                         for payment in item.payments]
    if item.refunds:
        payer = parties.organisation(agreement.organisation, "payer")
        payee = parties.city("payee")
        transactions += [{"id": f"return-{refund.id}", "date": day_start(refund.on), "value": _value(refund.amount),
                          "payer": payer, "payee": payee} for refund in item.refunds]
    if transactions:
        contract["implementation"] = {"transactions": transactions}
    return contract


def _tags(awards: list, contracts: list[dict]) -> list[str]:
    tags = ["tender"]
    if awards:
        tags.append("award")
    if contracts:
        tags.append("contract")
    if any("implementation" in contract for contract in contracts):
        tags.append("implementation")
    if any("amendments" in contract for contract in contracts):
        tags.append("contractAmendment")
    return tags


def _release(ocid: str, changed, parties: Parties, buyer: dict, budget: dict, tender: dict, awards: list[dict],
             contracts: list[dict]) -> Release:
    """The release as JSON, its id a digest of the rest of it (the same data, the same id)."""
    release = {"date": moment(changed or utcnow()), "tag": _tags(awards, contracts), "initiationType": "tender",
               "language": "pl", "parties": parties.as_list(), "buyer": buyer, "planning": {"budget": budget},
               "tender": tender}
    if awards:
        release["awards"] = awards
    if contracts:
        release["contracts"] = contracts
    rest = _dumps(release)
    digest = hashlib.sha256(f"{ocid}{rest}".encode()).hexdigest()[:16]
    return Release(f'{{"ocid":{_dumps(ocid)},"id":{_dumps(f"{ocid}-{digest}")},{rest[1:]}', release["date"])


def _budget(value, programme) -> dict:
    return {"amount": _value(value), "project": programme.name_pl, "projectID": str(programme.id)}


def call_release(call: Call, awards: list[Award], tenderer_ids: list[int], items: list[PublicAgreement],
                 found: dict, publisher: Publisher) -> Release:
    """One call as a contracting process: the tender, its awards, its signed agreements and their payments."""
    ocid = f"{publisher.ocds_prefix}-call-{call.id}"
    parties = Parties(publisher)
    buyer = parties.city("buyer", "procuringEntity", "funder")
    tenderers = [parties.organisation(found[key], "tenderer") for key in dict.fromkeys(tenderer_ids) if key in found]
    award_list = []
    for award in awards:
        entry = {"id": f"award-{award.id}", "status": "active",
                 "date": moment(call.results_published_at or award.created_at), "value": _value(award.amount)}
        offer = award.offer
        if offer is not None:
            entry["title"] = offer.title
            if offer.organisation_id in found:
                entry["suppliers"] = [parties.organisation(found[offer.organisation_id], "supplier")]
        award_list.append(entry)
    contracts = [_contract(item, f"award-{item.award.id}", parties) for item in items]
    tender = {
        "id": f"call-{call.id}", "title": call.title_pl, "description": call.task_pl,
        "status": "complete" if awards else "unsuccessful", "procuringEntity": buyer, "value": _value(call.pool),
        "procurementMethod": "open", "procurementMethodDetails": OPEN_CALL, "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(f"{criterion.name_pl}: 0–{criterion.max_points} pkt"
                                          for criterion in call.criteria),
        "tenderPeriod": {"startDate": moment(call.opens_at), "endDate": moment(call.closes_at)},
        "contractPeriod": _period(call.task_starts_on, call.task_ends_on),
        "numberOfTenderers": len(tenderers), "tenderers": tenderers,
    }
    if not tender["awardCriteriaDetails"]:
        del tender["awardCriteriaDetails"]
    if not tenderers:
        del tender["tenderers"]
    changed = latest(call.updated_at, call.results_published_at, *(award.updated_at for award in awards),
                     *(item.changed_at for item in items))
    return _release(ocid, changed, parties, buyer, _budget(call.pool, call.programme), tender, award_list, contracts)


def _direct_method(item: PublicAgreement) -> str:
    """How a direct agreement came about, in the data's language (Polish)."""
    agreement = item.agreement
    if agreement.is_grant:
        return SMALL_GRANT if item.award is not None else DIRECT_GRANT
    if agreement.procurement_reference:
        return f"{SERVICE_CONTRACT}; postępowanie lub decyzja: {agreement.procurement_reference}"
    return SERVICE_CONTRACT


def direct_release(item: PublicAgreement, publisher: Publisher) -> Release:
    """A service contract or a small grant (no competition) as a contracting process of its own.

    A small grant answers one offer: its organisation is the one tenderer. A service contract's procurement ran
    elsewhere (its reference is given), so who else tendered is not known here and is not claimed."""
    agreement = item.agreement
    ocid = f"{publisher.ocds_prefix}-agreement-{agreement.id}"
    parties = Parties(publisher)
    buyer = parties.city("buyer", "procuringEntity", "funder")
    roles = ("tenderer", "supplier") if agreement.is_grant else ("supplier",)
    supplier = parties.organisation(agreement.organisation, *roles)
    award = item.award
    if award is not None:
        award_id = f"award-{award.id}"
        entry = {"id": award_id, "status": "active", "date": moment(award.created_at), "value": _value(award.amount),
                 "suppliers": [supplier]}
        if award.offer is not None:
            entry["title"] = award.offer.title
    else:
        award_id = f"agreement-{agreement.id}"
        entry = {"id": award_id, "title": agreement.title, "status": "active",
                 "date": day_start(agreement.signed_on or agreement.starts_on), "value": _value(agreement.value),
                 "suppliers": [supplier]}
    tender = {"id": f"agreement-{agreement.id}", "title": agreement.title, "status": "complete",
              "procuringEntity": buyer, "value": _value(agreement.value), "procurementMethod": "direct",
              "procurementMethodDetails": _direct_method(item), "mainProcurementCategory": "services",
              "contractPeriod": _period(agreement.starts_on, agreement.ends_on)}
    if agreement.is_grant:
        tender.update(numberOfTenderers=1, tenderers=[supplier])
    contract = _contract(item, award_id, parties)
    changed = latest(item.changed_at, award.updated_at if award is not None else None)
    return _release(ocid, changed, parties, buyer, _budget(agreement.value, agreement.programme), tender, [entry],
                    [contract])


def _call_chunks(call_ids: list[int], agreements_of: dict[int, list[int]]) -> Iterator[list[int]]:
    """Calls in chunks of at most ``MAX_CALLS_AT_ONCE`` carrying about ``BATCH`` agreements together."""
    chunk: list[int] = []
    carried = 0
    for call_id in call_ids:
        chunk.append(call_id)
        carried += len(agreements_of.get(call_id, ()))
        if carried >= BATCH or len(chunk) >= MAX_CALLS_AT_ONCE:
            yield chunk
            chunk, carried = [], 0
    if chunk:
        yield chunk


def _call_releases(chunk: list[int], agreements_of: dict[int, list[int]], publisher: Publisher,
                   shared: SharedRows) -> list[Release]:
    calls = db.session.execute(select(Call).where(Call.id.in_(chunk)).order_by(Call.id)
                               .options(selectinload(Call.criteria), joinedload(Call.programme))).scalars().all()
    awards = group_by(db.session.execute(select(Award).where(Award.call_id.in_(chunk)).order_by(Award.id)
                                         .options(joinedload(Award.offer))).scalars().all(),
                      lambda award: award.call_id)
    tenderers = group_by(db.session.execute(
        select(Offer.call_id, Offer.organisation_id).where(Offer.call_id.in_(chunk),
                                                           Offer.status == OfferStatus.SUBMITTED)
        .order_by(Offer.organisation_id)).all(), lambda row: row[0])
    items: list[PublicAgreement] = []
    for part in batches([key for call_id in chunk for key in agreements_of.get(call_id, ())]):
        items += load_agreements(part, shared)
    by_call = group_by(items, lambda item: item.call_id)
    found = organisations([*(row[1] for rows in tenderers.values() for row in rows),
                           *(award.offer.organisation_id for rows in awards.values() for award in rows
                             if award.offer is not None)])
    return [call_release(call, awards.get(call.id, []), [row[1] for row in tenderers.get(call.id, [])],
                         by_call.get(call.id, []), found, publisher) for call in calls]


def has_releases() -> bool:
    """Whether a call has published results or an agreement is signed: a release package holds at least one
    release."""
    if anything_signed():
        return True
    with public_scope():
        return db.session.execute(select(select(Call.id).where(Call.status == CallStatus.DECIDED).exists())
                                  ).scalar_one()


def stream_package(publisher: Publisher) -> Iterator[str]:
    """The OCDS release package of every call with published results and every signed agreement, as pieces of one
    JSON document. The first piece (the package's metadata) needs no database; then, in the public scope, the keys
    are read first and the calls and agreements in chunks."""
    scheme, number = split_org_id(publisher.city_org_id)
    head = {"uri": publisher.package_url, "version": OCDS_VERSION,
            "publisher": {"name": publisher.city_name, "scheme": scheme, "uid": number, "uri": publisher.home_url},
            "license": LICENSE}
    yield _dumps(head)[:-1] + ',"releases":['
    published = None
    with public_scope():
        keys = signed_agreement_keys()
        agreements_of: dict[int, list[int]] = {}
        direct: list[int] = []
        for key in keys:
            if key.call_id is None:
                direct.append(key.id)
            else:
                agreements_of.setdefault(key.call_id, []).append(key.id)
        decided = db.session.execute(select(Call.id).where(Call.status == CallStatus.DECIDED)).scalars().all()
        call_ids = sorted(set(agreements_of) | set(decided))
        first, shared = True, SharedRows()
        chunks = [(chunk, None) for chunk in _call_chunks(call_ids, agreements_of)]
        chunks += [(None, chunk) for chunk in batches(direct)]
        for calls, agreements in chunks:
            if calls is not None:
                releases = _call_releases(calls, agreements_of, publisher, shared)
            else:
                releases = [direct_release(item, publisher) for item in load_agreements(agreements, shared)]
            if releases:
                published = max(filter(None, [published, *(release.date for release in releases)]))
                yield ("" if first else ",") + ",".join(release.json for release in releases)
                first = False
    yield f'],"publishedDate":{_dumps(published or moment(utcnow()))}}}'
