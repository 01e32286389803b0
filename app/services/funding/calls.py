"""Open calls for offers (otwarty konkurs ofert, art. 13 of the Act on Public Benefit).

The department drafts a call for one of its programmes, paid from one budget line; publishes it
with a submission window of at least 21 days; changes it after publication only as a new version
with a reason (the public page shows the history); or annuls it with a reason. A call can be
copied from an earlier one. A published call is open from ``opens_at`` until ``closes_at`` (to the
second, stored in UTC, typed in Europe/Warsaw) and closed after it.

The statutory criteria (art. 15 ust. 1) are filled in on a new call; the department sets their
points and may add its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import money
from app.localtime import WARSAW
from app.mail import send_mail
from app.models import (
    BudgetLine,
    Call,
    CallCriterion,
    CallStatus,
    CallVersion,
    GrantMode,
    Organisation,
    OrganisationKind,
    Programme,
    PublicSphere,
    utcnow,
)
from app.services import Problems, ServiceError, clean_text
from app.services.activities.ical import TZID, warsaw_timezone
from app.services.audit.log import record_event
from app.services.funding.budgets import held_outside_calls, set_aside_on
from app.services.moderation.review import organisation_contacts
from app.unit_of_work import unique

MIN_SUBMISSION_DAYS = 21  # art. 13 ust. 1: at least 21 days from the announcement
TITLE_MAX, TEXT_MAX, CRITERION_MAX = 300, 10000, 300
MAX_CRITERIA = 12
MAX_POINTS = 100
TITLE_TAKEN = _l("A call with this Polish title already exists.")
unique("uq_call_title", TITLE_TAKEN, field="title_pl")

# The criteria of art. 15 ust. 1 of the Act, with the points a new call starts from (100 in all).
STATUTORY_CRITERIA = (
    ("feasibility", _l("Feasibility of the task by the organisation"), 20),
    ("costs", _l("Cost calculation against the scope of the task"), 15),
    ("quality", _l("Quality of the task and the qualifications of the people doing it"), 35),
    ("own_funds", _l("Share of own or other funds"), 10),
    ("in_kind", _l("Personal and in-kind contribution, including volunteers' work"), 10),
    ("record", _l("Record on earlier grants: reliability, timeliness, settlement"), 10),
)
TEXT_FIELDS = ("title_pl", "title_uk", "title_en", "task_pl", "task_uk", "task_en",
               "attachments_pl", "attachments_uk", "attachments_en")
FIELDS = (*TEXT_FIELDS, "budget_line_id", "sphere", "grant_mode", "pool", "minimum_grant", "maximum_grant",
          "own_share_percent", "in_kind_counts", "task_starts_on", "task_ends_on", "eligible_kinds",
          "spent_this_year", "spent_last_year", "opens_at", "closes_at", "decision_by")
# What each field is called where the history of a published call names what a version changed.
FIELD_LABELS = {
    "title_pl": _l("title"), "title_uk": _l("title in Ukrainian"), "title_en": _l("title in English"),
    "task_pl": _l("the public task"), "task_uk": _l("the public task in Ukrainian"),
    "task_en": _l("the public task in English"), "attachments_pl": _l("required attachments"),
    "attachments_uk": _l("required attachments in Ukrainian"), "attachments_en": _l("required attachments in English"),
    "budget_line_id": _l("budget line"), "sphere": _l("sphere"), "grant_mode": _l("financing"), "pool": _l("money"),
    "minimum_grant": _l("smallest grant"), "maximum_grant": _l("largest grant"),
    "own_share_percent": _l("own contribution"), "in_kind_counts": _l("in-kind contribution"),
    "task_starts_on": _l("task dates"), "task_ends_on": _l("task dates"), "eligible_kinds": _l("who may apply"),
    "spent_this_year": _l("spending this year"), "spent_last_year": _l("spending last year"),
    "opens_at": _l("start of offers"), "closes_at": _l("deadline"), "decision_by": _l("date of results"),
    "criteria": _l("criteria"),
}
ELIGIBLE = tuple(kind for kind in OrganisationKind if kind != OrganisationKind.DEPARTMENT)


def statutory_criteria(locale_texts) -> list[dict]:
    """The statutory criteria as rows of the criteria form (Polish names, the other languages too)."""
    return [{"code": code, "name_pl": locale_texts("pl", label), "name_uk": locale_texts("uk", label),
             "name_en": locale_texts("en", label), "max_points": points}
            for code, label, points in STATUTORY_CRITERIA]


# -- what a call shows: its state now ----------------------------------------------------------------

class Stage:
    """What a call is to people now (the status plus the clock): draft, upcoming, open, closed…"""

    DRAFT, UPCOMING, OPEN, CLOSED, IN_EVALUATION, DECIDED, ANNULLED = (
        "draft", "upcoming", "open", "closed", "in_evaluation", "decided", "annulled")


def stage_of(call: Call, now: datetime | None = None) -> str:
    """The call's stage now: a published call is upcoming, open, then closed at its deadline to the second."""
    now = now or utcnow()
    if call.status == CallStatus.DRAFT:
        return Stage.DRAFT
    if call.status == CallStatus.ANNULLED:
        return Stage.ANNULLED
    if call.status == CallStatus.DECIDED:
        return Stage.DECIDED
    if call.status == CallStatus.FORMAL_CHECK:  # closed, offers being checked formally
        return Stage.CLOSED
    if call.status == CallStatus.EVALUATION:
        return Stage.IN_EVALUATION
    if now < call.opens_at:
        return Stage.UPCOMING
    return Stage.OPEN if now < call.closes_at else Stage.CLOSED


