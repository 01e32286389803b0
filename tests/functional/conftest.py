"""Fixtures for the functional tests: English-speaking browsers and a look at the database.

Pages are read in English (the message ids), so that the tests do not depend on the Polish
and Ukrainian catalogues being edited; tests about languages use a plain ``client``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import LANGUAGE_COOKIE
from app.models import AuditEvent
from app.tenancy import system_scope
from tests.conftest import sign_in_as


@pytest.fixture
def browser(app):
    """``browser(person=None, organisation=None, lang="en")``: a new client, signed in directly if given a person."""

    def make(person=None, *, organisation=None, lang: str | None = "en"):
        client = app.test_client()
        if lang:
            client.set_cookie(LANGUAGE_COOKIE, lang, domain=app.config["SERVER_NAME"])
        if person is not None:
            sign_in_as(client, app, person, organisation=organisation)
        return client

    return make


class Rows:
    """Reads the database in its own app context (system scope), returning detached rows."""

    def __init__(self, app):
        self.app = app

    def all(self, model, *criteria, **by):
        with self.app.app_context(), system_scope("tests"):
            query = select(model).where(*criteria).filter_by(**by)
            return list(db.session.execute(query).unique().scalars())

    def one(self, model, *criteria, **by):
        found = self.all(model, *criteria, **by)
        assert len(found) == 1, f"expected one {model.__name__}, found {len(found)}"
        return found[0]

    def first(self, model, *criteria, **by):
        found = self.all(model, *criteria, **by)
        return found[0] if found else None

    def count(self, model, *criteria, **by) -> int:
        with self.app.app_context(), system_scope("tests"):
            query = select(func.count()).select_from(model).where(*criteria).filter_by(**by)
            return db.session.execute(query).scalar_one()

    def actions(self, prefix: str = "") -> list[str]:
        """Audit actions written so far, oldest first."""
        events = self.all(AuditEvent, AuditEvent.action.like(f"{prefix}%"))
        return [e.action for e in sorted(events, key=lambda e: e.id)]

    def audit(self, action: str) -> list[AuditEvent]:
        return sorted(self.all(AuditEvent, action=action), key=lambda e: e.id)

    def run(self, fn):
        """Run ``fn()`` in an app context with the system scope, committing afterwards."""
        with self.app.app_context(), system_scope("tests"):
            result = fn()
            db.session.commit()
            return result


@pytest.fixture
def rows(app) -> Rows:
    return Rows(app)
