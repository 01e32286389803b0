"""The HSDS 3.0 API: every answer validates strictly against the schemas; nothing confidential leaks.

The schemas live outside this repository (../shared/schemas, or the folder ``SHARED_SCHEMAS`` names): only the
tests that validate against them (those using ``validator_for``) skip where they are absent; the others always run.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import ROOT
from tests.functional.test_directory import SECRET_COORDINATES, SECRET_STREET, listings  # noqa: F401 - the fixture

SCHEMAS = Path(os.environ.get("SHARED_SCHEMAS") or ROOT.parent / "shared" / "schemas") / "hsds-3.0"


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


@pytest.fixture(scope="module")
def validator_for():
    """``validator_for("service.json")``: a strict validator; the test skips where the schemas are absent."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"HSDS schemas not found at {SCHEMAS}")
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "openapi.json":
            continue
        resources.append((path.name, Resource.from_contents(_strict(json.loads(path.read_text())),
                                                           default_specification=DRAFT202012)))
    registry = Registry().with_resources(resources)

    def make(name: str) -> Draft202012Validator:
        schema = _strict(json.loads((SCHEMAS / name).read_text()))
        return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)

    return make


def _check(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _page(client, path, **query):
    response = client.get(path, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == PAGE_KEYS
    return body


def test_root_describes_the_api(client):
    body = client.get("/api/hsds/").get_json()
    assert body["version"] == "3.0" and body["openapi_url"].endswith("/api/hsds/openapi.json")
    openapi = client.get("/api/hsds/openapi.json").get_json()
    assert "/services" in openapi["paths"]
    assert "HERE" not in json.dumps(openapi["info"]) and "REQUIRED" not in json.dumps(openapi["info"])
    assert openapi["info"]["license"]["name"] == "CC BY 4.0" and "Sieć Wsparcia" in openapi["info"]["title"]


def test_services_are_paged(client, listings):  # noqa: F811
    body = _page(client, "/api/hsds/services", per_page=2)
    assert body["total_items"] == 4 and body["total_pages"] == 2 and body["size"] == 2 and not body["last_page"]
    assert (body["page_number"], body["first_page"], body["empty"]) == (1, True, False)
    second = _page(client, "/api/hsds/services", per_page=2, page=2)
    assert second["last_page"] and {i["id"] for i in second["contents"]}.isdisjoint(i["id"] for i in body["contents"])


def test_services_list_and_detail_validate(client, listings, validator_for):  # noqa: F811
    service_schema = validator_for("service.json")
    for item in _page(client, "/api/hsds/services", per_page=2)["contents"]:
        _check(service_schema, item)
    for item in _page(client, "/api/hsds/services", per_page=100)["contents"]:
        detail = client.get(f"/api/hsds/services/{item['id']}", query_string={"lang": "en"})
        assert detail.status_code == 200
        _check(service_schema, detail.get_json())


@pytest.fixture
def contacts(app, listings):  # noqa: F811
    """The office gets a full contact person, the night shelter a name only; the flat has none."""
    from app.extensions import db
    from app.models import Service
    from app.services.open_data.hsds import hsds_id
    from app.tenancy import system_scope

    with app.app_context(), system_scope("tests"):
        office = db.session.get(Service, listings["office"])
        office.contact_name, office.contact_title_pl = "Anna Wróbel", "kierowniczka ośrodka"
        office.contact_title_en, office.contact_email = "head of the centre", "a.wrobel@example.org"
        office.contact_phone = "+48 32 555 21 14"
        night = db.session.get(Service, listings["night"])
        night.contact_name = "Jan Nowak"  # a name only: no e-mail, no phones
        db.session.commit()
    return {name: hsds_id("service", listings[name]) for name in ("office", "night", "flat")}


def test_a_contact_person_is_published(client, listings, contacts):  # noqa: F811
    from app.services.open_data.hsds import hsds_id

    office_id = contacts["office"]
    english = client.get(f"/api/hsds/services/{office_id}", query_string={"lang": "en"}).get_json()
    [contact] = english["contacts"]
    assert contact["id"] == hsds_id("contact", listings["office"]) and contact["service_id"] == office_id
    assert (contact["name"], contact["title"], contact["email"]) == (
        "Anna Wróbel", "head of the centre", "a.wrobel@example.org")
    assert [(p["number"], p["contact_id"]) for p in contact["phones"]] == [("+48 32 555 21 14", contact["id"])]
    ukrainian = client.get(f"/api/hsds/services/{office_id}", query_string={"lang": "uk"}).get_json()
    assert ukrainian["contacts"][0]["title"] == "kierowniczka ośrodka"  # Polish where there is no translation
    assert ukrainian["contacts"][0]["id"] == contact["id"]  # stable
    named = client.get(f"/api/hsds/services/{contacts['night']}").get_json()
    assert [(c["name"], "email" in c, "phones" in c) for c in named["contacts"]] == [("Jan Nowak", False, False)]
    flat = client.get(f"/api/hsds/services/{contacts['flat']}").get_json()
    assert "contacts" not in flat


def test_contact_people_validate(client, contacts, validator_for):
    service_schema = validator_for("service.json")
    for name, lang in (("office", "en"), ("office", "uk"), ("night", "pl"), ("flat", "pl")):
        detail = client.get(f"/api/hsds/services/{contacts[name]}", query_string={"lang": lang})
        _check(service_schema, detail.get_json())


def test_search_and_filters(client, listings):  # noqa: F811
    assert _page(client, "/api/hsds/services", search="притулок")["total_items"] == 2
    terms = _page(client, "/api/hsds/taxonomy_terms", per_page=100)["contents"]
    crisis = next(t for t in terms if t["code"] == "crisis.violence")
    assert _page(client, "/api/hsds/services", taxonomy_term_id=crisis["id"])["total_items"] == 1
    organisations = _page(client, "/api/hsds/organizations")["contents"]
    assert all("Wydział" not in o["name"] for o in organisations)
    b = next(o for o in organisations if o["name"] == "Schronisko B")
    assert _page(client, "/api/hsds/services", organization_id=b["id"])["total_items"] == 2
    assert _page(client, "/api/hsds/services", modified_after="2999-01-01")["total_items"] == 0


def test_other_endpoints_validate(client, listings, validator_for):  # noqa: F811
    for item in _page(client, "/api/hsds/taxonomy_terms")["contents"]:
        _check(validator_for("taxonomy_term.json"), item)
        assert client.get(f"/api/hsds/taxonomy_terms/{item['id']}").status_code == 200
    for item in _page(client, "/api/hsds/taxonomies")["contents"]:
        _check(validator_for("taxonomy.json"), item)
        assert client.get(f"/api/hsds/taxonomies/{item['id']}").status_code == 200
    for item in _page(client, "/api/hsds/organizations")["contents"]:
        _check(validator_for("organization.json"), item)
        assert client.get(f"/api/hsds/organizations/{item['id']}").status_code == 200
    for item in _page(client, "/api/hsds/service_at_locations", per_page=100)["contents"]:
        _check(validator_for("service_at_location.json"), item)
        assert client.get(f"/api/hsds/service_at_locations/{item['id']}").status_code == 200


def test_no_confidential_location_leaks(client, listings):  # noqa: F811
    """Runs without the schemas: the confidential flat's place has no address and no coordinates anywhere."""
    from app.services.open_data.hsds import hsds_id

    everything = [client.get(path, query_string={"per_page": 100}).get_data(as_text=True) for path in (
        "/api/hsds/services", "/api/hsds/service_at_locations", "/api/hsds/organizations")]
    for item in _page(client, "/api/hsds/services", per_page=100)["contents"]:
        everything.append(client.get(f"/api/hsds/services/{item['id']}").get_data(as_text=True))
    for item in _page(client, "/api/hsds/service_at_locations", per_page=100)["contents"]:
        everything.append(client.get(f"/api/hsds/service_at_locations/{item['id']}").get_data(as_text=True))
    for text in everything:
        assert SECRET_STREET not in text and "Ukryta" not in text
        found = SECRET_COORDINATES.search(text)
        assert not found, text[max(0, found.start() - 300):found.end() + 100]
    flat_id = hsds_id("service", listings["flat"])
    detail = client.get(f"/api/hsds/services/{flat_id}").get_json()
    [link] = detail["service_at_locations"]
    places = [link["location"]] + [
        item["location"] for item in _page(client, "/api/hsds/service_at_locations", per_page=100)["contents"]
        if item["service_id"] == flat_id]
    places.append(client.get(f"/api/hsds/service_at_locations/{link['id']}").get_json()["location"])
    assert len(places) == 3
    for place in places:
        assert place["description"] == "Najpierw zadzwoń."  # how to reach it instead
        assert "addresses" not in place and "latitude" not in place and "longitude" not in place
    office = client.get(f"/api/hsds/services/{hsds_id('service', listings['office'])}").get_json()
    open_place = office["service_at_locations"][0]["location"]  # (an open address is published in full)
    assert open_place["addresses"][0]["address_1"] == "ul. Jasna 1" and open_place["latitude"] == 50.3


def test_unpublished_service_is_404_and_ids_are_checked(city, client, listings, rows):  # noqa: F811
    """Real ids of a service that is not public answer 404, and 200 once it is public: not "unknown id"."""
    from app.extensions import db
    from app.models import Organisation, Service
    from app.services.open_data.hsds import hsds_id

    draft_id = rows.one(Service, name_pl="Punkt nieopublikowany").id
    draft = f"/api/hsds/services/{hsds_id('service', draft_id)}"
    night = f"/api/hsds/services/{hsds_id('service', listings['night'])}"  # a service of organisation B
    shelter_b = f"/api/hsds/organizations/{hsds_id('organization', city.org_b.id)}"
    assert client.get(draft).status_code == 404
    assert client.get(night).status_code == 200 and client.get(shelter_b).status_code == 200

    rows.run(lambda: setattr(db.session.get(Organisation, city.org_b.id), "is_active", False))
    assert client.get(night).status_code == 404  # its organisation is deactivated
    assert client.get(shelter_b).status_code == 404
    listed = {item["name"] for item in _page(client, "/api/hsds/services", per_page=100)["contents"]}
    assert listed == {"Mieszkanie chronione", "Ośrodek Porad Prawnych"}

    def go_public():
        db.session.get(Service, draft_id).is_published = True
        db.session.get(Organisation, city.org_b.id).is_active = True

    rows.run(go_public)
    published = client.get(draft)
    assert published.status_code == 200 and published.get_json()["name"] == "Punkt nieopublikowany"
    assert client.get(night).get_json()["name"] == "Noclegownia dla mężczyzn"
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    assert client.get("/api/hsds/organizations/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.parametrize("query", [{"page": "0"}, {"page": "x"}, {"per_page": "1000"}, {"per_page": "-1"},
                                   {"lang": "de"}, {"taxonomy_term_id": "nope"}, {"modified_after": "yesterday"}])
def test_bad_parameters_get_400_json(client, listings, query):  # noqa: F811
    response = client.get("/api/hsds/services", query_string=query)
    assert response.status_code == 400
    assert response.is_json and response.get_json()["message"]


def test_api_is_rate_limited(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        from app.extensions import limiter

        limiter.reset()
        codes = [client.get("/api/hsds/").status_code for _ in range(5)]
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_the_strict_check_refuses_unknown_fields(validator_for):
    document = {"id": "5c0e8a1d-2b77-8001-8000-000000000001", "name": "X", "status": "active", "colour": "red"}
    with pytest.raises(AssertionError, match="colour"):
        _check(validator_for("service.json"), document)
