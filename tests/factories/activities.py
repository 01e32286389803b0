"""Activities: events and volunteering opportunities of an organisation."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.models import Event, EventKind, VolunteerOpportunity, utcnow
from tests.factories.base import FactoryBase, id_of


class Activities(FactoryBase):
    def event(self, organisation, title_pl: str | None = None, *, kind: EventKind | str = EventKind.SUPPORT_GROUP,
              starts_at: datetime | None = None, ends_at: datetime | None = None, location: int | None = None,
              service: int | None = None, **fields) -> int:
        """A published event of the organisation (its id): by default in two days, for two hours.

        ``location`` and ``service`` are ids; ``fields`` any other column (``recurrence``, ``place_pl``…).
        """
        title_pl = title_pl or f"Grupa wsparcia {self._next()}"
        starts_at = starts_at or utcnow().replace(microsecond=0) + timedelta(days=2)
        with self._writing():
            return self._add(Event(
                organisation_id=id_of(organisation), kind=EventKind(kind), title_pl=title_pl,
                description_pl=fields.pop("description_pl", f"Opis: {title_pl}."), starts_at=starts_at,
                ends_at=ends_at or starts_at + timedelta(hours=2), location_id=location, service_id=service,
                **fields)).id

    def opportunity(self, organisation, title_pl: str | None = None, *, district: int | None = None,
                    **fields) -> int:
        """A published, ongoing volunteering opportunity of the organisation (its id)."""
        title_pl = title_pl or f"Wolontariat {self._next()}"
        with self._writing():
            return self._add(VolunteerOpportunity(
                organisation_id=id_of(organisation), title_pl=title_pl,
                description_pl=fields.pop("description_pl", f"Opis: {title_pl}."), district_id=district,
                **fields)).id
