"""Junk in every field and query parameter the portal knows, on every route: never a 500.

The names come from the forms themselves (every WTForms field of every blueprint), so a new
filter or form field is covered the day it is added.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from wtforms import Form
from wtforms.fields.core import UnboundField

import blueprints
from tests.security.test_bad_input import ONCE, PAYLOADS, _junk_url
from tests.security.test_route_matrix import _url


def _field_names() -> set[str]:
    names = set()
    for module_info in pkgutil.iter_modules(blueprints.__path__):
        try:
            module = importlib.import_module(f"blueprints.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Form):
                for klass in value.__mro__:
                    names.update(name for name, field in vars(klass).items() if isinstance(field, UnboundField))
    return names


FIELD_NAMES = sorted(_field_names())


def test_the_forms_were_found():
    assert {"q", "category", "district", "message", "name_pl", "title_pl", "starts_at"} <= set(FIELD_NAMES), FIELD_NAMES
    assert len(FIELD_NAMES) > 60, FIELD_NAMES


@pytest.mark.parametrize("role_name", ["anonymous", "a_coordinator"])
@pytest.mark.parametrize("payload", [pytest.param("huge", marks=ONCE), "markup"])
def test_junk_in_every_known_field_never_gives_a_server_error(app, client_as, role_name, payload):
    value = PAYLOADS[payload]
    client = client_as(role_name)
    query = dict.fromkeys(FIELD_NAMES, value[:300])
    data = dict.fromkeys(FIELD_NAMES, value)
    errors = []
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"),
                   key=lambda r: r.endpoint == "auth.sign_out")
    for rule in rules:
        url = _junk_url(rule, value)
        if "GET" in rule.methods and client.get(url, query_string=query).status_code >= 500:
            errors.append(f"GET {url}?<every field>")
        if "POST" in rule.methods and rule.endpoint != "auth.sign_out" and \
                client.post(url, data=data).status_code >= 500:
            errors.append(f"POST {url}")
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("role_name", ["b_admin", "dept_officer"])
@pytest.mark.parametrize("payload", ["markup"])
def test_junk_in_the_forms_of_real_objects_never_gives_a_server_error(app, client_as, request, role_name, payload):
    """The same junk posted to every form that edits a real row (tenant B's own, or the department's)."""
    objects = request.getfixturevalue("tenant_b_objects")
    value = PAYLOADS[payload]
    client = client_as(role_name)
    data = dict.fromkeys(FIELD_NAMES, value)
    errors = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.sign_out") or not rule.arguments:
            continue
        url = _url(rule, objects)
        if "GET" in rule.methods and client.get(url, query_string=dict.fromkeys(FIELD_NAMES, value[:300])
                                                ).status_code >= 500:
            errors.append(f"GET {url}?<every field>")
        if "POST" in rule.methods and client.post(url, data=data).status_code >= 500:
            errors.append(f"POST {url}")
    assert errors == [], "\n".join(errors)
