"""The dashboards' figures as tables (for the page and its CSV/XLSX downloads), charts and text summaries.

Each builder turns a service's plain figures into ``app.table_export.Table`` objects named by a slug (the table's
id on the page and the ``table`` argument of its download); ``*_charts`` draw the matching charts, each beside its
table, with a text summary in words.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal, ngettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.charts import Series, bar_chart
from app.i18n import money
from app.labels import AGREEMENT_STATUS_LABELS, FUNDING_SOURCE_LABELS, GROUP_LABELS
from app.models.reports import FigureKind
from app.services.reports.dashboard import Beneficiaries, Dashboard, OrganisationDashboard, TargetRow
from app.services.reports.figures import AGE_BANDS, DISTRICT_OUTSIDE, GROUPS, SEXES
from app.services.reports.public_results import PublicResults
from app.services.reports.schedule import DueState
from app.table_export import Column, Table

DUE_STATE_LABELS = {
    DueState.OVERDUE: _l("Overdue"),
    DueState.SOON: _l("Due within 14 days"),
    DueState.UPCOMING: _l("Due later"),
    DueState.IN_REVIEW: _l("Waiting for review"),
    DueState.ACCEPTED: _l("Accepted"),
}
AGE_LABELS = {"0_6": _l("0–6 years"), "7_17": _l("7–17 years"), "18_29": _l("18–29 years"),
              "30_59": _l("30–59 years"), "60_plus": _l("60 years and over"), "not_known": _l("Age not known")}
SEX_LABELS = {"women": _l("Women"), "men": _l("Men"), "not_given": _l("Not given")}
CHART_ROWS = 12  # a chart shows at most this many bars per series (the table beside it has them all)


def _axis_currency() -> str:
    """The currency on a chart's axis as the reader writes it (zł, зл, PLN)."""
    return pgettext("currency on a chart axis", "zł")


def _f(value) -> float | None:
    return None if value is None else float(value)


# -- shared tables -----------------------------------------------------------------------------------------------

def targets_table(rows: list[TargetRow], *, by_year: bool = False, name: str = "targets") -> Table:
    """Targets of the same name and unit summed across agreements, beside the latest accepted reports' actuals."""
    columns = ([Column("year", _("Year"))] if by_year else []) + [
        Column("name", _("Result")), Column("unit", _("Unit")), Column("target", _("Target (sum)"), "number"),
        Column("actual", _("Achieved (sum of accepted reports)"), "number"),
        Column("share", _("Achieved of the targets of the agreements that reported"), "percent"),
        Column("agreements", _("Agreements with this target"), "int"),
        Column("reported", _("Agreements that reported"), "int")]
    return Table(name=name, caption=_("Targets and what was achieved"), columns=columns,
                 rows=[{"year": str(row.year) if row.year else None, "name": row.name, "unit": row.unit,
                        "target": row.target, "actual": row.actual if row.reported else None, "share": row.share,
                        "agreements": row.agreements, "reported": row.reported} for row in rows])


def _people_rows(people: Beneficiaries, kind: FigureKind, keys, label) -> list[dict]:
    found = people.by_kind[kind]
    ordered = [key for key in keys if key in found] + sorted(key for key in found if key not in keys)
    return [{"key": str(label(key)), "people": found[key][0], "agreements": found[key][1]} for key in ordered]


def _district_label(people: Beneficiaries):
    def label(key: str) -> str:
        if key == DISTRICT_OUTSIDE:
            return _("From outside the city")
        return people.district_names.get(key) or _("District no longer listed")
    return label


