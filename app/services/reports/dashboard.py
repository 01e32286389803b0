"""What the money achieved: the department's dashboard per programme and year, and one organisation's over years.

Everything is added up in grouped queries — a page costs the same handful of statements for 3 agreements or
3,000 (tests/functional/test_dashboards.py counts them). Read in the caller's scope: the department's console
reads every organisation's agreements (``department_scope``).

The agreements a dashboard covers are those the filters select: running in the **year** (their period, up to
the termination date of an agreement ended early, overlaps it — as the register's year filter), of the
**programme**, carried out in the **district** (the agreement's district), delivered by a directory service of
the **category** (the taxonomy term or one of its sub-terms). Every filter is optional.

- Budget by funding source: planned (the budget lines of the year), committed (what agreements paid from those
  lines contract — a terminated one only what was approved or paid) and paid (paid tranches less what came back).
  Budget lines have no district or category: with those filters, planned is the programme's whole.
- Agreements by status, with their value.
- Reports due by the reporting schedule's states (``app.services.reports.schedule.state_of``, in SQL).
- Targets vs actuals: targets of the same name and unit summed across agreements; the actuals are the figures of
  each agreement's **latest accepted report** (its final report when accepted, else the accepted partial report due
  last), with how many agreements reported.
- Beneficiaries of the same reports by group, district, age band and sex, and in all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, and_, case, cast, func, or_, select

from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementService,
    AgreementStatus,
    AgreementTarget,
    BudgetLine,
    District,
    FundingSource,
    Organisation,
    Programme,
    Refund,
    ReportDue,
    ReportKind,
    ServiceTaxonomy,
    TaxonomyTerm,
    Tranche,
    TrancheState,
)
from app.models.reports import FigureKind, Report, ReportFigure, ReportStatus, ReportVersion
from app.services.reports.schedule import REPORTING, DueState, asked_sql, state_sql

ZERO = Decimal("0.00")
BENEFICIARY_KINDS = (FigureKind.PEOPLE, FigureKind.GROUP, FigureKind.DISTRICT, FigureKind.AGE, FigureKind.SEX)
MONEY_STATES = (TrancheState.APPROVED, TrancheState.PAID)


def _d(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class DashboardFilter:
    """What the dashboard is narrowed to (None: any)."""

    year: int | None = None
    programme_id: int | None = None
    district_id: int | None = None
    category_id: int | None = None
    organisation_id: int | None = None
    signed_only: bool = False  # the public page: signed agreements only


# -- the selection -----------------------------------------------------------------------------------------------

def _last_day():
    """The last day an agreement runs (SQL): its termination date if it was ended early, else its end date."""
    early = and_(Agreement.status == AgreementStatus.TERMINATED, Agreement.terminated_on.is_not(None),
                 Agreement.terminated_on < Agreement.ends_on)
    return case((early, Agreement.terminated_on), else_=Agreement.ends_on)


def category_terms(category_id: int):
    """The ids of a taxonomy term and its sub-terms (two levels below; a select)."""
    children = select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == category_id)
    grandchildren = select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id.in_(children))
    return select(TaxonomyTerm.id).where(or_(TaxonomyTerm.id == category_id, TaxonomyTerm.id.in_(children),
                                             TaxonomyTerm.id.in_(grandchildren)))


def selected(chosen: DashboardFilter, *, with_year: bool = True):
    """The ids of the agreements ``chosen`` selects (a select, for ``in_``)."""
    statement = select(Agreement.id)
    if chosen.signed_only:
        statement = statement.where(Agreement.status.in_(REPORTING))
    if with_year and chosen.year is not None:
        statement = statement.where(Agreement.starts_on <= date(chosen.year, 12, 31),
                                    _last_day() >= date(chosen.year, 1, 1))
    if chosen.programme_id is not None:
        statement = statement.where(Agreement.programme_id == chosen.programme_id)
    if chosen.organisation_id is not None:
        statement = statement.where(Agreement.organisation_id == chosen.organisation_id)
    if chosen.district_id is not None:
        statement = statement.where(Agreement.district_id == chosen.district_id)
    if chosen.category_id is not None:
        statement = statement.where(Agreement.id.in_(
            select(AgreementService.agreement_id)
            .join(ServiceTaxonomy, ServiceTaxonomy.service_id == AgreementService.service_id)
            .where(ServiceTaxonomy.taxonomy_term_id.in_(category_terms(chosen.category_id)))))
    return statement


def latest_accepted_reports(agreement_ids):
    """A subquery of (report_id, agreement_id): each agreement's latest accepted report — the final one when it is
    accepted, else the accepted partial report due last."""
    rank = func.row_number().over(
        partition_by=Report.agreement_id,
        order_by=(case((ReportDue.kind == ReportKind.FINAL, 0), else_=1), ReportDue.due_on.desc(), Report.id.desc()))
    ranked = (select(Report.id.label("report_id"), Report.agreement_id.label("agreement_id"), rank.label("rank"))
              .join(ReportDue, ReportDue.id == Report.report_due_id)
              .where(Report.status == ReportStatus.ACCEPTED, Report.agreement_id.in_(agreement_ids))
              .subquery())
    return select(ranked.c.report_id, ranked.c.agreement_id).where(ranked.c.rank == 1).subquery()


# -- budget ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRow:
    source: FundingSource
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO


def budget_by_source(chosen: DashboardFilter) -> list[SourceRow]:
    """Planned, committed and paid per funding source on the budget lines of the year (and programme): four grouped
    queries."""
    lines = select(BudgetLine.id)
    if chosen.year is not None:
        lines = lines.where(BudgetLine.year == chosen.year)
    if chosen.programme_id is not None:
        lines = lines.where(BudgetLine.programme_id == chosen.programme_id)
    agreements = selected(chosen, with_year=False)
    sums: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    for source, amount in db.session.execute(
            select(BudgetLine.source, func.sum(BudgetLine.amount)).where(BudgetLine.id.in_(lines))
            .group_by(BudgetLine.source)):
        sums[FundingSource(source)]["planned"] += _d(amount)
    for source, amount in db.session.execute(
            select(BudgetLine.source, func.sum(AgreementFunding.amount))
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
            .where(BudgetLine.id.in_(lines), Agreement.id.in_(agreements),
                   Agreement.status.not_in([AgreementStatus.DRAFT, AgreementStatus.TERMINATED]))
            .group_by(BudgetLine.source)):
        sums[FundingSource(source)]["committed"] += _d(amount)
    for source, status, state, amount in db.session.execute(
            select(BudgetLine.source, Agreement.status, Tranche.state, func.sum(Tranche.amount))
            .join(AgreementFunding, AgreementFunding.id == Tranche.funding_id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .join(Agreement, Agreement.id == Tranche.agreement_id)
            .where(BudgetLine.id.in_(lines), Agreement.id.in_(agreements), Tranche.state.in_(MONEY_STATES))
            .group_by(BudgetLine.source, Agreement.status, Tranche.state)):
        if AgreementStatus(status) == AgreementStatus.TERMINATED:
            sums[FundingSource(source)]["committed"] += _d(amount)
        if TrancheState(state) == TrancheState.PAID:
            sums[FundingSource(source)]["paid"] += _d(amount)
    for source, amount in db.session.execute(
            select(BudgetLine.source, func.sum(Refund.amount))
            .join(AgreementFunding, AgreementFunding.id == Refund.funding_id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .where(BudgetLine.id.in_(lines), Refund.agreement_id.in_(agreements))
            .group_by(BudgetLine.source)):
        sums[FundingSource(source)]["paid"] -= _d(amount)
    return [SourceRow(source, **sums[source]) for source in FundingSource if source in sums]


# -- agreements and reports ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatusRow:
    status: AgreementStatus
    count: int
    value: Decimal


def agreements_by_status(chosen: DashboardFilter) -> list[StatusRow]:
    """How many agreements stand in each status, and their value (two grouped queries)."""
    ids = selected(chosen)
    counts = dict(db.session.execute(select(Agreement.status, func.count(Agreement.id))
                                     .where(Agreement.id.in_(ids)).group_by(Agreement.status)).all())
    values = dict(db.session.execute(select(Agreement.status, func.sum(AgreementFunding.amount))
                                     .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
                                     .where(Agreement.id.in_(ids)).group_by(Agreement.status)).all())
    return [StatusRow(status, counts.get(status, 0), _d(values.get(status))) for status in AgreementStatus
            if counts.get(status)]


@dataclass(frozen=True)
class DueStateRow:
    state: DueState
    partial: int
    final: int

    @property
    def total(self) -> int:
        return self.partial + self.final


DUE_STATE_ORDER = (DueState.OVERDUE, DueState.SOON, DueState.UPCOMING, DueState.IN_REVIEW, DueState.ACCEPTED)


def reports_by_state(chosen: DashboardFilter, today: date | None = None) -> list[DueStateRow]:
    """The reports due of the selected signed agreements by the schedule's state and kind (one grouped query; a
    terminated agreement's reports due after its termination and never started are not asked for)."""
    today = today or local_today()
    state = state_sql(today).label("state")
    rows = db.session.execute(
        select(state, ReportDue.kind, func.count(ReportDue.id))
        .join(Agreement, Agreement.id == ReportDue.agreement_id)
        .outerjoin(Report, Report.report_due_id == ReportDue.id)
        .where(ReportDue.agreement_id.in_(selected(chosen)), Agreement.status.in_(REPORTING), asked_sql())
        .group_by(state, ReportDue.kind)).all()
    counts: dict = defaultdict(lambda: {ReportKind.PARTIAL: 0, ReportKind.FINAL: 0})
    for value, kind, count in rows:
        counts[DueState(value)][ReportKind(kind)] += count
    return [DueStateRow(state, counts[state][ReportKind.PARTIAL], counts[state][ReportKind.FINAL])
            for state in DUE_STATE_ORDER]


