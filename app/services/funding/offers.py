"""Offers in open calls, the organisation's side (the 2018 form, art. 14 of the Act on Public Benefit).

An organisation's admin or coordinator starts an offer in an open call (the applicant's data
prefilled from the registry), saves it as a draft as often as it likes — every value of a
valid type is kept, a value of a wrong type is refused beside its field and nothing is saved —
and submits it. Submitting checks everything against the call's rules and reports every
problem at once; a submitted offer gets a receipt number and an e-mail. Until the deadline it
may be withdrawn, and a withdrawn offer reopened as a draft; after the deadline nothing in it
changes, but for the items the formal check names for correction (by their date) and, under a
reduced award, the updated budget and plan.

The call, the award and a partner's requests belong to other tenants: the call is read in the
public scope (it is published), the award and the requests addressed to a partner through
``widened_scope`` (audited). Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context, url_for
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock, lock_row
from app.extensions import db
from app.i18n import format_day, format_moment, money
from app.localtime import WARSAW, local_today
from app.mail import send_mail
from app.models import (
    Award,
    AwardState,
    Call,
    CallStatus,
    CostKind,
    FormalOutcome,
    GrantMode,
    Offer,
    OfferActivity,
    OfferCost,
    OfferPartner,
    OfferResult,
    OfferStatus,
    Organisation,
    OrganisationKind,
    utcnow,
)
from app.services import CombinedServiceError, Problems, ServiceError, clean_text
from app.services.audit.log import record_event, widened_scope
from app.services.funding.calls import accepts_offers
from app.tenancy import parse_id, public_scope, system_scope
from app.unit_of_work import unique

TITLE_MAX, SHORT_MAX, TEXT_MAX = 300, 300, 10000
MAX_ROWS = 30
MAX_AMOUNT = Decimal("999999999999.99")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
APPLICANT_KEYS = ("name", "krs", "nip", "address", "contact", "email", "phone")
MONEY_FIELDS = ("requested_grant", "own_financial", "own_in_kind", "recipients_payments", "other_funds")
TEXT_FIELDS = ("title", "place", "target_group", "summary", "other_information", "representatives")
FIELDS = (*TEXT_FIELDS, "starts_on", "ends_on", *MONEY_FIELDS, "statements_accepted",
          *(f"applicant_{key}" for key in APPLICANT_KEYS))
CORRECTABLE = ("complete", "signed", "attachments")  # "on_time" cannot be corrected
RECEIPT_TAKEN = _l("Another offer was given this receipt number at the same moment: please submit again.")
unique("uq_offer_receipt", RECEIPT_TAKEN)
unique("uq_offer_partner", _l("This organisation is already a joint applicant."), field="partner")


# -- reading ---------------------------------------------------------------------------------------------

def call_of(offer: Offer) -> Call | None:
    """The call the offer answers, read as anyone may read it (a published call is public)."""
    if offer.call_id is None:
        return None
    with public_scope():
        return db.session.execute(select(Call).where(Call.id == offer.call_id)).scalar_one_or_none()


def offers_of(organisation_id: int) -> list[tuple[Offer, Call | None]]:
    """The organisation's offers in calls with their calls, newest first (call it in the organisation's scope)."""
    offers = list(db.session.execute(select(Offer).where(Offer.organisation_id == organisation_id,
                                                         Offer.call_id.isnot(None))
                                     .order_by(Offer.created_at.desc(), Offer.id.desc())).scalars())
    ids = {offer.call_id for offer in offers}
    with public_scope():
        calls = {call.id: call for call in db.session.execute(select(Call).where(Call.id.in_(ids))).scalars()} \
            if ids else {}
    return [(offer, calls.get(offer.call_id)) for offer in offers]


def editable(offer: Offer, call: Call | None, now: datetime | None = None) -> bool:
    """Whether the offer may change as a draft now: a draft in a call still open for offers."""
    return offer.status == OfferStatus.DRAFT and call is not None and accepts_offers(call, now)


def required_attachments(call: Call | None) -> list[str]:
    """The attachments the call asks for, one a line of its announcement (in Polish, as the offer is)."""
    if call is None:
        return []
    return [line.strip() for line in (call.attachments_pl or "").splitlines() if line.strip()]


def correctable_items(offer: Offer, today: date | None = None) -> list[str]:
    """The items of the formal check the organisation may correct now (none once the correction is sent, or
    after the date)."""
    if offer.status != OfferStatus.SUBMITTED or offer.formal_outcome != FormalOutcome.TO_CORRECT:
        return []
    if offer.correct_by is None or (today or local_today()) > offer.correct_by:
        return []
    if offer.corrected_at is not None and (offer.formal_checked_at is None
                                           or offer.corrected_at >= offer.formal_checked_at):
        return []
    return [item for item in CORRECTABLE if item in (offer.formal_items or [])]


def attachments_changeable(offer: Offer, call: Call | None) -> bool:
    """Attachments are added and removed while the offer is a draft, or when the formal check asks for them."""
    return editable(offer, call) or "attachments" in correctable_items(offer)


def award_for(offer: Offer, *, actor) -> Award | None:
    """The department's award of a submitted offer, if any (read beyond the organisation's scope for a page: the
    named read ``offer.award``, as a GET writes nothing, not even the audit log)."""
    if offer.status != OfferStatus.SUBMITTED:
        return None
    call = call_of(offer)
    if call is None or call.status not in (CallStatus.EVALUATION, CallStatus.DECIDED):
        return None  # awards are decided after the evaluation: nothing to read (and to audit) before
    with system_scope("offer.award: the organisation sees the award of its own offer"):
        award = db.session.execute(select(Award).where(Award.offer_id == offer.id)).scalar_one_or_none()
        if award is not None:
            db.session.refresh(award)
    return award


def decided_awards(items: list[tuple[Offer, Call | None]]) -> dict[int, Award]:
    """{offer id: its award} for the organisation's submitted offers in decided calls (one query; a decided call's
    awards are public, so it reads them as anyone may). An offer of a decided call missing here was not funded."""
    ids = [offer.id for offer, call in items
           if offer.status == OfferStatus.SUBMITTED and call is not None and call.status == CallStatus.DECIDED]
    if not ids:
        return {}
    with public_scope():
        return {award.offer_id: award for award in
                db.session.execute(select(Award).where(Award.offer_id.in_(ids))).scalars()}


# -- the applicant and starting an offer ---------------------------------------------------------------

def prefill(organisation: Organisation, actor) -> dict:
    """The applicant's data from the registry; the contact person is the one starting the offer."""
    address = ", ".join(part for part in (organisation.street, " ".join(
        part for part in (organisation.postal_code, organisation.city) if part)) if part)
    return {"name": organisation.name, "krs": organisation.krs or "", "nip": organisation.nip or "",
            "address": address, "contact": getattr(actor, "full_name", "") or "",
            "email": organisation.email or "", "phone": organisation.phone or ""}


