"""Small grants without a competition (art. 19a of the Act on Public Benefit and Volunteer Work).

An organisation drafts and submits a simplified offer (``Offer`` of kind ``small_grant``, no call):
a grant of at most 10 000,00 zł for a task of at most 90 days. The department publishes it for
comments for 7 days (``comments_from``/``comments_until``), when anyone may comment on the public
page; after the 7 days, and only then, it funds the offer from a budget line of the task's year
(``awards.decide_award`` with no call) or refuses it with a reason.

The yearly caps (art. 19a ust. 4 and 5): one organisation receives at most 20 000 zł of small
grants in a calendar year, and all small grants of a year are at most 20 per cent of the grant
money the city plans for that year (the sum of the year's budget lines). The year of a small
grant is the year its task starts, which is also the year of the budget line it is paid from.
Both caps are checked when the department funds an offer, under the department's row lock, so
two officers deciding at once cannot pass them together.

Scopes: the organisation drafts in its own scope; the department decides in its own; residents
comment in the public scope (``OfferComment.public_may_create``); the spam checks are those of
"report a mistake" (app/services/feedback/intake.py). Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock
from app.extensions import db
from app.i18n import format_moment, money
from app.localtime import local_today
from app.mail import send_mail
from app.models import (
    Award,
    BudgetLine,
    CostKind,
    Offer,
    OfferComment,
    OfferCost,
    OfferKind,
    OfferResult,
    OfferStatus,
    Organisation,
    PublicSphere,
    utcnow,
)
from app.services import Problems, ServiceError, clean_text
from app.services.audit.log import record_event, widened_scope
from app.services.feedback.intake import (
    MAX_LINKS,
    check_rate_limit,
    check_reply_address,
    count_links,
    refuse_robots,
)
from app.services.funding.awards import decide_award, free_for_small_grants
from app.services.moderation.review import organisation_contacts
from app.tenancy import parse_id, system_scope
from app.unit_of_work import unique

MAX_GRANT = Decimal("10000.00")  # art. 19a ust. 1 pkt 1
MAX_DAYS = 90  # art. 19a ust. 1 pkt 2; counted inclusively: the first and the last day of the task both count
COMMENT_DAYS = 7  # art. 19a ust. 3
ORGANISATION_CAP = Decimal("20000.00")  # art. 19a ust. 4: one organisation in one calendar year
CITY_SHARE = Decimal("0.20")  # art. 19a ust. 5: of the grant money planned for the year
RECENT_DAYS = 365  # decided small grants stay on the public list this long
TITLE_MAX, TEXT_MAX, ROW_MAX, UNIT_MAX, TARGET_MAX = 300, 5000, 300, 60, 200
MAX_RESULTS, MAX_COSTS = 10, 20
MAX_UNITS = Decimal("100000")
COMMENT_MAX, AUTHOR_MAX = 2000, 120
COMMENT_FORM = "small_grant_comment"  # what the comment form's spam token names
RECEIPT_PREFIX = "MG"
ZERO = Decimal("0.00")

APPLICANT_FIELDS = ("name", "krs", "nip", "address", "contact", "email", "phone")
APPLICANT_LIMITS = {"name": 255, "krs": 10, "nip": 10, "address": 300, "contact": 200, "email": 254, "phone": 40}
TEXT_FIELDS = ("title", "place", "target_group", "summary", "representatives")
MONEY_FIELDS = ("requested_grant", "own_financial", "own_in_kind")
FIELDS = (*(f"applicant_{name}" for name in APPLICANT_FIELDS), *TEXT_FIELDS, "sphere", "starts_on", "ends_on",
          *MONEY_FIELDS, "statements_accepted")
RESULT_FIELDS = ("result", "target_value", "monitoring")
COST_FIELDS = ("name", "unit", "unit_cost", "units", "year", "from_grant")

unique("uq_offer_receipt", _l("Another offer took this receipt number at the same moment. Please send it again."))


# -- where a small grant stands -------------------------------------------------------------------------

class Stage:
    """What a small grant offer is to people now (its status, the comment window and the decision)."""

    DRAFT, NEW, COMMENTS, TO_DECIDE, FUNDED, REFUSED, WITHDRAWN = (
        "draft", "new", "comments", "to_decide", "funded", "refused", "withdrawn")


def stage_of(offer: Offer, now: datetime | None = None, *, funded: bool | None = None) -> str:
    """The stage now: a draft; submitted (new); published for comments until ``comments_until`` (to the second);
    waiting for the decision; funded or refused; or withdrawn. ``funded`` may be given when known."""
    now = now or utcnow()
    if offer.status == OfferStatus.DRAFT:
        return Stage.DRAFT
    if offer.status == OfferStatus.WITHDRAWN:
        return Stage.WITHDRAWN
    if offer.decided_at is not None:
        if funded is None:
            funded = offer.outcome_reason is None
        return Stage.FUNDED if funded else Stage.REFUSED
    if offer.comments_from is None:
        return Stage.NEW
    return Stage.COMMENTS if now < offer.comments_until else Stage.TO_DECIDE


def accepts_comments(offer: Offer, now: datetime | None = None) -> bool:
    """Whether a comment may be left now: inside the 7 days, to the second (from included, until excluded)."""
    now = now or utcnow()
    return (offer.comments_from is not None and offer.decided_at is None
            and offer.comments_from <= now < offer.comments_until)


def task_days(starts_on: date, ends_on: date) -> int:
    """How long a task lasts, counting both its first and its last day (1 May – 1 May is one day)."""
    return (ends_on - starts_on).days + 1


# -- what the organisation typed ------------------------------------------------------------------------

def _amount(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if not isinstance(value, Decimal) or value < 0:
        raise ServiceError(_l("Give the amount in złoty, such as 2 500,00."), field=field)
    return value.quantize(Decimal("0.01"))


def _required(values: dict, problems: Problems, fields_messages) -> None:
    for name, message in fields_messages:
        if values.get(name) in (None, "") and not any(error.field == name for error in problems.errors):
            problems.errors.append(ServiceError(message, field=name))


def _clean_header(data: dict, problems: Problems) -> dict:
    """The applicant, the texts, the sphere, the dates and the sources, each checked for its shape."""
    values = {"applicant": {}}
    for name in APPLICANT_FIELDS:
        field = f"applicant_{name}"
        values["applicant"][name] = problems.check(clean_text, data.get(field), APPLICANT_LIMITS[name], field,
                                                   one_line=True)
    for name in TEXT_FIELDS:
        limit = TITLE_MAX if name == "title" else TEXT_MAX
        values[name] = problems.check(clean_text, data.get(name), limit, name, one_line=name == "title")
    sphere = data.get("sphere") or None
    if sphere is not None and sphere not in {item.value for item in PublicSphere}:
        problems.errors.append(ServiceError(_l("Choose from the list."), field="sphere"))
        sphere = None
    values["sphere"] = PublicSphere(sphere) if sphere else None
    for name in ("starts_on", "ends_on"):
        day = data.get(name)
        if day is not None and not isinstance(day, date):
            problems.errors.append(ServiceError(_l("Give the date like 2026-05-01."), field=name))
            day = None
        values[name] = day
    for name in MONEY_FIELDS:
        values[name] = problems.check(_amount, data.get(name), name)
    values["statements_accepted"] = bool(data.get("statements_accepted"))
    if not values["title"] and not any(error.field == "title" for error in problems.errors):
        problems.errors.append(ServiceError(_l("Give the task's title."), field="title"))
    return values


def _clean_results(rows, problems: Problems) -> list[dict]:
    """The expected results typed (blank rows skipped); a row begun needs its result named."""
    results = []
    for index, row in enumerate(list(rows or [])[:MAX_RESULTS]):
        prefix = f"results-{index}-"
        texts = {name: problems.check(clean_text, row.get(name), TARGET_MAX if name == "target_value" else ROW_MAX,
                                      prefix + name, one_line=True) for name in RESULT_FIELDS}
        if not any(texts.values()):
            continue
        if not texts["result"]:
            problems.errors.append(ServiceError(_l("Name the result, or clear the row."), field=prefix + "result"))
            continue
        results.append(texts)
    return results


def _clean_costs(rows, problems: Problems) -> list[dict]:
    """The cost lines typed (blank rows skipped); a row begun needs its name, unit cost, units and year."""
    costs = []
    for index, row in enumerate(list(rows or [])[:MAX_COSTS]):
        prefix = f"costs-{index}-"
        if all(row.get(name) in (None, "") for name in COST_FIELDS):
            continue
        before = len(problems.errors)
        name = problems.check(clean_text, row.get("name"), ROW_MAX, prefix + "name", one_line=True)
        unit = problems.check(clean_text, row.get("unit"), UNIT_MAX, prefix + "unit", one_line=True)
        unit_cost = problems.check(_amount, row.get("unit_cost"), prefix + "unit_cost")
        units = problems.check(_amount, row.get("units"), prefix + "units")
        from_grant = problems.check(_amount, row.get("from_grant"), prefix + "from_grant")
        year = row.get("year")
        if not name and len(problems.errors) == before:
            problems.errors.append(ServiceError(_l("Name the cost, or clear the row."), field=prefix + "name"))
        if unit_cost is None and not any(e.field == prefix + "unit_cost" for e in problems.errors):
            problems.errors.append(ServiceError(_l("Give the unit cost."), field=prefix + "unit_cost"))
        if units is None or units <= 0 or units > MAX_UNITS:
            if not any(e.field == prefix + "units" for e in problems.errors):
                problems.errors.append(ServiceError(_l("Give a number of units greater than 0 and at most "
                                                       "%(max)s.", max=f"{MAX_UNITS:,}".replace(",", " ")),
                                                    field=prefix + "units"))
            units = None
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            problems.errors.append(ServiceError(_l("Give the year, such as 2027."), field=prefix + "year"))
            year = None
        if len(problems.errors) > before:
            continue
        total = (unit_cost * units).quantize(Decimal("0.01"))
        if from_grant is not None and from_grant > total:
            problems.errors.append(ServiceError(_l("The part from the grant cannot be more than the cost line "
                                                   "(%(total)s).", total=money(total)), field=prefix + "from_grant"))
            continue
        costs.append({"index": index, "name": name, "unit": unit, "unit_cost": unit_cost, "units": units,
                      "year": year, "from_grant": from_grant, "total": total})
    return costs


def _check_complete(values: dict, results: list[dict], costs: list[dict], problems: Problems,
                    today: date) -> None:
    """The rules a submitted simplified offer meets (every problem at once, each beside its field)."""
    _required({f"applicant_{k}": v for k, v in values["applicant"].items()}, problems, (
        ("applicant_name", _l("Give the organisation's name.")),
        ("applicant_address", _l("Give the organisation's address.")),
        ("applicant_contact", _l("Give the person who can explain the offer.")),
    ))
    _required(values, problems, (
        ("sphere", _l("Choose the sphere of public tasks.")),
        ("starts_on", _l("Give the date like 2026-05-01.")),
        ("ends_on", _l("Give the date like 2026-05-01.")),
        ("place", _l("Say where the task is carried out.")),
        ("summary", _l("Describe the task and the results it brings.")),
        ("representatives", _l("Name the people who sign for the organisation.")),
        ("requested_grant", _l("Give the grant you ask for.")),
    ))
    starts, ends = values["starts_on"], values["ends_on"]
    if starts and starts <= today:
        problems.errors.append(ServiceError(_l("The task must start after today."), field="starts_on"))
    if starts and ends:
        if ends < starts:
            problems.errors.append(ServiceError(_l("The task cannot end before it starts."), field="ends_on"))
        elif task_days(starts, ends) > MAX_DAYS:
            problems.errors.append(ServiceError(_l(
                "A small grant's task lasts at most %(max)d days, counting its first and its last day; these "
                "dates make %(days)d days.", max=MAX_DAYS, days=task_days(starts, ends)), field="ends_on"))
        years = {starts.year, ends.year}
        for cost in costs:
            if cost["year"] not in years:
                problems.errors.append(ServiceError(_l("Give a year of the task."),
                                                    field=f"costs-{cost['index']}-year"))
    grant = values["requested_grant"]
    if grant is not None and grant <= 0:
        problems.errors.append(ServiceError(_l("Give the grant you ask for."), field="requested_grant"))
    elif grant is not None and grant > MAX_GRANT:
        problems.errors.append(ServiceError(_l("A small grant is at most %(max)s; you asked for %(amount)s.",
                                               max=money(MAX_GRANT), amount=money(grant)), field="requested_grant"))
    if not results:
        problems.errors.append(ServiceError(_l("Give at least one expected result."), field="results"))
    if not costs:
        problems.errors.append(ServiceError(_l("Give at least one cost line."), field="costs"))
    elif not any(error.field and error.field.startswith("costs-") for error in problems.errors):
        total = sum((cost["total"] for cost in costs), ZERO)
        sources = sum((values[name] or ZERO for name in MONEY_FIELDS), ZERO)
        if total != sources:
            problems.errors.append(ServiceError(_l(
                "The costs add up to %(costs)s and the funding sources to %(sources)s: they must be equal.",
                costs=money(total), sources=money(sources)), field="costs"))
        in_grant = sum((cost["from_grant"] or ZERO for cost in costs), ZERO)
        if grant is not None and in_grant != grant:
            problems.errors.append(ServiceError(_l(
                "The parts from the grant add up to %(part)s; the grant you ask for is %(grant)s.",
                part=money(in_grant), grant=money(grant)), field="costs"))
    if not values["statements_accepted"]:
        problems.errors.append(ServiceError(_l("Make the statements to submit the offer."),
                                            field="statements_accepted"))


def _clean(data: dict, results, costs, *, complete: bool) -> tuple[dict, list[dict], list[dict]]:
    """Everything typed, checked at once: a draft needs a title and each value in shape; a submitted offer the
    whole of the rules. Raises CombinedServiceError with every problem beside its field."""
    problems = Problems()
    values = _clean_header(data, problems)
    result_rows = _clean_results(results, problems)
    cost_rows = _clean_costs(costs, problems)
    if complete:
        _check_complete(values, result_rows, cost_rows, problems, local_today())
    problems.raise_any()
    return values, result_rows, cost_rows


def _write(offer: Offer, values: dict, results: list[dict], costs: list[dict]) -> None:
    for name, value in values.items():
        setattr(offer, name, value)
    offer.results.clear()
    offer.costs.clear()
    db.session.flush()
    for position, row in enumerate(results):
        offer.results.append(OfferResult(organisation_id=offer.organisation_id, position=position, **row))
    for position, row in enumerate(costs):
        offer.costs.append(OfferCost(organisation_id=offer.organisation_id, position=position,
                                     kind=CostKind.ACTIVITY, name=row["name"], unit=row["unit"],
                                     unit_cost=row["unit_cost"], units=row["units"], year=row["year"],
                                     from_grant=row["from_grant"]))


# -- the organisation's side ------------------------------------------------------------------------------

def applicant_from_registry(organisation: Organisation, actor) -> dict:
    """The applicant's data as the registry has it (the form's starting values; the organisation may correct them)."""
    address = ", ".join(part for part in (organisation.street, " ".join(
        part for part in (organisation.postal_code, organisation.city) if part)) if part)
    return {"applicant_name": organisation.name, "applicant_krs": organisation.krs or "",
            "applicant_nip": organisation.nip or "", "applicant_address": address,
            "applicant_contact": getattr(actor, "full_name", "") or "", "applicant_email": organisation.email or "",
            "applicant_phone": organisation.phone or ""}


def values_of(offer: Offer) -> tuple[dict, list[dict], list[dict]]:
    """An offer's values as the form shows them: (fields, result rows, cost rows)."""
    data = {f"applicant_{name}": (offer.applicant or {}).get(name) or "" for name in APPLICANT_FIELDS}
    data.update({name: getattr(offer, name) for name in (*TEXT_FIELDS, "starts_on", "ends_on", *MONEY_FIELDS,
                                                         "statements_accepted")})
    data["sphere"] = offer.sphere.value if offer.sphere else ""
    results = [{name: getattr(row, name) for name in RESULT_FIELDS} for row in offer.results]
    costs = [{name: getattr(row, name) for name in COST_FIELDS} for row in offer.cost_lines()]
    return data, results, costs


