"""A report's content: the form's layout drawn from its agreement, the values as typed, the checks made on
submission, and the figures that add up across agreements.

The statutory report (art. 18 of the Act on Public Benefit and Volunteer Work; the model report of the
2018 regulation) in sections: results against each target (the actual, any difference explained, how it
was measured); activities against the schedule; beneficiaries in aggregate only (in all, by age band, sex,
district and directory group — never a name or a case); spending per cost line planned against actual and
per funding source with shares; income earned during the task; the narrative; attachments.

Content is kept flat, as the form sends it (``{"result-12-actual": "55", …}``), so a draft keeps exactly
what was typed, a failed check shows it again, and two versions compare field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import money
from app.labels import GROUP_LABELS
from app.models import Agreement, District, ReportDue, Statement, StatementStatus
from app.models.reports import FigureKind
from app.money import AmountError, parse_amount
from app.services.reports.figures import (
    AGE_BANDS,
    DISTRICT_OUTSIDE,
    GROUPS,
    INCOME_TOTAL,
    PEOPLE_TOTAL,
    SEXES,
    SOURCES,
    UNITS_DELIVERED,
)

TEXT_MAX = 4000  # a short text (an explanation, how it was measured)
NARRATIVE_MAX = 20000
SECTIONS = ("results", "activities", "beneficiaries", "spending", "income", "narrative")
ACTIVITY_STATES = ("done", "partly", "not_done")
TWO_PLACES = Decimal("0.01")

SECTION_LABELS = {
    "results": _l("Results against the targets"),
    "activities": _l("Activities against the schedule"),
    "beneficiaries": _l("Beneficiaries"),
    "spending": _l("Spending and its sources"),
    "income": _l("Income earned during the task"),
    "narrative": _l("Description of the task's implementation"),
}
AGE_LABELS = {"0_6": _l("0–6 years"), "7_17": _l("7–17 years"), "18_29": _l("18–29 years"),
              "30_59": _l("30–59 years"), "60_plus": _l("60 years and over"), "not_known": _l("Age not known")}
SEX_LABELS = {"women": _l("Women and girls"), "men": _l("Men and boys"), "not_given": _l("Not given")}
SOURCE_LABELS = {"grant": _l("The grant"), "own_financial": _l("Own financial resources"),
                 "own_in_kind": _l("Own personal and in-kind contribution"),
                 "recipients": _l("Recipients' payments"), "other": _l("Other public or private funds")}
CONTRACT_PAYMENT_LABEL = _l("The city's payments under the contract")
ACTIVITY_LABELS = {"done": _l("Carried out as planned"), "partly": _l("Carried out in part or changed"),
                   "not_done": _l("Not carried out")}


@dataclass(frozen=True)
class PlannedActivity:
    key: str
    name: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class PlannedCost:
    key: str
    name: str
    planned: Decimal


@dataclass(frozen=True)
class MonthUnits:
    month: date
    units: Decimal


@dataclass
class Layout:
    """What a report on this agreement asks: its targets, schedule, cost lines, sources and districts."""

    agreement: Agreement
    due: ReportDue
    targets: list
    activities: list[PlannedActivity]
    costs: list[PlannedCost]
    sources_planned: dict[str, Decimal]
    districts: list[District]
    months: list[MonthUnits] = field(default_factory=list)  # a service contract's approved statements

    @property
    def is_contract(self) -> bool:
        return not self.agreement.is_grant

    @property
    def units_approved(self) -> Decimal:
        return sum((row.units for row in self.months), Decimal("0"))

    @property
    def planned_total(self) -> Decimal:
        return sum((cost.planned for cost in self.costs), Decimal("0.00"))

    def source_label(self, source: str):
        """A funding source named for this agreement (a contract is paid, not granted)."""
        return CONTRACT_PAYMENT_LABEL if source == "grant" and self.is_contract else SOURCE_LABELS[source]

    def district_keys(self) -> list[str]:
        return [str(district.id) for district in self.districts] + [DISTRICT_OUTSIDE]

    def field_names(self) -> list[str]:
        """Every field the form has, in reading order."""
        names = []
        for target in self.targets:
            names += [f"result-{target.id}-actual", f"result-{target.id}-difference", f"result-{target.id}-measured"]
        if self.is_contract:
            names.append("units-delivered")
        for activity in self.activities:
            names += [f"activity-{activity.key}-state", f"activity-{activity.key}-note"]
        names.append("activities-other")
        names.append("people-total")
        names += [f"age-{band}" for band in AGE_BANDS]
        names += [f"sex-{sex}" for sex in SEXES]
        names += [f"district-{key}" for key in self.district_keys()]
        names += [f"group-{group}" for group in GROUPS]
        names += [f"cost-{cost.key}-actual" for cost in self.costs]
        names += [f"source-{source}" for source in SOURCES]
        names += ["spending-explanation", "income", "income-note", "narrative"]
        return names

    def section_of(self, name: str) -> str:
        """The section a field belongs to (for comments and comparison)."""
        head = name.split("-", 1)[0]
        return {"result": "results", "units": "results", "activity": "activities", "activities": "activities",
                "people": "beneficiaries", "age": "beneficiaries", "sex": "beneficiaries",
                "district": "beneficiaries", "group": "beneficiaries", "cost": "spending", "source": "spending",
                "spending": "spending", "income": "income"}.get(head, "narrative")

    def initial(self) -> dict[str, str]:
        """A new report's values: how each target is measured as the agreement says, a contract's units from its
        approved statements; the rest empty."""
        values = {f"result-{target.id}-measured": target.monitoring or "" for target in self.targets}
        if self.is_contract:
            values["units-delivered"] = plain(self.units_approved)
        return values


def layout_for(agreement: Agreement, due: ReportDue, offer=None, revised: bool = False) -> Layout:
    """The report's layout: a grant's schedule and cost estimate come from its offer (as revised within a reduced
    award), a service contract's cost is its units at its price; the period a report covers ends on its due's
    period end (a partial report) or with the agreement."""
    period_end = due.period_ends_on or agreement.ends_on
    if offer is not None:
        activities = [PlannedActivity(str(row.position), row.name, row.starts_on, row.ends_on)
                      for row in offer.plan(revised=revised)]
        costs = [PlannedCost(str(row.position), row.name, row.total) for row in offer.cost_lines(revised=revised)]
        planned = {"grant": agreement.value, "own_financial": offer.own_financial or Decimal("0.00"),
                   "own_in_kind": offer.own_in_kind or Decimal("0.00"),
                   "recipients": offer.recipients_payments or Decimal("0.00"),
                   "other": offer.other_funds or Decimal("0.00")}
    else:
        activities = []
        name = str(_l("Services delivered under the contract"))
        costs = [PlannedCost("services", name, agreement.value)]
        planned = {"grant": agreement.value, **{source: Decimal("0.00") for source in SOURCES if source != "grant"}}
    if agreement.own_contribution and offer is None:
        planned["own_financial"] = agreement.own_contribution
    months = []
    if not agreement.is_grant:  # the months wholly within the period (a partial report up to the 14th: not that month)
        next_day = period_end + timedelta(days=1)
        cutoff = next_day.replace(day=1) if next_day.day == 1 else period_end.replace(day=1)
        months = [MonthUnits(month, units) for month, units in db.session.execute(
            select(Statement.month, Statement.units)
            .where(Statement.agreement_id == agreement.id, Statement.status == StatementStatus.APPROVED,
                   Statement.month < cutoff).order_by(Statement.month))]
    districts = list(db.session.execute(select(District).order_by(District.position, District.name)).scalars())
    return Layout(agreement=agreement, due=due, targets=list(agreement.targets), activities=activities,
                  costs=costs, sources_planned=planned, districts=districts, months=months)


def read_values(layout: Layout, sent) -> dict[str, str]:
    """The values of the layout's fields from a sent form (anything else ignored), trimmed to their limits."""
    values = {}
    for name in layout.field_names():
        raw = sent.get(name, "")
        text = "".join(ch for ch in str(raw) if ch in "\n\t" or ord(ch) >= 32).strip()
        limit = NARRATIVE_MAX if name == "narrative" else TEXT_MAX
        values[name] = text[:limit]
    return values


