"""Tenant B: the second tenant whose ids go into every URL the security tests walk.

``URL_ARGUMENTS`` is the registry of every URL argument a route may take, written as in the
route (``<int:service_id>``; the default string converter is written bare, ``<token>``). Each
entry says how to make tenant B's object for it (a small factory run in B's name) and what
kind of thing it names:

- ``tenant``: a row that belongs to an organisation. Another tenant must get 404, B's own
  members with the route's permission must see it, the department sees it.
- ``registry``: an organisation or a user of the registry. Only the department reaches it.
- ``global``: a department-owned row (a home-page alert, a category). The department sees it.
- ``opaque``: a string that names nothing by number: a token, an outbox message id, an HSDS
  UUID of the open-data API. Public routes; they must simply never fail.

A route whose argument is not in the registry fails tests/security/test_route_matrix.py,
naming the route and the argument: a new ``<int:agreement_id>`` cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Alert,
    ChangeAction,
    Closure,
    Event,
    Feedback,
    Invitation,
    ListingKind,
    Location,
    Membership,
    OneTimeToken,
    Organisation,
    Phone,
    Role,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
    TenantOwned,
    TokenPurpose,
    User,
    VolunteerOpportunity,
    utcnow,
)
from app.security import hash_token
from app.services.listings.values import service_values
from app.services.open_data.hsds import hsds_id
from app.services.workflow import revisions
from app.tenancy import system_scope

TENANT = "tenant"
REGISTRY = "registry"
GLOBAL = "global"
OPAQUE = "opaque"
KINDS = (TENANT, REGISTRY, GLOBAL, OPAQUE)

INVITATION_TOKEN = "b-invitation-" + "7" * 30  # raw tokens of tenant B's links (only their hashes are stored)
RESET_TOKEN = "b-reset-" + "5" * 30


class Maker:
    """Makes tenant B's rows in one app context, each factory once (a location needs the service…)."""

    def __init__(self, city, people: dict):
        self.city = city
        self.org_id = city.org_b.id
        self.people = people
        self._made: dict[Callable, object] = {}

    def one(self, factory: Callable[[Maker], object]):
        if factory not in self._made:
            self._made[factory] = factory(self)
        return self._made[factory]


# -- the factories: each makes one of tenant B's objects ------------------------------------------------

def term(b: Maker) -> TaxonomyTerm:
    """A category of the department, used by B's service (so deleting it is refused, never done)."""
    row = TaxonomyTerm(code="b-term", label_pl="Kategoria B")
    db.session.add(row)
    db.session.flush()
    return row


def service(b: Maker) -> Service:
    """A published service of B with a category, a phone, opening hours and a closure ahead."""
    row = Service(organisation_id=b.org_id, name_pl="Usługa B", description_pl="Opis usługi B.",
                  audience_pl="Dorośli mieszkańcy.", is_free=True)
    row.taxonomy_links.append(ServiceTaxonomy(organisation_id=b.org_id, term=b.one(term)))
    row.phones.append(Phone(organisation_id=b.org_id, number="+48 32 111 22 33", position=0))
    row.schedules.append(Schedule(organisation_id=b.org_id, weekday=0, opens_at=time(8), closes_at=time(16)))
    start = date.today() + timedelta(days=30)
    row.closures.append(Closure(organisation_id=b.org_id, starts_on=start, ends_on=start + timedelta(days=2),
                                note_pl="Remont."))
    db.session.add(row)
    db.session.flush()
    return row


def location(b: Maker) -> Location:
    """A place of B where its service is given."""
    row = Location(organisation_id=b.org_id, name="Punkt B", street="ul. Tajna 7", postal_code="44-100",
                   city="Gliwice")
    b.one(service).service_at_locations.append(ServiceAtLocation(organisation_id=b.org_id, location=row))
    db.session.flush()
    return row


def service_at_location(b: Maker) -> ServiceAtLocation:
    b.one(location)
    return b.one(service).service_at_locations[0]


def membership(b: Maker) -> Membership:
    """B's staff member's membership."""
    return db.session.execute(select(Membership).where(Membership.organisation_id == b.org_id,
                                                       Membership.user_id == b.people["staff"].id)).scalar_one()


def invitation(b: Maker) -> Invitation:
    """An open invitation to B (its link is ``INVITATION_TOKEN``)."""
    row = Invitation(organisation_id=b.org_id, email="new.b@example.org", role=Role.STAFF,
                     token_hash=hash_token(INVITATION_TOKEN), invited_by_id=b.people["admin"].id,
                     expires_at=utcnow() + timedelta(days=3))
    db.session.add(row)
    db.session.flush()
    return row


