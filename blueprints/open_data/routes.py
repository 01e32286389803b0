"""Read-only Open Referral HSDS 3.0 API of the public directory: no key, rate-limited, paged."""

from __future__ import annotations

import math
import re

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import RequestURITooLarge

from app.errors import api_error
from app.extensions import db, limiter
from app.models import Organisation, Service, ServiceAtLocation, TaxonomyTerm
from app.models.tenancy import OrganisationKind
from app.permissions import public
from app.services.capacity.availability import units_by_service
from app.services.directory.listing import load_for_listing
from app.services.directory.search import SearchQuery, search_services
from app.services.open_data import hsds
from app.tenancy import public_scope
from blueprints.open_data import openapi as openapi_document
from blueprints.open_data.moments import parse_moment

bp = Blueprint("open_data", __name__, url_prefix="/api/hsds")
MAX_PER_PAGE = 100
LANGUAGES = ("pl", "uk", "en")
# A UUID as RFC 9562 writes it (what the OpenAPI document calls format: uuid).
UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class BadParameterError(Exception):
    """A query parameter the API cannot use; answered with 400 and a JSON message."""


@bp.errorhandler(BadParameterError)
def _bad_parameter(error):
    return api_error(400, error)


@bp.before_request
def _url_not_too_long():
    """414 (in JSON) for a URL longer than API_MAX_URL_LENGTH: kept under the server's own request-line limit, so
    the API answers it rather than the server."""
    if len(request.full_path) > current_app.config["API_MAX_URL_LENGTH"]:
        raise RequestURITooLarge()


def _locale() -> str:
    lang = request.args.get("lang", "pl")
    if lang not in LANGUAGES:
        raise BadParameterError("lang must be one of pl, uk, en")
    return lang


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not low <= int(raw) <= high:
        raise BadParameterError(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _bool(name: str) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false", "1", "0"):
        raise BadParameterError(f"{name} must be true or false")
    return raw.lower() in ("true", "1")


def _page_of(statement, serialise):
    page = _int("page", 1, 1, 1_000_000)
    per_page = _int("per_page", 50, 1, MAX_PER_PAGE)
    total = db.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page)).unique().scalars().all()
    pages = max(1, math.ceil(total / per_page))
    contents = serialise(rows)
    return jsonify(total_items=total, total_pages=pages, page_number=page, size=len(contents),
                   first_page=page == 1, last_page=page >= pages, empty=total == 0, contents=contents)


