"""The ways around the tenant scope are few, named and written down; the known traps are not used.

Reads the code (app/ and blueprints/) rather than running it, so a new way around the scope
fails here the day it is written:
- ``system_scope``/``department_scope`` only at the named exceptions of app/tenancy.py
  (the command line, the demo, signing in, an invitation link, the published means of a decided
  call's scores); a service that widens its
  scope uses ``widened_scope``, which writes why in the audit log;
- no ``Session.get()`` of a tenant-owned model (it may answer from the identity map without the
  scoped query) — ``get_or_404`` or a ``select`` instead;
- no ``text()`` SQL and no Core statement or column of a tenant-owned table (they bypass the
  ORM's criteria), but for the named, harmless ones.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.extensions import db
from app.models import DepartmentOnly, TenantOwned

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("blueprints").rglob("*.py")])

# (file, reason prefix) where code may step outside the scope without an audit entry.
NAMED_EXCEPTIONS = {
    ("app/cli.py", "cli."),  # the command line acts for nobody in particular
    ("app/services/accounts/authentication.py", "session.memberships"),  # who is signing in, before a scope exists
    ("app/services/organisations/members.py", "invitation."),  # an invitation link, before its holder is known
    ("app/services/audit/log.py", None),  # widened_scope itself: it writes the audit entry
    # a commission member's own seats and assignments, read for a page (a GET must not write the audit log; their
    # changes go through widened_scope)
    ("app/services/funding/scoring.py", "evaluation."),
    # the means of a decided call's scores, on its public page (a GET must not write the audit log)
    ("app/services/funding/results.py", "calls.published_scores"),
    # an organisation's own offer's award, and the requests naming it a joint applicant, read for its pages
    ("app/services/funding/offers.py", "offer.award"),
    ("app/services/funding/offers.py", "offer_partner.requests"),
    # the year's planned grant money (one sum, the council's public figure) beside a small grant's city cap
    ("app/services/funding/small_grants.py", "small_grants.city_cap"),
    # which of the department's budget lines pay for an agreement, named on both sides' pages of its amendments
    ("app/services/agreements/amendments.py", "agreement.budget_lines"),
    # the department's rows an organisation's own agreement names (its programme, budget lines, award) and the
    # services that deliver it, read for the agreement's pages and document
    ("app/services/agreements/reading.py", "agreement.terms"),
    # the agreements an organisation is named in as a joint party (never a draft), and their terms, for its pages
    ("app/services/agreements/reading.py", "agreement.parties"),
    # the public results page's sums of signed agreements' targets and accepted reports' figures (no row leaves it)
    ("app/services/reports/public_results.py", "results.public_aggregates"),
    # the scheduled reminders: every organisation's reporting schedule and the people to remind, read by the command
    # (it acts for nobody; what it sends is logged in reminder_sent)
    ("app/services/reports/reminders.py", "reminders.schedule"),
    # the referrals an organisation SENT (they belong to the receiver), always with the explicit filter
    # referring_organisation_id == the actor's organisation (access.sent_query); its writes go through widened_scope
    ("app/services/referrals/access.py", "referrals.sent"),
    # what an organisation may refer to: other organisations' public services and their active units with free
    # places (hidden ones too: referring workers need them), never an address
    ("app/services/referrals/targets.py", "referrals.targets"),
    # the other side's admins and coordinators (addresses and languages only), e-mailed about a referral's change
    ("app/services/referrals/notify.py", "referrals.mail"),
    # the place-days a service contract's units delivered, summed per month for the contract's pages (a joint
    # party's units count too; only sums and the units' names leave it, for a contract the reader already opened)
    ("app/services/capacity/performance.py", "capacity.contract_performance"),
    # the counts of public searches that found little (week, language, folded words: no person), written in one batch
    # after a response by the worker that held them: the one write a public GET causes
    ("app/services/directory/insights.py", "search.query_counts"),
    # the networks an organisation is in (they belong to the department), always with the explicit filter on its
    # own membership or coordination (networks.access.member_query), and the member organisations' ids of a network
    ("app/services/networks/access.py", "networks.membership"),
    # the meetings an organisation may read (it coordinates them, is invited, or is a member of their network), always
    # with the explicit filter on its own organisation (meetings.visible_query); writes go through widened_scope
    ("app/services/networks/meetings.py", "meetings.read"),
    # a network's open actions (rows of the responsible organisations), filtered on the network, for the first items
    # of a new meeting's agenda
    ("app/services/networks/meetings.py", "meetings.open_actions"),
    # the invited organisations' admins and coordinators (addresses and languages only), e-mailed the meeting
    ("app/services/networks/invitations.py", "meetings.mail"),
    # one meeting's rows of several organisations (agenda, invitations, actions), read by its id only after the
    # minutes' access check (coordinator: any state; member: approved only), and the list of a network's minutes
    ("app/services/networks/minutes.py", "minutes.meeting"),
    # actions with their meetings and networks (other organisations' rows), always filtered on the actor's own
    # organisation, the networks it coordinates, or one network access.load_network allowed
    ("app/services/networks/actions.py", "actions.context"),
    # the members of a network (their registry contact, the contact they gave the network, what they bring), read by
    # a member organisation after access.load_network found the network among its own
    ("app/services/networks/registry.py", "networks.members"),
    # a message's recipients' admins and coordinators (addresses and languages only), for the preview's count and
    # the e-mail
    ("app/services/networks/messages.py", "messages.recipients"),
    # the e-mail of a message after the response: its texts, its deliveries not e-mailed yet, and when each was
    # e-mailed (it acts for nobody; short transactions of its own)
    ("app/services/networks/messages.py", "messages.delivery"),
    # the messages (the sender's rows) delivered to an organisation, always through its own MessageDelivery
    # (messages.received_query)
    ("app/services/networks/messages.py", "messages.received"),
    # the deliveries (the recipients' rows) of the messages an organisation sent, always through its own
    # NetworkMessage (messages.receipts_query): who has read them
    ("app/services/networks/messages.py", "messages.receipts"),
}
# Core statements and columns of tenant-owned tables (which the scope's criteria do not reach), and why.
CORE_EXCEPTIONS = {
    "app/database.py",  # lock(): a no-op write of one row that only takes SQLite's write lock
    "app/services/directory/search.py",  # the planner's id sets only narrow the scoped Service query
    "app/services/directory/nearby.py",  # the distance only orders the scoped Service query
    "app/services/directory/suggestions.py",  # the word index's candidate ids only narrow the scoped Service query
}
HARMLESS_TEXT = {"SELECT 1"}


def _tenant_models() -> dict[str, type]:
    return {mapper.class_.__name__: mapper.class_ for mapper in db.Model.registry.mappers
            if issubclass(mapper.class_, TenantOwned | DepartmentOnly)}


def _tenant_tables() -> set[str]:
    return {model.__tablename__ for model in _tenant_models().values()}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{_name(func.value)}.{func.attr}"
    return ""


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _source_trees():
    for path in SOURCES:
        yield _relative(path), ast.parse(path.read_text(encoding="utf-8"))


def test_scope_is_widened_only_at_the_named_exceptions():
    assert _widenings(_source_trees()) == []


def _widenings(trees) -> list[str]:
    problems = []
    for where, tree in trees:
        if where == "app/tenancy.py" or where.startswith("app/demo/"):
            continue  # the definitions; the demo city is loaded from the command line
        for call in _calls(tree):
            name = _name(call.func).rsplit(".", 1)[-1]
            if name not in ("system_scope", "department_scope"):
                continue
            reason = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else None
            allowed = any(where == path and (prefix is None or (reason or "").startswith(prefix))
                          for path, prefix in NAMED_EXCEPTIONS)
            if not allowed:
                problems.append(f"{where}:{call.lineno} {name}({reason!r}) — use widened_scope(reason) in a service")
    return problems


def test_no_session_get_of_a_tenant_owned_model():
    assert _identity_map_gets(_source_trees()) == []


def _identity_map_gets(trees) -> list[str]:
    tenant = _tenant_models()
    problems = []
    for where, tree in trees:
        for call in _calls(tree):
            if _name(call.func).endswith("session.get") and call.args:
                model = _name(call.args[0]).rsplit(".", 1)[-1]
                if model in tenant:
                    problems.append(f"{where}:{call.lineno} session.get({model}, …) — use get_or_404 or a select")
    return problems


def test_no_raw_sql_or_core_statement_on_a_tenant_owned_table():
    assert _unscoped_statements(_source_trees()) == []


def _unscoped_statements(trees) -> list[str]:
    tables = _tenant_tables()
    tenant_models = set(_tenant_models())
    pattern = re.compile(r"\b(" + "|".join(sorted(tables)) + r")\b", re.IGNORECASE)
    problems = []
    for where, tree in trees:
        for call in _calls(tree):
            name = _name(call.func).rsplit(".", 1)[-1]
            if name == "text" and call.args and isinstance(call.args[0], ast.Constant) \
                    and isinstance(call.args[0].value, str):
                sql = call.args[0].value
                if sql.strip() not in HARMLESS_TEXT and pattern.search(sql) and not where.startswith("app/models/"):
                    problems.append(f"{where}:{call.lineno} text({sql[:60]!r}) names a tenant-owned table")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "__table__" and where not in CORE_EXCEPTIONS \
                    and _name(node.value).rsplit(".", 1)[-1] in tenant_models:
                problems.append(f"{where}:{node.lineno} {ast.unparse(node)} reads a tenant-owned table past the scope")
    return problems


@pytest.mark.parametrize("bad", [
    "with system_scope('reports.any'):\n    pass\n",
    "db.session.get(Service, 1)\n",
    "db.session.execute(text('DELETE FROM service'))\n",
    "db.session.execute(update(Phone.__table__).values(number='1'))\n",
])
def test_the_checks_catch_what_they_name(bad):
    """Each rule above fails on a line that breaks it (a test that cannot fail is a defect)."""
    trees = [("app/services/some_feature.py", ast.parse(bad))]
    found = [check(trees) for check in (_widenings, _identity_map_gets, _unscoped_statements)]
    assert sum(len(problems) for problems in found) == 1, found
