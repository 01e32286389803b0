"""The department's own indicators over years and their yearly figures."""

from __future__ import annotations

from decimal import Decimal

from app.models import CityIndicator, IndicatorValue
from tests.factories.base import FactoryBase, id_of


class Indicators(FactoryBase):
    def indicator(self, department, name_pl: str | None = None, *, values: dict[int, str] | None = None,
                  is_public: bool = True, **fields) -> int:
        """An indicator of ``department`` (its id), published by default, with ``values`` as {year: figure}."""
        with self._writing():
            number = self._next()
            fields.setdefault("source_note", "Sprawozdanie OPS")
            indicator = self._add(CityIndicator(organisation_id=id_of(department),
                                                name_pl=name_pl or f"Wskaźnik {number}",
                                                code=fields.pop("code", f"wskaznik-{number}"), is_public=is_public,
                                                **fields))
            for year, figure in (values or {}).items():
                self._add(IndicatorValue(organisation_id=id_of(department), indicator_id=indicator.id, year=year,
                                         value=Decimal(figure)))
            return indicator.id

    def indicator_value(self, department, indicator: int, year: int, figure: str = "10") -> int:
        """A year's figure (its id) of ``indicator``."""
        with self._writing():
            return self._add(IndicatorValue(organisation_id=id_of(department), indicator_id=indicator, year=year,
                                            value=Decimal(figure))).id
