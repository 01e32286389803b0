"""Every route × every role, with a second tenant's ids in the URL (DESIGN.md §3).

The routes come from the app (``url_map``), their arguments from the registry
``URL_ARGUMENTS`` (tests/security/tenant_b.py: for each argument, tenant B's object and its
kind), the POST bodies from ``POST_DATA`` (tests/security/post_data.py). What this proves:

- every URL argument of every route is registered, every registered one is used, and every
  POST endpoint has valid data: a new route or argument fails here, by name, until it is walked;
- every view declares its access (``@public``, ``@signed_in``, ``@requires``), and one that
  does not is refused at run time;
- anonymous visitors are sent to sign in; a role without the permission gets 403; a role of
  tenant A with the permission gets 404 for B's object, on GET and on POST with valid data,
  and B's rows are the same afterwards; the department gets no 404 for B's objects; no GET
  changes anything (the audit log does not grow); nothing answers 500;
- the 404 is about tenancy: B's own members in the same role get the page, and a valid POST
  of theirs goes through, where A's get 404; a member of both tenants reaches B's rows only
  while acting for B.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db, limiter
from app.models import AuditEvent, Role
from app.permissions import (
    PUBLIC,
    SIGNED_IN,
    Permission,
    permissions_of,
    public,
    requires,
)
from app.tenancy import system_scope
from tests.conftest import sign_in_as
from tests.security.conftest import ROLES
from tests.security.post_data import POST_DATA, Post
from tests.security.tenant_b import (
    GLOBAL,
    KINDS,
    REGISTRY,
    TENANT,
    URL_ARGUMENTS,
    argument_kinds,
    differences,
    placeholders,
    snapshot,
    url_for_rule,
)

_url = url_for_rule  # the name tests/security/test_junk_everywhere.py knows

SKIP_ENDPOINTS = {"static"}
ORGANISATION_ROLES = {"staff": Role.STAFF, "coordinator": Role.COORDINATOR, "admin": Role.ADMIN}  # least first
DEPARTMENT_ROLES = {"dept_analyst": Role.ANALYST, "dept_officer": Role.OFFICER, "dept_admin": Role.ADMIN}
A_ROLES = tuple(f"a_{role}" for role in ORGANISATION_ROLES)
SIGN_IN = "/sign-in"


def _is_ok(status: int) -> bool:
    """A page or a redirect: neither refused, nor missing, nor broken."""
    return 200 <= status < 400


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIP_ENDPOINTS]


def _walkable(app):
    """The rules whose every argument is registered (test_every_url_argument_is_registered names the others)."""
    return [rule for rule in _rules(app) if all(key in URL_ARGUMENTS for key, _ in placeholders(rule))]


def _permission(app, rule):
    return getattr(app.view_functions[rule.endpoint], "__permission__", None)


GETS, POSTS, PUBLIC_POSTS, SIGN_OUT = range(4)


def _phase(app, rule, method) -> int:
    if rule.endpoint == "auth.sign_out":
        return SIGN_OUT
    if method == "GET":
        return GETS
    return PUBLIC_POSTS if _permission(app, rule) == PUBLIC else POSTS


def _requests(app):
    """(rule, method) in walking order: every GET, the POSTs behind sign-in, public POSTs (they may sign the
    client in, and a resident's report on B's listing rightly adds to B's rows), signing out last."""
    pairs = [(rule, method) for rule in _walkable(app) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(pairs, key=lambda pair: (_phase(app, *pair), pair[0].rule, pair[1]))


def _membership(role_name: str):
    """A stand-in membership for a role name of the city (``a_admin``, ``b_staff``, ``dept_officer``), or None."""
    if role_name in DEPARTMENT_ROLES:
        return SimpleNamespace(role=DEPARTMENT_ROLES[role_name], organisation=SimpleNamespace(is_department=True))
    prefix, _, role = role_name.partition("_")
    if prefix in ("a", "b") and role in ORGANISATION_ROLES:
        return SimpleNamespace(role=ORGANISATION_ROLES[role], organisation=SimpleNamespace(is_department=False))
    return None


def _granted(role_name: str) -> frozenset:
    return permissions_of(_membership(role_name))


def _holds(role_name: str, permission) -> bool:
    """Whether the role may open a route with this declared access."""
    if permission == PUBLIC:
        return True
    if permission == SIGNED_IN:
        return role_name != "anonymous"
    return permission in _granted(role_name)


def _owner(permission) -> str:
    """Who rightfully sends a POST to a route with this access: the least role holding it (B's before the
    department's)."""
    if permission == PUBLIC:
        return "anonymous"
    if permission == SIGNED_IN:
        return "b_staff"
    for role_name in [f"b_{role}" for role in ORGANISATION_ROLES] + list(DEPARTMENT_ROLES):
        if _holds(role_name, permission):
            return role_name
    raise AssertionError(f"no role holds {permission}")


# The only GETs that write the audit log: a referral's detail, whose every view is audited (issue 12 requires it:
# it shows a person's allow-listed details).
AUDITED_VIEWS = {"referrals_workspace.detail", "referrals_console.detail"}
# Not audited, and so not listed: opening a message (messages_workspace.message) writes its organisation's read
# receipt (read_at, read_by) in a short transaction of its own (app/services/networks/messages.record_read).


def _audit_count(app) -> int:
    """Audit entries (a GET writes none, not even of a read beyond its scope)."""
    with app.app_context(), system_scope("tests"):
        return db.session.execute(select(func.count(AuditEvent.id))).scalar_one()


def _form(app, endpoint: str, b) -> dict:
    """The endpoint's valid form (none for an endpoint missing from POST_DATA: another test names it)."""
    entry = POST_DATA.get(endpoint)
    if entry is None:
        return {}
    with app.test_request_context():
        return entry.data(b)


@pytest.fixture(autouse=True)
def _no_reports_counted(app):
    """Residents' reports are rate-limited by address; every test starts with none counted."""
    with app.app_context():
        limiter.reset()
    yield
    with app.app_context():
        limiter.reset()


@dataclass
class People:
    """Clients signed in as the city's people and tenant B's, made once each."""

    client_as: object
    b: object

    def __post_init__(self):
        self._clients = {}

    def client(self, role_name: str):
        if role_name not in self._clients:
            if role_name.startswith("b_"):
                self._clients[role_name] = self.client_as(self.b.people[role_name[2:]])
            else:
                self._clients[role_name] = self.client_as(role_name)
        return self._clients[role_name]


# -- the registry and the tables cover the app -----------------------------------------------------------

def _unregistered(application) -> list[str]:
    return [f"{rule.rule} ({rule.endpoint}): {key}" for rule in _rules(application)
            for key, _ in placeholders(rule) if key not in URL_ARGUMENTS]


def _post_endpoints(application) -> set[str]:
    return {rule.endpoint for rule in _rules(application) if "POST" in rule.methods}


def _undeclared(application) -> list[str]:
    return [rule.rule for rule in _rules(application) if _permission(application, rule) is None]


def test_every_url_argument_is_registered(app):
    """A route whose argument is not in URL_ARGUMENTS fails, naming the route and the argument."""
    assert _unregistered(app) == [], (
        "URL arguments missing from URL_ARGUMENTS (tests/security/tenant_b.py); register each with its kind "
        "and a factory of tenant B's object:\n" + "\n".join(_unregistered(app)))


def test_every_registered_argument_is_used_and_has_a_kind(app):
    used = {key for rule in _rules(app) for key, _ in placeholders(rule)}
    assert sorted(URL_ARGUMENTS.keys() - used) == [], "registered arguments no route takes (renamed?)"
    assert {key: argument.kind for key, argument in URL_ARGUMENTS.items() if argument.kind not in KINDS} == {}


def test_the_placeholders_are_read_as_werkzeug_reads_them(app):
    """The registry keys are read from the rule text; they must name exactly the rule's arguments."""
    wrong = [rule.rule for rule in _rules(app) if {name for _, name in placeholders(rule)} != set(rule.arguments)]
    assert wrong == []


def test_every_post_endpoint_has_valid_data(app):
    missing = sorted(_post_endpoints(app) - POST_DATA.keys())
    stale = sorted(POST_DATA.keys() - _post_endpoints(app))
    assert missing == [], f"POST endpoints without an entry in POST_DATA (tests/security/post_data.py): {missing}"
    assert stale == [], f"POST_DATA entries for endpoints the app no longer has (renamed?): {stale}"


def test_every_route_declares_a_permission(app):
    assert _undeclared(app) == [], "routes without @public, @signed_in or @requires"


# -- a route added tomorrow -------------------------------------------------------------------------------

@pytest.fixture
def other_app(app):
    """A second portal like the tests' one, still open to new routes (no request has been served)."""
    return create_app("testing", {name: app.config[name]
                                  for name in ("SQLALCHEMY_DATABASE_URI", "MAIL_OUTBOX_DIR", "SERVER_NAME")})


def test_a_view_without_a_declaration_is_refused_at_run_time(other_app):
    @other_app.route("/forgotten", methods=["GET", "POST"])
    def forgotten():
        return "what nobody declared"

    @other_app.get("/declared")
    @public
    def declared():
        return "open to all"

    @other_app.get("/declared-for-the-console")
    @requires(Permission.CONSOLE_VIEW)
    def declared_for_the_console():
        return "the console"

    assert _undeclared(other_app) == ["/forgotten"]
    client = other_app.test_client()
    for method in ("GET", "POST"):
        response = client.open("/forgotten", method=method)
        assert response.status_code == 403 and b"what nobody declared" not in response.data, method
    assert client.get("/declared").status_code == 200
    response = client.get("/declared-for-the-console")
    assert response.status_code == 302 and response.headers["Location"].startswith(SIGN_IN)


def test_a_new_route_with_an_unknown_argument_or_form_is_named(other_app):
    """What the registry and the POST table say when a feature adds ``/workspace/placements/<int:placement_id>``."""
    @other_app.route("/workspace/placements/<int:placement_id>", methods=["GET", "POST"])
    @requires(Permission.LISTINGS_EDIT)
    def placement(placement_id):
        return "a placement"

    @other_app.get("/workspace/events/<event_id>/copy")  # a known name with another converter is another argument
    @requires(Permission.LISTINGS_EDIT)
    def copy_event(event_id):
        return "a copy"

    assert _unregistered(other_app) == [
        "/workspace/placements/<int:placement_id> (placement): <int:placement_id>",
        "/workspace/events/<event_id>/copy (copy_event): <event_id>"]
    assert _post_endpoints(other_app) - POST_DATA.keys() == {"placement"}


# -- the walk: every route, every role --------------------------------------------------------------------

@pytest.mark.parametrize("role_name", ROLES)
def test_route_matrix(app, city, client_as, tenant_b, role_name):
    client = client_as(role_name)
    granted = _granted(role_name)
    department = role_name in DEPARTMENT_ROLES
    b_before = snapshot(app, tenant_b.org_id) if role_name in A_ROLES else None
    problems = []
    for rule, method in _requests(app):
        if b_before is not None and _phase(app, rule, method) >= PUBLIC_POSTS:
            problems += [f"{role_name}'s walk changed tenant B: {line}"
                         for line in differences(b_before, snapshot(app, tenant_b.org_id))]
            b_before = None
        permission = _permission(app, rule)
        kinds = argument_kinds(rule)
        url = url_for_rule(rule, tenant_b.values)
        audit_before = _audit_count(app) if method == "GET" else None
        data = _form(app, rule.endpoint, tenant_b) if method == "POST" else None
        response = client.open(url, method=method, data=data)
        status = response.status_code
        where = f"{role_name} {method} {url} [{rule.endpoint}, {permission}] → {status}"
        if status >= 500:
            problems.append(f"server error: {where}")
            continue
        if method == "GET" and _audit_count(app) != audit_before and rule.endpoint not in AUDITED_VIEWS:
            problems.append(f"GET changed state: {where}")
        if permission == PUBLIC:
            continue
        if role_name == "anonymous":
            if not (status in (302, 303) and response.headers.get("Location", "").startswith(SIGN_IN)):
                problems.append(f"anonymous not sent to sign in: {where}")
            continue
        if permission == SIGNED_IN:
            if status == 403:
                problems.append(f"signed-in route refused: {where}")
            continue
        if permission not in granted:
            if status != 403:
                problems.append(f"missing permission did not give 403: {where}")
            continue
        if not department and kinds & {TENANT, REGISTRY}:
            if status != 404:
                problems.append(f"tenant B's object did not give 404: {where}")
            continue
        if department and kinds & {TENANT, REGISTRY, GLOBAL} and status == 404:
            problems.append(f"the department cannot see tenant B's object: {where}")
        elif method == "GET" and not _is_ok(status):
            problems.append(f"a role with the permission did not get the page: {where}")
        elif method == "POST" and status in (403, 404):
            problems.append(f"a role with the permission was refused: {where}")
    assert b_before is None or role_name not in A_ROLES, "the walk never compared tenant B's rows"
    assert problems == [], "\n".join(problems)


# -- the positive control: the 404 is about tenancy --------------------------------------------------------

def test_owner_gets_the_page_where_another_tenant_gets_404(app, city, client_as, tenant_b):
    """For every GET route naming one of B's rows: B's member in each role with the permission gets the page,
    A's member in the same role gets 404, the department never 404 (and the page when it holds the
    permission); a public page shows B's published row to anyone."""
    people = People(client_as, tenant_b)
    problems, checked = [], 0
    for rule in _walkable(app):
        if "GET" not in rule.methods or TENANT not in argument_kinds(rule):
            continue
        checked += 1
        permission = _permission(app, rule)
        url = url_for_rule(rule, tenant_b.values)

        def status_of(role_name, url=url):
            return people.client(role_name).get(url).status_code

        if permission == PUBLIC:
            for role_name in ("anonymous", "b_staff", "a_staff"):
                if not _is_ok(status := status_of(role_name)):
                    problems.append(f"B's published row not shown: {role_name} GET {url} → {status}")
            continue
        owners = [role for role in ORGANISATION_ROLES if _holds(f"b_{role}", permission)]
        for role in owners:
            if not _is_ok(status := status_of(f"b_{role}")):
                problems.append(f"owner refused: b_{role} GET {url} [{permission}] → {status}")
            if (status := status_of(f"a_{role}")) != 404:
                problems.append(f"another tenant not given 404: a_{role} GET {url} [{permission}] → {status}")
        holders = [role_name for role_name in DEPARTMENT_ROLES if _holds(role_name, permission)]
        if not owners and not holders:
            problems.append(f"nobody may open {url} [{permission}]")
        for role_name in DEPARTMENT_ROLES:
            status = status_of(role_name)
            if status == 404 or (role_name in holders and not _is_ok(status)):
                problems.append(f"the department refused: {role_name} GET {url} [{permission}] → {status}")
    assert checked >= 10, f"only {checked} GET routes name one of B's rows: has the walk lost them?"
    assert problems == [], "\n".join(problems)


def test_a_member_of_both_tenants_reaches_b_only_while_acting_for_b(app, city, make, tenant_b):
    """One organisation is active at a time: acting for A, B's rows are 404 even to B's own admin (GET, and POST
    with valid data, changing nothing); after switching to B, the same pages open."""
    person = make.user("both@example.org", member_of=city.org_a, role=Role.ADMIN)
    make.add_membership(person, city.org_b, Role.ADMIN)
    client = app.test_client()
    sign_in_as(client, app, person, organisation=city.org_a)
    rules = [rule for rule in _walkable(app) if TENANT in argument_kinds(rule)
             and _permission(app, rule) not in (PUBLIC, SIGNED_IN) and _holds("a_admin", _permission(app, rule))]
    assert len(rules) >= 10
    before = snapshot(app, tenant_b.org_id)
    problems = []
    for rule in rules:
        url = url_for_rule(rule, tenant_b.values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = _form(app, rule.endpoint, tenant_b) if method == "POST" else None
            if (status := client.open(url, method=method, data=data).status_code) != 404:
                problems.append(f"acting for A: {method} {url} → {status}")
    problems += [f"acting for A changed B: {line}" for line in differences(before, snapshot(app, tenant_b.org_id))]
    assert client.post("/account/organisation", data={"organisation_id": str(city.org_b.id)}).status_code == 303
    for rule in rules:
        url = url_for_rule(rule, tenant_b.values)
        if "GET" in rule.methods and not _is_ok(status := client.get(url).status_code):
            problems.append(f"acting for B: GET {url} → {status}")
    assert problems == [], "\n".join(problems)


@dataclass
class Steps:
    """What a POST's ``before`` steps may use."""

    app: object
    make: object
    city: object
    b: object


@pytest.mark.parametrize("endpoint", sorted(POST_DATA))
def test_valid_post_goes_through_for_the_owner_and_is_404_for_another_tenant(app, city, make, client_as, tenant_b,
                                                                             endpoint):
    """B's valid data, sent by A's member in each role with the permission: 404 and B unchanged; then sent by
    the owner (B's member, the department, or the visitor of a public form): it goes through."""
    rules = [rule for rule in _rules(app) if rule.endpoint == endpoint and "POST" in rule.methods]
    assert rules, f"POST_DATA has {endpoint!r}, which no POST route has any more (renamed?)"
    rule, entry = rules[0], POST_DATA[endpoint]
    assert isinstance(entry, Post)
    permission = _permission(app, rule)
    values = {**tenant_b.values, **{key: make_value(tenant_b) for key, make_value in (entry.url or {}).items()}}
    url = url_for_rule(rule, values)
    data = _form(app, endpoint, tenant_b)
    people = People(client_as, tenant_b)

    if TENANT in argument_kinds(rule) and permission not in (PUBLIC, SIGNED_IN):
        before = snapshot(app, tenant_b.org_id)
        for role in ORGANISATION_ROLES:
            if _holds(f"a_{role}", permission):
                status = people.client(f"a_{role}").post(url, data=data).status_code
                assert status == 404, f"a_{role} POST {url} [{permission}] → {status}, not 404"
        assert differences(before, snapshot(app, tenant_b.org_id)) == []

    owner = entry.actor or _owner(permission)
    client = people.client(owner)
    if entry.before is not None:
        data = {**data, **(entry.before(Steps(app, make, city, tenant_b), client) or {})}
    response = client.post(url, data=data)
    assert response.status_code not in (403, 404, 500)
    assert response.status_code in entry.expect, (
        f"{owner} POST {url} [{permission}] → {response.status_code}, expected {sorted(entry.expect)}: is the "
        f"data in POST_DATA still valid? The page says: {_messages(response)}")
    refusals = [text for category, text in _flashed(client) if category == "error"]
    assert refusals == [], f"{owner} POST {url}: the valid data was refused"


def _flashed(client) -> list[tuple[str, str]]:
    """The messages waiting to be shown to the client's next page, as (category, text)."""
    with client.session_transaction() as session:
        return [(category, str(text)) for category, text in session.get("_flashes", [])]


def _messages(response) -> list[str]:
    """The error messages and notices of a page (what a person would read about a refused form)."""
    html = response.get_data(as_text=True)
    found = re.findall(r'class="(?:error-message|error-summary|flash[^"]*|notice[^"]*)"[^>]*>(.*?)</(?:p|div)>', html,
                       flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found] or [html[:500]]
