"""Referrals: a capacity unit to refer to, and a referral in any state (sent by one organisation to another's
service or unit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import CapacityUnit, Referral, Service, utcnow
from app.models.capacity import CapacityKindCode
from app.models.referrals import (
    AgeBand,
    ConsentGivenBy,
    ConsentMethod,
    ReferralStatus,
    Urgency,
)
from app.services.referrals.rules import respond_by
from tests.factories.base import FactoryBase, id_of


class Referrals(FactoryBase):
    def referral_unit(self, service: int, name: str | None = None, *, total: int = 4, occupied: int = 0,
                      reserved: int = 0, kind: CapacityKindCode | str = CapacityKindCode.SHELTER_BED,
                      location: int | None = None) -> int:
        """An active capacity unit (its id) of the service's organisation, at ``location`` (a new place by
        default)."""
        with self._writing():
            row = db.session.execute(select(Service).where(Service.id == service)).scalar_one()
            organisation = row.organisation_id
        place = location or self.location(organisation, f"Miejsce {self._next()}")  # type: ignore[attr-defined]
        with self._writing():
            return self._add(CapacityUnit(organisation_id=organisation, name=name or f"Jednostka {self._next()}",
                                          kind=CapacityKindCode(kind), service_id=service, location_id=place,
                                          total=total, occupied=occupied, reserved=reserved)).id

    def referral(self, sender, service: int, *, unit: int | None = None, status: ReferralStatus | str = "sent",
                 urgency: Urgency | str = Urgency.URGENT, sent_at: datetime | None = None,
                 closed_at: datetime | None = None, case_code: str = "MOPS-2026/1", **fields) -> int:
        """A referral (its id) from ``sender`` to the service (and unit), in ``status``; sent now by default."""
        with self._writing():
            row = db.session.execute(select(Service).where(Service.id == service)).scalar_one()
            sent = sent_at or utcnow()
            urgency = Urgency(urgency)
            year = sent.year
            count = db.session.execute(select(func.count(Referral.id))).scalar_one()
            referral = Referral(
                organisation_id=row.organisation_id, referring_organisation_id=id_of(sender),
                reference=f"S/{year}/{count + 1:06d}", service_id=service, capacity_unit_id=unit,
                status=ReferralStatus(status), urgency=urgency, case_code=case_code, age_band=AgeBand.AGE_26_59,
                with_children=False, consent_given_by=ConsentGivenBy.PERSON, consent_method=ConsentMethod.ORAL,
                consent_at=sent - timedelta(minutes=5), contact_name="Anna Pracownik", contact_phone="32 100 20 30",
                sent_at=sent, respond_by=respond_by(sent, urgency), closed_at=closed_at, **fields)
            referral.need_list = ["shelter"]
            return self._add(referral).id
