"""The public directory, aligned with Open Referral HSDS 3.0: services, where and when.

Texts an organisation writes (names, descriptions) have a Polish original and optional
Ukrainian and English versions; ``text(field, locale)`` falls back to Polish.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    select,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.tenancy import Organisation

LOCALES = ("pl", "uk", "en")


class Translated:
    """Mixin: ``text("name", "uk")`` gives the Ukrainian version or the Polish original."""

    def text(self, field: str, locale: str) -> str | None:
        return getattr(self, f"{field}_{locale}", None) or getattr(self, f"{field}_pl", None)

    def is_translated(self, field: str, locale: str) -> bool:
        return locale == "pl" or bool(getattr(self, f"{field}_{locale}", None))


class HasTargetGroups:
    """Mixin: ``group_list`` reads and writes the space-delimited ``target_groups`` codes."""

    @property
    def group_list(self) -> list[str]:
        return self.target_groups.split()

    @group_list.setter
    def group_list(self, codes) -> None:
        self.target_groups = " " + " ".join(dict.fromkeys(codes)) + " "


class ListingKind(enum.StrEnum):
    """What a change request or report is about."""

    SERVICE = "service"
    LOCATION = "location"
    EVENT = "event"
    VOLUNTEERING = "volunteering"


class ServiceStatus(enum.StrEnum):
    """HSDS service status."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily closed"
    INACTIVE = "inactive"


class TargetGroup(enum.StrEnum):
    """Who a service is for (eligibility)."""

    CHILDREN = "children"
    YOUTH = "youth"
    FAMILIES = "families"
    WOMEN = "women"
    MEN = "men"
    SENIORS = "seniors"
    DISABILITIES = "disabilities"
    HOMELESSNESS = "homelessness"
    ADDICTIONS = "addictions"
    VIOLENCE = "violence"
    REFUGEES = "refugees"


class TaxonomyTerm(Translated, Timestamped, db.Model):
    """A category of help, in a tree; labels and synonyms in each language. Managed by the department."""

    __tablename__ = "taxonomy_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    is_crisis: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    label_pl: Mapped[str] = mapped_column(String(120), nullable=False)
    label_uk: Mapped[str | None] = mapped_column(String(120))
    label_en: Mapped[str | None] = mapped_column(String(120))
    synonyms_pl: Mapped[str | None] = mapped_column(Text)
    synonyms_uk: Mapped[str | None] = mapped_column(Text)
    synonyms_en: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[TaxonomyTerm | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[TaxonomyTerm]] = relationship(back_populates="parent", order_by="TaxonomyTerm.position")

    def all_synonyms(self) -> list[str]:
        words = []
        for locale in LOCALES:
            words.append(getattr(self, f"label_{locale}") or "")
            words.extend((getattr(self, f"synonyms_{locale}") or "").split(","))
        return [w.strip() for w in words if w and w.strip()]