def changeable(call: Call, now: datetime | None = None) -> bool:
    """Whether the department may still change the call: a draft, or a published call before its deadline."""
    return stage_of(call, now) in (Stage.DRAFT, Stage.UPCOMING, Stage.OPEN)


def accepts_offers(call: Call, now: datetime | None = None) -> bool:
    """Whether an offer may be submitted now (published, within the window, not annulled)."""
    return stage_of(call, now) == Stage.OPEN


# -- checking what the department typed ---------------------------------------------------------------

def _text(value, limit: int, field: str) -> str | None:
    return clean_text(value, limit, field, one_line=limit <= TITLE_MAX)


def _money(value, field: str, *, required: bool) -> Decimal | None:
    if value is None:
        if required:
            raise ServiceError(_l("Give the amount in złoty, such as 64 500,00."), field=field)
        return None
    if not isinstance(value, Decimal) or value < 0:
        raise ServiceError(_l("Give the amount in złoty, such as 64 500,00."), field=field)
    return value.quantize(Decimal("0.01"))


def _days_between(start: datetime, end: datetime) -> int:
    """Calendar days from ``start`` to ``end`` as Warsaw counts them (a change of clock shifts no day)."""
    return (end.astimezone(WARSAW).date() - start.astimezone(WARSAW).date()).days


