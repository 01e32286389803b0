"""The city's own indicators over years: figures the department keeps of its own, with where they come from.

Monitored families, children placed in care, people in shelters, places in protected flats, interventions of
the crisis-intervention centre… Each ``CityIndicator`` has a name and a unit in Polish (and optionally in
Ukrainian and English), a source note, a place in the list and whether residents see it ("The city in
figures", ``/results/city``). Its ``IndicatorValue`` rows are one figure per year, recorded by the
department: recording a year that already has a figure changes it (``indicator.recorded`` keeps the figure
before), and a figure recorded by mistake can be deleted.

Department admin and officers write (``Permission.INDICATORS_MANAGE``); analysts read. Every function takes the
acting person; the department's scope is the caller's (app/actor.py). Residents read the published
indicators in the public scope (``published_indicators``). The page parts drawn from them are kept under the
data version ``indicators`` (``version``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import data_versions
from app.extensions import db
from app.localtime import local_today
from app.models import CityIndicator, IndicatorValue, Organisation, utcnow
from app.services import Problems, ServiceError, clean_text
from app.services.audit.log import record_event
from app.services.organisations.registry import slugify
from app.tenancy import public_scope
from app.unit_of_work import unique

INDICATORS = "indicators"
data_versions.watch(INDICATORS, CityIndicator, IndicatorValue)

FIRST_YEAR = 1990
NAME_MAX, UNIT_MAX, NOTE_MAX, SOURCE_MAX = 200, 60, 300, 2000
MAX_VALUE = Decimal("999999999999.99")
MAX_POSITION = 999
INDICATOR_FIELDS = ("name_pl", "name_uk", "name_en", "unit_pl", "unit_uk", "unit_en", "source_note", "position",
                    "is_public")
VALUE_FIELDS = ("year", "value", "note")
CODE_TAKEN = _l("An indicator with this Polish name already exists.")
YEAR_TAKEN = _l("This year already has a figure: record it again to change it.")

unique("uq_city_indicator_code", CODE_TAKEN, field="name_pl")
unique("uq_indicator_value_year", YEAR_TAKEN, field="year")


def version() -> int:
    """The version of the indicators and their figures as this request sees them."""
    return data_versions.current(INDICATORS)


def last_year() -> int:
    """The latest year a figure may be recorded for: next year (a plan or an estimate made in December)."""
    return local_today().year + 1


# -- reading ---------------------------------------------------------------------------------------------------

def list_indicators() -> list[CityIndicator]:
    """Every indicator of the department in its order, with its figures (two queries)."""
    return list(db.session.execute(
        select(CityIndicator).options(selectinload(CityIndicator.values))
        .order_by(CityIndicator.position, CityIndicator.name_pl, CityIndicator.id)).scalars())


def published_indicators() -> list[CityIndicator]:
    """The indicators residents see, with their figures, read in the public scope."""
    with public_scope():
        return list_indicators()


@dataclass(frozen=True)
class Trend:
    """An indicator's figures over the years it has: the first and last, for the words under its chart."""

    first_year: int
    first: Decimal
    last_year: int
    last: Decimal
    count: int


def trend_of(indicator: CityIndicator) -> Trend | None:
    """The first and the last recorded figure (None without figures)."""
    values = sorted(indicator.values, key=lambda item: item.year)
    if not values:
        return None
    return Trend(values[0].year, values[0].value, values[-1].year, values[-1].value, len(values))


def year_span(indicator: CityIndicator) -> list[int]:
    """Every year from the first figure to the last (a year with no figure is a gap on the chart)."""
    years = [value.year for value in indicator.values]
    return list(range(min(years), max(years) + 1)) if years else []


# -- checking what was typed -----------------------------------------------------------------------------------

def _position(value, field: str) -> int:
    if value in (None, ""):
        return 0
    try:
        position = int(str(value).strip())
    except ValueError:
        raise ServiceError(_l("Give a whole number from 0 to %(max)d.", max=MAX_POSITION), field=field) from None
    if not 0 <= position <= MAX_POSITION:
        raise ServiceError(_l("Give a whole number from 0 to %(max)d.", max=MAX_POSITION), field=field)
    return position


def _required(value, message, field: str):
    if not value:
        raise ServiceError(message, field=field)
    return value


def _clean_indicator(data: dict) -> dict:
    """What was typed for an indicator, checked whole: every problem at once."""
    problems = Problems()
    values = {name: problems.check(clean_text, data.get(name), NAME_MAX, name, one_line=True)
              for name in ("name_pl", "name_uk", "name_en")}
    values.update({name: problems.check(clean_text, data.get(name), UNIT_MAX, name, one_line=True)
                   for name in ("unit_pl", "unit_uk", "unit_en")})
    values["source_note"] = problems.check(clean_text, data.get("source_note"), SOURCE_MAX, "source_note")
    if not any(error.field == "name_pl" for error in problems.errors):
        problems.check(_required, values["name_pl"], _l("Give the indicator's name in Polish."), "name_pl")
    if not any(error.field == "source_note" for error in problems.errors):
        problems.check(_required, values["source_note"],
                       _l("Say where the figures come from (a report, a register, a document)."), "source_note")
    values["position"] = problems.check(_position, data.get("position"), "position")
    problems.raise_any()
    values["is_public"] = bool(data.get("is_public"))
    return values