def start_offer(call: Call, organisation: Organisation, *, actor) -> Offer:
    """Organisation admin or coordinator: a new draft offer in an open call, the applicant prefilled."""
    if not accepts_offers(call):
        raise ServiceError(_l("This call does not accept offers now."))
    if organisation.kind.value not in call.kind_list:
        raise ServiceError(_l("Organisations of your kind may not apply in this call."))
    offer = Offer(organisation_id=organisation.id, call_id=call.id, title="", status=OfferStatus.DRAFT,
                  applicant=prefill(organisation, actor), representatives=None)
    db.session.add(offer)
    db.session.flush()
    record_event("offer.created", actor=actor, organisation_id=organisation.id, target=offer,
                 details={"call": call.id})
    return offer


# -- what was typed: types and order ------------------------------------------------------------------

def _text(value, limit: int, field: str) -> str | None:
    return clean_text(value, limit, field, one_line=limit <= SHORT_MAX)


def _amount(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if not isinstance(value, Decimal) or value < 0 or value > MAX_AMOUNT:
        raise ServiceError(_l("Write the amount in złoty, such as 64 500,00."), field=field)
    return value.quantize(Decimal("0.01"))


def _units(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if not isinstance(value, Decimal) or value < 0 or value > MAX_AMOUNT:
        raise ServiceError(_l("Give the number of units as a number, such as 12 or 2,5."), field=field)
    return value.quantize(Decimal("0.01"))


def _date(value, field: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, date):
        raise ServiceError(_l("Give the date like 2026-05-01."), field=field)
    return value


def _order(starts: date | None, ends: date | None, field: str) -> None:
    if starts is not None and ends is not None and ends < starts:
        raise ServiceError(_l("The end cannot come before the start."), field=field)


def _values(data: dict, names, problems: Problems) -> dict:
    values = {}
    for name in names:
        if name in MONEY_FIELDS:
            values[name] = problems.check(_amount, data.get(name), name)
        elif name in ("starts_on", "ends_on"):
            values[name] = problems.check(_date, data.get(name), name)
        elif name == "statements_accepted":
            values[name] = bool(data.get(name))
        elif name.startswith("applicant_"):
            values[name] = problems.check(_text, data.get(name), SHORT_MAX, name)
        else:
            limit = TITLE_MAX if name == "title" else (SHORT_MAX if name == "place" else TEXT_MAX)
            values[name] = problems.check(_text, data.get(name), limit, name)
    if "ends_on" in names:
        problems.check(_order, values.get("starts_on"), values.get("ends_on"), "ends_on")
    refused = {error.field for error in problems.errors}
    return {name: value for name, value in values.items() if name not in refused}


def _blank(row: dict, names) -> bool:
    return all(row.get(name) in (None, "") or (isinstance(row.get(name), str) and not row[name].strip())
               for name in names)


def clean_activities(rows, prefix: str = "activities") -> list[dict]:
    """The activities typed (blank rows and rows marked for removal left out); every problem at once."""
    problems = Problems()
    cleaned = _activities(rows, prefix, problems)
    problems.raise_any()
    return cleaned


def _activities(rows, prefix: str, problems: Problems) -> list[dict]:
    """The activities typed, each with its row's ``index`` on the form; a refused value is None (the refusal is
    kept in ``problems``)."""
    cleaned: list[dict] = []
    rows = list(rows or [])
    for index, row in enumerate(rows):
        if row.get("remove") or _blank(row, ("name", "description", "starts_on", "ends_on")):
            continue
        field = f"{prefix}-{index}-"
        value = {"name": problems.check(_text, row.get("name"), TITLE_MAX, field + "name") or "",
                 "description": problems.check(_text, row.get("description"), TEXT_MAX, field + "description"),
                 "starts_on": problems.check(_date, row.get("starts_on"), field + "starts_on"),
                 "ends_on": problems.check(_date, row.get("ends_on"), field + "ends_on"), "index": index}
        problems.check(_order, value["starts_on"], value["ends_on"], field + "ends_on")
        cleaned.append(value)
    if len(cleaned) > MAX_ROWS:
        problems.errors.append(ServiceError(_l("At most %(max)d rows.", max=MAX_ROWS), field=prefix))
    return cleaned


def _results(rows, problems: Problems) -> list[dict]:
    cleaned: list[dict] = []
    for index, row in enumerate(rows or []):
        if row.get("remove") or _blank(row, ("result", "target_value", "monitoring")):
            continue
        field = f"results-{index}-"
        cleaned.append({"result": problems.check(_text, row.get("result"), TITLE_MAX, field + "result") or "",
                        "target_value": problems.check(_text, row.get("target_value"), 200, field + "target_value"),
                        "monitoring": problems.check(_text, row.get("monitoring"), SHORT_MAX, field + "monitoring"),
                        "index": index})
    if len(cleaned) > MAX_ROWS:
        problems.errors.append(ServiceError(_l("At most %(max)d rows.", max=MAX_ROWS), field="results"))
    return cleaned


def _year(value, field: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ServiceError(_l("Give the year like 2027."), field=field)
    return year


def _kind(value, field: str) -> CostKind:
    try:
        return CostKind(value or CostKind.ACTIVITY.value)
    except ValueError:
        raise ServiceError(_l("Choose from the list."), field=field) from None


def clean_costs(rows, default_year: int, prefix: str = "costs") -> list[dict]:
    """The cost lines typed (a blank unit cost or number of units is kept as 0, checked on submission)."""
    problems = Problems()
    cleaned = _costs(rows, default_year, prefix, problems)
    problems.raise_any()
    return cleaned


def _costs(rows, default_year: int, prefix: str, problems: Problems) -> list[dict]:
    cleaned: list[dict] = []
    for index, row in enumerate(rows or []):
        if row.get("remove") or _blank(row, ("name", "unit", "unit_cost", "units", "from_grant")):
            continue
        field = f"{prefix}-{index}-"
        cleaned.append({
            "kind": problems.check(_kind, row.get("kind"), field + "kind"),
            "name": problems.check(_text, row.get("name"), TITLE_MAX, field + "name") or "",
            "unit": problems.check(_text, row.get("unit"), 60, field + "unit"),
            "unit_cost": problems.check(_amount, row.get("unit_cost"), field + "unit_cost") or ZERO,
            "units": problems.check(_units, row.get("units"), field + "units") or ZERO,
            "year": problems.check(_year, row.get("year"), field + "year", default_year),
            "from_grant": problems.check(_amount, row.get("from_grant"), field + "from_grant"), "index": index})
    if len(cleaned) > MAX_ROWS:
        problems.errors.append(ServiceError(_l("At most %(max)d rows.", max=MAX_ROWS), field=prefix))
    return cleaned


def _default_year(offer: Offer, call: Call | None) -> int:
    if offer.starts_on:
        return offer.starts_on.year
    return call.task_starts_on.year if call is not None else local_today().year


def _clean_form(offer: Offer, call: Call | None, data: dict, rows: dict, names) -> tuple[dict, dict]:
    values, cleaned, problems = _typed(offer, call, data, rows, names)
    problems.raise_any()
    return values, cleaned


def _typed(offer: Offer, call: Call | None, data: dict, rows: dict, names) -> tuple[dict, dict, Problems]:
    """What was typed, cleaned, with every refusal of a type, a length or an order (a refused value is left out
    of the values, or None in its row)."""
    problems = Problems()
    values = _values(data, names, problems)
    cleaned = {"activities": _activities(rows.get("activities"), "activities", problems),
               "results": _results(rows.get("results"), problems),
               "costs": _costs(rows.get("costs"), _default_year(offer, call), "costs", problems)}
    return values, cleaned, problems


def _apply_values(offer: Offer, values: dict) -> None:
    applicant = dict(offer.applicant or {})
    for name, value in values.items():
        if name.startswith("applicant_"):
            applicant[name.removeprefix("applicant_")] = value or ""
        elif name == "title":
            offer.title = value or ""
        else:
            setattr(offer, name, value)
    if any(name.startswith("applicant_") for name in values):
        offer.applicant = applicant


def _apply_rows(offer: Offer, cleaned: dict, *, revised: bool = False) -> None:
    organisation_id = offer.organisation_id
    if "activities" in cleaned:
        kept = [a for a in offer.activities if a.revised != revised]
        offer.activities = kept + [
            OfferActivity(organisation_id=organisation_id, revised=revised, position=position, name=row["name"],
                          description=row["description"], starts_on=row["starts_on"], ends_on=row["ends_on"])
            for position, row in enumerate(cleaned["activities"])]
    if "results" in cleaned and not revised:
        offer.results = [OfferResult(organisation_id=organisation_id, position=position, result=row["result"],
                                     target_value=row["target_value"], monitoring=row["monitoring"])
                         for position, row in enumerate(cleaned["results"])]
    if "costs" in cleaned:
        kept = [c for c in offer.costs if c.revised != revised]
        offer.costs = kept + [
            OfferCost(organisation_id=organisation_id, revised=revised, position=position, kind=row["kind"],
                      name=row["name"], unit=row["unit"], unit_cost=row["unit_cost"], units=row["units"],
                      year=row["year"], from_grant=row["from_grant"])
            for position, row in enumerate(cleaned["costs"])]


def _closed(call: Call | None) -> ServiceError:
    if call is None:
        return ServiceError(_l("This offer can no longer change."))
    return ServiceError(_l("Offers in this call closed on %(moment)s: the offer can no longer change.",
                           moment=call.closes_at.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")))


def _draft_call(offer: Offer) -> Call:
    call = call_of(offer)
    if not editable(offer, call):
        raise _closed(call) if offer.status == OfferStatus.DRAFT else ServiceError(
            _l("Only a draft can be changed: withdraw the offer and reopen it first."))
    return call


def save_draft(offer: Offer, data: dict, rows: dict, *, actor, refused=()) -> bool:
    """Organisation admin or coordinator: keep what was typed in a draft. A value of a wrong type, too long or out
    of order is refused beside its field and nothing is saved; ``refused`` names the fields the form itself could
    not read (nothing is saved either, but every other problem is still reported). True when saved."""
    call = _draft_call(offer)
    values, cleaned, problems = _typed(offer, call, data, rows, FIELDS)
    problems.raise_any()
    if refused:
        return False
    _apply_values(offer, values)
    _apply_rows(offer, cleaned)
    db.session.flush()
    record_event("offer.saved", actor=actor, organisation_id=offer.organisation_id, target=offer)
    return True


def save_and_check(offer: Offer, organisation: Organisation, data: dict, rows: dict, *, actor,
                   refused=()) -> list[ServiceError]:
    """Organisation admin or coordinator: "Save and check for submission" — every problem at once, each naming its
    field on the form as it was sent: wrong types, lengths and order, and every rule of the call.

    When everything typed is readable the draft is saved and the rules' problems are returned (none: it may be
    submitted). Otherwise nothing is saved and every problem is raised together (``CombinedServiceError``); the
    rules are checked on what could be read, leaving out the fields already refused (``refused``: the fields the
    form itself could not read)."""
    call = _draft_call(offer)
    values, cleaned, problems = _typed(offer, call, data, rows, FIELDS)
    bad = set(refused) | {error.field for error in problems.errors}
    trial = db.session.begin_nested()  # undone when anything typed was refused: the rules are checked on a trial
    _apply_values(offer, values)
    _apply_rows(offer, cleaned)
    db.session.flush()
    rows_at = {name: [row["index"] for row in cleaned[name]] for name in ("activities", "results", "costs")}
    found = [problem for problem in submission_problems(offer, call, organisation, rows_at=rows_at)
             if problem.field not in bad]
    if bad:
        trial.rollback()
        everything = problems.errors + found
        if everything:
            raise everything[0] if len(everything) == 1 else _combined(everything)
        return []
    trial.commit()
    record_event("offer.saved", actor=actor, organisation_id=offer.organisation_id, target=offer)
    return found


# -- submission: every rule of the call at once ---------------------------------------------------------

REQUIRED = (("title", _l("Give the title of the task.")), ("starts_on", _l("Give the date the task starts.")),
            ("ends_on", _l("Give the date the task ends.")), ("place", _l("Say where the task is carried out.")),
            ("target_group", _l("Say whom the task is for.")),
            ("summary", _l("Describe the task in brief: the need, the aim and how.")),
            ("representatives", _l("Name the people entitled to sign for the organisation (per KRS).")),
            ("requested_grant", _l("Give the amount of the grant you ask for.")))
APPLICANT_REQUIRED = (("applicant_name", "name", _l("Give the applicant's name.")),
                      ("applicant_address", "address", _l("Give the applicant's address.")),
                      ("applicant_contact", "contact", _l("Name the contact person.")))


def _percent(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.##")


def _share(part: Decimal, total: Decimal) -> Decimal:
    return (part * HUNDRED / total).quantize(Decimal("0.01")) if total else ZERO


def submission_problems(offer: Offer, call: Call | None, organisation: Organisation, *,
                        now: datetime | None = None, timely: bool = True,
                        rows_at: dict | None = None) -> list[ServiceError]:
    """Every reason the offer cannot be submitted now, each naming the field of the offer form it concerns.

    A row's field is named by its place among the offer's rows (``costs-1-units``), or, with ``rows_at`` ({list:
    the form's index of each saved row}), by its row on the form as it was sent (blank rows left out)."""
    found: list[ServiceError] = []
    at = _Rows(rows_at or {})

    def problem(message, field=None):
        found.append(ServiceError(message, field=field))

    if call is None:
        return [ServiceError(_l("This offer does not answer a call."))]
    if timely and not accepts_offers(call, now):
        problem(_l("The call does not accept offers now: the deadline was %(moment)s.",
                   moment=format_moment(call.closes_at)))
    for field, message in REQUIRED:
        value = offer.title if field == "title" else getattr(offer, field)
        if value in (None, ""):
            problem(message, field)
    applicant = offer.applicant or {}
    for field, key, message in APPLICANT_REQUIRED:
        if not (applicant.get(key) or "").strip():
            problem(message, field)
    if organisation.kind.value not in call.kind_list or organisation.kind == OrganisationKind.DEPARTMENT:
        problem(_l("Organisations of your kind may not apply in this call."), "applicant_name")
    _dates(offer, call, problem, at)
    _rows(offer, call, problem, at)
    _money_rules(offer, call, problem)
    labels = {attachment.label for attachment in offer.attachments}
    for required in required_attachments(call):
        if required not in labels:
            problem(_l("Attach: %(name)s.", name=required), "attachments")
    for partner in offer.partners:
        if partner.confirmed_at is None:
            problem(_l("%(name)s has not confirmed it is a joint applicant.", name=partner.partner.name), "partners")
    if not offer.statements_accepted:
        problem(_l("Make the statements of the form: tick the box."), "statements_accepted")
    return found


class _Rows:
    """Where a saved row is on the form: its field's name and the number people see (``Cost line 2``)."""

    def __init__(self, rows_at: dict):
        self.rows_at = rows_at

    def index(self, name: str, position: int) -> int:
        places = self.rows_at.get(name)
        return places[position] if places is not None and position < len(places) else position

    def field(self, name: str, position: int, sub: str) -> str:
        return f"{name}-{self.index(name, position)}-{sub}"

    def number(self, name: str, position: int) -> int:
        return self.index(name, position) + 1


def _dates(offer: Offer, call: Call, problem, at: _Rows) -> None:
    if offer.starts_on and offer.starts_on < call.task_starts_on:
        problem(_l("The task may start on %(day)s at the earliest.", day=format_day(call.task_starts_on)),
                "starts_on")
    if offer.ends_on and offer.ends_on > call.task_ends_on:
        problem(_l("The task must end by %(day)s.", day=format_day(call.task_ends_on)), "ends_on")
    if offer.starts_on and offer.ends_on and offer.ends_on < offer.starts_on:
        problem(_l("The end cannot come before the start."), "ends_on")
    starts, ends = offer.starts_on or call.task_starts_on, offer.ends_on or call.task_ends_on
    for index, activity in enumerate(offer.plan()):
        field = at.field("activities", index, "")
        if not activity.starts_on:
            problem(_l("Give the date the activity starts."), field + "starts_on")
        elif not starts <= activity.starts_on <= ends:
            problem(_l("The activity must fall within the dates of the task."), field + "starts_on")
        if not activity.ends_on:
            problem(_l("Give the date the activity ends."), field + "ends_on")
        elif not starts <= activity.ends_on <= ends:
            problem(_l("The activity must fall within the dates of the task."), field + "ends_on")


def _rows(offer: Offer, call: Call, problem, at: _Rows) -> None:
    if not offer.plan():
        problem(_l("Add at least one activity to the plan."), "activities")
    for index, activity in enumerate(offer.plan()):
        if not activity.name:
            problem(_l("Name the activity."), at.field("activities", index, "name"))
    if not offer.results:
        problem(_l("Add at least one expected result."), "results")
    for index, result in enumerate(sorted(offer.results, key=lambda row: row.position)):
        if not result.result:
            problem(_l("Name the result."), at.field("results", index, "result"))
    if not offer.cost_lines():
        problem(_l("Add at least one cost line."), "costs")
    _cost_lines(offer.cost_lines(), "costs", problem, at, _task_years(offer, call))


def _task_years(offer: Offer, call: Call) -> tuple[int, int]:
    """The first and the last year of the task (its own dates, or the call's)."""
    starts, ends = offer.starts_on or call.task_starts_on, offer.ends_on or call.task_ends_on
    return starts.year, max(starts.year, ends.year)


def _cost_lines(lines, prefix: str, problem, at: _Rows | None = None, years: tuple[int, int] | None = None) -> None:
    at = at or _Rows({})
    for index, cost in enumerate(lines):
        field, number = at.field(prefix, index, ""), at.number(prefix, index)
        if not cost.name:
            problem(_l("Name the cost."), field + "name")
        if cost.unit_cost <= 0:
            problem(_l("Give the unit cost."), field + "unit_cost")
        if cost.units <= 0:
            problem(_l("Give the number of units."), field + "units")
        if cost.from_grant is not None and cost.from_grant > cost.total:
            problem(_l("Cost line %(number)d: the part from the grant cannot be more than the line's value.",
                       number=number), field + "from_grant")
        if years is not None and cost.year is not None and not years[0] <= cost.year <= years[1]:
            problem(_l("Cost line %(number)d: the year must be a year of the task (%(first)d–%(last)d).",
                       number=number, first=years[0], last=years[1]) if years[0] != years[1] else
                    _l("Cost line %(number)d: the year must be the year of the task, %(year)d.",
                       number=number, year=years[0]), field + "year")


def _money_rules(offer: Offer, call: Call, problem) -> None:
    total, grant = offer.total_costs(), offer.requested_grant
    if total != offer.sources_total:
        problem(_l("The costs total %(costs)s but the funding sources total %(sources)s: they must be equal.",
                   costs=money(total), sources=money(offer.sources_total)), "costs")
    if grant is None:
        return
    if call.minimum_grant is not None and grant < call.minimum_grant:
        problem(_l("The grant must be at least %(amount)s.", amount=money(call.minimum_grant)), "requested_grant")
    if call.maximum_grant is not None and grant > call.maximum_grant:
        problem(_l("The grant can be at most %(amount)s.", amount=money(call.maximum_grant)), "requested_grant")
    if grant != offer.grant_in_costs():
        problem(_l("The grant asked for must equal the cost lines' parts from the grant (%(amount)s).",
                   amount=money(offer.grant_in_costs())), "requested_grant")
    if call.grant_mode == GrantMode.SUPPORT and total > 0:
        own = offer.own_contribution(in_kind_counts=call.in_kind_counts)
        if _share(own, total) < call.own_share_percent:
            message = _l("The own contribution must be at least %(share)s per cent of the total cost; it is "
                         "%(own)s per cent.", share=_percent(call.own_share_percent), own=_percent(_share(own, total)))
            if not call.in_kind_counts:
                message = _l("The own contribution must be at least %(share)s per cent of the total cost, "
                             "personal and in-kind contribution not counted; it is %(own)s per cent.",
                             share=_percent(call.own_share_percent), own=_percent(_share(own, total)))
            problem(message, "own_financial")


def _next_receipt(call: Call, actor, organisation_id: int) -> str:
    """The next receipt number within the call: OK/<year>/<call id>/<sequence>; the call's row is locked so that
    two offers submitted at once are numbered one after the other."""
    with widened_scope("offer.receipt_number: numbers are counted within the call", actor=actor,
                       organisation_id=organisation_id):
        lock(Call, call.id)
        numbers = db.session.execute(select(Offer.receipt_number).where(
            Offer.call_id == call.id, Offer.receipt_number.isnot(None))).scalars()
        highest = max((int(number.rsplit("/", 1)[-1]) for number in numbers
                       if number.rsplit("/", 1)[-1].isdigit()), default=0)
    return receipt_number(call.id, datetime.now(WARSAW).year, highest + 1)


def receipt_number(call_id: int, year: int, sequence: int) -> str:
    """How an offer in a call is numbered: OK/<year>/<call id>/<sequence, four digits>."""
    return f"OK/{year}/{call_id}/{sequence:04d}"


@dataclass(frozen=True)
class Submitted:
    """What submitting gave: the offer, and whether it had been submitted already (no second receipt)."""

    offer: Offer
    already: bool = False


def submit_offer(offer: Offer, organisation: Organisation, *, actor) -> Submitted:
    """Organisation admin or coordinator: submit a draft when it meets every rule of the call; every problem is
    reported at once (CombinedServiceError). A second submission of the same offer gives no second receipt."""
    offer = lock_row(offer)
    if offer.status == OfferStatus.SUBMITTED:
        return Submitted(offer, already=True)
    if offer.status != OfferStatus.DRAFT:
        raise ServiceError(_l("A withdrawn offer must be reopened as a draft first."))
    call = call_of(offer)
    problems = submission_problems(offer, call, organisation)
    if problems:
        raise problems[0] if len(problems) == 1 else _combined(problems)
    now = utcnow()
    offer.receipt_number = _next_receipt(call, actor, offer.organisation_id)
    offer.status, offer.submitted_at, offer.submitted_by_id = OfferStatus.SUBMITTED, now, getattr(actor, "id", None)
    offer.withdrawn_at = None
    db.session.flush()
    record_event("offer.submitted", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"call": call.id, "receipt": offer.receipt_number,
                          "grant": str(offer.requested_grant)})
    _tell_submitted(offer, call, organisation, actor)
    return Submitted(offer)


def _combined(problems: list[ServiceError]) -> CombinedServiceError:
    return CombinedServiceError(problems)


def _tell_submitted(offer: Offer, call: Call, organisation: Organisation, actor) -> None:
    link = url_for("offers.offer_page", offer_id=offer.id, _external=True) if has_request_context() else None
    recipients = []
    if getattr(actor, "email", None):
        recipients.append((actor.email, getattr(actor, "locale", None) or "pl"))
    if organisation.email and organisation.email.lower() not in {email.lower() for email, _ in recipients}:
        recipients.append((organisation.email, "pl"))
    for email, locale in recipients:
        send_mail(email, _l("Offer received: %(receipt)s", receipt=offer.receipt_number), "offer_submitted", locale,
                  offer=offer, call=call, title=call.text("title", locale), organisation=organisation, link=link)


def withdraw_offer(offer: Offer, *, actor) -> None:
    """Organisation admin or coordinator: withdraw a submitted offer, until the deadline."""
    offer = lock_row(offer)
    call = call_of(offer)
    if offer.status != OfferStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted offer can be withdrawn."))
    if call is None or not accepts_offers(call):
        raise _closed(call)
    offer.status, offer.withdrawn_at = OfferStatus.WITHDRAWN, utcnow()
    db.session.flush()
    record_event("offer.withdrawn", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"receipt": offer.receipt_number})


def reopen_offer(offer: Offer, *, actor) -> None:
    """Organisation admin or coordinator: make a withdrawn offer a draft again while the call is open (submitting
    it again gives a new receipt number)."""
    offer = lock_row(offer)
    call = call_of(offer)
    if offer.status != OfferStatus.WITHDRAWN:
        raise ServiceError(_l("Only a withdrawn offer can be reopened."))
    if call is None or not accepts_offers(call):
        raise _closed(call)
    offer.status = OfferStatus.DRAFT
    db.session.flush()
    record_event("offer.reopened", actor=actor, organisation_id=offer.organisation_id, target=offer)


# -- the correction after the formal check -------------------------------------------------------------

def correction_fields(items) -> tuple[str, ...]:
    """The offer form's fields the named items open to correction."""
    names: list[str] = []
    if "complete" in items:
        names += [name for name in FIELDS if name != "representatives"]
    if "signed" in items:
        names.append("representatives")
    return tuple(names)


def save_correction(offer: Offer, data: dict, rows: dict, *, actor) -> None:
    """Organisation admin or coordinator: change the items the formal check named, and only those."""
    items = correctable_items(offer)
    names = correction_fields(items)
    if not names:
        raise ServiceError(_l("Nothing in this offer is open to correction now."))
    call = call_of(offer)
    values, cleaned = _clean_form(offer, call, data, rows if "complete" in items else {}, names)
    _apply_values(offer, values)
    if "complete" in items:
        _apply_rows(offer, cleaned)
    db.session.flush()
    record_event("offer.correction_saved", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"items": items})


def _concerns(problem: ServiceError, items) -> bool:
    """Whether a problem of the offer belongs to an item the organisation was asked to correct."""
    if problem.field == "representatives":
        return "signed" in items
    if problem.field == "attachments":
        return "attachments" in items
    return "complete" in items


def send_correction(offer: Offer, organisation: Organisation, *, actor) -> None:
    """Organisation admin or coordinator: send the corrected offer to be checked again (its content must meet the
    call's rules, as on submission)."""
    offer = lock_row(offer)
    items = correctable_items(offer)
    if not items:
        raise ServiceError(_l("Nothing in this offer is open to correction now."))
    problems = [problem for problem in submission_problems(offer, call_of(offer), organisation, timely=False)
                if _concerns(problem, items)]
    if problems:
        raise problems[0] if len(problems) == 1 else _combined(problems)
    offer.corrected_at = utcnow()
    db.session.flush()
    record_event("offer.corrected", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"items": items})


# -- the updated budget within a reduced award -----------------------------------------------------------

def revised_prefill(offer: Offer) -> tuple[list[dict], list[dict]]:
    """The rows of the updated plan and budget as a form starts them: the revised ones, or the original."""
    activities = offer.plan(revised=True) or offer.plan()
    costs = offer.cost_lines(revised=True) or offer.cost_lines()
    return ([{"name": a.name, "description": a.description, "starts_on": a.starts_on, "ends_on": a.ends_on}
             for a in activities],
            [{"kind": c.kind.value, "name": c.name, "unit": c.unit, "unit_cost": c.unit_cost, "units": c.units,
              "year": c.year, "from_grant": c.from_grant} for c in costs])


def submit_updated_budget(offer: Offer, activity_rows, cost_rows, *, actor) -> Award:
    """Organisation admin or coordinator: the cost estimate and plan re-entered within a reduced award; the grant
    parts total the award exactly and the own contribution keeps its share. The department accepts it."""
    award = award_for(offer, actor=actor)
    if award is None or award.state != AwardState.UPDATE_REQUESTED:
        raise ServiceError(_l("No updated budget is asked of this offer."))
    call = call_of(offer)
    problems = Problems()
    activities = problems.check(clean_activities, activity_rows)
    costs = problems.check(clean_costs, cost_rows, _default_year(offer, call))
    problems.raise_any()
    _apply_rows(offer, {"activities": activities, "costs": costs}, revised=True)
    db.session.flush()
    found: list[ServiceError] = []

    def problem(message, field=None):
        found.append(ServiceError(message, field=field))

    lines = offer.cost_lines(revised=True)
    if not lines:
        problem(_l("Add at least one cost line."), "costs")
    if not offer.plan(revised=True):
        problem(_l("Add at least one activity to the plan."), "activities")
    _cost_lines(lines, "costs", problem, years=_task_years(offer, call))
    starts, ends = offer.starts_on or call.task_starts_on, offer.ends_on or call.task_ends_on
    for index, activity in enumerate(offer.plan(revised=True)):
        for name in ("starts_on", "ends_on"):
            day = getattr(activity, name)
            if day is None or not starts <= day <= ends:
                problem(_l("The activity must fall within the dates of the task."), f"activities-{index}-{name}")
    grant, total = offer.grant_in_costs(revised=True), offer.total_costs(revised=True)
    if grant != award.amount:
        problem(_l("The parts from the grant total %(grant)s; they must total the award, %(award)s.",
                   grant=money(grant), award=money(award.amount)), "costs")
    original = offer.total_costs()
    before = _share(original - (offer.requested_grant or ZERO), original)
    if total and _share(total - award.amount, total) < before:
        problem(_l("The own contribution must keep its share of the total cost: at least %(share)s per cent.",
                   share=_percent(before)), "costs")
    if found:
        raise found[0] if len(found) == 1 else _combined(found)
    with widened_scope("award.update_submitted: the organisation sends its updated budget", actor=actor,
                       organisation_id=offer.organisation_id):
        award.state, award.update_submitted_at = AwardState.UPDATE_SUBMITTED, utcnow()
        db.session.flush()
    record_event("award.update_submitted", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"award": award.id, "amount": str(award.amount), "total": str(total)})
    return award


# -- joint applicants ----------------------------------------------------------------------------------

def find_partner(query: str, organisation: Organisation) -> Organisation:
    """The one registered active organisation named by ``query``: its KRS number, or its name."""
    text = " ".join(str(query or "").split())
    if not text:
        raise ServiceError(_l("Give the name or the KRS number of the organisation."), field="partner")
    base = select(Organisation).where(Organisation.is_active.is_(True),
                                      Organisation.kind != OrganisationKind.DEPARTMENT,
                                      Organisation.id != organisation.id)
    if (text.isdigit() and organisation.krs and organisation.krs == text.zfill(10)) \
            or text.lower() == (organisation.name or "").lower():
        raise ServiceError(_l("The applicant cannot be its own joint applicant: name another organisation."),
                           field="partner")
    if text.isdigit():
        found = list(db.session.execute(base.where(Organisation.krs == text.zfill(10))).scalars())
    else:
        exact = list(db.session.execute(base.where(func.lower(Organisation.name) == text.lower())).scalars())
        found = exact or list(db.session.execute(
            base.where(func.lower(Organisation.name).contains(text.lower(), autoescape=True)).limit(5)).scalars())
    if not found:
        raise ServiceError(_l("No registered organisation has this name or KRS number."), field="partner")
    if len(found) > 1:
        raise ServiceError(_l("Several organisations match: give the full name or the KRS number."),
                           field="partner")
    return found[0]


def add_partner(offer: Offer, query: str, organisation: Organisation, *, actor) -> OfferPartner:
    """Organisation admin or coordinator: name a joint applicant, which confirms from its own workspace."""
    call = call_of(offer)
    if not editable(offer, call):
        raise _closed(call) if offer.status == OfferStatus.DRAFT else ServiceError(
            _l("Joint applicants are named before the offer is submitted."), field="partner")
    partner = find_partner(query, organisation)
    if any(row.partner_id == partner.id for row in offer.partners):
        raise ServiceError(_l("This organisation is already a joint applicant."), field="partner")
    row = OfferPartner(organisation_id=offer.organisation_id, offer=offer, partner_id=partner.id)
    db.session.add(row)
    db.session.flush()
    record_event("offer.partner_added", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"partner": partner.id})
    return row