def small_grants_of(organisation_id: int) -> list[Offer]:
    """The organisation's small grant offers, the newest first (call it in the organisation's scope)."""
    return list(db.session.execute(
        select(Offer).where(Offer.organisation_id == organisation_id, Offer.kind == OfferKind.SMALL_GRANT)
        .order_by(Offer.created_at.desc(), Offer.id.desc())).scalars())


def create_small_grant(organisation: Organisation, data: dict, results, costs, *, actor,
                       submit: bool = False) -> Offer:
    """Organisation admin or coordinator: save a simplified offer as a draft, or (``submit``) save and submit it
    at once; a refusal saves nothing."""
    values, result_rows, cost_rows = _clean(data, results, costs, complete=submit)
    offer = Offer(organisation_id=organisation.id, kind=OfferKind.SMALL_GRANT, call_id=None,
                  status=OfferStatus.DRAFT, title=values["title"])
    db.session.add(offer)
    _write(offer, values, result_rows, cost_rows)
    db.session.flush()
    record_event("small_grant.drafted", actor=actor, organisation_id=organisation.id, target=offer,
                 details={"title": offer.title})
    if submit:
        _submit(offer, actor)
    return offer


def update_small_grant(offer: Offer, data: dict, results, costs, *, actor, submit: bool = False) -> Offer:
    """Organisation admin or coordinator: change a draft (and, with ``submit``, submit it); only a draft changes."""
    _check_draft(offer)
    values, result_rows, cost_rows = _clean(data, results, costs, complete=submit)
    _write(offer, values, result_rows, cost_rows)
    db.session.flush()
    record_event("small_grant.updated", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"title": offer.title})
    if submit:
        _submit(offer, actor)
    return offer