def _utc(moment: datetime) -> datetime:
    """A typed moment in UTC; a naive one is read as Europe/Warsaw time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    return moment.astimezone(UTC)


def _clean(data: dict, programme: Programme, call: Call | None = None) -> dict:
    """Check everything the department typed; every problem is reported at once (CombinedServiceError), each beside
    its field. Checks that need another value (the pool needs the budget line) wait until it is right."""
    problems = Problems()
    texts = problems.check(_clean_texts, data)
    line = problems.check(_budget_line, data, programme)
    modes = problems.check(_clean_modes, data)
    money_values = problems.check(_clean_money, data, line, call) if line else None
    share = problems.check(_clean_share, data, modes["grant_mode"]) if modes else None
    task = problems.check(_clean_task_dates, data)
    kinds = problems.check(_clean_kinds, data)
    window = problems.check(_clean_window, data, task["task_starts_on"] if task else None)
    if task and line:
        problems.check(_task_in_year_of, task, line)
    problems.raise_any()
    return {**texts, "budget_line_id": line.id, **modes, **money_values, **share, **task, **kinds, **window}


def _clean_texts(data: dict) -> dict:
    problems = Problems()
    values = {name: problems.check(_text, data.get(name), TITLE_MAX if name.startswith("title") else TEXT_MAX,
                                   name) for name in TEXT_FIELDS}
    if not values["title_pl"] and not any(e.field == "title_pl" for e in problems.errors):
        problems.errors.append(ServiceError(_l("Give the call's title in Polish."), field="title_pl"))
    if not values["task_pl"] and not any(e.field == "task_pl" for e in problems.errors):
        problems.errors.append(ServiceError(_l("Describe the public task in Polish."), field="task_pl"))
    problems.raise_any()
    return values


def _budget_line(data: dict, programme: Programme) -> BudgetLine:
    line_id = data.get("budget_line_id")
    line = next((line for line in programme.budget_lines if str(line.id) == str(line_id)), None)
    if line is None:
        raise ServiceError(_l("Choose a budget line of the programme."), field="budget_line_id")
    return line


def _clean_modes(data: dict) -> dict:
    problems, values = Problems(), {}
    for name, enum_class in (("sphere", PublicSphere), ("grant_mode", GrantMode)):
        values[name] = problems.check(_choice, enum_class, data.get(name), name)
    problems.raise_any()
    return values


def _choice(enum_class, value, field: str):
    try:
        return enum_class(value or "")
    except ValueError:
        raise ServiceError(_l("Choose from the list."), field=field) from None


def _clean_money(data: dict, line: BudgetLine, call: Call | None) -> dict:
    problems = Problems()
    pool = problems.check(_money, data.get("pool"), "pool", required=True)
    if pool is not None and pool <= 0:
        problems.errors.append(ServiceError(_l("Give the amount in złoty, such as 64 500,00."), field="pool"))
        pool = None
    if pool is not None:
        left = line.amount - set_aside_on(line.id, leaving_out=call.id if call is not None else None) \
            - held_outside_calls(line)
        if pool > left:
            problems.errors.append(ServiceError(
                _l("The pool cannot be more than what is left on the budget line: %(amount)s.",
                   amount=money(max(left, Decimal("0")))), field="pool"))
    values = {"pool": pool}
    for name in ("minimum_grant", "maximum_grant", "spent_this_year", "spent_last_year"):
        values[name] = problems.check(_money, data.get(name), name, required=False)
    smallest, largest = values["minimum_grant"], values["maximum_grant"]
    if largest is not None and pool is not None and largest > pool:
        problems.errors.append(ServiceError(_l("The largest grant cannot be more than the pool."),
                                            field="maximum_grant"))
    if smallest is not None and largest is not None and smallest > largest:
        problems.errors.append(ServiceError(_l("The smallest grant cannot be more than the largest."),
                                            field="minimum_grant"))
    problems.raise_any()
    return values


def _clean_share(data: dict, grant_mode: GrantMode) -> dict:
    share = data.get("own_share_percent")
    share = Decimal("0") if share in (None, "") else share
    if not isinstance(share, Decimal) or not Decimal("0") <= share < Decimal("100"):
        raise ServiceError(_l("Give a share from 0 to 99 per cent."), field="own_share_percent")
    if grant_mode == GrantMode.SUPPORT and not share:
        raise ServiceError(_l("Co-financing asks for an own contribution: give its share, or choose full "
                              "financing."), field="own_share_percent")
    if grant_mode == GrantMode.ENTRUSTING and share:
        raise ServiceError(_l("Full financing asks for no own contribution: give 0, or choose co-financing."),
                           field="own_share_percent")
    return {"own_share_percent": share.quantize(Decimal("0.01")), "in_kind_counts": bool(data.get("in_kind_counts"))}


def _clean_task_dates(data: dict) -> dict:
    starts, ends = data.get("task_starts_on"), data.get("task_ends_on")
    problems = Problems()
    if not isinstance(starts, date):
        problems.errors.append(ServiceError(_l("Give the date like 2026-05-01."), field="task_starts_on"))
    if not isinstance(ends, date):
        problems.errors.append(ServiceError(_l("Give the date like 2026-05-01."), field="task_ends_on"))
    problems.raise_any()
    if ends < starts:
        raise ServiceError(_l("The task cannot end before it starts."), field="task_ends_on")
    return {"task_starts_on": starts, "task_ends_on": ends}


def _task_in_year_of(task: dict, line: BudgetLine) -> None:
    """The task runs in the year its budget line pays for."""
    if not task["task_starts_on"].year <= line.year <= task["task_ends_on"].year:
        raise ServiceError(_l("The budget line pays for %(year)d: the task must run in that year.", year=line.year),
                           field="task_starts_on")


def _clean_kinds(data: dict) -> dict:
    kinds = sorted({str(kind) for kind in data.get("eligible_kinds") or []})
    if not kinds:
        raise ServiceError(_l("Choose at least one kind of organisation that may apply."), field="eligible_kinds")
    if any(kind not in {k.value for k in ELIGIBLE} for kind in kinds):
        raise ServiceError(_l("Choose from the list."), field="eligible_kinds")
    return {"eligible_kinds": " " + " ".join(kinds) + " "}


def _clean_window(data: dict, task_starts_on: date | None) -> dict:
    opens, closes = data.get("opens_at"), data.get("closes_at")
    problems = Problems()
    if not isinstance(opens, datetime):
        problems.errors.append(ServiceError(_l("Enter a date and time like 2026-01-31 18:00."), field="opens_at"))
    if not isinstance(closes, datetime):
        problems.errors.append(ServiceError(_l("Enter a date and time like 2026-01-31 18:00."), field="closes_at"))
    problems.raise_any()
    opens, closes = _utc(opens), _utc(closes)
    last_day = closes.astimezone(WARSAW).date()
    if _days_between(opens, closes) < MIN_SUBMISSION_DAYS:
        problems.errors.append(ServiceError(_l("Offers must be open for at least %(days)d days from the start.",
                                               days=MIN_SUBMISSION_DAYS), field="closes_at"))
    if task_starts_on is not None and last_day > task_starts_on:
        problems.errors.append(ServiceError(_l("The task cannot start before offers close."),
                                            field="task_starts_on"))
    decision = data.get("decision_by")
    if decision is not None and (not isinstance(decision, date) or decision < last_day):
        problems.errors.append(ServiceError(_l("The results come after offers close."), field="decision_by"))
    problems.raise_any()
    return {"opens_at": opens, "closes_at": closes, "decision_by": decision}


def _clean_criteria(rows) -> list[dict]:
    criteria = []
    for index, row in enumerate(rows or []):
        name = _text(row.get("name_pl"), CRITERION_MAX, f"criteria-{index}-name_pl")
        points = row.get("max_points")
        if not name and points in (None, ""):
            continue
        if not name:
            raise ServiceError(_l("Name the criterion in Polish, or clear its points."), field="criteria")
        if not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
            raise ServiceError(_l("Give each criterion from 1 to %(max)d points.", max=MAX_POINTS), field="criteria")
        criteria.append({"code": row.get("code") or None, "name_pl": name, "max_points": points,
                         "name_uk": _text(row.get("name_uk"), CRITERION_MAX, "criteria"),
                         "name_en": _text(row.get("name_en"), CRITERION_MAX, "criteria")})
    if not criteria:
        raise ServiceError(_l("Give at least one criterion."), field="criteria")
    if len(criteria) > MAX_CRITERIA:
        raise ServiceError(_l("Give at most %(max)d criteria.", max=MAX_CRITERIA), field="criteria")
    return criteria


def _check_title_free(department_id: int, title: str, call: Call | None) -> None:
    taken = db.session.execute(select(Call.id).where(Call.organisation_id == department_id,
                                                     Call.title_pl == title)).scalar_one_or_none()
    if taken is not None and (call is None or taken != call.id):
        raise ServiceError(TITLE_TAKEN, field="title_pl")


def _write(call: Call, values: dict, criteria: list[dict]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(call, name) != value]
    for name in changed:
        setattr(call, name, values[name])
    current = [{"code": c.code, "name_pl": c.name_pl, "name_uk": c.name_uk, "name_en": c.name_en,
                "max_points": c.max_points} for c in call.criteria]
    if current != criteria:
        call.criteria.clear()
        db.session.flush()
        for position, row in enumerate(criteria):
            call.criteria.append(CallCriterion(organisation_id=call.organisation_id, position=position, **row))
        changed.append("criteria")
    return changed


# -- the department's actions --------------------------------------------------------------------------

def list_calls() -> list[Call]:
    """Every call of the department, the latest deadline first."""
    return list(db.session.execute(select(Call).order_by(Call.closes_at.desc(), Call.id.desc())).scalars())


def calls_of(programme: Programme) -> list[Call]:
    """The programme's calls, the latest deadline first."""
    return list(db.session.execute(select(Call).where(Call.programme_id == programme.id)
                                   .order_by(Call.closes_at.desc(), Call.id.desc())).scalars())


