"""The figures of a report that add up across agreements, and their keys.

Written as ``ReportFigure`` rows for the report's latest submitted version (replaced on each submission);
``accepted`` is set when the department accepts it. Dashboards add up the figures of each agreement's
latest accepted report (a final report covers the whole task, a partial one the time to its date).
"""

from __future__ import annotations

from app.models.directory import TargetGroup

# Beneficiaries, counted in aggregate only.
PEOPLE_TOTAL = "total"
AGE_BANDS = ("0_6", "7_17", "18_29", "30_59", "60_plus", "not_known")
SEXES = ("women", "men", "not_given")
DISTRICT_OUTSIDE = "outside"  # people from outside the city; other keys are district ids
GROUPS = tuple(group.value for group in TargetGroup)
# Where the money spent came from (the statutory report's sources).
SOURCES = ("grant", "own_financial", "own_in_kind", "recipients", "other")
INCOME_TOTAL = "total"
UNITS_DELIVERED = "delivered"