def submit_small_grant(offer: Offer, *, actor) -> Offer:
    """Organisation admin or coordinator: submit a saved draft as it stands (every rule checked at once)."""
    _check_draft(offer)
    data, results, costs = values_of(offer)
    _clean(data, results, costs, complete=True)
    _submit(offer, actor)
    return offer


def _check_draft(offer: Offer) -> None:
    if offer.kind != OfferKind.SMALL_GRANT:
        raise ServiceError(_l("This is not a small grant offer."))
    if offer.status != OfferStatus.DRAFT:
        raise ServiceError(_l("The offer has been submitted: it no longer changes."))


def _submit(offer: Offer, actor) -> None:
    now = utcnow()
    offer.status = OfferStatus.SUBMITTED
    offer.submitted_at = now
    offer.submitted_by_id = getattr(actor, "id", None)
    offer.receipt_number = _next_receipt_number(local_today().year, actor, offer.organisation_id)
    db.session.flush()
    record_event("offer.submitted", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"kind": OfferKind.SMALL_GRANT.value, "receipt": offer.receipt_number,
                          "grant": str(offer.requested_grant)})
    _tell_organisation(offer, "small_grant_submitted",
                       _l("Small grant offer received: %(number)s", number=offer.receipt_number))


def _next_receipt_number(year: int, actor, organisation_id: int) -> str:
    """The year's next receipt number of small grants, ``MG/2026/0007`` (numbers run across organisations)."""
    prefix = f"{RECEIPT_PREFIX}/{year}/"
    with widened_scope("small_grant.receipt_number: the year's next number runs across organisations",
                       actor=actor, organisation_id=organisation_id):
        numbers = list(db.session.execute(select(Offer.receipt_number)
                                          .where(Offer.receipt_number.like(prefix + "%"))).scalars())
    highest = max((int(number[len(prefix):]) for number in numbers if number[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def withdraw_small_grant(offer: Offer, *, actor) -> None:
    """Organisation admin or coordinator: withdraw a submitted offer before the department publishes it."""
    if offer.status != OfferStatus.SUBMITTED or offer.comments_from is not None or offer.decided_at is not None:
        raise ServiceError(_l("Only an offer not yet published for comments can be withdrawn."))
    offer.status = OfferStatus.WITHDRAWN
    offer.withdrawn_at = utcnow()
    db.session.flush()
    record_event("offer.withdrawn", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"kind": OfferKind.SMALL_GRANT.value, "receipt": offer.receipt_number})


# -- the yearly caps ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cap:
    """A cap with what is used of it."""

    used: Decimal
    cap: Decimal

    @property
    def left(self) -> Decimal:
        return max(ZERO, self.cap - self.used)


@dataclass(frozen=True)
class YearlyCaps:
    """The year's caps of small grants: per organisation (when one is named) and city-wide (None when not known
    to the reader: the year's budget is the department's)."""

    year: int
    organisation: Cap | None
    city: Cap | None
    city_used: Decimal


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def small_grants_awarded(year: int, *, organisation_id: int | None = None,
                         leaving_out: int | None = None) -> Decimal:
    """What small grants whose task starts in ``year`` were awarded (to one organisation, when named; but the
    offer ``leaving_out``). Awards of small grants are public, so any scope may ask."""
    first, after = _year_bounds(year)
    query = (select(func.coalesce(func.sum(Award.amount), 0)).join(Offer, Offer.id == Award.offer_id)
             .where(Award.call_id.is_(None), Offer.kind == OfferKind.SMALL_GRANT,
                    Offer.starts_on >= first, Offer.starts_on < after))
    if organisation_id is not None:
        query = query.where(Offer.organisation_id == organisation_id)
    if leaving_out is not None:
        query = query.where(Offer.id != leaving_out)
    return Decimal(db.session.execute(query).scalar_one() or 0).quantize(Decimal("0.01"))


def planned_for_year(year: int) -> Decimal:
    """The grant money the city plans for ``year``: the sum of the year's budget lines. The lines stay the
    department's, but their yearly sum is the council's public figure an organisation reads beside the cap: the
    named read ``small_grants.city_cap`` gives that one number in any scope."""
    with system_scope("small_grants.city_cap: the year's planned grant money, one public sum"):
        total = db.session.execute(select(func.coalesce(func.sum(BudgetLine.amount), 0))
                                   .where(BudgetLine.year == year)).scalar_one()
    return Decimal(total or 0).quantize(Decimal("0.01"))


def city_cap(year: int) -> Decimal:
    """20 per cent of the year's planned grant money, to the grosz (rounded down)."""
    return (planned_for_year(year) * CITY_SHARE).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def yearly_caps(year: int, *, organisation_id: int | None = None, leaving_out: int | None = None,
                with_city: bool = True) -> YearlyCaps:
    """The caps of ``year``: one organisation's (when named) and the city's (unless ``with_city`` is false)."""
    city_used = small_grants_awarded(year, leaving_out=leaving_out)
    organisation = None
    if organisation_id is not None:
        organisation = Cap(small_grants_awarded(year, organisation_id=organisation_id, leaving_out=leaving_out),
                           ORGANISATION_CAP)
    city = Cap(city_used, city_cap(year)) if with_city else None
    return YearlyCaps(year, organisation, city, city_used)


def check_caps(offer: Offer, amount: Decimal) -> YearlyCaps:
    """Refuse beside the amount when funding ``offer`` with ``amount`` would pass a yearly cap, with the figures."""
    year = offer.starts_on.year
    caps = yearly_caps(year, organisation_id=offer.organisation_id, leaving_out=offer.id)
    problems = Problems()
    if amount > caps.organisation.left:
        problems.errors.append(ServiceError(_l(
            "One organisation receives at most %(cap)s of small grants in a year: in %(year)d this one has received "
            "%(used)s, so %(left)s is left.", cap=money(ORGANISATION_CAP), year=year,
            used=money(caps.organisation.used), left=money(caps.organisation.left)), field="amount"))
    if amount > caps.city.left:
        problems.errors.append(ServiceError(_l(
            "Small grants of %(year)d may use at most 20 per cent of the year's grant money, %(cap)s: %(used)s is "
            "used, so %(left)s is left.", year=year, cap=money(caps.city.cap), used=money(caps.city.used),
            left=money(caps.city.left)), field="amount"))
    problems.raise_any()
    return caps


# -- the department's side --------------------------------------------------------------------------------

def department_small_grants() -> list[Offer]:
    """Every submitted small grant offer (the department's view), those waiting first, then the newest."""
    offers = list(db.session.execute(
        select(Offer).where(Offer.kind == OfferKind.SMALL_GRANT, Offer.status == OfferStatus.SUBMITTED)
        .order_by(Offer.submitted_at.desc(), Offer.id.desc())).scalars())
    return sorted(offers, key=lambda offer: offer.decided_at is not None)


def awards_by_offer(offer_ids) -> dict[int, Award]:
    """{offer id: award} for the given offers (one query; in the public scope, awards of small grants)."""
    ids = list(offer_ids)
    if not ids:
        return {}
    return {award.offer_id: award for award in db.session.execute(
        select(Award).where(Award.offer_id.in_(ids), Award.call_id.is_(None))).scalars()}


def comments_on(offer: Offer) -> list[OfferComment]:
    """Residents' comments on an offer, the oldest first (the department's view)."""
    return list(db.session.execute(select(OfferComment).where(OfferComment.offer_id == offer.id)
                                   .order_by(OfferComment.created_at, OfferComment.id)).scalars())


def lines_for(year: int) -> list[tuple[BudgetLine, Decimal]]:
    """The budget lines of ``year`` with what each has left for small grants (the department's view)."""
    lines = db.session.execute(select(BudgetLine).where(BudgetLine.year == year)
                               .order_by(BudgetLine.programme_id, BudgetLine.source, BudgetLine.task_pl)).scalars()
    return [(line, free_for_small_grants(line)) for line in lines]


def publish_for_comments(offer: Offer, *, actor, now: datetime | None = None) -> None:
    """Department admin or officer: publish a submitted offer on the public page for 7 days of comments."""
    now = (now or utcnow()).replace(microsecond=0)
    if offer.kind != OfferKind.SMALL_GRANT or offer.status != OfferStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted small grant offer can be published."))
    if offer.comments_from is not None or offer.decided_at is not None:
        raise ServiceError(_l("This offer has been published already."))
    offer.comments_from = now
    offer.comments_until = now + timedelta(days=COMMENT_DAYS)
    db.session.flush()
    record_event("offer.published_for_comments", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"until": offer.comments_until.isoformat(), "receipt": offer.receipt_number})


def _check_decidable(offer: Offer, now: datetime) -> None:
    if offer.kind != OfferKind.SMALL_GRANT or offer.status != OfferStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted small grant offer can be decided."))
    if offer.decided_at is not None:
        raise ServiceError(_l("This offer has been decided already."))
    if offer.comments_from is None:
        raise ServiceError(_l("Publish the offer for 7 days of comments first."))
    if now < offer.comments_until:
        raise ServiceError(_l("Comments are open until %(moment)s: decide after that.",
                              moment=format_moment(offer.comments_until)))


def _line_of_year(line_id, offer: Offer) -> BudgetLine:
    wanted = parse_id(line_id)
    line = db.session.execute(select(BudgetLine).where(BudgetLine.id == wanted)).scalar_one_or_none() \
        if wanted is not None else None
    if line is None or offer.starts_on is None or line.year != offer.starts_on.year:
        raise ServiceError(_l("Choose a budget line of the task's year."), field="budget_line_id")
    return line


def fund_small_grant(offer: Offer, amount, line_id, *, actor, now: datetime | None = None) -> Award:
    """Department admin or officer: after the 7 days of comments, fund the offer with the amount it asks for (the
    simplified offer was published as it is: a small grant is funded as offered or refused) from a budget line of
    the task's year; the yearly caps and the line's room are checked under the department's lock. The
    organisation is told by e-mail after the commit."""
    now = now or utcnow()
    _check_decidable(offer, now)
    problems = Problems()
    line = problems.check(_line_of_year, line_id, offer)
    if not isinstance(amount, Decimal) or amount <= 0:
        problems.errors.append(ServiceError(_l("Give an amount greater than zero."), field="amount"))
    elif amount.quantize(Decimal("0.01")) < (offer.requested_grant or ZERO):
        problems.errors.append(ServiceError(_l(
            "A small grant is funded as offered, %(amount)s, or refused: the offer published for comments does not "
            "change.", amount=money(offer.requested_grant)), field="amount"))
    problems.raise_any()
    amount = amount.quantize(Decimal("0.01"))
    lock(Organisation, line.organisation_id)  # small grants are decided one after another: the caps hold
    if amount <= (offer.requested_grant or ZERO):
        check_caps(offer, amount)
    award = decide_award(offer, amount, line=line, call=None, actor=actor)
    offer.decided_at = now
    offer.outcome_reason = None
    db.session.flush()
    _tell_organisation(offer, "small_grant_decided", _l("Small grant decided: %(number)s",
                                                        number=offer.receipt_number), award=award)
    return award


def refuse_small_grant(offer: Offer, reason: str, *, actor, now: datetime | None = None) -> None:
    """Department admin or officer: after the 7 days of comments, refuse the offer with the reason the
    organisation is told (by e-mail, after the commit)."""
    now = now or utcnow()
    _check_decidable(offer, now)
    reason = clean_text(reason, TEXT_MAX, "outcome_reason")
    if not reason:
        raise ServiceError(_l("Say why the offer is not funded: the organisation is told."), field="outcome_reason")
    offer.decided_at = now
    offer.outcome_reason = reason
    db.session.flush()
    record_event("offer.refused", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"kind": OfferKind.SMALL_GRANT.value, "receipt": offer.receipt_number})
    _tell_organisation(offer, "small_grant_decided", _l("Small grant decided: %(number)s",
                                                        number=offer.receipt_number), award=None)


