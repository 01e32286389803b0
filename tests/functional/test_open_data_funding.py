"""The city's funding as open data: /open-data/360giving.json and /open-data/ocds.json.

Both exports are validated strictly (unknown fields fail) against the published schemas in
../shared/schemas: 360Giving 1.4 with the 2020-12 validator, OCDS 1.1 with Draft-4, the packages'
``$ref`` URLs registered to the local files so nothing is fetched. The schemas must be there: a
missing folder fails these tests with a message saying where they were looked for (CI never skips
silently). ``SHARED_SCHEMAS`` names another folder (a work tree outside the project's checkout).

The data: a grant from a call (two paid tranches, one scheduled, a return, an approved and a proposed
amendment), a small grant, a service contract paid per statement, an offer that was not funded,
and a draft and a sent agreement that must appear nowhere. The exports read in the public scope, where
the department's budget lines cannot be read at all: a 200 here is also the proof that they are not.
"""

from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from app.extensions import db
from app.localtime import local_today
from app.models import Agreement, Amendment, AmendmentStatus, CallStatus, Refund, utcnow
from app.tenancy import system_scope
from tests.conftest import ROOT

SCHEMAS = Path(os.environ.get("SHARED_SCHEMAS") or ROOT.parent / "shared" / "schemas")
GRANT_SCHEMA_URLS = ("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
                     "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json")
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
SECRETS = ("Umowa szkic tajna", "Umowa wysłana tajna", "ul. Ukryta 7", "biuro@alfa.example", "Jan Kowalski",
           "Aneks odrzucony", "Zadanie tajne budżetu")


# -- the schemas ------------------------------------------------------------------------------------------

def _schema_folder(name: str) -> Path:
    folder = SCHEMAS / name
    if not folder.is_dir():
        pytest.fail(f"The {name} schemas are missing: looked in {folder}. They live in ../shared/schemas beside the "
                    f"project (or set SHARED_SCHEMAS to the folder holding them); the open-data exports cannot be "
                    f"checked without them.")
    return folder


