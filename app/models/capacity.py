"""Capacity: the places an organisation keeps (shelter beds, crisis-hotel places, protected flats, day-club places)
and how many of them are free now.

A ``CapacityUnit`` belongs to the organisation that runs it and is linked to one of its directory services
and locations. Its counts are stored as they stand now — ``total`` places, ``occupied``, ``reserved`` by an
accepted referral, ``out_of_service`` (a broken bed, a flat under repair, with the reason) — so that free
places are ``total − occupied − reserved − out_of_service``, never below zero (a check constraint is the last
wall under the services' rules). Every change is kept as an ``OccupancyUpdate`` with its time and author, and
each day's highest and last occupancy as an ``OccupancyDay`` (Europe/Warsaw days), so that the department's
chart and a contract's place-days are read from one row per unit and day rather than from every update.

Built-in kinds are the ``CapacityKindCode`` values; the department may define more as ``CapacityKind`` rows
(a unit of such a kind has ``kind = OTHER`` and names its ``custom_kind``).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.directory import Location, Service, Translated, service_is_public

STALE_HOURS = 24  # a unit whose counts nobody confirmed for this long is stale


class CapacityKindCode(enum.StrEnum):
    """What kind of places a unit keeps; OTHER names a kind the department defined."""

    PROTECTED_FLAT = "protected_flat"
    SHELTER_BED = "shelter_bed"
    CRISIS_HOTEL = "crisis_hotel"
    NIGHT_SHELTER = "night_shelter"
    DAY_CLUB = "day_club"
    SOCIAL_WELFARE_HOME = "social_welfare_home"
    OTHER = "other"


class CountedBy(enum.StrEnum):
    """A unit's places are beds (a shelter) or rooms (a protected flat for a family)."""

    BED = "bed"
    ROOM = "room"


class Serves(enum.StrEnum):
    """Who a unit's places are for."""

    WOMEN = "women"
    MEN = "men"
    MOTHERS_WITH_CHILDREN = "mothers_with_children"
    FAMILIES = "families"
    YOUTH = "youth"
    SENIORS = "seniors"
    WHEELCHAIR_USERS = "wheelchair_users"


class PublicAvailability(enum.StrEnum):
    """What residents see of a unit's free places: the number, a coarse word, or nothing."""

    EXACT = "exact"
    COARSE = "coarse"
    HIDDEN = "hidden"


class OccupancyChange(enum.StrEnum):
    """What an occupancy update did."""

    PLUS = "plus"  # one more place taken
    MINUS = "minus"  # one place freed
    SET = "set"  # the occupied count set after a head count
    CONFIRMED = "confirmed"  # counted again: nothing changed, but the count is fresh
    OUT_OF_SERVICE = "out_of_service"  # places taken out of (or back into) service
    TOTAL = "total"  # the unit's number of places changed
    RESERVED = "reserved"  # an accepted referral holds a place
    RELEASED = "released"  # a reservation ended without the person arriving
    ARRIVED = "arrived"  # the referred person arrived: the reserved place is now occupied


class CapacityKind(Translated, Timestamped, db.Model):
    """A kind of places the department defined beyond the built-in ones (e.g. "hostel for women in crisis")."""

    __tablename__ = "capacity_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    label_pl: Mapped[str] = mapped_column(String(120), nullable=False)
    label_uk: Mapped[str | None] = mapped_column(String(120))
    label_en: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class CapacityUnit(TenantOwned, Timestamped, db.Model):
    """A set of places of one kind at one location, run by one organisation for one of its services."""

    __tablename__ = "capacity_unit"
    __table_args__ = (
        Index("uq_capacity_unit_name", "organisation_id", "name", unique=True),
        CheckConstraint("total >= 0 AND occupied >= 0 AND reserved >= 0 AND out_of_service >= 0",
                        name="capacity_counts_not_negative"),
        CheckConstraint("occupied + reserved + out_of_service <= total", name="capacity_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[CapacityKindCode] = mapped_column(string_enum(CapacityKindCode, "capacity_kind_code"),
                                                   nullable=False, index=True)
    custom_kind_id: Mapped[int | None] = mapped_column(ForeignKey("capacity_kind.id", ondelete="RESTRICT"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), nullable=False,
                                             index=True)
    counted_by: Mapped[CountedBy] = mapped_column(string_enum(CountedBy, "counted_by"), default=CountedBy.BED,
                                                  nullable=False)
    # Space-delimited Serves codes (" women mothers_with_children "), filtered with a portable LIKE.
    serves: Mapped[str] = mapped_column(String(200), default=" ", nullable=False)
    total: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    occupied: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    reserved: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    out_of_service: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    out_of_service_reason: Mapped[str | None] = mapped_column(String(300))
    public_availability: Mapped[PublicAvailability] = mapped_column(
        string_enum(PublicAvailability, "public_availability"), default=PublicAvailability.COARSE, nullable=False)
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    counted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    custom_kind: Mapped[CapacityKind | None] = relationship(lazy="joined")
    service: Mapped[Service] = relationship()
    location: Mapped[Location] = relationship()
    counted_by_user = relationship("User", foreign_keys=[counted_by_id])

    @classmethod
    def public_criteria(cls):
        """Residents see a unit that is in use and not hidden, with its public service."""
        return lambda unit: ((unit.is_active == true()) & (unit.public_availability != PublicAvailability.HIDDEN)
                             & service_is_public(unit.service_id))

    @property
    def serves_list(self) -> list[str]:
        return self.serves.split()

    @serves_list.setter
    def serves_list(self, codes) -> None:
        self.serves = " " + " ".join(dict.fromkeys(codes)) + " "

    @property
    def in_service(self) -> int:
        """Places that can be used at all (the total less those out of service)."""
        return self.total - self.out_of_service

    @property
    def free(self) -> int:
        """Places free now: neither occupied, nor held for an accepted referral, nor out of service."""
        return max(self.total - self.occupied - self.reserved - self.out_of_service, 0)

    def is_stale(self, now: datetime) -> bool:
        """Nobody has confirmed the counts for ``STALE_HOURS`` hours."""
        return (now - self.counted_at).total_seconds() > STALE_HOURS * 3600


class OccupancyUpdate(TenantOwned, db.Model):
    """One change of a unit's counts — what was done, by whom, when, and the counts after it."""

    __tablename__ = "occupancy_update"
    __table_args__ = (Index("ix_occupancy_update_unit_at", "unit_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("capacity_unit.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    change: Mapped[OccupancyChange] = mapped_column(string_enum(OccupancyChange, "occupancy_change"),
                                                    nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    occupied: Mapped[int] = mapped_column(Integer, nullable=False)
    reserved: Mapped[int] = mapped_column(Integer, nullable=False)
    out_of_service: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))  # why places went out of service

    unit: Mapped[CapacityUnit] = relationship()
    author = relationship("User", foreign_keys=[author_id])


class OccupancyDay(TenantOwned, db.Model):
    """A unit's day (Europe/Warsaw): the highest occupancy, and the counts as the day ended (or stand now)."""

    __tablename__ = "occupancy_day"

    unit_id: Mapped[int] = mapped_column(ForeignKey("capacity_unit.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    occupied_max: Mapped[int] = mapped_column(Integer, nullable=False)
    occupied_last: Mapped[int] = mapped_column(Integer, nullable=False)
    in_service_last: Mapped[int] = mapped_column(Integer, nullable=False)  # total less out of service

    unit: Mapped[CapacityUnit] = relationship()
