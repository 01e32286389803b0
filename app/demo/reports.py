"""The demo city's outcome reports (app/demo/data/reports.json), written through the reports' own services.

Every state is somewhere: the completed grant's final report accepted; a crisis-hotel partial report
returned with comments on two sections; a day club's partial report returned once and sent again (two
versions to compare), waiting for review for three weeks; the counselling point's partial report being
drafted; the night shelter's partial report overdue with nothing sent. The figures are those of the
data file; what the services compute (a contract's units from its approved statements, a grant's costs
from the offer) is taken from the layout, so each version checks out as a real one would.

Dates are offsets from today. Idempotent: a report due that has a report is left alone.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from app.demo.agreements import _day, _member, _moment, _user
from app.demo.content import read
from app.extensions import db
from app.models import Agreement, Organisation, ReportKind, Role
from app.models.reports import Report, ReportStatus
from app.services.agreements.reading import read_terms
from app.services.reports import content, review, writing

OFFICER = "officer@demo.example"


def _plain(value: Decimal) -> str:
    """A number as a person types it: 48, 175 200, 12,5."""
    return content.plain(value)


def _number_in(text: str | None) -> str:
    """The first number of a target in words ("30 rodzin" → "30"); 1 when it has none."""
    found = re.search(r"\d+(?:[.,]\d+)?", text or "")
    return found.group(0) if found else "1"


def _values(layout: content.Layout, spec: dict, version: dict) -> dict[str, str]:
    """A complete report for the layout: each target reached (a shortfall explained), the schedule carried out,
    the people of the data file, the money spent as planned (less what was returned, plus what the organisation
    added)."""
    values = {}
    for target in layout.targets:
        key = f"result-{target.id}"
        values[f"{key}-actual"] = _plain(target.target_value) if target.target_value is not None \
            else _number_in(target.target_text)
        values[f"{key}-measured"] = target.monitoring or "Listy obecności i dokumentacja zajęć."
    if layout.is_contract:
        values["units-delivered"] = _plain(layout.units_approved)
        values["activities-other"] = ("Usługa świadczona zgodnie z umową; liczba jednostek według zestawień "
                                      "miesięcznych.")
    for activity in layout.activities:
        values[f"activity-{activity.key}-state"] = "done"
    people = spec["people"]
    values["people-total"] = str(people["total"])
    codes = {district.code: district.id for district in layout.districts}
    for band, count in people.get("age", {}).items():
        values[f"age-{band}"] = str(count)
    for sex, count in people.get("sex", {}).items():
        values[f"sex-{sex}"] = str(count)
    for code, count in people.get("district", {}).items():
        key = code if code == "outside" else str(codes.get(code, ""))
        values[f"district-{key}"] = str(count)
    for group, count in people.get("group", {}).items():
        values[f"group-{group}"] = str(count)
    underspent = Decimal(spec.get("underspent", "0"))
    extra = Decimal(version.get("extra_own", "0"))
    for index, cost in enumerate(layout.costs):
        actual = cost.planned - (underspent if index == len(layout.costs) - 1 else 0)
        if index == 0:
            actual += extra
        values[f"cost-{cost.key}-actual"] = _plain(actual)
    if layout.is_contract:
        values["cost-services-actual"] = _plain(layout.units_approved * layout.agreement.unit_price + extra)
    spent = sum((Decimal(values[f"cost-{cost.key}-actual"]) for cost in layout.costs), Decimal("0.00"))
    own = {source: amount for source, amount in layout.sources_planned.items() if source != "grant"}
    own["own_financial"] = own.get("own_financial", Decimal("0.00")) + extra
    own_total = sum(own.values(), Decimal("0.00"))
    values["source-grant"] = _plain(spent - own_total)
    for source, amount in own.items():
        if amount:
            values[f"source-{source}"] = _plain(amount)
    values["income"] = spec.get("income", "0")
    values["narrative"] = spec["narrative"]
    values.update(version.get("changes", {}))
    return values


def _due(agreement: Agreement, kind: str):
    dues = [due for due in agreement.reports_due if due.kind == ReportKind(kind)]
    return dues[0] if dues else None


def load_reports(organisations: dict[str, Organisation]) -> int:
    """The demo reports; returns how many were created."""
    officer = _user(OFFICER)
    created = 0
    for spec in read("reports"):
        agreement = db.session.execute(select(Agreement).where(Agreement.title == spec["agreement"],
                                                               Agreement.is_demo.is_(True))).scalar_one_or_none()
        due = _due(agreement, spec["kind"]) if agreement is not None else None
        if due is None or writing.report_of(due) is not None:
            continue
        author = _member(agreement.organisation, Role.COORDINATOR, Role.ADMIN)
        terms = read_terms(agreement)
        layout = content.layout_for(agreement, due, terms.offer, terms.revised)
        if spec.get("draft"):
            values = {"people-total": str(spec["people"]["total"]), "narrative": spec["narrative"]}
            report = writing.save_draft(layout, values, actor=author)
            report.is_demo = True
            report.saved_at = _moment(_day(-2))
            created += 1
            continue
        for version in spec["versions"]:
            values = _values(layout, spec, version)
            checked = content.check(layout, values)
            if "spending-explanation" in checked.errors:
                values["spending-explanation"] = "Koszty rozliczono zgodnie z zestawieniem; różnica wynika z cen."
            submission = writing.submit_report(layout, values, actor=author)
            if not submission.submitted:
                raise RuntimeError(f"demo report for {agreement.title!r} does not check out: {submission.errors}")
            report = submission.report
            report.is_demo = True
            sent = _moment(_day(version["submitted"]))
            report.submitted_at = report.versions[-1].submitted_at = report.saved_at = sent
            if version.get("decision") == "accepted" and report.due.accepted_at is not None:
                _accept_quietly(report, version, officer)
            elif version.get("decision") == "accepted":
                review.accept_report(report, version.get("comments", {}), actor=officer)
            elif version.get("decision") == "returned":
                review.return_report(report, version["comments"], actor=officer)
            if version.get("decided"):
                decided = _moment(_day(version["decided"]))
                report.decided_at = report.versions[-1].decided_at = decided
                if report.status == ReportStatus.ACCEPTED:
                    report.due.accepted_at = decided
        created += 1
    db.session.flush()
    return created


def _accept_quietly(report: Report, version: dict, officer) -> None:
    """A report the demo's agreements already count as accepted (the completed grant's final report): the version
    is marked accepted with its comments, its figures count; the agreement is already completed."""
    last = report.versions[-1]
    last.decision, last.decided_by_id, last.comments = "accepted", officer.id, version.get("comments", {})
    last.decided_at = _moment(_day(version["decided"]))
    report.status = ReportStatus.ACCEPTED
    for figure in report.figures:
        figure.accepted = True