def _tell_organisation(offer: Offer, template: str, subject, **context) -> None:
    """E-mail the organisation's admins and coordinators about their small grant offer (after the commit)."""
    link = None
    if has_request_context():
        link = url_for("account.act_for", organisation=offer.organisation_id,
                       next=url_for("small_grants_workspace.grant_detail", grant_id=offer.id), _external=True)
    for user in organisation_contacts(offer.organisation_id):
        send_mail(user.email, subject, template, user.locale or "pl", offer=offer, link=link, **context)


# -- residents' comments --------------------------------------------------------------------------------------

def public_small_grants(now: datetime | None = None) -> dict[str, list[Offer]]:
    """The small grants anyone may read (call it in the public scope): those open for comments (closing first),
    those waiting for the decision, and those decided in the last 365 days."""
    now = now or utcnow()
    offers = list(db.session.execute(
        select(Offer).where(Offer.kind == OfferKind.SMALL_GRANT, Offer.status == OfferStatus.SUBMITTED,
                            Offer.comments_from.isnot(None))
        .order_by(Offer.comments_until, Offer.id)).scalars())
    recent = now - timedelta(days=RECENT_DAYS)
    return {"open": [o for o in offers if o.decided_at is None and now < o.comments_until],
            "waiting": [o for o in offers if o.decided_at is None and now >= o.comments_until],
            "decided": sorted((o for o in offers if o.decided_at is not None and o.decided_at >= recent),
                              key=lambda o: o.decided_at, reverse=True)}