# -- results ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetRow:
    """Targets of one name and unit across agreements: the sum of the targets, of the actuals reported in the latest
    accepted reports, and how many agreements have the target and how many reported on it."""

    name: str
    unit: str
    target: Decimal | None  # None: the target is in words only (no number to add up)
    actual: Decimal
    agreements: int
    reported: int
    year: int | None = None  # the per-organisation table: the agreements' year
    target_reported: Decimal = ZERO  # the targets of the agreements that reported

    @property
    def share(self) -> Decimal | None:
        """The actuals as a percentage of the targets of the agreements that reported on them (None when none did,
        or without a target): an agreement not reported yet neither lowers nor raises it."""
        if not self.reported or not self.target_reported:
            return None
        return (self.actual * 100 / self.target_reported).quantize(Decimal("1"))


def _target_key():
    return func.trim(AgreementTarget.name), func.coalesce(AgreementTarget.unit, "")


def targets_vs_actuals(chosen: DashboardFilter, *, by_year: bool = False) -> list[TargetRow]:
    """Targets of the same name and unit summed across the selected agreements, beside the actuals of their latest
    accepted reports (two grouped queries); ``by_year`` apart per agreement year."""
    ids = selected(replace(chosen, signed_only=True))  # a draft's targets are not yet anyone's commitment
    name, unit = _target_key()
    keys = [name, unit] + ([Agreement.year] if by_year else [])
    targets = db.session.execute(
        select(*keys, func.sum(AgreementTarget.target_value), func.count(func.distinct(AgreementTarget.agreement_id)))
        .join(Agreement, Agreement.id == AgreementTarget.agreement_id)
        .where(AgreementTarget.agreement_id.in_(ids)).group_by(*keys)).all()
    latest = latest_accepted_reports(ids)
    actuals = {tuple(row[:-3]): (row[-3], row[-2], row[-1]) for row in db.session.execute(
        select(*keys, func.sum(ReportFigure.value), func.count(func.distinct(ReportFigure.agreement_id)),
               func.sum(AgreementTarget.target_value))
        .join(latest, latest.c.report_id == ReportFigure.report_id)
        .join(AgreementTarget, and_(AgreementTarget.agreement_id == ReportFigure.agreement_id,
                                    cast(AgreementTarget.id, String) == ReportFigure.key))
        .join(Agreement, Agreement.id == AgreementTarget.agreement_id)
        .where(ReportFigure.kind == FigureKind.RESULT, ReportFigure.accepted.is_(True))
        .group_by(*keys)).all()}
    rows = []
    for row in targets:
        key = tuple(row[:-2])
        actual, reported, target_reported = actuals.get(key, (ZERO, 0, ZERO))
        target = _d(row[-2]) if row[-2] is not None else None
        rows.append(TargetRow(name=key[0], unit=key[1], target=target, actual=_d(actual),
                              agreements=row[-1], reported=reported, year=key[2] if by_year else None,
                              target_reported=_d(target_reported)))
    rows.sort(key=lambda one: (-(one.year or 0), one.name.casefold(), one.unit))
    return rows


