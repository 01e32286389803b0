"""Organisations (tenants and the department), people and their memberships."""

from __future__ import annotations

from dataclasses import dataclass

from app.extensions import db
from app.models import Membership, OrganisationKind, Role, utcnow
from app.services.accounts.users import create_user
from app.services.organisations.registry import register_organisation
from tests.factories.base import FactoryBase, id_of

PASSWORD = "zielony-parasol-nad-morzem"


@dataclass(frozen=True)
class Org:
    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    password: str = PASSWORD


class Organisations(FactoryBase):
    def organisation(self, name: str | None = None, kind=OrganisationKind.ASSOCIATION, *, is_active: bool = True,
                     is_verified: bool = False, **fields) -> Org:
        """An organisation registered as the department's console does (``fields``: its registry data)."""
        with self._writing():
            data = {"name": name or f"Stowarzyszenie testowe {self._next()}", "kind": kind, **fields}
            organisation = register_organisation(data, actor=None)
            organisation.is_active, organisation.is_verified = is_active, is_verified
            db.session.flush()
            return Org(organisation.id, organisation.name, str(organisation.kind))

    def department(self) -> Org:
        """The city's department."""
        return self.organisation("Wydział Zdrowia i Pomocy Społecznej", kind=OrganisationKind.DEPARTMENT)

    def user(self, email: str | None = None, *, member_of: Org | int | None = None, role: Role | str = Role.STAFF,
             totp_secret: str | None = None, name: str = "Jan Testowy") -> Person:
        """A person with the password ``PASSWORD``; a member of ``member_of`` in ``role`` if given."""
        with self._writing():
            user = create_user(email or f"person{self._next()}@example.org", name, PASSWORD)
            if totp_secret:
                user.totp_secret = totp_secret
                user.totp_enabled_at = utcnow()
            if member_of is not None:
                db.session.add(Membership(user_id=user.id, organisation_id=id_of(member_of), role=Role(role)))
            db.session.flush()
            return Person(user.id, user.email)

    def add_membership(self, person: Person | int, organisation: Org | int, role: Role | str) -> int:
        """Make a person a member of an organisation; the membership's id."""
        with self._writing():
            return self._add(Membership(user_id=id_of(person), organisation_id=id_of(organisation),
                                        role=Role(role))).id
