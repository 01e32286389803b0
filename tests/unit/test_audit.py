"""The audit log never holds secrets."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Organisation
from app.services.audit.log import record_event, search_events
from app.tenancy import department_scope


@pytest.mark.parametrize("key", ["password", "new_password", "Token", "reset_token", "totp_code", "secret",
                                 "client_secret", "recovery_codes", "code"])
def test_secret_looking_detail_keys_are_refused(ctx, key):
    with department_scope():
        with pytest.raises(ValueError, match="audit details"):
            record_event("user.profile_updated", details={key: "x", "email": "a@example.org"})
        db.session.flush()
        assert db.session.execute(select(AuditEvent)).first() is None


def test_ordinary_details_are_kept_with_actor_target_and_address(ctx, make):
    org = make.organisation("Audytowana")
    with department_scope():
        target = db.session.get(Organisation, org.id)
        event = record_event("organisation.updated", organisation_id=org.id, target=target,
                             details={"fields": ["name"], "email": "a@example.org"})
        db.session.commit()
        stored = db.session.get(AuditEvent, event.id)
        assert stored.details == {"fields": ["name"], "email": "a@example.org"}
        assert (stored.object_type, stored.object_id, stored.organisation_id) == ("Organisation", org.id, org.id)
        assert stored.ip_address == "192.0.2.10"
        assert stored.occurred_at.tzinfo is not None


def test_search_events_filters_by_action_prefix(ctx):
    with department_scope():
        for action in ("organisation.updated", "organisation.verified", "auth.sign_in"):
            record_event(action)
        db.session.commit()
        found = db.session.execute(search_events(action="organisation.")).scalars().all()
        assert sorted(e.action for e in found) == ["organisation.updated", "organisation.verified"]