@dataclass
class Beneficiaries:
    """People reached as the latest accepted reports count them: in all, by group, district, age band and sex —
    {key: (people, agreements reporting)}."""

    total: Decimal = ZERO
    reported: int = 0
    by_kind: dict = field(default_factory=lambda: {kind: {} for kind in BENEFICIARY_KINDS})
    district_names: dict = field(default_factory=dict)  # district id (as the key) -> name


SMALL_COUNT = 5  # the public page shows no breakdown cell smaller than this


def without_small_counts(people: Beneficiaries, below: int = SMALL_COUNT) -> Beneficiaries:
    """The breakdowns with every count from 1 to ``below`` - 1 left out (``None``), so that a narrow filter — one
    shelter for people experiencing violence — cannot single anyone out; the totals stay."""
    for kind in (FigureKind.GROUP, FigureKind.DISTRICT, FigureKind.AGE, FigureKind.SEX):
        found = people.by_kind.get(kind, {})
        for key, (value, agreements) in list(found.items()):
            if 0 < value < below:
                found[key] = (None, agreements)
    return people


def beneficiaries(chosen: DashboardFilter) -> Beneficiaries:
    """The beneficiaries of the selected agreements' latest accepted reports (two queries: the figures grouped by
    kind and key, the districts' names)."""
    latest = latest_accepted_reports(selected(chosen))  # accepted reports: signed agreements only
    found = Beneficiaries()
    for kind, key, value, agreements in db.session.execute(
            select(ReportFigure.kind, ReportFigure.key, func.sum(ReportFigure.value),
                   func.count(func.distinct(ReportFigure.agreement_id)))
            .join(latest, latest.c.report_id == ReportFigure.report_id)
            .where(ReportFigure.kind.in_(BENEFICIARY_KINDS), ReportFigure.accepted.is_(True))
            .group_by(ReportFigure.kind, ReportFigure.key)):
        kind = FigureKind(kind)
        found.by_kind[kind][key] = (_d(value), agreements)
        if kind == FigureKind.PEOPLE:
            found.total += _d(value)
            found.reported = max(found.reported, agreements)
    ids = [int(key) for key in found.by_kind[FigureKind.DISTRICT] if key.isdigit()]
    if ids:
        found.district_names = {str(district_id): name for district_id, name in db.session.execute(
            select(District.id, District.name).where(District.id.in_(ids)))}
    return found


