"""The city's grants as the 360Giving Data Standard 1.4: one grant per signed grant agreement, streamed.

A grant is a signed (in force, completed or terminated) **grant agreement** — from an award in an
open call (``fromOpenCall`` "Yes") or a small grant without a competition (art. 19a, "No").
Service contracts are bought services, not grants: they are in the OCDS export only.

Mapping (../shared/FUNDING.md "Open data mapping"):

- ``id`` "<THREESIXTYGIVING_PREFIX>-<agreement number>"; ``title``; ``description`` (the subject);
- ``amountAppliedFor`` the grant the offer asked for (when the offer is public), ``amountAwarded`` the
  agreement's value (amendments included), ``amountDisbursed`` paid less returned, with one
  ``disbursementTransaction`` per paid tranche and a negative one per return, so that they add up;
- ``awardDate`` the signing date; ``plannedDates`` the period, with its length in months;
- ``recipientOrganization`` the lead organisation (then the joint parties), identified from the
  org-id.guide lists (PL-KRS, else PL-NIP, else PL-REGON), with its town — never a street, a person or an
  e-mail; ``fundingOrganization`` the city (CITY_ORG_ID, CITY_NAME);
- ``grantProgramme`` the municipal programme; ``beneficiaryLocation`` the agreement's district, else the city.

Left out: the budget line and its funding source (city budget, state funds…), which are the
department's internal planning and not public.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from app.models import AgreementKind
from app.services.open_data.public_agreements import (
    COUNTRY,
    PublicAgreement,
    Publisher,
    SharedRows,
    amount,
    anything_signed,
    batches,
    day,
    department_name,
    latest,
    load_agreements,
    moment,
    organisation_id,
    signed_agreement_keys,
)
from app.tenancy import public_scope

STANDARD_VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CURRENCY = "PLN"
DAYS_PER_MONTH = 365.25 / 12


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def months_between(starts_on: date, ends_on: date) -> float:
    """The length of a period in months (both days included), to one decimal."""
    return round(max((ends_on - starts_on).days + 1, 0) / DAYS_PER_MONTH, 1)


def _organisation(organisation, publisher: Publisher) -> dict:
    data = {"id": organisation_id(organisation, publisher.grant_prefix), "name": organisation.name}
    if organisation.city:
        data["addressLocality"] = organisation.city
    data["addressCountry"] = COUNTRY
    if organisation.website and organisation.website.startswith(("https://", "http://")):
        data["url"] = organisation.website
    return data


def _funder(publisher: Publisher, department: str | None) -> dict:
    data = {"id": publisher.city_org_id, "name": publisher.city_name}
    if department:
        data["department"] = department
    return data


def _location(agreement, publisher: Publisher) -> dict:
    district = agreement.district
    if district is None:
        return {"name": publisher.city_name, "countryCode": COUNTRY}
    return {"id": f"district-{district.code}", "name": district.name, "countryCode": COUNTRY,
            "latitude": float(district.latitude), "longitude": float(district.longitude)}


def grant(item: PublicAgreement, publisher: Publisher, department: str | None = None) -> dict:
    """One signed grant agreement as a 360Giving grant."""
    agreement = item.agreement
    grant_id = f"{publisher.grant_prefix}-{agreement.number}"
    lead = _organisation(agreement.organisation, publisher)
    programme = agreement.programme
    data = {
        "id": grant_id,
        "title": agreement.title,
        "description": agreement.subject or agreement.title,
        "currency": CURRENCY,
    }
    award = item.award
    offer = award.offer if award is not None else None
    if offer is not None and offer.requested_grant is not None:
        data["amountAppliedFor"] = amount(offer.requested_grant)
    data.update({
        "amountAwarded": amount(agreement.value),
        "amountDisbursed": amount(item.disbursed),
        "awardDate": day(agreement.signed_on or agreement.starts_on),
        "plannedDates": [{"startDate": day(agreement.starts_on), "endDate": day(agreement.ends_on),
                          "duration": months_between(agreement.starts_on, agreement.ends_on)}],
        "recipientOrganization": [lead, *(_organisation(partner, publisher) for partner in item.partners)],
        "fundingOrganization": [_funder(publisher, department)],
        "grantProgramme": [{"code": f"programme-{programme.id}", "title": programme.name_pl}],
        "beneficiaryLocation": [_location(agreement, publisher)],
    })
    if agreement.award_id is None:
        data["fromOpenCall"] = "No"
    elif award is not None:
        data["fromOpenCall"] = "Yes" if award.call_id is not None else "No"
    changed = item.changed_at
    if changed is not None:
        data["dateModified"] = moment(changed)
    transactions = [{"id": f"{grant_id}-tranche-{payment.id}", "transactionDate": day(payment.on),
                     "currency": CURRENCY, "value": amount(payment.amount), "provider": publisher.city_org_id,
                     "recipient": lead["id"]} for payment in item.payments]
    transactions += [{"id": f"{grant_id}-return-{refund.id}", "transactionDate": day(refund.on),
                      "currency": CURRENCY, "value": -amount(refund.amount),
                      "description": "Zwrot niewykorzystanej części dotacji",
                      "provider": publisher.city_org_id, "recipient": lead["id"]} for refund in item.refunds]
    if transactions:
        data["disbursementTransaction"] = transactions
    return data


def has_grants() -> bool:
    """Whether a grant agreement is signed: a 360Giving package holds at least one grant."""
    return anything_signed(AgreementKind.GRANT)


def stream_package(publisher: Publisher) -> Iterator[str]:
    """The 360Giving package of every signed grant agreement, as pieces of one JSON document.

    The first piece (the package's metadata) needs no database; then, in the public scope, the keys are read
    first and the agreements ``BATCH`` at a time with their parts."""
    head = {
        "version": STANDARD_VERSION,
        "title": f"Sieć Wsparcia — {publisher.city_name}: grants to organisations (360Giving {STANDARD_VERSION})",
        "description": "Every signed grant agreement of the city's Department of Health and Social Welfare: "
                       "open-call awards and small grants, with amounts awarded and paid. Drafts and agreements "
                       "not yet signed are not included.",
        "identifier": f"{publisher.grant_prefix}-grants",
        "publisher": {"name": publisher.city_name, "identifier": publisher.city_org_id,
                      "website": publisher.home_url},
        "license": LICENSE,
        "downloadURL": publisher.package_url,
    }
    yield _dumps(head)[:-1] + ',"grants":['
    with public_scope():
        department = department_name()
        grant_ids = [key.id for key in signed_agreement_keys() if key.kind == AgreementKind.GRANT]
        shared = SharedRows()
        modified = None
        first = True
        for chunk in batches(grant_ids):
            parts = []
            for item in load_agreements(chunk, shared):
                parts.append(_dumps(grant(item, publisher, department)))
                modified = latest(modified, item.changed_at)
            if parts:
                yield ("" if first else ",") + ",".join(parts)
                first = False
    yield "]" + (f',"modified":{_dumps(moment(modified))}' if modified else "") + "}"