def create_call(programme: Programme, data: dict, criteria, *, department: Organisation, actor,
                copied_from: Call | None = None) -> Call:
    """Department admin or officer: draft a call of ``programme`` (nothing is public until it is published)."""
    values = _clean(data, programme)
    rows = _clean_criteria(criteria)
    _check_title_free(department.id, values["title_pl"], None)
    call = Call(organisation_id=department.id, programme_id=programme.id, status=CallStatus.DRAFT,
                copied_from_id=copied_from.id if copied_from else None)
    db.session.add(call)
    _write(call, values, rows)
    db.session.flush()
    record_event("call.created", actor=actor, organisation_id=department.id, target=call,
                 details={"title": call.title_pl, "copied_from": copied_from.id if copied_from else None})
    return call


def update_call(call: Call, data: dict, criteria, *, actor, reason: str | None = None) -> list[str]:
    """Department admin or officer: change a call; after publication only with a reason, as a new version.

    A decided or annulled call changes no more; nor does a published one after its deadline.
    """
    if not changeable(call):
        raise ServiceError(_l("Offers have closed: the call can no longer be changed."))
    published = call.status == CallStatus.PUBLISHED
    reason = _text(reason, TEXT_MAX, "reason")
    if published and not reason:
        raise ServiceError(_l("Say why the published call changes: residents and organisations read it."),
                           field="reason")
    values = _clean(data, call.programme, call)
    rows = _clean_criteria(criteria)
    _check_title_free(call.organisation_id, values["title_pl"], call)
    if published and call.opens_at <= utcnow():  # the start has passed: it stays as it was (typed to the minute)
        if abs(values["opens_at"] - call.opens_at) >= timedelta(minutes=1):
            raise ServiceError(_l("Offers are being accepted already: the start cannot change."), field="opens_at")
        values["opens_at"] = call.opens_at
    changed = _write(call, values, rows)
    if changed:
        db.session.flush()
        if published:
            _add_version(call, reason, actor)
        record_event("call.updated", actor=actor, organisation_id=call.organisation_id, target=call,
                     details={"fields": changed, "reason": reason})
    db.session.flush()
    return changed