class District(db.Model):
    """A district of the city (service areas, locations, distance sorting)."""

    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    latitude: Mapped[Decimal] = mapped_column(Numeric(9, 6), nullable=False)
    longitude: Mapped[Decimal] = mapped_column(Numeric(9, 6), nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class Service(Translated, HasTargetGroups, TenantOwned, Timestamped, db.Model):
    """Help an organisation offers: counselling, a shelter, a day club, a support line…"""

    __tablename__ = "service"
    __table_args__ = (Index("uq_service_name", "organisation_id", "name_pl", unique=True),)  # one name per organisation

    id: Mapped[int] = mapped_column(primary_key=True)
    name_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    name_uk: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_pl: Mapped[str] = mapped_column(Text, nullable=False)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    audience_pl: Mapped[str | None] = mapped_column(Text)
    audience_uk: Mapped[str | None] = mapped_column(Text)
    audience_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ServiceStatus] = mapped_column(string_enum(ServiceStatus, "service_status"),
                                                  default=ServiceStatus.ACTIVE, nullable=False)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    by_appointment: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    by_referral: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_free: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    fees_pl: Mapped[str | None] = mapped_column(Text)
    fees_uk: Mapped[str | None] = mapped_column(Text)
    fees_en: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None] = mapped_column(SmallInteger)
    maximum_age: Mapped[int | None] = mapped_column(SmallInteger)
    # Space-delimited codes (" children women "), so a portable LIKE filters them on both databases.
    target_groups: Mapped[str] = mapped_column(String(300), default=" ", nullable=False)
    languages: Mapped[str] = mapped_column(String(100), default=" ", nullable=False)
    always_open: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    closed_on_holidays: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    url: Mapped[str | None] = mapped_column(String(300))
    # A named contact person (HSDS ``contact``), all optional; the title is a job title per language.
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_title_pl: Mapped[str | None] = mapped_column(String(120))
    contact_title_uk: Mapped[str | None] = mapped_column(String(120))
    contact_title_en: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    is_published: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False, index=True)
    # Set when the department takes a listing down; the organisation cannot republish it itself.
    unpublished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unpublished_reason: Mapped[str | None] = mapped_column(Text)
    last_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    search_name: Mapped[str] = mapped_column(Text, default="", nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    phones: Mapped[list[Phone]] = relationship(back_populates="service", cascade="all, delete-orphan",
                                               order_by="Phone.position")
    schedules: Mapped[list[Schedule]] = relationship(back_populates="service", cascade="all, delete-orphan",
                                                     order_by="(Schedule.weekday, Schedule.opens_at)")
    closures: Mapped[list[Closure]] = relationship(back_populates="service", cascade="all, delete-orphan",
                                                   order_by="Closure.starts_on")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan")
    taxonomy_links: Mapped[list[ServiceTaxonomy]] = relationship(back_populates="service",
                                                                 cascade="all, delete-orphan")
    area_links: Mapped[list[ServiceArea]] = relationship(back_populates="service", cascade="all, delete-orphan")

    @classmethod
    def public_criteria(cls):
        """Residents see published services that are still offered, of active organisations."""
        return lambda service: ((service.is_published == true()) & (service.status != ServiceStatus.INACTIVE)
                                & organisation_is_active(service.organisation_id))

    @property
    def has_contact(self) -> bool:
        """Whether the service names a contact person (or at least a way to reach one)."""
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()

    @language_list.setter
    def language_list(self, codes) -> None:
        self.languages = " " + " ".join(dict.fromkeys(codes)) + " "

    @property
    def locations(self) -> list[Location]:
        return [link.location for link in self.service_at_locations]

    @property
    def taxonomy_terms(self) -> list[TaxonomyTerm]:
        return [link.term for link in self.taxonomy_links]

    @property
    def districts(self) -> list[District]:
        return [link.district for link in self.area_links]


class Location(Translated, TenantOwned, Timestamped, db.Model):
    """A place where help is given. A confidential one never shows its address publicly."""

    __tablename__ = "location"
    __table_args__ = (Index("uq_location_name", "organisation_id", "name", unique=True),)  # one name per organisation

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(100))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="SET NULL"))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    is_confidential: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    intake_pl: Mapped[str | None] = mapped_column(Text)
    intake_uk: Mapped[str | None] = mapped_column(Text)
    intake_en: Mapped[str | None] = mapped_column(Text)
    step_free: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    accessible_toilet: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    induction_loop: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    sign_language: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    district: Mapped[District | None] = relationship(lazy="joined")
    confidential_address: Mapped[ConfidentialAddress | None] = relationship(
        back_populates="location", cascade="all, delete-orphan", passive_deletes=True)

    @classmethod
    def public_criteria(cls):
        """Residents see a place that a service or an event they may see takes place at."""
        from app.models.activities import Event

        return lambda location: (
            select(ServiceAtLocation.id).where(ServiceAtLocation.location_id == location.id,
                                               service_is_public(ServiceAtLocation.service_id))
            .correlate_except(ServiceAtLocation).exists()
            | select(Event.id).where(Event.location_id == location.id, Event.is_published == true(),
                                     organisation_is_active(Event.organisation_id)).correlate_except(Event).exists())

    # The address as the organisation and the department edit it: where it is stored depends on confidentiality.
    ADDRESS_FIELDS = ("street", "postal_code", "latitude", "longitude")

    def address(self) -> dict:
        """Street, postal code and coordinates, wherever they are kept (never call it in the public scope)."""
        source = self.confidential_address if self.is_confidential else self
        return {name: getattr(source, name, None) if source is not None else None for name in self.ADDRESS_FIELDS}

    def set_address(self, **values) -> None:
        """Keep the address where its confidentiality says: in the row, or in ``confidential_address``."""
        if self.is_confidential:
            if self.confidential_address is None:
                self.confidential_address = ConfidentialAddress(organisation_id=self.organisation_id)
            target = self.confidential_address
            for name in self.ADDRESS_FIELDS:
                setattr(self, name, None)
        else:
            target = self
            self.confidential_address = None
        for name in self.ADDRESS_FIELDS:
            setattr(target, name, values.get(name))

    @property
    def public_address(self) -> str | None:
        """The address residents may see: none for a confidential place."""
        if self.is_confidential:
            return None
        parts = [self.street, " ".join(p for p in (self.postal_code, self.city) if p)]
        return ", ".join(p for p in parts if p) or None

    @property
    def public_coordinates(self) -> tuple[Decimal, Decimal] | None:
        if self.is_confidential or self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


