"""The demo city's programmes and their budget lines (app/demo/data/programmes.json).

The family-support programme's figures come from the seed documents (city budget about
64 500 zł; EU funds 87 000 zł and state budget 4 000 zł for the project „Dajemy szansę”),
moved to the current years; the others are plausible. One programme has no budget yet.
Idempotent: a programme is found by its Polish name, a line by year, source and task.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.demo.content import read, translated
from app.extensions import db
from app.models import BudgetLine, FundingSource, Organisation, Programme


def load_programmes(department: Organisation) -> dict[str, int]:
    """The demo programmes and budget lines of ``department``; returns how many of each were created."""
    created = {"programmes": 0, "budget_lines": 0}
    for spec in read("programmes"):
        programme = db.session.execute(select(Programme).where(
            Programme.organisation_id == department.id, Programme.name_pl == spec["name_pl"])).scalar_one_or_none()
        if programme is None:
            programme = Programme(
                organisation_id=department.id, is_demo=True, first_year=spec["first_year"],
                last_year=spec["last_year"], resolution=spec["resolution"],
                **translated("name", {k: spec[f"name_{k}"] for k in ("pl", "uk", "en")}),
                **translated("description", {k: spec[f"description_{k}"] for k in ("pl", "uk", "en")}))
            db.session.add(programme)
            db.session.flush()
            created["programmes"] += 1
        existing = {(line.year, line.source, line.task_pl) for line in programme.budget_lines}
        for line in spec["lines"]:
            source = FundingSource(line["source"])
            if (line["year"], source, line["task_pl"]) in existing:
                continue
            programme.budget_lines.append(BudgetLine(
                organisation_id=department.id, year=line["year"], source=source, amount=Decimal(line["amount"]),
                **translated("task", {k: line[f"task_{k}"] for k in ("pl", "uk", "en")})))
            created["budget_lines"] += 1
    db.session.flush()
    return created