# -- the whole page ----------------------------------------------------------------------------------------------

@dataclass
class Dashboard:
    chosen: DashboardFilter
    budget: list[SourceRow]
    statuses: list[StatusRow]
    reports: list[DueStateRow]
    targets: list[TargetRow]
    people: Beneficiaries

    @property
    def agreement_count(self) -> int:
        return sum(row.count for row in self.statuses)


def department_dashboard(chosen: DashboardFilter, today: date | None = None) -> Dashboard:
    """Everything the department's dashboard shows for ``chosen`` (a fixed number of grouped queries)."""
    return Dashboard(chosen=chosen, budget=budget_by_source(chosen), statuses=agreements_by_status(chosen),
                     reports=reports_by_state(chosen, today), targets=targets_vs_actuals(chosen),
                     people=beneficiaries(chosen))


# -- one organisation over years -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearRow:
    """One organisation's agreements of one year (the year of their number): how many, their value, what was paid."""

    year: int
    count: int
    value: Decimal
    paid: Decimal


@dataclass(frozen=True)
class PunctualityRow:
    """Reports due in one year: the first version submitted on or before the due date, after it, and not submitted
    though past due."""

    year: int
    on_time: int
    late: int
    missing: int


@dataclass
class OrganisationDashboard:
    organisation: Organisation
    years: list[YearRow]
    punctuality: list[PunctualityRow]
    results: list[TargetRow]


def agreements_over_years(organisation_id: int) -> list[YearRow]:
    """An organisation's agreements per year (three grouped queries)."""
    counts = db.session.execute(
        select(Agreement.year, func.count(Agreement.id)).where(Agreement.organisation_id == organisation_id)
        .group_by(Agreement.year)).all()
    values = dict(db.session.execute(
        select(Agreement.year, func.sum(AgreementFunding.amount))
        .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
        .where(Agreement.organisation_id == organisation_id).group_by(Agreement.year)).all())
    paid = dict(db.session.execute(
        select(Agreement.year, func.sum(Tranche.amount)).join(Agreement, Agreement.id == Tranche.agreement_id)
        .where(Agreement.organisation_id == organisation_id, Tranche.state == TrancheState.PAID)
        .group_by(Agreement.year)).all())
    returned = dict(db.session.execute(
        select(Agreement.year, func.sum(Refund.amount)).join(Agreement, Agreement.id == Refund.agreement_id)
        .where(Agreement.organisation_id == organisation_id).group_by(Agreement.year)).all())
    return sorted((YearRow(year, count, _d(values.get(year)), _d(paid.get(year)) - _d(returned.get(year)))
                   for year, count in counts), key=lambda row: -row.year)


