"""Fixtures for the security tests: a signed-in client per role, and tenant B's objects."""

from __future__ import annotations

import pytest

from app.models import Role
from tests.conftest import Person, sign_in_as
from tests.security.tenant_b import TenantB, make_tenant_b

ROLES = ("anonymous", "outsider", "dept_admin", "dept_officer", "dept_analyst", "a_admin", "a_coordinator", "a_staff")


@pytest.fixture
def client_as(app, city):
    """``client_as(role)``: a test client signed in as that person of the city (or anonymous).

    ``role`` is a name of the city's people (``"a_admin"``) or a ``Person``.
    """

    def make(role: str | Person):
        client = app.test_client()
        if role != "anonymous":
            sign_in_as(client, app, role if isinstance(role, Person) else getattr(city, role))
        return client

    return make


@pytest.fixture
def tenant_b(city, make) -> TenantB:
    """Tenant B with a member in each organisation role, and one object for every registered URL argument."""
    people = {"admin": city.b_admin, "staff": city.b_staff,
              "coordinator": make.user("b.coordinator@example.org", member_of=city.org_b, role=Role.COORDINATOR)}
    return make_tenant_b(make, city, people)


@pytest.fixture
def tenant_b_objects(tenant_b) -> dict:
    """Tenant B's value for every URL argument, keyed like ``URL_ARGUMENTS`` (``<int:service_id>``)."""
    return tenant_b.values