def invitation_link(b: Maker) -> str:
    """The link of B's open invitation (the raw token)."""
    b.one(invitation)
    return INVITATION_TOKEN


def reset_link(b: Maker) -> str:
    """A password-reset link of B's staff member (the raw token)."""
    db.session.add(OneTimeToken(user_id=b.people["staff"].id, purpose=TokenPurpose.PASSWORD_RESET,
                                token_hash=hash_token(RESET_TOKEN), expires_at=utcnow() + timedelta(hours=1)))
    db.session.flush()
    return RESET_TOKEN


def feedback(b: Maker) -> Feedback:
    """A resident's new report about B's service."""
    row = Feedback(organisation_id=b.org_id, kind=ListingKind.SERVICE, object_id=b.one(service).id,
                   message="Zły numer telefonu.")
    db.session.add(row)
    db.session.flush()
    return row


def change(b: Maker):
    """A change of B's service waiting for the department (submitted as the workflow does)."""
    live = b.one(service)
    b.one(location)
    db.session.refresh(live)
    organisation = db.session.execute(select(Organisation).where(Organisation.id == b.org_id)).scalar_one()
    coordinator = db.session.execute(select(User).where(User.id == b.people["coordinator"].id)).scalar_one()
    return revisions.submit(str(ListingKind.SERVICE), ChangeAction.UPDATE, organisation=organisation,
                            object_id=live.id, before=service_values(live),
                            proposed={**service_values(live), "name_pl": "Usługa B (nowa nazwa)",
                                      "audience_pl": "Dorośli i młodzież."}, actor=coordinator)


def event(b: Maker) -> Event:
    """A published workshop of B, in two days, at B's place."""
    starts = utcnow().replace(microsecond=0) + timedelta(days=2)
    row = Event(organisation_id=b.org_id, kind="workshop", title_pl="Warsztat B", description_pl="Opis.",
                starts_at=starts, ends_at=starts + timedelta(hours=2), location_id=b.one(location).id)
    db.session.add(row)
    db.session.flush()
    return row


def opportunity(b: Maker) -> VolunteerOpportunity:
    """A published volunteering opportunity of B."""
    row = VolunteerOpportunity(organisation_id=b.org_id, title_pl="Wolontariat B", description_pl="Opis.")
    db.session.add(row)
    db.session.flush()
    return row


def alert(b: Maker) -> Alert:
    """A home-page alert of the department, shown now."""
    row = Alert(message_pl="Komunikat", starts_at=utcnow(), ends_at=utcnow() + timedelta(days=1))
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class Argument:
    """One URL argument: what kind of thing it names, and how to make tenant B's (its URL value)."""

    kind: str
    make: Callable[[Maker], object]


URL_ARGUMENTS: dict[str, Argument] = {
    # rows of an organisation: another tenant gets 404
    "<int:service_id>": Argument(TENANT, lambda b: b.one(service).id),
    "<int:location_id>": Argument(TENANT, lambda b: b.one(location).id),
    "<int:membership_id>": Argument(TENANT, lambda b: b.one(membership).id),
    "<int:invitation_id>": Argument(TENANT, lambda b: b.one(invitation).id),
    "<int:feedback_id>": Argument(TENANT, lambda b: b.one(feedback).id),
    "<int:change_id>": Argument(TENANT, lambda b: b.one(change).id),
    "<int:event_id>": Argument(TENANT, lambda b: b.one(event).id),
    "<int:opportunity_id>": Argument(TENANT, lambda b: b.one(opportunity).id),
    # the registry: the department only
    "<int:organisation_id>": Argument(REGISTRY, lambda b: b.org_id),
    "<int:user_id>": Argument(REGISTRY, lambda b: b.people["staff"].id),
    # the department's own rows
    "<int:taxonomy_term_id>": Argument(GLOBAL, lambda b: b.one(term).id),
    "<int:alert_id>": Argument(GLOBAL, lambda b: b.one(alert).id),
    # strings that name no row by number
    "<token>": Argument(OPAQUE, lambda b: b.one(invitation_link)),
    "<message_id>": Argument(OPAQUE, lambda b: "no-such-message"),
    # HSDS ids of the open-data API (UUIDs carrying B's keys)
    "<service_id>": Argument(OPAQUE, lambda b: hsds_id("service", b.one(service).id)),
    "<organization_id>": Argument(OPAQUE, lambda b: hsds_id("organization", b.org_id)),
    "<link_id>": Argument(OPAQUE, lambda b: hsds_id("service_at_location", b.one(service_at_location).id)),
    "<taxonomy_id>": Argument(OPAQUE, lambda b: hsds_id("taxonomy", 1)),
    "<term_id>": Argument(OPAQUE, lambda b: hsds_id("taxonomy_term", b.one(term).id)),
}

