"""The HSDS API's OpenAPI document: self-contained (every $ref local and resolving), and every endpoint's real
answers — 200, 400, 404, 414 and 429 — documented and valid against the schema it documents."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.functional.test_directory import listings  # noqa: F401 - the fixture
from tests.functional.test_hsds_api import SCHEMAS

DOCUMENT_URI = "urn:siec-wsparcia:hsds-openapi"


@pytest.fixture
def document(client):
    response = client.get("/api/hsds/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _pointer(path: str, *rest: str) -> str:
    parts = [path, *rest]
    return "#/paths/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _validator(document, pointer: str) -> Draft202012Validator:
    """A validator of the schema at ``pointer``, with the document as its only resource: no network."""
    registry = Registry().with_resource(DOCUMENT_URI, Resource(document, DRAFT202012))
    return Draft202012Validator({"$ref": DOCUMENT_URI + pointer}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _documented_response(document, template: str, status: int) -> str:
    """The pointer to the schema the document gives for ``status`` of GET ``template``; fails when undocumented."""
    responses = document["paths"][template]["get"]["responses"]
    assert str(status) in responses, f"{template} answers {status}, which its document does not list"
    answer = responses[str(status)]
    if "$ref" in answer:
        return answer["$ref"] + "/content/application~1json/schema"
    return _pointer(template, "get", "responses", str(status), "content", "application/json", "schema")


def _conforms(client, document, template: str, url: str, status: int, **query):
    response = client.get(url, query_string=query)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:300])
    assert response.is_json
    validator = _validator(document, _documented_response(document, template, status))
    errors = list(validator.iter_errors(response.get_json()))
    assert not errors, f"{url} ({status}): " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return response.get_json()


def test_every_ref_is_local_and_resolves(document):
    refs = set(_refs(document))
    assert refs and all(ref.startswith("#/") for ref in refs), sorted(r for r in refs if not r.startswith("#/"))
    assert "http" not in json.dumps(sorted(refs))
    resolver = Registry().with_resource(DOCUMENT_URI, Resource(document, DRAFT202012)).resolver(DOCUMENT_URI)
    for ref in refs:
        assert resolver.lookup(ref).contents is not None, ref
    for name in ("service", "service_at_location", "organization", "taxonomy", "taxonomy_term", "Error", "Page"):
        assert name in document["components"]["schemas"]


def test_service_at_location_is_documented_as_one(document):
    schema = document["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]["content"]
    assert schema["application/json"]["schema"] == {"$ref": "#/components/schemas/service_at_location"}


def test_every_endpoint_documents_its_errors(document):
    for template, item in document["paths"].items():
        codes = set(item["get"]["responses"])
        assert {"200", "414", "429"} <= codes, template
        takes_parameters = item["get"]["parameters"] or item.get("parameters")
        assert ("400" in codes) == bool(takes_parameters), template
        assert ("404" in codes) == template.endswith("{id}"), template


def test_the_bundled_schemas_are_the_shared_ones():
    """The schemas served are HSDS 3.0's own (references made local): regenerate them when the shared ones change."""
    from app.services.open_data.hsds_bundle import bundle
    from blueprints.open_data.openapi import BUNDLED_SCHEMAS

    if not SCHEMAS.is_dir():
        pytest.skip(f"HSDS schemas not found at {SCHEMAS}")
    assert json.loads(BUNDLED_SCHEMAS.read_text()) == bundle(SCHEMAS)


def test_real_answers_match_their_documented_schemas(client, document, listings):  # noqa: F811
    _conforms(client, document, "/", "/api/hsds/", 200)
    for listing, detail in (("/services", "/services/{id}"), ("/taxonomies", "/taxonomies/{id}"),
                            ("/taxonomy_terms", "/taxonomy_terms/{id}"), ("/organizations", "/organizations/{id}"),
                            ("/service_at_locations", "/service_at_locations/{id}")):
        for lang in ("pl", "uk", "en"):
            page = _conforms(client, document, listing, f"/api/hsds{listing}", 200, per_page=100, lang=lang)
            assert page["contents"], listing
            for item in page["contents"]:
                _conforms(client, document, detail, f"/api/hsds{listing}/{item['id']}", 200, lang=lang)
        _conforms(client, document, listing, f"/api/hsds{listing}", 400, lang="de")
        _conforms(client, document, detail, f"/api/hsds{listing}/00000000-0000-0000-0000-000000000000", 404)
        _conforms(client, document, detail, f"/api/hsds{listing}/{page['contents'][0]['id']}", 400, lang="xx")
        _conforms(client, document, listing, f"/api/hsds{listing}", 414, search="x" * 3000)
    for query in ({"page": "0"}, {"per_page": "abc"}, {"per_page": ""}, {"page": "٣"}, {"modified_after": ""},
                  {"modified_after": "yesterday"}, {"taxonomy_term_id": ""},
                  {"organization_id": "{5c0e8a1d-2b77-8001-8000-000000000001}"}):
        _conforms(client, document, "/services", "/api/hsds/services", 400, **query)
    _conforms(client, document, "/taxonomy_terms", "/api/hsds/taxonomy_terms", 400, top_only="perhaps")
    _conforms(client, document, "/taxonomy_terms", "/api/hsds/taxonomy_terms", 200, top_only="true")


def test_the_rate_limit_answer_is_documented(app, client, document):
    from app.extensions import limiter

    app.config["API_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    try:
        for _ in range(2):
            client.get("/api/hsds/taxonomies")
        answer = _conforms(client, document, "/taxonomies", "/api/hsds/taxonomies", 429)
        assert int(client.get("/api/hsds/taxonomies").headers["Retry-After"]) > 0
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
    assert answer["error"]


@pytest.mark.parametrize("moment", ["2026-05-01", "2026-05-01T10:30:00Z", "2026-05-01t10:30:00.123456789z",
                                    "2016-12-31T23:59:60+01:00", "0000-01-01T00:00:00+23:59",
                                    "9999-12-31T23:59:59-23:59", "2026-05-01T10:30", "2026-05-01T10:30:00+02:00"])
def test_any_rfc_3339_moment_is_read(client, document, moment):
    _conforms(client, document, "/services", "/api/hsds/services", 200, modified_after=moment)


@pytest.mark.parametrize("moment", ["yesterday", "2026-13-01", "2026-02-30T10:00:00Z", "2026-05-01T24:00:00Z",
                                    "2026-05-01T10:00:00+24:00"])
def test_a_moment_that_is_none_gets_400(client, document, moment):
    _conforms(client, document, "/services", "/api/hsds/services", 400, modified_after=moment)
