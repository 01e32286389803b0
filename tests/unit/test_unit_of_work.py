"""The unit of work: one commit, side effects after it, refusals undo everything, constraints speak."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from wtforms import StringField

from app import unit_of_work
from app.extensions import db
from app.models import AuditEvent, Organisation, OrganisationKind
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.organisations import registry
from app.tenancy import system_scope
from blueprints.forms import BaseForm, attempt


class RegistryNameForm(BaseForm):
    """A form with the field a registry refusal names."""

    class Meta:
        csrf = False

    name = StringField()


def _organisations(name: str) -> int:
    return db.session.execute(select(func.count()).select_from(Organisation).where(Organisation.name == name)
                              ).scalar_one()


def test_side_effects_run_after_the_commit_and_never_after_a_rollback(ctx):
    ran = []
    with system_scope("tests"):
        db.session.execute(select(Organisation)).all()  # a transaction is open
        unit_of_work.after_commit(ran.append, "kept")
        assert ran == []  # not yet: the change is not committed
        db.session.commit()
        assert ran == ["kept"]
        db.session.execute(select(Organisation)).all()
        unit_of_work.after_commit(ran.append, "dropped")
        db.session.rollback()
        db.session.commit()
    assert ran == ["kept"]


def test_a_failing_side_effect_does_not_undo_the_commit(ctx, caplog):
    def broken():
        raise OSError("the mail server is away")

    with system_scope("tests"):
        registry.register_organisation({"name": "Fundacja Trwała", "kind": OrganisationKind.FOUNDATION}, actor=None)
        unit_of_work.after_commit(broken)
        db.session.commit()
        assert _organisations("Fundacja Trwała") == 1
    assert "a side effect after the commit failed" in caplog.text


def test_a_refused_action_undoes_everything_it_did(ctx):
    def half_done():
        registry.register_organisation({"name": "Fundacja Połowiczna", "kind": OrganisationKind.FOUNDATION},
                                       actor=None)
        record_event("organisation.updated")
        raise ServiceError("The second step refuses.", field="name")

    with system_scope("tests"):
        form = RegistryNameForm(formdata=None)
        outcome = attempt(half_done, form=form)
        assert not outcome and outcome.error.message == "The second step refuses."
        assert form.name.errors == ["The second step refuses."]
        assert _organisations("Fundacja Połowiczna") == 0
        assert db.session.execute(select(func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action == "organisation.updated")).scalar_one() == 0


def test_a_unique_index_speaks_like_the_check_it_backs(ctx, monkeypatch):
    """Two quick clicks pass the SELECT check together; the database index refuses the second, in words."""
    monkeypatch.setattr(registry, "_check_unique_name", lambda *_args: None)  # as if both checks ran at once
    data = {"name": "Stowarzyszenie Dwuklik", "kind": OrganisationKind.ASSOCIATION}
    with system_scope("tests"), force_locale("en"):
        assert attempt(lambda: registry.register_organisation(dict(data), actor=None))
        form = RegistryNameForm(formdata=None)
        second = attempt(lambda: registry.register_organisation(dict(data), actor=None), form=form)
        assert not second
        assert form.name.errors == ["An organisation with this name is already in the registry."]
        assert _organisations("Stowarzyszenie Dwuklik") == 1


def test_an_integrity_error_without_a_message_is_not_hidden(ctx):
    with system_scope("tests"), pytest.raises(Exception, match=r"NOT NULL|not-null|null value"):
        attempt(lambda: db.session.add(Organisation(slug="bez-nazwy", kind=OrganisationKind.NGO)))