# -- numbers ---------------------------------------------------------------------------------------------------

class NotANumberError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def number(text: str | None, *, whole: bool = False) -> Decimal | None:
    """The number typed (None when blank): ``NotANumberError`` with the message when it is not one, is negative or
    (``whole``) has a fraction."""
    try:
        value = parse_amount(text)
    except AmountError as error:
        if str(error) == "negative":
            raise NotANumberError(_l("Give a number of zero or more.")) from None
        if whole:
            raise NotANumberError(_l("Give a whole number, like 12.")) from None
        raise NotANumberError(_l("Give a number, like 12 or 12,5.")) from None
    if value is not None and whole and value != value.to_integral_value():
        raise NotANumberError(_l("Give a whole number, like 12.")) from None
    return value


def plain(value: Decimal | None) -> str:
    """A number as a person types it (decimal comma, no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# -- the check on submission ---------------------------------------------------------------------------------

@dataclass
class Checked:
    """The outcome of checking a report: the messages per field, and the figures when there are none."""

    errors: dict[str, str]
    figures: list[tuple[FigureKind, str, Decimal]]
    totals: dict[str, Decimal]


def check(layout: Layout, values: dict[str, str]) -> Checked:
    """Every problem of a report at once, beside its field: an actual for every target (a number of zero or
    more) with the difference explained when it misses or passes the target; each planned activity's outcome;
    beneficiaries whose age bands, sexes and districts each add up to the number in all, and no group larger
    than it; an actual for every cost line, sources that add up to the costs, spending above the plan or grant
    money above the agreement's value explained; income a number; the narrative written."""
    errors: dict[str, str] = {}
    figures: list[tuple[FigureKind, str, Decimal]] = []

    def read(name: str, *, required: bool = False, whole: bool = False) -> Decimal | None:
        try:
            value = number(values.get(name), whole=whole)
        except NotANumberError as error:
            errors[name] = str(error.message)
            return None
        if value is None and required:
            errors[name] = str(_l("Give a number (0 when there was none)."))
        return value

    for target in layout.targets:
        key = f"result-{target.id}"
        actual = read(f"{key}-actual", required=True)
        if actual is not None:
            figures.append((FigureKind.RESULT, str(target.id), actual))
            if (target.target_value is not None and actual != target.target_value
                    and not values.get(f"{key}-difference")):
                errors[f"{key}-difference"] = str(_l("The result differs from the target: say why."))
        if not values.get(f"{key}-measured"):
            errors[f"{key}-measured"] = str(_l("Say how the result was measured."))
    if layout.is_contract:
        units = read("units-delivered", required=True)
        if units is not None:
            figures.append((FigureKind.UNITS, UNITS_DELIVERED, units))
    for activity in layout.activities:
        key = f"activity-{activity.key}"
        state = values.get(f"{key}-state")
        if state not in ACTIVITY_STATES:
            errors[f"{key}-state"] = str(_l("Say whether the activity was carried out."))
        elif state != "done" and not values.get(f"{key}-note"):
            errors[f"{key}-note"] = str(_l("Say what changed and why."))

    total = read("people-total", required=True, whole=True)
    if total is not None:
        figures.append((FigureKind.PEOPLE, PEOPLE_TOTAL, total))
    for kind, prefix, keys, label in ((FigureKind.AGE, "age", AGE_BANDS, _l("The age bands")),
                                      (FigureKind.SEX, "sex", SEXES, _l("Women, men and not given")),
                                      (FigureKind.DISTRICT, "district", layout.district_keys(),
                                       _l("The districts"))):
        parts = {key: read(f"{prefix}-{key}", whole=True) for key in keys}
        if any(f"{prefix}-{key}" in errors for key in keys):
            continue
        added = sum((value or Decimal(0) for value in parts.values()), Decimal(0))
        if total is not None and added != total:  # said of the whole breakdown (its fieldset), not of one box
            errors[prefix] = str(_l("%(what)s add up to %(added)s, not the %(total)s people in all.",
                                    what=label, added=plain(added), total=plain(total)))
        figures += [(kind, key, value) for key, value in parts.items() if value]
    for group in GROUPS:
        value = read(f"group-{group}", whole=True)
        if value is not None and total is not None and value > total:
            errors[f"group-{group}"] = str(_l("More than the %(total)s people in all.", total=plain(total)))
        elif value:
            figures.append((FigureKind.GROUP, group, value))

    spent = Decimal("0.00")
    for cost in layout.costs:
        value = read(f"cost-{cost.key}-actual", required=True)
        spent += value or Decimal("0.00")
    sources = {source: read(f"source-{source}") for source in SOURCES}
    from_sources = sum((value or Decimal("0.00") for value in sources.values()), Decimal("0.00"))
    if not any(name.startswith(("cost-", "source-")) for name in errors) and from_sources != spent:
        errors["source-grant"] = str(_l("The sources add up to %(sources)s, not the %(spent)s spent.",
                                        sources=_money(from_sources), spent=_money(spent)))
    grant = sources.get("grant") or Decimal("0.00")
    over = spent > layout.planned_total or grant > layout.agreement.value
    if over and not values.get("spending-explanation"):
        errors["spending-explanation"] = str(_l(
            "More was spent than the agreement plans (%(planned)s, of which %(grant)s of the grant): "
            "explain why.", planned=_money(layout.planned_total), grant=_money(layout.agreement.value)))
    figures += [(FigureKind.SOURCE, source, value) for source, value in sources.items() if value]
    income = read("income")
    if income:
        figures.append((FigureKind.INCOME, INCOME_TOTAL, income))
    if not values.get("narrative"):
        errors["narrative"] = str(_l("Describe how the task was carried out."))
    return Checked(errors=errors, figures=figures, totals={"spent": spent, "sources": from_sources})