def parse_year(value, field: str = "year") -> int:
    """A year typed as four digits, from 1990 to next year."""
    text = str(value if value is not None else "").strip()
    message = _l("Give a year from %(first)d to %(last)d, such as %(example)d.", first=FIRST_YEAR,
                 last=last_year(), example=local_today().year - 1)
    if not re.fullmatch(r"\d{4}", text):
        raise ServiceError(message, field=field)
    year = int(text)
    if not FIRST_YEAR <= year <= last_year():
        raise ServiceError(message, field=field)
    return year


def parse_figure(value, field: str = "value") -> Decimal:
    """A figure as people type it: ``43``, ``1 250``, ``12,5`` or ``12.5`` — not negative, at most two decimals."""
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value if value is not None else ""))
    if not text:
        raise ServiceError(_l("Give the figure for the year, such as 43 or 12,5."), field=field)
    if text.startswith("-"):
        raise ServiceError(_l("A figure cannot be negative."), field=field)
    if text.count(",") + text.count(".") > 1 or not re.fullmatch(r"\d+([.,]\d+)?", text):
        raise ServiceError(_l("Give a number, such as 43 or 12,5."), field=field)
    try:
        figure = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ServiceError(_l("Give a number, such as 43 or 12,5."), field=field) from None
    if figure != figure.quantize(Decimal("0.01")):
        raise ServiceError(_l("Give at most two decimal places."), field=field)
    if figure > MAX_VALUE:
        raise ServiceError(_l("This figure is too large."), field=field)
    return figure.quantize(Decimal("0.01"))


def _unique_code(department_id: int, name: str, indicator: CityIndicator | None) -> str:
    base = slugify(name)[:50] or "wskaznik"
    code, number = base, 1
    while True:
        taken = db.session.execute(select(CityIndicator.id).where(
            CityIndicator.organisation_id == department_id, CityIndicator.code == code)).scalar_one_or_none()
        if taken is None or (indicator is not None and taken == indicator.id):
            return code
        number += 1
        code = f"{base}-{number}"


def _check_name_free(department_id: int, name: str, indicator: CityIndicator | None) -> None:
    taken = db.session.execute(select(CityIndicator.id).where(
        CityIndicator.organisation_id == department_id,
        func.lower(CityIndicator.name_pl) == name.lower())).scalar_one_or_none()
    if taken is not None and (indicator is None or taken != indicator.id):
        raise ServiceError(CODE_TAKEN, field="name_pl")


# -- writing ---------------------------------------------------------------------------------------------------

def create_indicator(data: dict, *, department: Organisation, actor) -> CityIndicator:
    """Department admin or officer: start keeping a yearly figure (its name, unit, source, whether it is public)."""
    values = _clean_indicator(data)
    _check_name_free(department.id, values["name_pl"], None)
    indicator = CityIndicator(organisation_id=department.id, code=_unique_code(department.id, values["name_pl"], None),
                              **values)
    db.session.add(indicator)
    db.session.flush()
    record_event("indicator.created", actor=actor, organisation_id=department.id, target=indicator,
                 details={"name": indicator.name_pl, "public": indicator.is_public})
    return indicator


def update_indicator(indicator: CityIndicator, data: dict, *, actor) -> list[str]:
    """Department admin or officer: change an indicator's names, units, source note, place or publication;
    returns the changed fields. Its code (the download's name) stays."""
    values = _clean_indicator(data)
    _check_name_free(indicator.organisation_id, values["name_pl"], indicator)
    changed = [name for name, value in values.items() if getattr(indicator, name) != value]
    for name in changed:
        setattr(indicator, name, values[name])
    if changed:
        record_event("indicator.updated", actor=actor, organisation_id=indicator.organisation_id, target=indicator,
                     details={"name": indicator.name_pl, "fields": changed})
    db.session.flush()
    return changed


def record_value(indicator: CityIndicator, data: dict, *, actor) -> IndicatorValue:
    """Department admin or officer: record the figure of one year (a year already recorded is changed)."""
    problems = Problems()
    year = problems.check(parse_year, data.get("year"))
    figure = problems.check(parse_figure, data.get("value"))
    note = problems.check(clean_text, data.get("note"), NOTE_MAX, "note", one_line=True)
    problems.raise_any()
    existing = db.session.execute(select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year)).scalar_one_or_none()
    details = {"indicator": indicator.name_pl, "year": year, "value": str(figure)}
    if existing is None:
        existing = IndicatorValue(organisation_id=indicator.organisation_id, indicator=indicator, year=year,
                                  value=figure, note=note, recorded_by_id=getattr(actor, "id", None))
        db.session.add(existing)
    else:
        details["before"] = str(existing.value)
        existing.value, existing.note = figure, note
        existing.recorded_by_id = getattr(actor, "id", None)
        existing.recorded_at = utcnow()
    db.session.flush()
    record_event("indicator.recorded", actor=actor, organisation_id=indicator.organisation_id, target=indicator,
                 details=details)
    return existing


def delete_value(value: IndicatorValue, *, actor) -> None:
    """Department admin or officer: delete a year's figure recorded by mistake."""
    indicator = value.indicator
    record_event("indicator.value_deleted", actor=actor, organisation_id=value.organisation_id, target=indicator,
                 details={"indicator": indicator.name_pl, "year": value.year, "value": str(value.value)})
    indicator.values.remove(value)
    db.session.delete(value)
    db.session.flush()