class ConfidentialAddress(TenantOwned, db.Model):
    """Where a confidential place (a shelter, a protected flat) really is.

    Kept apart from ``location``, whose address columns stay empty for such a place, and with
    nothing public: a query of it in the public scope raises, so no page, feed or export can
    show it by mistake. Only the organisation and the department read it.
    """

    __tablename__ = "confidential_address"

    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), primary_key=True)
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))

    location: Mapped[Location] = relationship(back_populates="confidential_address")


class ServiceAtLocation(TenantOwned, db.Model):
    """A service given at a location."""

    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship(lazy="joined", innerjoin=True)

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda link: service_is_public(link.service_id)


class ServiceTaxonomy(TenantOwned, db.Model):
    """A service's category."""

    __tablename__ = "service_taxonomy"
    __table_args__ = (UniqueConstraint("service_id", "taxonomy_term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    taxonomy_term_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="CASCADE"), index=True)

    service: Mapped[Service] = relationship(back_populates="taxonomy_links")
    term: Mapped[TaxonomyTerm] = relationship(lazy="joined", innerjoin=True)

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda link: service_is_public(link.service_id)


class ServiceArea(TenantOwned, db.Model):
    """A district a service covers."""

    __tablename__ = "service_area"
    __table_args__ = (UniqueConstraint("service_id", "district_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)

    service: Mapped[Service] = relationship(back_populates="area_links")
    district: Mapped[District] = relationship(lazy="joined", innerjoin=True)

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda link: service_is_public(link.service_id)


class Schedule(TenantOwned, db.Model):
    """Weekly opening hours: one row per day and opening (Monday is 0). Times in Europe/Warsaw."""

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    opens_at: Mapped[time] = mapped_column(Time, nullable=False)
    closes_at: Mapped[time] = mapped_column(Time, nullable=False)

    service: Mapped[Service] = relationship(back_populates="schedules")

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda row: service_is_public(row.service_id)


class Closure(Translated, TenantOwned, db.Model):
    """Closed on these dates (holidays, exceptional closures), whatever the weekly hours say."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    note_pl: Mapped[str | None] = mapped_column(String(200))
    note_uk: Mapped[str | None] = mapped_column(String(200))
    note_en: Mapped[str | None] = mapped_column(String(200))

    service: Mapped[Service] = relationship(back_populates="closures")

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda row: service_is_public(row.service_id)


class Phone(Translated, TenantOwned, db.Model):
    """A phone number of a service."""

    __tablename__ = "phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    description_pl: Mapped[str | None] = mapped_column(String(200))
    description_uk: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(String(200))
    is_24h: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    service: Mapped[Service] = relationship(back_populates="phones")

    @classmethod
    def public_criteria(cls):
        """Residents see it with its service."""
        return lambda row: service_is_public(row.service_id)


def organisation_is_active(organisation_id):
    """EXISTS: the organisation is active (residents see nothing of a deactivated one); one primary-key probe."""
    return (select(Organisation.id).where(Organisation.id == organisation_id, Organisation.is_active == true())
            .correlate_except(Organisation).exists())


def service_is_public(service_id):
    """EXISTS: the service with this id is one residents may see (its children are seen with it)."""
    return select(Service.id).where(Service.id == service_id, Service.is_published == true(),
                                    Service.status != ServiceStatus.INACTIVE,
                                    organisation_is_active(Service.organisation_id)).correlate_except(Service).exists()