def _key_param(name: str, kind: str) -> int | None:
    """An HSDS id given as a filter: None when absent, -1 when it names nothing of ours."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not UUID_TEXT.fullmatch(raw):
        raise BadParameterError(f"{name} must be a UUID")
    return hsds.key_of(kind, raw) or -1


def _by_hsds_id(kind: str, statement, hsds_value: str, model):
    """The row behind an HSDS id of ``kind`` within ``statement``; 404 when none."""
    key = hsds.key_of(kind, hsds_value)
    if key is None:
        abort(404)
    found = db.session.execute(statement.where(model.id == key)).unique().scalar_one_or_none()
    if found is None:
        abort(404)
    return found


def _public_organisations():
    return select(Organisation).where(Organisation.is_active.is_(True),
                                      Organisation.kind != OrganisationKind.DEPARTMENT)


@bp.get("/")
@public
def root():
    """Anyone: which HSDS version and profile this API serves, and where its OpenAPI is."""
    return jsonify(version=hsds.HSDS_VERSION, profile="https://openreferral.org/",
                   openapi_url=url_for("open_data.openapi", _external=True))


@bp.get("/openapi.json")
@public
def openapi():
    """Anyone: the OpenAPI document of this API (HSDS 3.0's profile as this API serves it, schemas included)."""
    city = current_app.config["CITY_NAME"]
    info = {
        "title": f"Sieć Wsparcia — {city}: open data of the help directory (HSDS 3.0)",
        "version": "3.0.0",
        "summary": "Read-only Open Referral HSDS 3.0 API of the city's directory of social help.",
        "description": "Services, organisations, places and categories of help published in the directory. "
                       "No key is needed; requests are rate-limited. Confidential places (shelters, "
                       "protected flats) are published without address or coordinates.",
        "contact": {"name": f"Department of Health and Social Welfare, {city}",
                    "url": url_for("public.home", _external=True)},
        "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    }
    server = url_for("open_data.root", _external=True).rstrip("/")
    return jsonify(openapi_document.served(info, server))


@bp.get("/services")
@public
def services():
    """Anyone: published services, paged; search, taxonomy_term_id, organization_id, modified_after."""
    locale = _locale()
    term_id = _key_param("taxonomy_term_id", "taxonomy_term")
    organisation_id = _key_param("organization_id", "organization")
    modified_after = request.args.get("modified_after")
    with public_scope():
        statement = search_services(SearchQuery(text=request.args.get("search", "")[:200], sort="name"))
        if term_id:
            statement = statement.where(Service.taxonomy_links.any(taxonomy_term_id=term_id))
        if organisation_id:
            statement = statement.where(Service.organisation_id == organisation_id)
        if modified_after is not None:
            moment = parse_moment(modified_after)
            if moment is None:
                raise BadParameterError("modified_after must be an RFC 3339 date or date-time")
            statement = statement.where(Service.updated_at > moment)
        return _page_of(statement, lambda rows: _services_with_capacity(rows, locale))


@bp.get("/services/<service_id>")
@public
def service(service_id: str):
    """Anyone: one published service, fully nested."""
    locale = _locale()
    with public_scope():
        statement = select(Service)
        found = _by_hsds_id("service", statement, service_id, Service)
        load_for_listing([found])
        capacity = units_by_service([found.id]).get(found.id, [])
        return jsonify(hsds.service(found, locale, capacity=capacity))


def _services_with_capacity(rows, locale: str) -> list[dict]:
    """A page of services, not nested, each with its public units' capacity (read in one query)."""
    capacity = units_by_service(s.id for s in rows)
    return [hsds.service(s, locale, nested=False, capacity=capacity.get(s.id, [])) for s in rows]


@bp.get("/taxonomies")
@public
def taxonomies():
    """Anyone: the one category scheme."""
    contents = [hsds.taxonomy(_locale())]
    return jsonify(total_items=1, total_pages=1, page_number=1, size=1, first_page=True, last_page=True,
                   empty=False, contents=contents)


@bp.get("/taxonomies/<taxonomy_id>")
@public
def taxonomy(taxonomy_id: str):
    """Anyone: the category scheme by id."""
    scheme = hsds.taxonomy(_locale())
    if taxonomy_id.lower() != scheme["id"]:
        abort(404)
    return jsonify(scheme)


@bp.get("/taxonomy_terms")
@public
def taxonomy_terms():
    """Anyone: the categories, paged; ``top_only`` and ``parent_id`` narrow them."""
    locale = _locale()
    statement = select(TaxonomyTerm).order_by(TaxonomyTerm.parent_id.is_not(None), TaxonomyTerm.position,
                                              TaxonomyTerm.id)
    if _bool("top_only"):
        statement = statement.where(TaxonomyTerm.parent_id.is_(None))
    parent = _key_param("parent_id", "taxonomy_term")
    if parent:
        statement = statement.where(TaxonomyTerm.parent_id == parent)
    return _page_of(statement, lambda rows: [hsds.taxonomy_term(t, locale) for t in rows])


@bp.get("/taxonomy_terms/<term_id>")
@public
def taxonomy_term_detail(term_id: str):
    """Anyone: one category."""
    found = _by_hsds_id("taxonomy_term", select(TaxonomyTerm), term_id, TaxonomyTerm)
    return jsonify(hsds.taxonomy_term(found, _locale()))


@bp.get("/organizations")
@public
def organizations():
    """Anyone: the active organisations that offer services, paged."""
    locale = _locale()
    statement = _public_organisations().order_by(Organisation.name, Organisation.id)
    return _page_of(statement, lambda rows: [hsds.organization(o, locale) for o in rows])


@bp.get("/organizations/<organization_id>")
@public
def organization(organization_id: str):
    """Anyone: one organisation."""
    found = _by_hsds_id("organization", _public_organisations(), organization_id, Organisation)
    return jsonify(hsds.organization(found, _locale()))


def _public_links():
    return (select(ServiceAtLocation).join(ServiceAtLocation.service).join(Service.organisation)
            .options(selectinload(ServiceAtLocation.location))
            .order_by(ServiceAtLocation.id))


@bp.get("/service_at_locations")
@public
def service_at_locations():
    """Anyone: services at their places, paged (confidential places without address)."""
    locale = _locale()
    with public_scope():
        return _page_of(_public_links(), lambda rows: [hsds.service_at_location(r, locale) for r in rows])


@bp.get("/service_at_locations/<link_id>")
@public
def service_at_location(link_id: str):
    """Anyone: one service at one place."""
    with public_scope():
        found = _by_hsds_id("service_at_location", _public_links(), link_id, ServiceAtLocation)
        return jsonify(hsds.service_at_location(found, _locale()))


def rate_limit() -> str:
    """Requests per address for the API (shared through Redis when configured)."""
    return current_app.config["API_RATE_LIMIT"]


limiter.limit(rate_limit)(bp)