def publish_call(call: Call, *, actor, now: datetime | None = None) -> None:
    """Department admin or officer: announce a draft call; offers may come from its start to its deadline."""
    now = now or utcnow()
    if call.status != CallStatus.DRAFT:
        raise ServiceError(_l("This call has been published already."))
    if _days_between(max(call.opens_at, now), call.closes_at) < MIN_SUBMISSION_DAYS:
        raise ServiceError(_l("Offers must be open for at least %(days)d days from today: move the deadline first.",
                              days=MIN_SUBMISSION_DAYS))
    if call.opens_at < now:
        call.opens_at = now.replace(microsecond=0)
    call.status = CallStatus.PUBLISHED
    call.published_at = now
    db.session.flush()
    _add_version(call, None, actor)
    told = tell_followers(call)
    record_event("call.published", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"closes_at": call.closes_at.isoformat(), "organisations_told": told})
    db.session.flush()


def follow_spheres(organisation: Organisation, spheres, *, actor) -> bool:
    """Organisation admin or coordinator: the spheres whose new calls the organisation hears of by e-mail."""
    codes = sorted({str(code) for code in spheres or []})
    if any(code not in {sphere.value for sphere in PublicSphere} for code in codes):
        raise ServiceError(_l("Choose from the list."), field="spheres")
    value = " " + " ".join(codes) + " " if codes else " "
    if value == organisation.followed_spheres:
        return False
    organisation.followed_spheres = value
    record_event("organisation.spheres_followed", actor=actor, organisation_id=organisation.id,
                 target=organisation, details={"spheres": codes})
    db.session.flush()
    return True


