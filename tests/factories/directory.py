"""The directory: districts and categories (the department's), services and locations (an organisation's)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal

from app.models import (
    Closure,
    District,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from app.services.directory.index import refresh_search_text
from tests.factories.base import FactoryBase, id_of

HOURS = tuple[int, time, time]  # (weekday, opens, closes); Monday is 0
CLOSURE = tuple[date, date] | tuple[date, date, str]  # (starts_on, ends_on[, note_pl])


class Directory(FactoryBase):
    def district(self, code: str | None = None, name: str | None = None, *, latitude="50.297",
                 longitude="18.954", position: int = 0) -> int:
        """A district of the city (its id)."""
        n = self._next()
        with self._writing():
            return self._add(District(code=code or f"dzielnica-{n}", name=name or f"Dzielnica {n}",
                                      latitude=Decimal(str(latitude)), longitude=Decimal(str(longitude)),
                                      position=position)).id

    def term(self, code: str | None = None, label_pl: str | None = None, *, parent: int | None = None,
             **fields) -> int:
        """A category of help (its id); ``fields``: labels and synonyms in other languages, ``is_crisis``…"""
        n = self._next()
        with self._writing():
            return self._add(TaxonomyTerm(code=code or f"kategoria-{n}", label_pl=label_pl or f"Kategoria {n}",
                                          parent_id=parent, **fields)).id

    def location(self, organisation, name: str | None = None, *, street: str | None = None,
                 postal_code: str | None = None, latitude=None, longitude=None, city: str | None = "Miasto Demo",
                 district: int | None = None, is_confidential: bool = False, **fields) -> int:
        """A place of the organisation (its id).

        The address goes through ``Location.set_address``: a confidential place keeps it in its
        ``confidential_address``, never in the location row, as the editor does.
        """
        with self._writing():
            place = Location(organisation_id=id_of(organisation), name=name or f"Punkt {self._next()}", city=city,
                             district_id=district, is_confidential=is_confidential, **fields)
            place.set_address(street=street, postal_code=postal_code,
                              latitude=None if latitude is None else Decimal(str(latitude)),
                              longitude=None if longitude is None else Decimal(str(longitude)))
            return self._add(place).id

    def service(self, organisation, name_pl: str | None = None, *, description_pl: str | None = None,
                phones: Iterable[str | dict] = (), hours: Iterable[HOURS] = (), closures: Iterable[CLOSURE] = (),
                categories: Iterable[int] = (), districts: Iterable[int] = (), places: Iterable[int] = (),
                index: bool = True, **fields) -> int:
        """A published service of the organisation (its id), indexed for search unless ``index=False``.

        ``phones`` are numbers, or dicts of a phone's columns (``is_24h``…); ``hours`` (weekday, opens,
        closes); ``closures`` (starts_on, ends_on[, note_pl]); ``categories``, ``districts`` and
        ``places`` the ids of terms, districts and locations; ``fields`` any other column
        (``is_published=False``, ``audience_pl``…).
        """
        name_pl = name_pl or f"Usługa testowa {self._next()}"
        with self._writing():
            own = {"organisation_id": id_of(organisation)}
            service = Service(**own, name_pl=name_pl, description_pl=description_pl or f"Opis: {name_pl}.",
                              **fields)
            service.phones = [Phone(**own, position=i, **({"number": phone} if isinstance(phone, str) else phone))
                              for i, phone in enumerate(phones)]
            service.schedules = [Schedule(**own, weekday=day, opens_at=opens, closes_at=closes)
                                 for day, opens, closes in hours]
            service.closures = [Closure(**own, starts_on=c[0], ends_on=c[1], note_pl=c[2] if len(c) > 2 else None)
                                for c in closures]
            service.taxonomy_links = [ServiceTaxonomy(**own, taxonomy_term_id=term) for term in categories]
            service.area_links = [ServiceArea(**own, district_id=district) for district in districts]
            service.service_at_locations = [ServiceAtLocation(**own, location_id=place) for place in places]
            self._add(service)
            if index:
                refresh_search_text(service)
            return service.id