def punctuality(organisation_id: int, today: date | None = None) -> list[PunctualityRow]:
    """Per year of the due date: reports whose first version came on or before the due date (in Warsaw), after
    it, and reports past due with nothing submitted (one query; a row per report due of the organisation)."""
    today = today or local_today()
    first = (select(ReportVersion.report_id, func.min(ReportVersion.submitted_at).label("first"))
             .group_by(ReportVersion.report_id).subquery())
    rows = db.session.execute(
        select(ReportDue.due_on, first.c.first, ReportDue.accepted_at)
        .join(Agreement, Agreement.id == ReportDue.agreement_id)
        .outerjoin(Report, Report.report_due_id == ReportDue.id)
        .outerjoin(first, first.c.report_id == Report.id)
        .where(Agreement.organisation_id == organisation_id, Agreement.status.in_(REPORTING))).all()
    counts: dict = defaultdict(lambda: [0, 0, 0])
    for due_on, submitted, accepted_at in rows:
        if submitted is None:
            submitted = accepted_at
        if submitted is not None:
            submitted_on = _local_date(submitted)
            counts[due_on.year][0 if submitted_on <= due_on else 1] += 1
        elif due_on < today:
            counts[due_on.year][2] += 1
    return [PunctualityRow(year, *counts[year]) for year in sorted(counts, reverse=True)]


def _local_date(moment: datetime) -> date:
    return moment.astimezone(WARSAW).date()


def organisation_dashboard(organisation: Organisation, today: date | None = None) -> OrganisationDashboard:
    """One organisation's agreements, punctuality and results over years."""
    chosen = DashboardFilter(organisation_id=organisation.id)
    return OrganisationDashboard(organisation=organisation, years=agreements_over_years(organisation.id),
                                 punctuality=punctuality(organisation.id, today),
                                 results=targets_vs_actuals(chosen, by_year=True))


# -- the filters' choices ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choices:
    years: tuple[int, ...]
    programmes: tuple[tuple[int, str], ...]
    districts: tuple[tuple[int, str], ...]
    categories: tuple[tuple[int, str], ...]


def choices(locale: str) -> Choices:
    """The years (of budget lines and agreements, and this year), programmes, districts and categories offered."""
    this_year = local_today().year
    first, last = db.session.execute(select(func.min(Agreement.starts_on), func.max(Agreement.ends_on))).one()
    low_line, high_line = db.session.execute(select(func.min(BudgetLine.year), func.max(BudgetLine.year))).one()
    lows = [this_year, *([first.year] if first else []), *([low_line] if low_line else [])]
    highs = [this_year, *([last.year] if last else []), *([high_line] if high_line else [])]
    programmes = db.session.execute(select(Programme).order_by(Programme.last_year.desc(), Programme.name_pl)).scalars()
    label = {"uk": TaxonomyTerm.label_uk, "en": TaxonomyTerm.label_en}.get(locale)
    terms = db.session.execute(
        select(TaxonomyTerm.id, func.coalesce(label, TaxonomyTerm.label_pl) if label is not None
               else TaxonomyTerm.label_pl, TaxonomyTerm.parent_id)
        .order_by(TaxonomyTerm.position, TaxonomyTerm.label_pl)).all()
    return Choices(years=tuple(range(max(highs), min(lows) - 1, -1)),
                   programmes=tuple((programme.id, programme.text("name", locale)) for programme in programmes),
                   districts=tuple((row.id, row.name) for row in db.session.execute(
                       select(District.id, District.name).order_by(District.position, District.name))),
                   categories=_tree(terms))


def _tree(terms) -> tuple[tuple[int, str], ...]:
    """The taxonomy in tree order, a sub-term indented under its parent."""
    children: dict = defaultdict(list)
    for term_id, name, parent_id in terms:
        children[parent_id].append((term_id, name))
    ordered: list[tuple[int, str]] = []

    def walk(parent, depth):
        for term_id, name in children.get(parent, ()):
            ordered.append((term_id, "\u2003" * depth + name))
            if depth < 3:
                walk(term_id, depth + 1)

    walk(None, 0)
    return tuple(ordered)
