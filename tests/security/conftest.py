"""Fixtures for the security tests: a signed-in client per role."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in_as

ROLES = ("anonymous", "outsider", "dept_admin", "dept_officer", "dept_analyst", "a_admin", "a_coordinator", "a_staff")


@pytest.fixture
def client_as(app, city):
    """``client_as(role)``: a test client signed in as that person of the city (or anonymous)."""

    def make(role: str):
        client = app.test_client()
        if role != "anonymous":
            sign_in_as(client, app, getattr(city, role))
        return client

    return make