def tell_followers(call: Call) -> int:
    """E-mail the admins and coordinators of each active organisation that follows the call's sphere and may
    apply in it (after the commit); returns how many organisations were told. Runs in the department's view
    (the department publishes)."""
    followers = list(db.session.execute(select(Organisation).where(
        Organisation.is_active.is_(True), Organisation.kind != OrganisationKind.DEPARTMENT,
        Organisation.followed_spheres.contains(f" {call.sphere.value} "))).scalars())
    told = 0
    for organisation in followers:
        if organisation.kind.value not in call.kind_list:
            continue
        for user in organisation_contacts(organisation.id):
            locale = user.locale or "pl"
            title = call.text("title", locale)
            send_mail(user.email, _l("A new call for offers: %(title)s", title=title), "call_published", locale,
                      call=call, title=title, organisation=organisation,
                      link=url_for("calls.call_page", call_id=call.id, _external=True) if has_request_context()
                      else None)
        told += 1
    return told


def annul_call(call: Call, reason: str, *, actor) -> None:
    """Department admin or officer: annul a call (art. 18a: no offer came, or none met the conditions)."""
    if call.status in (CallStatus.DRAFT, CallStatus.DECIDED, CallStatus.ANNULLED):
        raise ServiceError(_l("Only a published call that is not decided can be annulled."))
    reason = _text(reason, TEXT_MAX, "reason")
    if not reason:
        raise ServiceError(_l("Give the reason for the annulment: it is published with the call."), field="reason")
    call.status = CallStatus.ANNULLED
    call.annulled_reason = reason
    db.session.flush()
    _add_version(call, reason, actor)
    record_event("call.annulled", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"reason": reason})
    db.session.flush()


def delete_draft(call: Call, *, actor) -> None:
    """Department admin or officer: throw away a draft that was never published."""
    if call.status != CallStatus.DRAFT:
        raise ServiceError(_l("Only a draft can be deleted; annul a published call instead."))
    record_event("call.deleted", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"title": call.title_pl})
    db.session.delete(call)
    db.session.flush()


def copy_values(call: Call) -> tuple[dict, list[dict]]:
    """A call's values and criteria as the start of a new draft (the title marked as a copy, no dates)."""
    values = {name: getattr(call, name) for name in FIELDS}
    values.update(opens_at=None, closes_at=None, decision_by=None, task_starts_on=None, task_ends_on=None,
                  eligible_kinds=call.kind_list)
    criteria = [{"code": c.code, "name_pl": c.name_pl, "name_uk": c.name_uk, "name_en": c.name_en,
                 "max_points": c.max_points} for c in call.criteria]
    return values, criteria


# -- versions -----------------------------------------------------------------------------------------