def _comment_body(body) -> str:
    text = str(body or "").strip()
    if not text:
        raise ServiceError(_l("Write your comment."), field="message")
    if len(text) > COMMENT_MAX:
        raise ServiceError(_l("Write at most %(max)d characters.", max=COMMENT_MAX), field="message")
    if count_links(text) > MAX_LINKS:
        raise ServiceError(_l("Include at most %(max)d web addresses.", max=MAX_LINKS), field="message")
    return text


def add_comment(offer: Offer, *, message: str, author: str | None, email: str | None, honeypot: str | None,
                token: str | None, now: datetime | None = None) -> OfferComment:
    """Anyone: comment on a small grant offer inside its 7 days (to the second), past the spam checks of
    "report a mistake". ``offer`` was loaded in the public scope. A form sent twice stores one comment."""
    now = now or utcnow()
    if not accepts_comments(offer, now):
        if offer.comments_from is not None and now < offer.comments_from:
            raise ServiceError(_l("Comments are not open yet."), field="message")
        raise ServiceError(_l("Comments on this offer were accepted until %(moment)s.",
                              moment=format_moment(offer.comments_until)), field="message")
    refuse_robots(honeypot, token, COMMENT_FORM, offer.id)
    body = _comment_body(message)
    author = clean_text(author, AUTHOR_MAX, "author", one_line=True)
    email = check_reply_address(email)
    check_rate_limit()
    with widened_scope("offer_comment.duplicate_check: a form sent twice stores one"):
        duplicate = db.session.execute(select(OfferComment).where(
            OfferComment.offer_id == offer.id, OfferComment.body == body,
            OfferComment.created_at >= now - timedelta(hours=1))).scalars().first()
    if duplicate is not None:
        return duplicate
    comment = OfferComment(organisation_id=offer.organisation_id, offer_id=offer.id, author=author, email=email,
                           body=body, created_at=now)
    db.session.add(comment)
    db.session.flush()
    record_event("offer.commented", organisation_id=offer.organisation_id,
                 details={"offer": offer.id, "named": author is not None, "reply_wanted": email is not None})
    return comment