def people_tables(people: Beneficiaries, *, with_ages: bool = True) -> list[Table]:
    """Beneficiaries by group and district (and age band and sex) of the latest accepted reports."""
    def table(name, caption, heading, rows):
        return Table(name=name, caption=caption,
                     columns=[Column("key", heading), Column("people", _("People"), "number"),
                              Column("agreements", _("Agreements that reported"), "int")], rows=rows)

    tables = [table("people-groups", _("People reached by group"), _("Group"),
                    _people_rows(people, FigureKind.GROUP, GROUPS, lambda key: GROUP_LABELS.get(key, key))),
              table("people-districts", _("People reached by district"), _("District"),
                    _people_rows(people, FigureKind.DISTRICT,
                                 [*sorted(people.district_names, key=lambda key: people.district_names[key]),
                                  DISTRICT_OUTSIDE], _district_label(people)))]
    if with_ages:
        tables += [table("people-ages", _("People reached by age"), _("Age"),
                         _people_rows(people, FigureKind.AGE, AGE_BANDS, lambda key: AGE_LABELS.get(key, key))),
                   table("people-sexes", _("People reached by sex"), _("Sex"),
                         _people_rows(people, FigureKind.SEX, SEXES, lambda key: SEX_LABELS.get(key, key)))]
    return tables


def _targets_chart(rows: list[TargetRow]) -> str:
    reported = [row for row in rows if row.share is not None]
    shown = sorted(reported, key=lambda row: -row.target_reported)[:CHART_ROWS]
    if not shown:
        return ""
    labels = [f"{row.name} ({row.unit})" if row.unit else row.name for row in shown]
    met = sum(1 for row in reported if row.share >= 100)
    summary = ngettext("%(num)d result of %(all)d reported reached its target in the accepted reports.",
                       "%(num)d results of %(all)d reported reached their targets in the accepted reports.",
                       met, all=len(reported))
    return bar_chart(title=_("Targets and what was achieved"), labels=labels,
                     series=[Series(_("Target"), [_f(row.target_reported) for row in shown]),
                             Series(_("Achieved"), [_f(row.actual) for row in shown])], summary=summary)


def _groups_chart(people: Beneficiaries) -> str:
    rows = [row for row in _people_rows(people, FigureKind.GROUP, GROUPS, lambda key: GROUP_LABELS.get(key, key))
            if row["people"] is not None][:CHART_ROWS]
    if not rows:
        return ""
    top = max(rows, key=lambda row: row["people"])
    summary = _("Most people reached were in the group “%(group)s”: %(count)s.", group=top["key"],
                count=_number(top["people"]))
    return bar_chart(title=_("People reached by group"), labels=[row["key"] for row in rows],
                     series=[Series(_("People"), [_f(row["people"]) for row in rows])], summary=summary)


def _number(value: Decimal) -> str:
    return format_decimal(value.normalize() if isinstance(value, Decimal) else value)


# -- the department's dashboard ----------------------------------------------------------------------------------

def dashboard_tables(data: Dashboard) -> list[Table]:
    """Every table of the department's dashboard, in the page's order."""
    budget = Table(name="budget", caption=_("Budget by funding source"),
                   columns=[Column("source", _("Funding source")), Column("planned", _("Planned"), "money"),
                            Column("committed", _("Committed in agreements"), "money"),
                            Column("paid", pgettext("money", "Paid"), "money")],
                   rows=[{"source": str(FUNDING_SOURCE_LABELS[row.source]), "planned": row.planned,
                          "committed": row.committed, "paid": row.paid} for row in data.budget],
                   totals={"planned": sum((row.planned for row in data.budget), Decimal()),
                           "committed": sum((row.committed for row in data.budget), Decimal()),
                           "paid": sum((row.paid for row in data.budget), Decimal())})
    statuses = Table(name="agreements", caption=_("Agreements by status"),
                     columns=[Column("status", _("Status")), Column("count", _("Agreements"), "int"),
                              Column("value", _("Value"), "money")],
                     rows=[{"status": str(AGREEMENT_STATUS_LABELS[row.status]), "count": row.count,
                            "value": row.value} for row in data.statuses],
                     totals={"count": data.agreement_count,
                             "value": sum((row.value for row in data.statuses), Decimal())})
    reports = Table(name="reports", caption=_("Reports due by state"),
                    columns=[Column("state", _("State")), Column("partial", _("Partial reports"), "int"),
                             Column("final", _("Final reports"), "int"),
                             Column("total", pgettext("outcome reports", "All reports"), "int")],
                    rows=[{"state": str(DUE_STATE_LABELS[row.state]), "partial": row.partial, "final": row.final,
                           "total": row.total} for row in data.reports],
                    totals={"partial": sum(row.partial for row in data.reports),
                            "final": sum(row.final for row in data.reports),
                            "total": sum(row.total for row in data.reports)})
    return [budget, statuses, reports, targets_table(data.targets), *people_tables(data.people)]


