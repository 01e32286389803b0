"""Free places in the HSDS API: HSDS 3.0's service schema sets no ``additionalProperties``, so a service may carry
``service_capacity`` shaped as HSDS 3.1 defines it. Only units residents may see; numbers only for an exact,
fresh count; never a confidential address. The answers validate against the 3.0 schemas as published, and —
with ``service_capacity`` set apart — strictly, every unknown field refused."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.services.open_data.hsds import hsds_id
from tests.conftest import ROOT
from tests.functional.test_directory import listings  # noqa: F401 - the fixture
from tests.functional.test_hsds_api import _strict
from tests.functional.test_places_tonight import SECRET_STREET, shelters  # noqa: F401 - the fixture

SCHEMAS = Path(os.environ.get("SHARED_SCHEMAS") or ROOT.parent / "shared" / "schemas") / "hsds-3.0"

# HSDS 3.1's service_capacity and unit (openreferral/specification, schema/service_capacity.json and unit.json),
# strict. 3.1 requires ``available``; a unit that publishes only a coarse level gives no number (see hsds.py).
UNIT_31 = {"type": "object", "additionalProperties": False, "required": ["id", "name"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}, "scheme": {"type": "string"},
    "identifier": {"type": "string"}, "uri": {"type": "string"}}}
CAPACITY_31 = {"type": "object", "additionalProperties": False, "required": ["id", "unit", "updated"], "properties": {
    "id": {"type": "string", "format": "uuid"}, "service_id": {"type": "string", "format": "uuid"},
    "unit": UNIT_31, "unit_id": {"type": "string", "format": "uuid"}, "available": {"type": "number"},
    "maximum": {"type": "number"}, "description": {"type": "string"},
    "updated": {"type": "string", "format": "date-time"}}}


@pytest.fixture(scope="module")
def validators():
    """(as published, strict) validators of service.json; capacity's own strict validator."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"HSDS schemas not found at {SCHEMAS} (set SHARED_SCHEMAS)")
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json") if p.name != "openapi.json"}
    assert "additionalProperties" not in schemas["service.json"]  # 3.0 lets a service carry more properties

    def make(transform):
        registry = Registry().with_resources(
            (name, Resource.from_contents(transform(schema), default_specification=DRAFT202012))
            for name, schema in schemas.items())
        return Draft202012Validator(transform(schemas["service.json"]), registry=registry,
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)

    capacity = Draft202012Validator(CAPACITY_31, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return make(copy.deepcopy), make(_strict), capacity


def _errors(validator, document) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def _check_all(validators, document):
    published, strict, capacity = validators
    assert not _errors(published, document)
    assert not _errors(strict, {k: v for k, v in document.items() if k != "service_capacity"})
    for item in document.get("service_capacity", []):
        assert not _errors(capacity, item)


def test_services_carry_their_public_capacity_and_validate(client, shelters, validators):  # noqa: F811
    listed = client.get("/api/hsds/services", query_string={"lang": "en", "per_page": 100}).get_json()["contents"]
    by_id = {item["id"]: item for item in listed}
    for item in listed:
        _check_all(validators, item)
        detail = client.get(f"/api/hsds/services/{item['id']}", query_string={"lang": "en"}).get_json()
        _check_all(validators, detail)
        assert detail.get("service_capacity") == item.get("service_capacity")
    units, services = shelters["units"], shelters["services"]
    [night] = by_id[hsds_id("service", services["night"])]["service_capacity"]
    assert night["id"] == hsds_id("service_capacity", units["night"])
    assert (night["available"], night["maximum"], night["unit"]["identifier"]) == (15, 20, "bed")
    assert night["description"] == "Sala A — Night-shelter place (Men): 15 free places"
    [women] = by_id[hsds_id("service", services["women"])]["service_capacity"]
    assert "available" not in women and "maximum" not in women  # coarse: no numbers
    assert women["description"].endswith(": Few places")
    [flat] = by_id[hsds_id("service", services["flat"])]["service_capacity"]  # stale: no numbers, not the hidden one
    assert "available" not in flat and flat["description"].endswith("Not confirmed today — call before you come")
    [hotel] = by_id[hsds_id("service", services["hotel"])]["service_capacity"]
    assert (hotel["available"], hotel["maximum"]) == (0, 3)  # 1 of 4 out of service
    assert hsds_id("service", services["draft"]) not in by_id
    body = json.dumps(listed, ensure_ascii=False)
    assert SECRET_STREET not in body and "Ukryte miejsce" not in body and "Zamknięte miejsce" not in body


def test_the_description_follows_the_language_asked(client, shelters):  # noqa: F811
    service = hsds_id("service", shelters["services"]["night"])
    polish = client.get(f"/api/hsds/services/{service}", query_string={"lang": "pl"}).get_json()
    expected = "Sala A — Miejsce w noclegowni (Mężczyźni): 15 wolnych miejsc"
    assert polish["service_capacity"][0]["description"] == expected
    ukrainian = client.get(f"/api/hsds/services/{service}", query_string={"lang": "uk"}).get_json()
    assert ukrainian["service_capacity"][0]["description"].endswith("15 вільних місць")


def test_capacity_is_left_out_rather_than_empty(client, shelters):  # noqa: F811
    club = client.get(f"/api/hsds/services/{hsds_id('service', shelters['services']['club'])}").get_json()
    assert "service_capacity" in club  # a day club's places are public, though not "tonight"
    listed = client.get("/api/hsds/services", query_string={"per_page": 100}).get_json()["contents"]
    assert all(item.get("service_capacity") != [] for item in listed)


def test_a_service_without_public_units_has_no_capacity_field(client, listings):  # noqa: F811
    listed = client.get("/api/hsds/services", query_string={"per_page": 100}).get_json()["contents"]
    assert listed and not any("service_capacity" in item for item in listed)
