"""The OpenAPI 3.1 document of the HSDS API: what each endpoint takes and every answer it gives.

It follows the Open Referral HSDS 3.0 API profile, narrowed to what this API does: only the parameters it reads
(plus ``lang``), the schema of what each endpoint returns (a service at a location for
``/service_at_locations/{id}``), and besides 200 the errors it answers — 400 for a bad parameter, 404 for an id
it does not publish, 414 for a URL longer than ``API_MAX_URL_LENGTH``, 429 past ``API_RATE_LIMIT`` — each with
the JSON error body (:data:`ERROR`). The HSDS object schemas are bundled under ``components/schemas`` (from
``hsds-3.0-schemas.json``, see :mod:`app.services.open_data.hsds_bundle`), so every ``$ref`` is local.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

BUNDLED_SCHEMAS = Path(__file__).with_name("hsds-3.0-schemas.json")
REF = "#/components/schemas/"

ERROR = {
    "type": "object", "required": ["error", "message"], "additionalProperties": False,
    "description": "The body of every error answer of this API.",
    "properties": {"error": {"type": "string", "description": "A fixed code for programs (never translated).",
                             "enum": ["bad_request", "not_found", "method_not_allowed", "uri_too_long",
                                      "too_many_requests", "server_error", "unavailable"]},
                   "message": {"type": "string", "description": "What was wrong, in words."}},
}
PAGE = {
    "type": "object", "description": "One page of a listing.",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {
        "total_items": {"type": "integer", "minimum": 0, "description": "How many items there are in all."},
        "total_pages": {"type": "integer", "minimum": 1, "description": "How many pages there are."},
        "page_number": {"type": "integer", "minimum": 1, "description": "The number of this page."},
        "size": {"type": "integer", "minimum": 0, "description": "How many items this page holds."},
        "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
        "empty": {"type": "boolean", "description": "True when there is nothing at all."},
        "contents": {"type": "array"},
    },
}
API_INFO = {
    "type": "object", "required": ["version", "profile", "openapi_url"],
    "properties": {"version": {"type": "string", "description": "The HSDS version of this API."},
                   "profile": {"type": "string", "format": "uri", "description": "The HSDS profile of this API."},
                   "openapi_url": {"type": "string", "format": "uri", "description": "This document's address."}},
}
SERVICE_CAPACITY = {
    "type": "object", "required": ["id", "service_id", "unit", "description", "updated"],
    "description": "Free places of one unit, shaped as HSDS 3.1's service_capacity (numbers only for an exact, "
                   "fresh count).",
    "properties": {
        "id": {"type": "string", "format": "uuid"}, "service_id": {"type": "string", "format": "uuid"},
        "unit": {"type": "object", "required": ["id", "name"],
                 "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "scheme": {"type": "string"},
                                "identifier": {"type": "string"}}},
        "available": {"type": "integer", "minimum": 0}, "maximum": {"type": "integer", "minimum": 0},
        "description": {"type": "string"}, "updated": {"type": "string", "format": "date-time"},
    },
}
SERVICE = {"allOf": [{"$ref": REF + "service"}], "properties": {
    "service_capacity": {"type": "array", "items": {"$ref": REF + "ServiceCapacity"}}}}

PARAMETERS = {
    "lang": {"name": "lang", "in": "query", "description": "The language of the texts (Polish where a text has no "
             "translation).", "schema": {"type": "string", "enum": ["pl", "uk", "en"], "default": "pl"}},
    "page": {"name": "page", "in": "query", "description": "The page's number.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}},
    "per_page": {"name": "per_page", "in": "query", "description": "Items on a page.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
    "search": {"name": "search", "in": "query", "description": "Words to look for (its first 200 characters).",
               "schema": {"type": "string"}},
    "taxonomy_term_id": {"name": "taxonomy_term_id", "in": "query", "description": "Services in this category.",
                         "schema": {"type": "string", "format": "uuid"}},
    "organization_id": {"name": "organization_id", "in": "query", "description": "Services of this organisation.",
                        "schema": {"type": "string", "format": "uuid"}},
    "modified_after": {"name": "modified_after", "in": "query", "description": "Services changed after this "
                       "moment (a date is its midnight; without an offset, UTC).",
                       "schema": {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}},
    "top_only": {"name": "top_only", "in": "query", "description": "Only the categories with no parent.",
                 "schema": {"type": "boolean"}},
    "parent_id": {"name": "parent_id", "in": "query", "description": "Only the categories under this one.",
                  "schema": {"type": "string", "format": "uuid"}},
}


def _id_parameter(what: str) -> dict:
    return {"in": "path", "name": "id", "required": True, "schema": {"type": "string"},
            "description": f"The id of the {what} (a UUID); an id this API does not publish answers 404."}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF + "Error"}}}}


ERRORS = {
    "400": _error("A parameter has a value this API cannot use."),
    "404": _error("No such item is published."),
    "414": _error("The URL is longer than this API accepts."),
    "429": {**_error("Too many requests from this address: wait the seconds Retry-After gives."),
            "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}},
}


def _operation(operation_id: str, summary: str, schema: dict, parameters: list[str], errors: list[str]) -> dict:
    responses = {"200": {"description": summary, "content": {"application/json": {"schema": schema}}}}
    responses.update({code: {"$ref": f"#/components/responses/{code}"} for code in [*errors, "414", "429"]})
    return {"get": {"operationId": operation_id, "summary": summary, "responses": responses,
                    "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in parameters]}}


def _page_of(item_schema: str) -> dict:
    return {"allOf": [{"$ref": REF + "Page"}],
            "properties": {"contents": {"type": "array", "items": {"$ref": REF + item_schema}}}}


def _item(operation_id: str, summary: str, schema: str, what: str) -> dict:
    document = _operation(operation_id, summary, {"$ref": REF + schema}, ["lang"], ["400", "404"])
    document["parameters"] = [_id_parameter(what)]
    return document


PATHS = {
    "/": _operation("getAPIMetaInformation", "This API and its relationship with HSDS.", {"$ref": REF + "ApiInfo"},
                    [], []),
    "/openapi.json": _operation("getOpenAPI", "This document.", {"type": "object"}, [], []),
    "/services": _operation("getPaginatedListOfServices", "Published services, a page of them (without nested "
                            "objects).", _page_of("Service"),
                            ["lang", "search", "page", "per_page", "taxonomy_term_id", "organization_id",
                             "modified_after"], ["400"]),
    "/services/{id}": _item("getFullyNestedServiceById", "One published service, fully nested.", "Service",
                            "service"),
    "/taxonomies": _operation("getPaginatedListOfTaxonomies", "The category scheme (there is one).",
                              _page_of("taxonomy"), ["lang"], ["400"]),
    "/taxonomies/{id}": _item("getTaxonomyById", "The category scheme.", "taxonomy", "taxonomy"),
    "/taxonomy_terms": _operation("getPaginatedListOfTaxonomyTerms", "The categories, a page of them.",
                                  _page_of("taxonomy_term"), ["lang", "page", "per_page", "top_only", "parent_id"],
                                  ["400"]),
    "/taxonomy_terms/{id}": _item("getTaxonomyTermById", "One category.", "taxonomy_term", "category"),
    "/organizations": _operation("getPaginatedListOfOrganizations", "The organisations that offer services, a page "
                                 "of them.", _page_of("organization"), ["lang", "page", "per_page"], ["400"]),
    "/organizations/{id}": _item("getOrganizationById", "One organisation.", "organization", "organisation"),
    "/service_at_locations": _operation("getPaginatedListOfServiceAtLocation", "Services at their places, a page of "
                                        "them (a confidential place without address or coordinates).",
                                        _page_of("service_at_location"), ["lang", "page", "per_page"], ["400"]),
    "/service_at_locations/{id}": _item("getServiceAtLocationById", "One service at one place, with the place.",
                                        "service_at_location", "service at a location"),
}


@cache
def document() -> dict:
    """The document without ``info`` and ``servers`` (which depend on the portal and the request)."""
    schemas = json.loads(BUNDLED_SCHEMAS.read_text())
    schemas.update({"Page": PAGE, "Error": ERROR, "ApiInfo": API_INFO, "Service": SERVICE,
                    "ServiceCapacity": SERVICE_CAPACITY})
    return {"openapi": "3.1.0", "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "paths": PATHS,
            "components": {"schemas": schemas, "parameters": PARAMETERS, "responses": ERRORS}}


def served(info: dict, server_url: str) -> dict:
    """The document as served: this portal's ``info`` and its address."""
    result = copy.copy(document())
    result["info"] = info
    result["servers"] = [{"url": server_url}]
    return result