def dashboard_charts(data: Dashboard) -> dict[str, str]:
    """{table name: the chart drawn beside it}."""
    charts = {}
    if data.budget:
        labels = [str(FUNDING_SOURCE_LABELS[row.source]) for row in data.budget]
        planned = sum((row.planned for row in data.budget), Decimal())
        paid = sum((row.paid for row in data.budget), Decimal())
        charts["budget"] = bar_chart(
            title=_("Budget by funding source"), labels=labels, unit=_axis_currency(),
            series=[Series(_("Planned"), [_f(row.planned) for row in data.budget]),
                    Series(_("Committed"), [_f(row.committed) for row in data.budget]),
                    Series(pgettext("money", "Paid"), [_f(row.paid) for row in data.budget])],
            summary=_("Planned %(planned)s, paid %(paid)s.", planned=money(planned), paid=money(paid)))
    if any(row.total for row in data.reports):
        overdue = next(row.total for row in data.reports if row.state == DueState.OVERDUE)
        charts["reports"] = bar_chart(
            title=_("Reports due by state"), labels=[str(DUE_STATE_LABELS[row.state]) for row in data.reports],
            series=[Series(_("Partial reports"), [row.partial for row in data.reports]),
                    Series(_("Final reports"), [row.final for row in data.reports])], stacked=True,
            summary=ngettext("%(num)d report is overdue.", "%(num)d reports are overdue.", overdue))
    charts["targets"] = _targets_chart(data.targets)
    charts["people-groups"] = _groups_chart(data.people)
    return {name: chart for name, chart in charts.items() if chart}


def dashboard_summary(data: Dashboard) -> list[str]:
    """The dashboard in a few sentences."""
    planned = sum((row.planned for row in data.budget), Decimal())
    committed = sum((row.committed for row in data.budget), Decimal())
    paid = sum((row.paid for row in data.budget), Decimal())
    states = {row.state: row.total for row in data.reports}
    return [
        ngettext("%(num)d agreement.", "%(num)d agreements.", data.agreement_count),
        _("Budget planned %(planned)s, committed in agreements %(committed)s, paid %(paid)s.",
          planned=money(planned), committed=money(committed), paid=money(paid)),
        _("Reports: %(overdue)d overdue, %(review)d waiting for review, %(accepted)d accepted.",
          overdue=states.get(DueState.OVERDUE, 0), review=states.get(DueState.IN_REVIEW, 0),
          accepted=states.get(DueState.ACCEPTED, 0)),
        _people_sentence(data.people),
    ]


# -- one organisation ---------------------------------------------------------------------------------------------

def organisation_tables(data: OrganisationDashboard) -> list[Table]:
    years = Table(name="years", caption=_("Agreements by year"),
                  columns=[Column("year", _("Year")), Column("count", _("Agreements"), "int"),
                           Column("value", _("Value"), "money"), Column("paid", pgettext("money", "Paid"), "money")],
                  rows=[{"year": str(row.year), "count": row.count, "value": row.value, "paid": row.paid}
                        for row in data.years],
                  totals={"count": sum(row.count for row in data.years),
                          "value": sum((row.value for row in data.years), Decimal()),
                          "paid": sum((row.paid for row in data.years), Decimal())})
    punctuality = Table(name="punctuality", caption=_("Reports on time, by the year they were due"),
                        columns=[Column("year", _("Year")), Column("on_time", _("On time"), "int"),
                                 Column("late", _("Late"), "int"),
                                 Column("missing", _("Overdue, not submitted"), "int")],
                        rows=[{"year": str(row.year), "on_time": row.on_time, "late": row.late, "missing": row.missing}
                              for row in data.punctuality],
                        totals={"on_time": sum(row.on_time for row in data.punctuality),
                                "late": sum(row.late for row in data.punctuality),
                                "missing": sum(row.missing for row in data.punctuality)})
    return [years, punctuality, targets_table(data.results, by_year=True)]


