"""Organisations (the tenants), users and their memberships."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import secret_box
from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime
from app.models.base import string_enum as _enum


class OrganisationKind(enum.StrEnum):
    """What kind of body an organisation is (DESIGN.md §4)."""

    DEPARTMENT = "department"
    NGO = "ngo"
    FOUNDATION = "foundation"
    ASSOCIATION = "association"
    CHURCH = "church"
    PUBLIC_INSTITUTION = "public_institution"
    SHELTER = "shelter"
    CRISIS_CENTRE = "crisis_centre"
    DAY_CLUB = "day_club"
    WELFARE_HOME = "welfare_home"
    SELF_HELP_GROUP = "self_help_group"
    # Public partners of the network (issue 14): they join like any organisation, often with no listing.
    SOCIAL_WELFARE_CENTRE = "social_welfare_centre"
    POLICE = "police"
    COURT = "court"
    SCHOOL = "school"
    HEALTH_CLINIC = "health_clinic"
    CITY_GUARD = "city_guard"
    LIBRARY = "library"
    CULTURE_CENTRE = "culture_centre"
    SPORTS_CENTRE = "sports_centre"
    MUNICIPAL_COMMISSION = "municipal_commission"


PARTNER_INSTITUTION_KINDS = (
    OrganisationKind.SOCIAL_WELFARE_CENTRE, OrganisationKind.POLICE, OrganisationKind.COURT, OrganisationKind.SCHOOL,
    OrganisationKind.HEALTH_CLINIC, OrganisationKind.CITY_GUARD, OrganisationKind.LIBRARY,
    OrganisationKind.CULTURE_CENTRE, OrganisationKind.SPORTS_CENTRE, OrganisationKind.MUNICIPAL_COMMISSION,
    OrganisationKind.PUBLIC_INSTITUTION,
)


class Role(enum.StrEnum):
    """A member's role in one organisation. The first three exist only in the department."""

    ADMIN = "admin"
    OFFICER = "officer"
    ANALYST = "analyst"
    COORDINATOR = "coordinator"
    STAFF = "staff"


DEPARTMENT_ROLES = (Role.ADMIN, Role.OFFICER, Role.ANALYST)
ORGANISATION_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.STAFF)


def roles_for(kind: OrganisationKind) -> tuple[Role, ...]:
    """The roles a member of an organisation of this kind may hold."""
    return DEPARTMENT_ROLES if kind == OrganisationKind.DEPARTMENT else ORGANISATION_ROLES


class Organisation(Timestamped, db.Model):
    """A tenant: the department itself, or an NGO, church, shelter, day club…"""

    __tablename__ = "organisation"
    # The registry holds each name and each registry number once (a form sent twice adds one organisation).
    __table_args__ = (
        Index("uq_organisation_name", "name", unique=True),
        Index("uq_organisation_krs", "krs", unique=True),
        Index("uq_organisation_nip", "nip", unique=True),
        Index("uq_organisation_regon", "regon", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[OrganisationKind] = mapped_column(_enum(OrganisationKind, "organisation_kind"))
    krs: Mapped[str | None] = mapped_column(String(10))
    nip: Mapped[str | None] = mapped_column(String(10))
    regon: Mapped[str | None] = mapped_column(String(14))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    description_pl: Mapped[str | None] = mapped_column(Text)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The spheres of public tasks whose new calls for offers its admins and coordinators hear of by e-mail
    # (space-delimited codes, " health addictions ").
    followed_spheres: Mapped[str] = mapped_column(String(400), default=" ", server_default=" ", nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    @property
    def is_department(self) -> bool:
        return self.kind == OrganisationKind.DEPARTMENT

    def description(self, locale: str) -> str | None:
        """The description in ``locale``, falling back to Polish."""
        return getattr(self, f"description_{locale}", None) or self.description_pl

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class User(UserMixin, Timestamped, db.Model):
    """A person who signs in. Belongs to organisations through memberships."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locale: Mapped[str | None] = mapped_column(String(5))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # The authenticator secret, encrypted (app/secret_box.py); read and set in plain through ``totp_secret``.
    totp_secret_stored: Mapped[str | None] = mapped_column("totp_secret", String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_counter: Mapped[int | None] = mapped_column()
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_account

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def totp_secret(self) -> str | None:
        """The base32 authenticator secret, decrypted (UnreadableSecretError when no configured key opens it)."""
        return None if self.totp_secret_stored is None else secret_box.decrypt(self.totp_secret_stored)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        self.totp_secret_stored = None if secret is None else secret_box.encrypt(secret)

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(TenantOwned, Timestamped, db.Model):
    """A user's role in one organisation."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "membership_role"))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)


class Invitation(TenantOwned, Timestamped, db.Model):
    """An e-mailed invitation to join an organisation with a role; the token is stored hashed."""

    __tablename__ = "invitation"
    # One open invitation per address and organisation: a new one replaces (revokes) the open one first.
    __table_args__ = (
        Index("uq_invitation_open", "organisation_id", "email", unique=True,
              sqlite_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
              postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    role: Mapped[Role] = mapped_column(_enum(Role, "invitation_role"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
