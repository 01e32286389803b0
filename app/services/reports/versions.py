"""The data version of outcome reports and their figures: what the dashboards' and the results page's kept parts
hang on (with the agreements' version, ``app.services.agreements.versions``)."""

from __future__ import annotations

from app import data_versions
from app.models.reports import Report, ReportFigure, ReportVersion

REPORTS = "reports"

data_versions.watch(REPORTS, Report, ReportVersion, ReportFigure)


def version() -> int:
    """The version of the reports and their figures as this request sees them."""
    return data_versions.current(REPORTS)
