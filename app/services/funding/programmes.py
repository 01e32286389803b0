"""Programmes and their budget lines: the department keeps them; analysts read them.

Every function takes the acting person and works in the department's scope (set for department
staff by app/actor.py). A programme belongs to the department organisation. A budget line is
an amount planned for one year, from one source, for one task; the same task twice in one year
and source is refused (a unique index says so too).
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import money
from app.models import BudgetLine, Call, FundingSource, Organisation, Programme
from app.services import ServiceError, clean_text
from app.services.audit.log import record_event
from app.services.funding.budgets import held_outside_calls, set_aside_on
from app.unit_of_work import unique

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_PROGRAMME_YEARS = 10
NAME_MAX, TASK_MAX, RESOLUTION_MAX, TEXT_MAX = 300, 300, 200, 5000
PROGRAMME_FIELDS = ("name_pl", "name_uk", "name_en", "description_pl", "description_uk", "description_en",
                    "resolution", "first_year", "last_year")
LINE_FIELDS = ("year", "source", "task_pl", "task_uk", "task_en", "amount", "note")
PROGRAMME_NAME_TAKEN = _l("A programme with this Polish name already exists.")
LINE_TAKEN = _l("This task already has a line for this year and source: change its amount instead.")

unique("uq_programme_name", PROGRAMME_NAME_TAKEN, field="name_pl")
unique("uq_budget_line", LINE_TAKEN, field="task_pl")


def _text(value, limit: int, field: str) -> str | None:
    return clean_text(value, limit, field, one_line=limit <= NAME_MAX)


def _year(value, field: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_l("Give a year such as 2026."), field=field) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_l("Give a year such as 2026."), field=field)
    return year


def _clean_programme(data: dict) -> dict:
    values = {name: _text(data.get(name), NAME_MAX, name) for name in ("name_pl", "name_uk", "name_en")}
    values.update({name: _text(data.get(name), TEXT_MAX, name)
                   for name in ("description_pl", "description_uk", "description_en")})
    values["resolution"] = _text(data.get("resolution"), RESOLUTION_MAX, "resolution")
    if not values["name_pl"]:
        raise ServiceError(_l("Give the programme's name in Polish."), field="name_pl")
    values["first_year"] = _year(data.get("first_year"), "first_year")
    values["last_year"] = _year(data.get("last_year"), "last_year")
    if values["last_year"] < values["first_year"]:
        raise ServiceError(_l("The last year cannot come before the first."), field="last_year")
    if values["last_year"] - values["first_year"] >= MAX_PROGRAMME_YEARS:
        raise ServiceError(_l("A programme runs for at most %(years)d years.", years=MAX_PROGRAMME_YEARS),
                           field="last_year")
    return values


def _check_name_free(department_id: int, name: str, programme: Programme | None) -> None:
    taken = db.session.execute(select(Programme.id).where(
        Programme.organisation_id == department_id, Programme.name_pl == name)).scalar_one_or_none()
    if taken is not None and (programme is None or taken != programme.id):
        raise ServiceError(PROGRAMME_NAME_TAKEN, field="name_pl")


def list_programmes() -> list[Programme]:
    """Every programme, the newest years first, then by name."""
    return list(db.session.execute(
        select(Programme).order_by(Programme.last_year.desc(), Programme.name_pl)).scalars())


def create_programme(data: dict, *, department: Organisation, actor) -> Programme:
    """Department admin or officer: record a programme the council adopted."""
    values = _clean_programme(data)
    _check_name_free(department.id, values["name_pl"], None)
    programme = Programme(organisation_id=department.id, **values)
    db.session.add(programme)
    db.session.flush()
    record_event("programme.created", actor=actor, organisation_id=department.id, target=programme,
                 details={"name": programme.name_pl})
    return programme


def update_programme(programme: Programme, data: dict, *, actor) -> list[str]:
    """Department admin or officer: correct a programme; returns the changed fields.

    The years may not shrink so far that a budget line falls outside them.
    """
    values = _clean_programme(data)
    _check_name_free(programme.organisation_id, values["name_pl"], programme)
    outside = [line.year for line in programme.budget_lines
               if not values["first_year"] <= line.year <= values["last_year"]]
    if outside:
        year = min(outside)
        raise ServiceError(_l("The budget has lines for %(year)d: keep that year in the programme or remove "
                              "those lines first.", year=year),
                           field="first_year" if year < values["first_year"] else "last_year")
    changed = [name for name, value in values.items() if getattr(programme, name) != value]
    for name in changed:
        setattr(programme, name, values[name])
    if changed:
        record_event("programme.updated", actor=actor, organisation_id=programme.organisation_id,
                     target=programme, details={"fields": changed})
    db.session.flush()
    return changed


def delete_programme(programme: Programme, *, actor) -> None:
    """Department admin or officer: remove a programme recorded by mistake (only with no budget lines)."""
    if programme.budget_lines:
        raise ServiceError(_l("The programme has budget lines: remove them first."))
    record_event("programme.deleted", actor=actor, organisation_id=programme.organisation_id, target=programme,
                 details={"name": programme.name_pl})
    db.session.delete(programme)
    db.session.flush()


# -- budget lines ------------------------------------------------------------------------------------

def _clean_line(data: dict, programme: Programme) -> dict:
    year = _year(data.get("year"), "year")
    if not programme.first_year <= year <= programme.last_year:
        raise ServiceError(_l("Choose a year of the programme: %(first)d–%(last)d.", first=programme.first_year,
                              last=programme.last_year), field="year")
    try:
        source = FundingSource(data.get("source") or "")
    except ValueError:
        raise ServiceError(_l("Choose a source from the list."), field="source") from None
    values = {name: _text(data.get(name), TASK_MAX, name) for name in ("task_pl", "task_uk", "task_en")}
    if not values["task_pl"]:
        raise ServiceError(_l("Say in Polish what the money is for."), field="task_pl")
    amount = data.get("amount")
    if not isinstance(amount, Decimal) or amount <= 0:
        raise ServiceError(_l("Give an amount greater than zero, such as 64 500,00."), field="amount")
    return {"year": year, "source": source, **values, "amount": amount.quantize(Decimal("0.01")),
            "note": _text(data.get("note"), TEXT_MAX, "note")}


def _check_line_free(programme: Programme, values: dict, line: BudgetLine | None) -> None:
    taken = db.session.execute(select(BudgetLine.id).where(
        BudgetLine.programme_id == programme.id, BudgetLine.year == values["year"],
        BudgetLine.source == values["source"], BudgetLine.task_pl == values["task_pl"])).scalar_one_or_none()
    if taken is not None and (line is None or taken != line.id):
        raise ServiceError(LINE_TAKEN, field="task_pl")


def _line_details(line: BudgetLine) -> dict:
    return {"programme": line.programme_id, "year": line.year, "source": line.source.value,
            "task": line.task_pl, "amount": str(line.amount)}


def add_budget_line(programme: Programme, data: dict, *, actor) -> BudgetLine:
    """Department admin or officer: plan an amount of a programme for a year, a source and a task."""
    values = _clean_line(data, programme)
    _check_line_free(programme, values, None)
    line = BudgetLine(organisation_id=programme.organisation_id, programme=programme, **values)
    db.session.add(line)
    db.session.flush()
    record_event("budget_line.added", actor=actor, organisation_id=programme.organisation_id, target=line,
                 details=_line_details(line))
    return line


def update_budget_line(line: BudgetLine, data: dict, *, actor) -> list[str]:
    """Department admin or officer: change a line's year, source, task, amount or note; returns what changed."""
    values = _clean_line(data, line.programme)
    _check_line_free(line.programme, values, line)
    pools = set_aside_on(line.id)
    if values["amount"] < pools and values["amount"] < line.amount:  # lowering it below what calls set aside
        raise ServiceError(_l("Calls paid from this line set aside %(amount)s: the line cannot plan less.",
                              amount=money(pools)), field="amount")
    held = pools + held_outside_calls(line)
    if values["amount"] < held and values["amount"] < line.amount:  # below what small grants and contracts hold
        raise ServiceError(_l("Calls, small grants and service contracts paid from this line hold %(amount)s: the "
                              "line cannot plan less.", amount=money(held)), field="amount")
    changed = [name for name, value in values.items() if getattr(line, name) != value]
    before = str(line.amount)
    for name in changed:
        setattr(line, name, values[name])
    if changed:
        record_event("budget_line.updated", actor=actor, organisation_id=line.organisation_id, target=line,
                     details={**_line_details(line), "fields": changed, "amount_before": before})
    db.session.flush()
    return changed


def remove_budget_line(line: BudgetLine, *, actor) -> None:
    """Department admin or officer: remove a line planned by mistake (never one a call is paid from)."""
    if db.session.execute(select(Call.id).where(Call.budget_line_id == line.id).limit(1)).first():
        raise ServiceError(_l("A call is paid from this budget line, so it cannot be removed."))
    record_event("budget_line.removed", actor=actor, organisation_id=line.organisation_id, target=line,
                 details=_line_details(line))
    db.session.delete(line)
    db.session.flush()
