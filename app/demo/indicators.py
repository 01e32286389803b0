"""The demo city's own indicators over years (app/demo/data/indicators.json).

The figures are the seed documents', never made up: monitored families (76 in 2007, 63 in 2009, 57 in 2010, 43
in 2011) and children placed in care (15 in 2007, 8 in 2009, 6 in 2011) from the Dzierżoniów social-welfare
centre's description of its work (2012), and the two protected flats of the crisis-intervention centre from
Chorzów's review of 1990–2014; each source note names its document and the years it leaves out. Two indicators
the seeds give no figures for (people in shelters, interventions of the crisis-intervention centre) are kept
unpublished and empty, their notes saying so. Idempotent: an indicator is found by its code, a figure by its year.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.demo.content import read, translated
from app.extensions import db
from app.models import CityIndicator, IndicatorValue, Organisation


def load_indicators(department: Organisation) -> dict[str, int]:
    """The demo indicators of ``department`` and their figures; returns how many of each were created."""
    created = {"indicators": 0, "indicator_values": 0}
    for spec in read("indicators"):
        indicator = db.session.execute(select(CityIndicator).where(
            CityIndicator.organisation_id == department.id, CityIndicator.code == spec["code"])).scalar_one_or_none()
        if indicator is None:
            indicator = CityIndicator(organisation_id=department.id, code=spec["code"], position=spec["position"],
                                      is_public=spec["is_public"], source_note=spec["source_note"],
                                      **translated("name", spec["name"]), **translated("unit", spec["unit"]))
            db.session.add(indicator)
            db.session.flush()
            created["indicators"] += 1
        recorded = {value.year for value in indicator.values}
        for value in spec["values"]:
            if value["year"] in recorded:
                continue
            indicator.values.append(IndicatorValue(organisation_id=department.id, year=value["year"],
                                                   value=Decimal(value["value"]), note=value.get("note")))
            created["indicator_values"] += 1
    db.session.flush()
    return created