def _strict(schema):
    """additionalProperties: false on every object, so unknown fields fail."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" or "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _formats() -> FormatChecker:
    """date-time and uri checked for real (jsonschema skips them without optional packages)."""
    checker = FormatChecker()

    @checker.checks("date-time")
    def _date_time(value) -> bool:
        return not isinstance(value, str) or bool(DATE_TIME.match(value))

    @checker.checks("uri")
    def _uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    return checker


def validator_360() -> Draft202012Validator:
    folder = _schema_folder("360giving-1.4")
    grant = Resource.from_contents(_strict(json.loads((folder / "360-giving-schema.json").read_text())),
                                   default_specification=DRAFT202012)
    registry = Registry().with_resources([(url, grant) for url in GRANT_SCHEMA_URLS])
    package = _strict(json.loads((folder / "360-giving-package-schema.json").read_text()))
    return Draft202012Validator(package, registry=registry, format_checker=_formats())


def validator_ocds() -> Draft4Validator:
    folder = _schema_folder("ocds-1.1")
    release = Resource.from_contents(_strict(json.loads((folder / "ocds-release-schema.json").read_text())),
                                     default_specification=DRAFT4)
    registry = Registry().with_resources([(RELEASE_SCHEMA_URL, release)])
    package = _strict(json.loads((folder / "ocds-release-package-schema.json").read_text()))
    return Draft4Validator(package, registry=registry, format_checker=_formats())


def _check(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10])


def test_the_strict_validators_catch_an_unknown_field_and_a_bad_date():
    """The checks can fail: an unknown field, a date where a date-time belongs, a missing grant id."""
    grant = {"id": "360G-x-1", "title": "T", "description": "D", "currency": "PLN", "amountAwarded": 1,
             "awardDate": "2026-01-01", "recipientOrganization": [{"id": "PL-KRS-1", "name": "A"}],
             "fundingOrganization": [{"id": "PL-REGON-1", "name": "M"}]}
    validator = validator_360()
    assert validator.is_valid({"grants": [grant]})
    assert not validator.is_valid({"grants": [{**grant, "secret": 1}]})
    assert not validator.is_valid({"grants": [{**grant, "dateModified": "2026-01-01"}]})
    assert not validator.is_valid({"grants": [{k: v for k, v in grant.items() if k != "id"}]})
    release = {"ocid": "ocds-x-1", "id": "r1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"],
               "initiationType": "tender"}
    package = {"uri": "https://portal.test/open-data/ocds.json", "publishedDate": "2026-01-01T00:00:00Z",
               "publisher": {"name": "M"}, "version": "1.1", "releases": [release]}
    validator = validator_ocds()
    assert validator.is_valid(package)
    assert not validator.is_valid({**package, "releases": [{**release, "tender": {"id": "t", "oops": 1}}]})
    assert not validator.is_valid({**package, "releases": [{**release, "date": "2026-01-01"}]})


# -- the data ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Funding:
    alfa: object
    beta: object
    call: int
    call_grant: int
    small_grant: int
    contract: int
    draft: int
    sent: int
    lost_offer: int


def _add(app, row) -> int:
    with app.app_context(), system_scope("tests"):
        db.session.add(row)
        db.session.flush()
        row_id = row.id
        db.session.commit()
        return row_id


@pytest.fixture
def funding(app, make, city) -> Funding:
    """Two more organisations beside the city's, with every kind of agreement (see the module's docstring)."""
    year = local_today().year
    department = city.department
    alfa = make.organisation("Fundacja Alfa", krs="0000123456", nip="6340000001", city="Chorzów",
                             street="ul. Ukryta 7", email="biuro@alfa.example", website="https://alfa.example")
    beta = make.organisation("Stowarzyszenie Beta", nip="6270000002", city="Katowice")
    programme = make.programme(department, "Program przeciwdziałania przemocy", first_year=year, last_year=year + 1)
    line = make.budget_line(department, programme, "900000.00", year=year, task_pl="Zadanie tajne budżetu")
    district = make.district("centrum", "Centrum", latitude="50.2965", longitude="18.9545")
    call = make.call(department, programme, line, "Konkurs na poradnictwo rodzinne", status=CallStatus.DECIDED,
                     opens_in=timedelta(days=-90), open_for=timedelta(days=21), pool="60000.00",
                     results_published_at=utcnow() - timedelta(days=30))
    offer = make.offer(alfa, call, "Punkt konsultacyjny dla rodzin", grant="30000.00", own="3000.00",
                       representatives="Jan Kowalski — prezes", formal_outcome="passed")
    lost_offer = make.offer(beta, call, "Oferta nie dofinansowana", grant="20000.00", formal_outcome="passed")
    award = make.award(department, offer, "28000.00", call=call, line=line)
    call_grant = make.agreement(alfa, programme, line, "28000.00", kind="grant", award=award, year=year,
                                title="Punkt konsultacyjny dla rodzin", starts_on=date(year, 2, 1),
                                ends_on=date(year, 11, 30), signed_on=date(year, 1, 20), district_id=district)
    make.tranche(call_grant, "14000.00", state="paid", due_on=date(year, 2, 10))
    make.tranche(call_grant, "10000.00", state="paid", due_on=date(year, 6, 10))
    make.tranche(call_grant, "4000.00", state="scheduled", due_on=date(year, 9, 10))
    _add(app, Refund(organisation_id=alfa.id, agreement_id=call_grant, funding_id=_first_funding(app, call_grant),
                     amount=Decimal("500.00"), returned_on=date(year, 7, 1)))
    _add(app, Amendment(organisation_id=alfa.id, agreement_id=call_grant, number=1, proposed_by="organisation",
                        reason="Przesunięcie terminu zakończenia.", status=AmendmentStatus.APPROVED,
                        changes={"ends_on": date(year, 11, 30).isoformat()}, decided_at=utcnow()))
    _add(app, Amendment(organisation_id=alfa.id, agreement_id=call_grant, number=2, proposed_by="department",
                        reason="Aneks odrzucony", status=AmendmentStatus.PROPOSED, changes={}))
    small_offer = make.offer(beta, None, "Wakacje dla dzieci", kind="small_grant", grant="9000.00", own="500.00",
                             comments_from=utcnow() - timedelta(days=20), comments_until=utcnow() - timedelta(days=13))
    small_award = make.award(department, small_offer, "9000.00", line=line)
    small_grant = make.agreement(beta, programme, line, "9000.00", kind="grant", award=small_award, year=year,
                                 title="Wakacje dla dzieci", starts_on=date(year, 7, 1), ends_on=date(year, 8, 31))
    contract = make.agreement(beta, programme, line, "18250.00", year=year, title="Miejsca w noclegowni",
                              procurement_reference=f"ZP.271.7.{year}", status="completed")
    statement = make.statement(contract, date(year, 1, 1), "100", status="approved")
    make.tranche(contract, "5000.00", state="paid", due_on=date(year, 2, 15), statement_id=statement)
    draft = make.agreement(alfa, programme, line, "5000.00", year=year, title="Umowa szkic tajna", status="draft")
    sent = make.agreement(beta, programme, line, "6000.00", year=year, title="Umowa wysłana tajna", status="sent",
                          kind="grant")
    return Funding(alfa, beta, call, call_grant, small_grant, contract, draft, sent, lost_offer)


def _first_funding(app, agreement_id: int) -> int:
    from sqlalchemy import select

    from app.models import AgreementFunding

    with app.app_context(), system_scope("tests"):
        return db.session.execute(select(AgreementFunding.id).where(
            AgreementFunding.agreement_id == agreement_id)).scalars().first()


def _number(app, agreement_id: int) -> str:
    from sqlalchemy import select

    from app.models import Agreement

    with app.app_context(), system_scope("tests"):
        return db.session.execute(select(Agreement.number).where(Agreement.id == agreement_id)).scalar_one()


def _get_json(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    assert response.is_streamed
    text = response.get_data(as_text=True)
    return text, json.loads(text)


# -- 360Giving --------------------------------------------------------------------------------------------

def test_360giving_lists_every_signed_grant_and_validates_strictly(app, client, funding):
    text, package = _get_json(client, "/open-data/360giving.json")
    _check(validator_360(), package)
    prefix = app.config["THREESIXTYGIVING_PREFIX"]
    grants = {grant["id"]: grant for grant in package["grants"]}
    call_id = f"{prefix}-{_number(app, funding.call_grant)}"
    small_id = f"{prefix}-{_number(app, funding.small_grant)}"
    assert set(grants) == {call_id, small_id}, "service contracts, drafts and sent agreements are not grants here"

    grant = grants[call_id]
    assert grant["title"] == "Punkt konsultacyjny dla rodzin" and grant["currency"] == "PLN"
    assert (grant["amountAppliedFor"], grant["amountAwarded"], grant["amountDisbursed"]) == (30000, 28000, 23500)
    assert grant["awardDate"] == f"{local_today().year}-01-20"
    assert grant["plannedDates"][0]["startDate"].endswith("-02-01") and grant["plannedDates"][0]["duration"] == 10.0
    assert grant["recipientOrganization"] == [{"id": "PL-KRS-0000123456", "name": "Fundacja Alfa",
                                               "addressLocality": "Chorzów", "addressCountry": "PL",
                                               "url": "https://alfa.example"}]
    assert grant["fundingOrganization"][0]["id"] == app.config["CITY_ORG_ID"]
    assert grant["fundingOrganization"][0]["name"] == app.config["CITY_NAME"]
    assert grant["grantProgramme"][0]["title"] == "Program przeciwdziałania przemocy"
    assert grant["beneficiaryLocation"][0]["name"] == "Centrum" and grant["fromOpenCall"] == "Yes"
    paid = [t for t in grant["disbursementTransaction"] if t["value"] > 0]
    assert sorted(t["value"] for t in paid) == [10000, 14000], "only paid tranches, not the scheduled one"
    assert sum(t["value"] for t in grant["disbursementTransaction"]) == grant["amountDisbursed"]

    small = grants[small_id]
    assert small["fromOpenCall"] == "No" and small["amountAwarded"] == 9000 and small["amountDisbursed"] == 0
    assert small["recipientOrganization"][0]["id"] == "PL-NIP-6270000002", "no KRS: the NIP identifies it"
    assert small["beneficiaryLocation"][0]["name"] == app.config["CITY_NAME"], "no district: the city"
    for secret in SECRETS:
        assert secret not in text


def test_360giving_is_the_same_for_the_same_data_and_anyone_reads_it(app, client, browser, city, funding):
    first = client.get("/open-data/360giving.json").get_data(as_text=True)
    assert first == client.get("/open-data/360giving.json").get_data(as_text=True)
    signed_in = browser(city.a_admin).get("/open-data/360giving.json")
    assert signed_in.status_code == 200 and signed_in.get_data(as_text=True) == first, \
        "a signed-in organisation reads the public data, not its own drafts"


# -- OCDS -------------------------------------------------------------------------------------------------

def _releases(package) -> dict[str, dict]:
    return {release["ocid"]: release for release in package["releases"]}


def test_ocds_covers_calls_awards_contracts_and_payments_and_validates_strictly(app, client, funding):
    text, package = _get_json(client, "/open-data/ocds.json")
    _check(validator_ocds(), package)
    assert package["version"] == "1.1" and package["uri"].endswith("/open-data/ocds.json")
    prefix = app.config["OCDS_PREFIX"]
    releases = _releases(package)
    assert set(releases) == {f"{prefix}-call-{funding.call}", f"{prefix}-agreement-{funding.small_grant}",
                             f"{prefix}-agreement-{funding.contract}"}

    call = releases[f"{prefix}-call-{funding.call}"]
    assert call["tag"] == ["tender", "award", "contract", "implementation", "contractAmendment"]
    tender = call["tender"]
    assert tender["procurementMethod"] == "open" and tender["value"] == {"amount": 60000, "currency": "PLN"}
    assert tender["numberOfTenderers"] == 2 and "tenderPeriod" in tender and "pkt" in tender["awardCriteriaDetails"]
    assert call["planning"]["budget"]["project"] == "Program przeciwdziałania przemocy"
    assert "source" not in call["planning"]["budget"], "the funding source is the department's, not public"
    [award] = call["awards"]
    assert award["value"]["amount"] == 28000 and award["suppliers"][0]["id"] == "PL-KRS-0000123456"
    [contract] = call["contracts"]
    assert contract["awardID"] == award["id"] and contract["value"]["amount"] == 28000
    assert contract["dateSigned"].startswith(f"{local_today().year}-01-20")
    assert [a["rationale"] for a in contract["amendments"]] == ["Przesunięcie terminu zakończenia."]
    payments = [t for t in contract["implementation"]["transactions"] if t["payer"]["id"] == app.config["CITY_ORG_ID"]]
    assert sorted(t["value"]["amount"] for t in payments) == [10000, 14000]
    roles = {party["id"]: set(party["roles"]) for party in call["parties"]}
    assert {"buyer", "funder", "payer"} <= roles[app.config["CITY_ORG_ID"]]
    assert {"tenderer", "supplier", "payee"} <= roles["PL-KRS-0000123456"]
    assert roles["PL-NIP-6270000002"] == {"tenderer"}, "the offer not funded: a tenderer only"

    service = releases[f"{prefix}-agreement-{funding.contract}"]
    assert service["tender"]["procurementMethod"] == "direct"
    assert service["tender"]["procurementMethodDetails"].endswith(f"ZP.271.7.{local_today().year}"), \
        "a service contract names the procurement (or decision) it came from"
    assert service["contracts"][0]["status"] == "terminated", "a completed contract has come to a close"
    assert "implementation" in service["tag"] and "contractAmendment" not in service["tag"]
    assert {p["id"]: set(p["roles"]) for p in service["parties"]}["PL-NIP-6270000002"] == {"supplier", "payee"}, \
        "the procurement ran elsewhere: who tendered is not claimed"
    small = releases[f"{prefix}-agreement-{funding.small_grant}"]
    assert small["tender"]["procurementMethod"] == "direct" and small["tag"] == ["tender", "award", "contract"]
    for secret in SECRETS:
        assert secret not in text


def test_ocds_releases_are_stable_and_change_with_the_data(app, client, make, funding):
    first = _releases(client.get("/open-data/ocds.json").get_json())
    again = _releases(client.get("/open-data/ocds.json").get_json())
    assert {k: (r["id"], r["date"]) for k, r in first.items()} == {k: (r["id"], r["date"]) for k, r in again.items()}
    make.tranche(funding.contract, "1000.00", state="paid", due_on=date(local_today().year, 3, 15))
    after = _releases(client.get("/open-data/ocds.json").get_json())
    changed = f"{app.config['OCDS_PREFIX']}-agreement-{funding.contract}"
    assert after[changed]["id"] != first[changed]["id"]
    untouched = f"{app.config['OCDS_PREFIX']}-agreement-{funding.small_grant}"
    assert after[untouched]["id"] == first[untouched]["id"]


def test_a_decided_call_without_agreements_is_a_tender_with_its_awards(app, client, make, city):
    programme = make.programme(city.department)
    line = make.budget_line(city.department, programme, "100000.00")
    call = make.call(city.department, programme, line, "Konkurs bez umów", status=CallStatus.DECIDED,
                     results_published_at=utcnow())
    offer = make.offer(city.org_a, call, "Oferta nagrodzona")
    make.award(city.department, offer, "5000.00", call=call, line=line)
    make.call(city.department, programme, line, "Konkurs otwarty")  # published, no results: not a process yet
    package = client.get("/open-data/ocds.json").get_json()
    _check(validator_ocds(), package)
    [release] = package["releases"]
    assert release["ocid"].endswith(f"-call-{call}") and release["tag"] == ["tender", "award"]
    assert release["awards"][0]["suppliers"][0]["id"].endswith(f"-organisation-{city.org_a.id}"), \
        "no registry number: the publisher's own identifier"


def test_exports_read_in_batches_without_a_query_per_agreement(app, client, make, funding, monkeypatch):
    """More agreements than one batch cost the same few queries per batch, not one per agreement."""
    from sqlalchemy import event

    from app.services.open_data import public_agreements

    monkeypatch.setattr(public_agreements, "BATCH", 3)
    year = local_today().year
    department = _department_of(app)
    programme = make.programme(department)
    line = make.budget_line(department, programme, "900000.00", year=year)
    for n in range(7):
        grant = make.agreement(funding.alfa, programme, line, "1000.00", kind="grant", year=year, title=f"Grant {n}")
        make.tranche(grant, "500.00", state="paid")
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        few = len(client.get("/open-data/360giving.json").get_json()["grants"])
        queries_for_nine = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert few == 9
    assert queries_for_nine <= 40, queries_for_nine


def _department_of(app) -> int:
    from sqlalchemy import select

    from app.models import Organisation, OrganisationKind

    with app.app_context():
        return db.session.execute(select(Organisation.id).where(
            Organisation.kind == OrganisationKind.DEPARTMENT)).scalar_one()


def test_an_empty_city_gets_a_404_that_says_why_not_an_invalid_package(browser, make, city):
    """Both standards ask for at least one grant or release: a city with no signed agreement and no decided call
    serves neither package, and says when they appear, in the reader's language."""
    programme = make.programme(city.department, "Program bez umów")
    line = make.budget_line(city.department, programme, "1000.00")
    make.agreement(city.org_a, programme, line, "1000.00", kind="grant", status="sent", title="Jeszcze niepodpisana")
    for path in ("/open-data/360giving.json", "/open-data/ocds.json"):
        response = browser().get(path)
        assert response.status_code == 404 and response.is_json
        assert "yet" in response.get_json()["error"]
    polish = browser(lang="pl").get("/open-data/360giving.json")
    assert polish.status_code == 404 and "Nie podpisano" in polish.get_json()["error"]


def test_a_contract_ended_early_ends_on_its_termination_day_in_ocds(app, client, funding):
    """The contract's period is what it ran for: a termination before the planned end ends it; the tender keeps the
    planned period."""
    year = local_today().year
    with app.app_context(), system_scope("tests"):
        agreement = db.session.get(Agreement, funding.contract)
        agreement.status, agreement.terminated_on = "terminated", date(year, 9, 30)
        agreement.starts_on, agreement.ends_on = date(year, 1, 1), date(year, 12, 31)
        db.session.commit()
    package = client.get("/open-data/ocds.json").get_json()
    _check(validator_ocds(), package)
    release = _releases(package)[f"{app.config['OCDS_PREFIX']}-agreement-{funding.contract}"]
    assert release["contracts"][0]["period"]["endDate"].startswith(f"{year}-09-30")
    assert release["tender"]["contractPeriod"]["endDate"].startswith(f"{year}-12-31")