_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[a-zA-Z_][\w]*(?:\([^)]*\))?):)?(?P<name>\w+)>")


def placeholders(rule) -> list[tuple[str, str]]:
    """(registry key, argument name) of each argument of a rule, as written: ``<int:service_id>``, ``<token>``."""
    found = []
    for match in _PLACEHOLDER.finditer(rule.rule):
        converter = match["converter"]
        key = f"<{match['name']}>" if converter in (None, "string", "default") else f"<{converter}:{match['name']}>"
        found.append((key, match["name"]))
    return found


def argument_kinds(rule) -> set[str]:
    """The kinds of the rule's arguments (an unregistered one is left out: a test names it)."""
    return {URL_ARGUMENTS[key].kind for key, _ in placeholders(rule) if key in URL_ARGUMENTS}


def url_for_rule(rule, values: dict) -> str:
    """The rule's path with tenant B's values (``values`` keyed like ``URL_ARGUMENTS``)."""
    path = rule.rule
    for key, name in placeholders(rule):
        if key not in values:
            raise LookupError(f"{rule.rule} ({rule.endpoint}) takes {key}, which URL_ARGUMENTS does not register "
                              "(tests/security/tenant_b.py)")
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[key]), path, count=1)
    return path


@dataclass
class TenantB:
    """Tenant B as plain values: its URL arguments, its people by role, a few facts the forms need."""

    org_id: int
    values: dict[str, object]
    people: dict[str, object]
    facts: dict[str, object] = field(default_factory=dict)

    def id(self, name: str) -> int:
        """The id of B's row behind ``<int:name>``."""
        return self.values[f"<int:{name}>"]


def make_tenant_b(app, city, people: dict) -> TenantB:
    """Every registered argument's object of tenant B, committed (inside the test's rolled-back transaction)."""
    with app.test_request_context(), system_scope("tests"):
        b = Maker(city, people)
        values = {key: argument.make(b) for key, argument in URL_ARGUMENTS.items()}
        closure = b.one(service).closures[0]
        facts = {"closure_starts_on": closure.starts_on.isoformat(), "reset_token": b.one(reset_link),
                 "term_id": b.one(term).id}
        db.session.commit()
    return TenantB(org_id=city.org_b.id, values=values, people=people, facts=facts)


# -- what tenant B holds, to compare before and after -------------------------------------------------

def _tenant_models() -> list[type]:
    return sorted((mapper.class_ for mapper in db.Model.registry.mappers if issubclass(mapper.class_, TenantOwned)),
                  key=lambda model: model.__tablename__)


def _digest(obj) -> str:
    mapper = obj.__mapper__
    values = sorted((attr.key, repr(getattr(obj, attr.key))) for attr in mapper.column_attrs)
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def snapshot(app, organisation_id: int) -> dict[tuple[str, str], str]:
    """{(table, primary key): hash of the row} of every tenant-owned row of the organisation, and of the
    organisation's registry entry and its members' accounts."""
    rows: dict[tuple[str, str], str] = {}
    with app.app_context(), system_scope("tests"):
        for model in _tenant_models():
            for obj in db.session.execute(select(model).where(model.organisation_id == organisation_id)
                                          ).unique().scalars():
                key = ",".join(str(v) for v in obj.__mapper__.primary_key_from_instance(obj))
                rows[(model.__tablename__, key)] = _digest(obj)
        organisation = db.session.execute(select(Organisation).where(Organisation.id == organisation_id)).scalar_one()
        rows[("organisation", str(organisation.id))] = _digest(organisation)
        for user in db.session.execute(select(User).join(Membership, Membership.user_id == User.id)
                                       .where(Membership.organisation_id == organisation_id)).unique().scalars():
            rows[("user_account", str(user.id))] = _digest(user)
    return rows


def differences(before: dict, after: dict) -> list[str]:
    """What changed between two snapshots, row by row."""
    changed = [f"changed {table} {key}" for (table, key) in sorted(before.keys() & after.keys())
               if before[(table, key)] != after[(table, key)]]
    return ([f"removed {table} {key}" for table, key in sorted(before.keys() - after.keys())]
            + [f"added {table} {key}" for table, key in sorted(after.keys() - before.keys())] + changed)