def _money(value: Decimal) -> str:
    return money(value)


def shares(values: dict[str, str]) -> dict[str, Decimal | None]:
    """Each source's share of the money spent, in per cent (None when it cannot be told)."""
    amounts = {}
    for source in SOURCES:
        try:
            amounts[source] = number(values.get(f"source-{source}")) or Decimal("0")
        except NotANumberError:
            return dict.fromkeys(SOURCES)
    whole = sum(amounts.values(), Decimal("0"))
    if not whole:
        return dict.fromkeys(SOURCES)
    return {source: (amount * 100 / whole).quantize(Decimal("0.1")) for source, amount in amounts.items()}




def field_labels(layout: Layout) -> dict[str, str]:
    """Every field of the layout named for people (the comparison's rows)."""
    labels: dict[str, str] = {}
    achieved, differs, measured = _l("achieved"), _l("why it differs from the target"), _l("how it was measured")
    carried_out, changed = _l("carried out?"), _l("what changed and why")
    for target in layout.targets:
        key = f"result-{target.id}"
        labels[f"{key}-actual"] = f"{target.name}: {achieved}"
        labels[f"{key}-difference"] = f"{target.name}: {differs}"
        labels[f"{key}-measured"] = f"{target.name}: {measured}"
    labels["units-delivered"] = str(_l("Units of service delivered"))
    for activity in layout.activities:
        labels[f"activity-{activity.key}-state"] = f"{activity.name}: {carried_out}"
        labels[f"activity-{activity.key}-note"] = f"{activity.name}: {changed}"
    labels["activities-other"] = str(_l("Other activities"))
    labels["people-total"] = str(_l("People supported in all"))
    labels.update({f"age-{band}": str(label) for band, label in AGE_LABELS.items()})
    labels.update({f"sex-{sex}": str(label) for sex, label in SEX_LABELS.items()})
    labels.update({f"district-{district.id}": district.name for district in layout.districts})
    labels[f"district-{DISTRICT_OUTSIDE}"] = str(_l("From outside the city or not known"))
    labels.update({f"group-{group}": str(GROUP_LABELS.get(group, group)) for group in GROUPS})
    labels.update({f"cost-{cost.key}-actual": cost.name for cost in layout.costs})
    labels.update({f"source-{source}": str(layout.source_label(source)) for source in SOURCES})
    labels["spending-explanation"] = str(_l("Why more was spent than planned"))
    labels["income"] = str(_l("Income earned during the task"))
    labels["income-note"] = str(_l("What the income was and how it was used"))
    labels["narrative"] = str(SECTION_LABELS["narrative"])
    labels.update({"age": str(_l("By age")), "sex": str(_l("By sex")),
                   "district": str(_l("By district where they live"))})  # a breakdown as a whole
    return labels


def shown_value(name: str, value: str) -> str:
    """A stored value as people read it (an activity's outcome in words)."""
    if name.startswith("activity-") and name.endswith("-state"):
        return str(ACTIVITY_LABELS.get(value, value))
    return value
