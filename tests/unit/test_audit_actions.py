"""The audit log in words: every code the portal records has a name, and entries name their records in bulk."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import AuditEvent, Event, Membership, Organisation, Revision, Role, Service, User
from app.permissions import Actor
from app.services.activities import editing, events, volunteering  # noqa: F401 - the modules register their kinds
from app.services.audit.actions import ACTION_LABELS, FORMER_ACTIONS, action_label, is_named
from app.services.audit.log import record_event
from app.services.audit.targets import describe_events
from app.services.feedback.inbox import HANDLED_STATUSES
from app.services.workflow.revisions import DECIDED
from app.tenancy import TenantScopeError, department_scope, organisation_scope

ROOT = Path(__file__).resolve().parents[2]
RECORDERS = {"record_event": 0, "widened_scope": None}  # call → the argument holding the code (None: fixed)

# Codes computed when recorded: the f-string (as ast.unparse writes it) → every code it can give.
COMPUTED = {
    "f'feedback.{status.value}'": lambda: {f"feedback.{status.value}" for status in HANDLED_STATUSES},
    "f'revision.{status.value}'": lambda: {f"revision.{status.value}" for status in DECIDED},
    "f\"{kind.audit_name}.{('created' if created else 'updated')}\"":
        lambda: {f"{kind.audit_name}.{verb}" for kind in editing.KINDS for verb in ("created", "updated")},
    "f'{kind.audit_name}.deleted'": lambda: {f"{kind.audit_name}.deleted" for kind in editing.KINDS},
}


def _codes_in(node: ast.expr, where: str, computed: list[str]) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes_in(node.body, where, computed) | _codes_in(node.orelse, where, computed)
    source = ast.unparse(node)
    if source not in COMPUTED:
        raise AssertionError(f"{where}: the code {source} is computed; list what it can be in COMPUTED")
    computed.append(source)
    return COMPUTED[source]()


def _recorded_codes() -> tuple[dict[str, str], list[str]]:
    """Every code app/ and blueprints/ record ({code: where}), and the computed ones met."""
    codes, computed = {}, []
    for folder in ("app", "blueprints"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for call in ast.walk(tree):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name not in RECORDERS or not call.args:
                    continue
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                if RECORDERS[name] is None:
                    codes.setdefault("tenancy.scope_widened", where)
                    continue
                for code in _codes_in(call.args[RECORDERS[name]], where, computed):
                    codes.setdefault(code, where)
    return codes, computed


def test_every_code_the_portal_records_has_a_name_for_people(ctx):
    codes, computed = _recorded_codes()
    assert len(codes) > 50 and "auth.second_factor_failed" in codes and "event.deleted" in codes
    assert set(computed) == set(COMPUTED)  # each listed computation is still in the code
    unnamed = {code: where for code, where in codes.items() if code not in ACTION_LABELS}
    assert unnamed == {}, "name these codes in app/services/audit/actions.py"
    assert set(ACTION_LABELS) - set(codes) == set(), "names of codes nothing records any more"


def test_recording_a_code_without_a_name_is_refused(ctx):
    with department_scope():
        with pytest.raises(ValueError, match="no name"):
            record_event("grant.awarded")
        db.session.flush()
        assert db.session.execute(select(AuditEvent)).first() is None


def test_codes_are_said_in_words_and_older_codes_too(ctx):
    assert action_label("auth.second_factor_failed") == "Sign-in failed: wrong code from the authenticator app"
    assert action_label("revision.approved") == action_label("change_request.approved") == "Change approved"
    assert all(is_named(code) for code in FORMER_ACTIONS)
    assert action_label("grant.awarded") == "grant.awarded" and not is_named("grant.awarded")  # shown as stored


@pytest.fixture
def page_of_entries(ctx, make):
    """Entries about an organisation, an account, a membership, a service, a change and an event deleted since."""
    org = make.organisation("Fundacja Przystań")
    person = make.user("anna.nowak@example.org", member_of=org, name="Anna Nowak")
    service = make.service(org, "Noclegownia Przystań")
    revision = make.revision(service, changes={"description_pl": "Nowy opis."})
    gone = make.event(org, "Piknik, który odwołano")
    with department_scope():
        user = db.session.get(User, person.id)
        membership = db.session.execute(select(Membership).where(Membership.user_id == user.id)).scalar_one()
        for target in (db.session.get(Organisation, org.id), user, membership, db.session.get(Service, service),
                       db.session.get(Revision, revision)):
            record_event("organisation.updated", actor=user, organisation_id=org.id, target=target)
        event_row = db.session.get(Event, gone)
        record_event("event.deleted", organisation_id=org.id, target=event_row, details={"title": event_row.title_pl})
        db.session.delete(event_row)
        db.session.flush()
        yield {"org": org.id, "user": user.id, "service": service, "revision": revision,
               "events": db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()}


def _actor(role: Role) -> Actor:
    """A department member in ``role`` (permissions only: no database row needed)."""
    department = type("Department", (), {"is_department": True})()
    return Actor(user=None, membership=type("Membership", (), {"organisation": department, "role": role,
                                                               "organisation_id": None})())


def test_entries_name_their_records_and_link_where_the_reader_may_open_them(page_of_entries):
    with department_scope():
        entries = describe_events(page_of_entries["events"], actor=_actor(Role.ADMIN), locale="en")
    by_kind = {entry.target.kind: entry.target for entry in entries if entry.target}
    ids = page_of_entries
    assert (by_kind["Organisation"].name, by_kind["Organisation"].url) == (
        "Fundacja Przystań", f"/console/organisations/{ids['org']}")
    assert (by_kind["Account"].name, by_kind["Account"].url) == (
        "Anna Nowak (anna.nowak@example.org)", f"/console/users/{ids['user']}")
    assert by_kind["Membership"].name == "Anna Nowak – Fundacja Przystań"
    assert (by_kind["Service"].name, by_kind["Service"].url) == (
        "Noclegownia Przystań", f"/console/moderation/services/{ids['service']}")
    assert (by_kind["Proposed change"].name, by_kind["Proposed change"].url) == (
        "Noclegownia Przystań", f"/console/moderation/changes/{ids['revision']}")
    gone = by_kind["Event"]
    assert (gone.name, gone.url, gone.exists) == ("Piknik, który odwołano", None, False)
    changed = next(entry for entry in entries if entry.event.action == "organisation.updated")
    assert changed.what == "Organisation details changed" and changed.named


def test_a_reader_without_the_permission_gets_the_name_but_no_link(page_of_entries):
    with department_scope():
        entries = describe_events(page_of_entries["events"], actor=_actor(Role.ANALYST), locale="en")
    by_kind = {entry.target.kind: entry.target for entry in entries if entry.target}
    assert by_kind["Account"].name == "Anna Nowak (anna.nowak@example.org)" and by_kind["Account"].url is None
    assert by_kind["Service"].url is not None  # analysts may open the moderation pages


def test_records_are_loaded_once_per_kind_not_once_per_entry(page_of_entries, make):
    org = page_of_entries["org"]
    more = [make.service(org, f"Usługa {n}") for n in range(6)]
    with department_scope():
        few = page_of_entries["events"]
        for service in more:
            record_event("service.updated", organisation_id=org, target=db.session.get(Service, service))
        db.session.flush()
        many = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        assert len(many) == len(few) + len(more)
        statements = []
        engine = db.session.get_bind()
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            describe_events(few, actor=_actor(Role.ADMIN), locale="en")
            at_first = len(statements)
            statements.clear()
            describe_events(many, actor=_actor(Role.ADMIN), locale="en")
        finally:
            event.remove(engine, "before_cursor_execute", listen)
    assert len(statements) == at_first  # six more services, not six more queries


def test_describing_needs_the_departments_view(page_of_entries):
    with organisation_scope(page_of_entries["org"]), pytest.raises(TenantScopeError):
        describe_events([], actor=_actor(Role.ADMIN), locale="en")
