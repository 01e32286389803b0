"""The demo city's calls for offers (app/demo/data/calls.json), dated relative to the day of loading.

One call is open for offers (published a week ago, its deadline moved once: version 2 with the
reason), one is announced and opens in a few days, one has closed, one was annulled for want of
offers, and one is a draft. Each is paid from its programme's budget line for ``line_year``
(the first line of that year). The statutory criteria with their usual points are filled in.
Idempotent: a call is found by its Polish title.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from app.demo.content import read, translated
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import Call, CallCriterion, CallStatus, CallVersion, GrantMode, Organisation, Programme, PublicSphere
from app.services.funding.calls import STATUTORY_CRITERIA, snapshot


def _moment(days: int, clock: time) -> datetime:
    return datetime.combine(local_today() + timedelta(days=days), clock, WARSAW)


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _criteria(call: Call) -> None:
    for position, (code, label, points) in enumerate(STATUTORY_CRITERIA):
        names = {}
        for locale in ("pl", "uk", "en"):
            with force_locale(locale):
                names[f"name_{locale}"] = str(label)
        call.criteria.append(CallCriterion(organisation_id=call.organisation_id, position=position, code=code,
                                           max_points=points, **names))


def _version(call: Call, number: int, reason: str | None, when: datetime) -> None:
    call.versions.append(CallVersion(organisation_id=call.organisation_id, number=number, reason=reason,
                                     snapshot=snapshot(call), created_at=when))


def load_calls(department: Organisation) -> int:
    """The demo calls of ``department``; returns how many were created."""
    created = 0
    for spec in read("calls"):
        if db.session.execute(select(Call.id).where(Call.organisation_id == department.id,
                                                    Call.title_pl == spec["title"]["pl"])).first():
            continue
        programme = db.session.execute(select(Programme).where(
            Programme.organisation_id == department.id, Programme.name_pl == spec["programme"])).scalar_one()
        line = next(line for line in programme.budget_lines if line.year == spec["line_year"])
        closes = _moment(spec["closes_days"], time(15, 0))
        change = spec.get("change")
        call = Call(
            organisation_id=department.id, programme_id=programme.id, budget_line_id=line.id, is_demo=True,
            sphere=PublicSphere(spec["sphere"]), grant_mode=GrantMode(spec["grant_mode"]), pool=Decimal(spec["pool"]),
            minimum_grant=_money(spec["minimum_grant"]), maximum_grant=_money(spec["maximum_grant"]),
            own_share_percent=Decimal(spec["own_share_percent"]), in_kind_counts=spec["in_kind_counts"],
            eligible_kinds=" " + " ".join(sorted(spec["eligible_kinds"])) + " ",
            spent_this_year=_money(spec["spent_this_year"]), spent_last_year=_money(spec["spent_last_year"]),
            opens_at=_moment(spec["opens_days"], time(8, 0)),
            closes_at=closes - timedelta(days=change["closes_days_before"]) if change else closes,
            task_starts_on=date.fromisoformat(spec["task_start"]), task_ends_on=date.fromisoformat(spec["task_end"]),
            decision_by=local_today() + timedelta(days=spec["decision_days"]) if spec["decision_days"] else None,
            **translated("title", spec["title"]), **translated("task", spec["task"]),
            **translated("attachments", spec["attachments"]))
        _criteria(call)
        db.session.add(call)
        db.session.flush()
        if spec["status"] != "draft":
            call.status = CallStatus.PUBLISHED
            call.published_at = call.opens_at
            _version(call, 1, None, call.opens_at)
            if change:
                call.closes_at = closes
                _version(call, 2, change["reason"], call.opens_at + timedelta(days=2))
        if spec["status"] == "annulled":
            call.status = CallStatus.ANNULLED
            call.annulled_reason = spec["annulled_reason"]
            _version(call, 2, call.annulled_reason, call.closes_at + timedelta(days=3))
        created += 1
    db.session.flush()
    return created