def organisation_charts(data: OrganisationDashboard) -> dict[str, str]:
    charts = {}
    if data.years:
        ordered = list(reversed(data.years))
        charts["years"] = bar_chart(
            title=_("Agreements by year"), labels=[str(row.year) for row in ordered], unit=_axis_currency(),
            series=[Series(_("Value"), [_f(row.value) for row in ordered]),
                    Series(pgettext("money", "Paid"), [_f(row.paid) for row in ordered])],
            summary=_("Value and payments of the organisation's agreements from %(first)d to %(last)d.",
                      first=ordered[0].year, last=ordered[-1].year))
    if data.punctuality:
        ordered = list(reversed(data.punctuality))
        late = sum(row.late + row.missing for row in ordered)
        charts["punctuality"] = bar_chart(
            title=_("Reports on time, by the year they were due"), labels=[str(row.year) for row in ordered],
            stacked=True, series=[Series(_("On time"), [row.on_time for row in ordered]),
                                  Series(_("Late"), [row.late for row in ordered]),
                                  Series(_("Overdue, not submitted"), [row.missing for row in ordered])],
            summary=ngettext("%(num)d report came late or is overdue.", "%(num)d reports came late or are overdue.",
                             late))
    return charts


# -- the public results page ---------------------------------------------------------------------------------------

def public_tables(data: PublicResults) -> list[Table]:
    money_table = Table(name="money", caption=_("Money by programme"),
                        columns=[Column("programme", _("Programme")), Column("agreements", _("Agreements"), "int"),
                                 Column("contracted", pgettext("money", "Contracted"), "money"),
                                 Column("paid", pgettext("money", "Paid"), "money")],
                        rows=[{"programme": row.name, "agreements": row.agreements, "contracted": row.contracted,
                               "paid": row.paid} for row in data.money],
                        totals={"agreements": data.agreements, "contracted": data.contracted, "paid": data.paid})
    return [money_table, targets_table(data.targets), *people_tables(data.people, with_ages=False)]


def public_charts(data: PublicResults) -> dict[str, str]:
    charts = {}
    if data.money:
        shown = data.money[:CHART_ROWS]
        charts["money"] = bar_chart(
            title=_("Money by programme"), labels=[row.name for row in shown], unit=_axis_currency(),
            series=[Series(pgettext("money", "Contracted"), [_f(row.contracted) for row in shown]),
                    Series(pgettext("money", "Paid"), [_f(row.paid) for row in shown])],
            summary=_("Contracted %(contracted)s, paid %(paid)s.", contracted=money(data.contracted),
                      paid=money(data.paid)))
    charts["targets"] = _targets_chart(data.targets)
    charts["people-groups"] = _groups_chart(data.people)
    return {name: chart for name, chart in charts.items() if chart}


def _people_sentence(people: Beneficiaries) -> str:
    """How many people the latest accepted reports count, in how many agreements (each part in its plural)."""
    reached = ngettext("The latest accepted reports count %(people)s person reached",
                       "The latest accepted reports count %(people)s people reached",
                       int(people.total or 0), people=_number(people.total))
    where = ngettext("in %(num)d agreement.", "in %(num)d agreements.", people.reported)
    return f"{reached}, {where}"


def public_summary(data: PublicResults) -> list[str]:
    return [
        ngettext("%(num)d signed agreement: contracted %(contracted)s, paid %(paid)s.",
                 "%(num)d signed agreements: contracted %(contracted)s, paid %(paid)s.", data.agreements,
                 contracted=money(data.contracted), paid=money(data.paid)),
        _people_sentence(data.people),
    ]