def remove_partner(offer: Offer, row: OfferPartner, *, actor) -> None:
    """Organisation admin or coordinator: take a joint applicant off a draft."""
    call = call_of(offer)
    if not editable(offer, call):
        raise _closed(call) if offer.status == OfferStatus.DRAFT else ServiceError(
            _l("Joint applicants are named before the offer is submitted."))
    record_event("offer.partner_removed", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"partner": row.partner_id})
    offer.partners.remove(row)
    db.session.flush()


@dataclass(frozen=True)
class PartnerRequest:
    """A request addressed to an organisation to be a joint applicant, as the partner sees it."""

    id: int
    offer_title: str
    applicant: str
    call_title: str
    status: OfferStatus
    confirmed_at: datetime | None
    open: bool


def requests_for(organisation: Organisation, *, actor, locale: str = "pl") -> list[PartnerRequest]:
    """The requests addressed to ``organisation`` to be a joint applicant (read beyond its scope for a page: the
    named read ``offer_partner.requests``; confirming one is a change, through ``widened_scope``)."""
    with system_scope("offer_partner.requests: a joint applicant sees the offers naming it"):
        rows = list(db.session.execute(select(OfferPartner, Offer, Call)
                                       .join(Offer, Offer.id == OfferPartner.offer_id)
                                       .join(Call, Call.id == Offer.call_id)
                                       .where(OfferPartner.partner_id == organisation.id)
                                       .order_by(OfferPartner.id.desc())))
        now = utcnow()
        return [PartnerRequest(row.id, offer.title or "—", (offer.applicant or {}).get("name", ""),
                               call.text("title", locale), offer.status, row.confirmed_at,
                               offer.status == OfferStatus.DRAFT and accepts_offers(call, now))
                for row, offer, call in rows]