def snapshot(call: Call) -> dict:
    """The announcement as JSON: every field people read, and the criteria."""
    def plain(value):
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value.value if hasattr(value, "value") else value

    values = {name: plain(getattr(call, name)) for name in FIELDS}
    values["status"] = call.status.value
    values["criteria"] = [{"name_pl": c.name_pl, "name_uk": c.name_uk, "name_en": c.name_en,
                           "max_points": c.max_points} for c in call.criteria]
    return values


def _add_version(call: Call, reason: str | None, actor) -> CallVersion:
    number = (max((v.number for v in call.versions), default=0)) + 1
    version = CallVersion(organisation_id=call.organisation_id, call=call, number=number, reason=reason,
                          snapshot=snapshot(call), created_by_id=getattr(actor, "id", None))
    db.session.add(version)
    return version


@dataclass(frozen=True)
class Change:
    """What one version changed against the one before: the names of the fields, and how people call them."""

    version: CallVersion
    fields: list[str]

    @property
    def annulled(self) -> bool:
        return "status" in self.fields and self.version.snapshot.get("status") == CallStatus.ANNULLED.value

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(str(FIELD_LABELS.get(name, name)) for name in self.fields if name != "status"))


def history(call: Call) -> list[Change]:
    """Each version of a published call with the fields it changed, the newest first."""
    changes, previous = [], None
    for version in call.versions:
        fields = [] if previous is None else [name for name, value in version.snapshot.items()
                                              if previous.get(name) != value]
        changes.append(Change(version, fields))
        previous = version.snapshot
    return list(reversed(changes))


# -- the public side ------------------------------------------------------------------------------------

def public_calls(*, stage: str | None = None, programme_id: int | None = None,
                 sphere: str | None = None) -> list[Call]:
    """Published calls (in the public scope), filtered; open ones first by deadline, then the rest."""
    query = select(Call)
    if programme_id:
        query = query.where(Call.programme_id == programme_id)
    if sphere:
        query = query.where(Call.sphere == sphere)
    calls = list(db.session.execute(query.order_by(Call.closes_at.desc())).scalars())
    now = utcnow()
    if stage:
        calls = [call for call in calls if stage_of(call, now) == stage]
    return sorted(calls, key=lambda call: (stage_of(call, now) != Stage.OPEN, -call.closes_at.timestamp()))


def open_calls_for(kind) -> list[Call]:
    """Calls open for offers now (or announced) that an organisation of ``kind`` may apply in, nearest deadline
    first (call it in the public scope: what anyone may read)."""
    now = utcnow()
    found = db.session.execute(select(Call).where(Call.status == CallStatus.PUBLISHED, Call.closes_at > now,
                                                  Call.eligible_kinds.contains(f" {kind} "))
                               .order_by(Call.closes_at)).scalars()
    return list(found)


def programmes_with_calls() -> list[Programme]:
    """The programmes that have a call the reader may see (in the public scope: published calls)."""
    ids = set(db.session.execute(select(Call.programme_id)).scalars())
    if not ids:
        return []
    return list(db.session.execute(select(Programme).where(Programme.id.in_(ids)).order_by(Programme.name_pl))
                .scalars())


def deadlines_calendar(items, *, title_of, url_of, name: str, uid_domain: str) -> bytes:
    """An RFC 5545 calendar with each call's deadline (in Europe/Warsaw), for organisations' calendars."""
    import icalendar  # here, not at import: only this file needs it (issue 13 §3)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Siec Wsparcia//Calls//PL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add_component(warsaw_timezone())
    for call in items:
        event = icalendar.Event()
        event.add("uid", f"call-{call.id}-deadline@{uid_domain}")
        event.add("dtstamp", (call.updated_at or utcnow()).astimezone(UTC))
        local = call.closes_at.astimezone(WARSAW).replace(tzinfo=None)
        event.add("dtstart", local, parameters={"TZID": TZID})
        event.add("dtend", local, parameters={"TZID": TZID})
        event.add("summary", title_of(call))
        event.add("url", url_of(call))
        if call.status == CallStatus.ANNULLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return calendar.to_ical()