def confirm_partner(request_id: int, organisation: Organisation, *, actor) -> bool:
    """Partner's admin or coordinator: confirm being a joint applicant of an offer not yet submitted. False when
    no such request is addressed to the organisation (the route answers 404)."""
    request_id = parse_id(request_id)
    if request_id is None:
        return False
    with widened_scope("offer_partner.confirm: a joint applicant confirms an offer naming it", actor=actor,
                       organisation_id=organisation.id):
        found = db.session.execute(select(OfferPartner, Offer).join(Offer, Offer.id == OfferPartner.offer_id)
                                   .where(OfferPartner.id == request_id,
                                          OfferPartner.partner_id == organisation.id)).first()
        if found is None:
            return False
        row, offer = found
        call = db.session.execute(select(Call).where(Call.id == offer.call_id)).scalar_one_or_none()
        if not editable(offer, call):
            raise ServiceError(_l("The offer has been submitted or its call has closed: it can no longer be "
                                  "confirmed."))
        if row.confirmed_at is None:
            row.confirmed_at, row.confirmed_by_id = utcnow(), getattr(actor, "id", None)
            db.session.flush()
            record_event("offer.partner_confirmed", actor=actor, organisation_id=offer.organisation_id,
                         target=offer, details={"partner": organisation.id})
    return True
