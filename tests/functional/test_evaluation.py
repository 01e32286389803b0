"""The formal check and the evaluation of a call's offers: the department checks each offer and tells the
organisation, names a commission and assigns the offers; members declare conflicts, score with justifications
and finish; the department closes the commission; the ranking and the minutes come from the record."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.demo import DEMO_TOTP_SECRETS
from app.extensions import db
from app.localtime import local_today
from app.models import (
    Assignment,
    Call,
    CallCriterion,
    CallStatus,
    CommissionMember,
    Exclusion,
    FormalOutcome,
    Offer,
    OfferAttachment,
    Score,
    User,
    utcnow,
)
from app.tenancy import system_scope
from tests.functional.support import location, page, translated

ALL_MET = ["on_time", "complete", "signed", "attachments"]


@pytest.fixture
def closed(make, city):
    """A call whose deadline passed ten days ago, with an offer of A and an offer of B."""
    programme = make.programme(city.department, "Program profilaktyki")
    line = make.budget_line(city.department, programme, "500000.00", year=2027)
    call = make.call(city.department, programme, line, "Konkurs świetlic", opens_in=timedelta(days=-40),
                     open_for=timedelta(days=30))
    offer_a = make.offer(city.org_a, call, "Świetlica Słoneczna", applicant={"name": "Stowarzyszenie A"})
    offer_b = make.offer(city.org_b, call, "Noclegi zimą", applicant={"name": "Schronisko B"})
    return {"call": call, "a": offer_a, "b": offer_b, "programme": programme, "line": line}


def _check(outcome: str, met=ALL_MET, correct_by: str = "", reason: str = "") -> dict:
    return {"met": list(met), "outcome": outcome, "correct_by": correct_by, "reason": reason}


def _to_status(rows, call_id: int, status: CallStatus, **fields) -> None:
    def change():
        call = db.session.execute(select(Call).where(Call.id == call_id)).scalar_one()
        call.status = status
        for name, value in fields.items():
            setattr(call, name, value)
    rows.run(change)


def _pass_all(rows, *offer_ids: int) -> None:
    def change():
        for offer in db.session.execute(select(Offer).where(Offer.id.in_(offer_ids))).scalars():
            offer.formal_outcome = FormalOutcome.PASSED
            offer.formal_checked_at = utcnow()
    rows.run(change)


def test_the_department_checks_offers_and_the_organisation_reads_the_outcome(app, browser, city, closed, rows,
                                                                             outbox):
    officer = browser(city.dept_officer)
    listing = page(officer.get(f"/console/calls/{closed['call']}/offers"))
    assert listing.status == 200 and "Start the formal check" in listing
    assert "Świetlica Słoneczna" in listing and "Not checked yet" in listing
    officer.post(f"/console/calls/{closed['call']}/formal-check")
    assert rows.one(Call).status == CallStatus.FORMAL_CHECK
    checking = page(officer.get(f"/console/calls/{closed['call']}/offers"))
    assert "Closed, offers being checked" in checking and "Start the formal check" not in checking
    assert "Closed, offers being checked" in page(browser().get(f"/calls/{closed['call']}"))  # not "evaluated" yet

    shown = page(officer.get(f"/console/offers/{closed['a']}"))
    assert shown.status == 200 and "Formal check" in shown and "I. The applicant" in shown  # the shared offer
    boxes = [tag for tag in re.findall(r"<input[^>]*>", shown.html) if 'name="met"' in tag]
    ticked = {re.search(r'value="(\w+)"', tag).group(1) for tag in boxes if " checked" in tag}
    assert ticked == {"on_time"}  # the officer ticks what they verified
    response = officer.post(f"/console/offers/{closed['a']}/formal-check", data=_check("passed"))
    assert location(response) == f"/console/calls/{closed['call']}/offers"
    mail = outbox()
    assert {m["to"] for m in mail} == {"a.admin@example.org", "a.coordinator@example.org"}
    assert translated(app, "pl", "The offer is formally correct: the commission will evaluate it.") in mail[0]["body"]

    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    officer.post(f"/console/offers/{closed['b']}/formal-check",
                 data=_check("to_correct", ["on_time", "complete", "attachments"], tomorrow, "Brak podpisu prezesa."))
    to_b = [m for m in outbox() if m["to"] == "b.admin@example.org"]
    signed = translated(app, "pl", "Signed by the people entitled to represent the organisation (per KRS)")
    assert len(to_b) == 1 and f"- {signed}" in to_b[0]["body"] and "Brak podpisu prezesa." in to_b[0]["body"]
    assert translated(app, "pl", "Submitted on time") not in to_b[0]["body"]  # only the items to correct
    told = page(browser(city.b_admin, lang="uk").get(f"/workspace/offers/{closed['b']}")).text
    assert " р." in told and "р.." not in told  # the day to correct by ends no sentence
    officer.post(f"/console/calls/{closed['call']}/evaluation/start")
    assert rows.one(Call).status == CallStatus.FORMAL_CHECK  # B's offer is still to be corrected
    assert "no final formal outcome" in page(officer.get(f"/console/calls/{closed['call']}/offers"))

    def corrected():
        db.session.execute(select(Offer).where(Offer.id == closed["b"])).scalar_one().corrected_at = utcnow()
    rows.run(corrected)
    assert "check again" in page(officer.get(f"/console/calls/{closed['call']}/offers"))
    assert "check again" in page(officer.get(f"/console/offers/{closed['b']}"))
    officer.post(f"/console/offers/{closed['b']}/formal-check",
                 data=_check("rejected", ["on_time", "complete", "attachments"], reason="Oferta nadal bez podpisu."))
    assert rows.one(Offer, id=closed["b"]).formal_outcome == FormalOutcome.REJECTED
    assert "Oferta nadal bez podpisu." in next(m for m in outbox() if m["to"] == "b.admin@example.org")["body"]
    officer.post(f"/console/calls/{closed['call']}/evaluation/start")
    assert rows.one(Call).status == CallStatus.EVALUATION
    assert rows.actions("call.") == ["call.formal_check_started", "call.evaluation_started"]
    assert rows.actions("offer.") == ["offer.formal_checked"] * 3


@pytest.mark.parametrize(("data", "field", "message"), [
    (_check("to_correct", ["on_time", "complete", "signed"], "", "Brak statutu."), "correct_by", "Give the date"),
    (_check("to_correct", ["on_time", "complete", "signed"], "today", "Brak statutu."), "correct_by",
     "tomorrow or later"),
    (_check("to_correct", ["complete", "signed", "attachments"], "tomorrow", "Brak statutu."), "outcome",
     "cannot be corrected"),
    (_check("rejected", ["on_time", "complete", "signed"], "", ""), "reason", "Give the reason for the rejection"),
    (_check("passed", ["on_time", "complete"], "", "Brak statutu."), "outcome", "only when every item is met"),
    (_check("maybe", ALL_MET, "", "Brak statutu."), "outcome", "Not a valid choice"),
])
def test_a_wrong_formal_check_is_refused_beside_the_field(browser, city, closed, rows, outbox, data, field, message):
    _to_status(rows, closed["call"], CallStatus.FORMAL_CHECK)
    days = {"today": local_today(), "tomorrow": local_today() + timedelta(days=1)}
    if data["correct_by"] in days:
        data = {**data, "correct_by": days[data["correct_by"]].isoformat()}
    shown = page(browser(city.dept_officer).post(f"/console/offers/{closed['a']}/formal-check", data=data))
    assert shown.status == 400 and message in shown.field_error(field), shown.field_errors()
    if data["reason"]:
        assert data["reason"] in shown.html  # what was typed stays
    assert rows.one(Offer, id=closed["a"]).formal_outcome is None and outbox() == []


def test_an_analyst_reads_but_cannot_act(browser, city, closed, rows):
    analyst = browser(city.dept_analyst)
    listing = page(analyst.get(f"/console/calls/{closed['call']}/offers"))
    assert listing.status == 200 and "Start the formal check" not in listing
    assert analyst.post(f"/console/calls/{closed['call']}/formal-check").status_code == 403
    _to_status(rows, closed["call"], CallStatus.FORMAL_CHECK)
    assert "Save the formal check" not in page(analyst.get(f"/console/offers/{closed['a']}"))
    assert analyst.post(f"/console/offers/{closed['a']}/formal-check", data=_check("passed")).status_code == 403
    assert analyst.post(f"/console/calls/{closed['call']}/commission/members",
                        data={"email": "b.admin@example.org", "role": "member"}).status_code == 403
    assert rows.count(CommissionMember) == 0 and rows.one(Offer, id=closed["a"]).formal_outcome is None


def test_the_department_does_not_read_a_draft(browser, city, make, closed):
    draft = make.offer(city.org_a, closed["call"], "Szkic", status="draft")
    assert browser(city.dept_officer).get(f"/console/offers/{draft}").status_code == 404
    assert "Szkic" not in page(browser(city.dept_officer).get(f"/console/calls/{closed['call']}/offers"))


# -- the commission ----------------------------------------------------------------------------------------

@pytest.fixture
def evaluating(make, city, closed, rows, browser):
    """The call in evaluation with three offers that passed (A's, B's, and a third of A's) and B's rejected one;
    the commission named through the console: the officer chairs, B's admin and A's staff member score, the
    department admin is the secretary; every offer assigned to every scoring member."""
    third = make.offer(city.org_a, closed["call"], "Klub seniora", applicant={"name": "Stowarzyszenie A"})
    rejected = make.offer(city.org_b, closed["call"], "Oferta spóźniona", applicant={"name": "Schronisko B"},
                          formal_outcome=FormalOutcome.REJECTED, formal_reason="Złożona po terminie.")
    _pass_all(rows, closed["a"], closed["b"], third)
    _to_status(rows, closed["call"], CallStatus.EVALUATION)
    officer = browser(city.dept_officer)
    url = f"/console/calls/{closed['call']}/commission/members"
    for email, role in (("dept.officer@example.org", "chair"), ("b.admin@example.org", "member"),
                        ("a.staff@example.org", "member"), ("dept.admin@example.org", "secretary")):
        assert location(officer.post(url, data={"email": email, "role": role, "represents_id": ""})) == \
            f"/console/calls/{closed['call']}/commission"
    officer.post(f"/console/calls/{closed['call']}/commission/assign-all")
    return {**closed, "third": third, "rejected": rejected, "officer": officer}


def _assignment(rows, person, offer_id: int) -> Assignment:
    member = rows.one(CommissionMember, user_id=person.id)
    return rows.one(Assignment, member_id=member.id, offer_id=offer_id)


def test_the_commission_is_named_and_a_member_from_the_applicant_is_excluded(city, evaluating, rows):
    members = {m.user_id: m for m in rows.all(CommissionMember)}
    assert members[city.a_staff.id].represents_id == city.org_a.id and members[city.dept_officer.id].represents_id \
        is None
    assert rows.count(Assignment) == 9  # three offers × three scoring members (the secretary does not score)
    assert _assignment(rows, city.a_staff, evaluating["a"]).excluded == Exclusion.APPLICANT
    assert _assignment(rows, city.a_staff, evaluating["third"]).excluded == Exclusion.APPLICANT
    assert _assignment(rows, city.a_staff, evaluating["b"]).excluded is None
    assert _assignment(rows, city.b_admin, evaluating["b"]).excluded == Exclusion.APPLICANT
    commission = page(evaluating["officer"].get(f"/console/calls/{evaluating['call']}/commission"))
    assert "Schronisko B" in commission and "Secretary" in commission and "2 excluded" in commission
    refused = page(evaluating["officer"].post(f"/console/calls/{evaluating['call']}/commission/members",
                                              data={"email": "nobody@example.org", "role": "member"}))
    assert refused.status == 400 and "No active account" in refused.field_error("email")
    assert 'value="nobody@example.org"' in refused.html
    assert rows.actions("commission.") == ["commission.member_added"] * 4 + ["commission.assigned"]


def test_a_member_sees_only_their_offers_and_declares_before_reading(browser, city, evaluating, rows):
    member = browser(city.b_admin)
    mine = page(member.get("/evaluation/workspace"))  # the workspace's menu entry
    assert 'href="/evaluation/workspace" aria-current="page"' in mine.html
    assert "Konkurs świetlic" in mine and "Declare conflicts first" in mine and "Excluded" in mine
    own = _assignment(rows, city.b_admin, evaluating["a"])
    before = page(member.get(f"/evaluation/assignments/{own.id}"))
    assert before.status == 200 and "conflict of interest" in before and "I. The applicant" not in before
    other = _assignment(rows, city.a_staff, evaluating["b"])
    assert member.get(f"/evaluation/assignments/{other.id}").status_code == 404
    assert member.post(f"/evaluation/assignments/{other.id}/declare", data={"conflict": "none"}).status_code == 404
    outsider = browser(city.b_staff)  # of B too, but not on the commission
    assert "not a member of any commission" in page(outsider.get("/evaluation/"))
    assert outsider.get(f"/evaluation/assignments/{own.id}").status_code == 404
    assert outsider.get(f"/evaluation/calls/{evaluating['call']}").status_code == 404

    response = member.post(f"/evaluation/assignments/{own.id}/declare", data={"conflict": "none"})
    assert location(response) == f"/evaluation/assignments/{own.id}"
    after = page(member.get(f"/evaluation/assignments/{own.id}"))
    assert "I. The applicant" in after and "Świetlica Słoneczna" in after and "Your scores" in after

    third = _assignment(rows, city.b_admin, evaluating["third"])
    member.post(f"/evaluation/assignments/{third.id}/declare", data={"conflict": "conflict"})
    assert rows.one(Assignment, id=third.id).excluded == Exclusion.DECLARED
    assert "You are excluded from this offer" in page(member.get(f"/evaluation/assignments/{third.id}"))
    assert rows.actions("assignment.") == ["assignment.declared"] * 2
    assert "tenancy.scope_widened" in rows.actions("tenancy.")


def _scores(points: list[str], justification: str = "Uzasadnienie.") -> dict:
    data = {}
    for index, value in enumerate(points):
        data[f"criteria-{index}-points"] = value
        data[f"criteria-{index}-justification"] = justification if value else ""
    return data


def test_points_above_the_maximum_or_without_justification_are_refused_beside_the_field(browser, city, evaluating,
                                                                                       rows):
    member = browser(city.b_admin)
    own = _assignment(rows, city.b_admin, evaluating["a"])
    member.post(f"/evaluation/assignments/{own.id}/declare", data={"conflict": "none"})
    data = _scores(["25", "10", "30", "8", "7,5", "9"])
    data["criteria-1-justification"] = ""
    data["action"] = "finish"
    shown = page(member.post(f"/evaluation/assignments/{own.id}", data=data))
    assert shown.status == 400
    assert "from 0 to 20 points" in shown.field_error("criteria-0-points")
    assert "Justify the points" in shown.field_error("criteria-1-justification")
    assert 'value="25"' in shown.html and 'value="7,5"' in shown.html  # what was typed stays
    assert rows.count(Score) == 0 and rows.one(Assignment, id=own.id).finished_at is None
    halves = page(member.post(f"/evaluation/assignments/{own.id}", data={**_scores(["12.3"]), "action": "save"}))
    assert halves.status == 400 and "halves allowed" in halves.field_error("criteria-0-points")

    saved = member.post(f"/evaluation/assignments/{own.id}", data={**_scores(["18", "10"]), "action": "save"})
    assert location(saved) == f"/evaluation/assignments/{own.id}"
    assert rows.count(Score) == 2 and rows.one(Assignment, id=own.id).finished_at is None
    early = page(member.post(f"/evaluation/assignments/{own.id}", data={**_scores(["18", "10"]), "action": "finish"}))
    assert early.status == 400 and "Score every criterion" in early.field_error("criteria-2-points")
    member.post(f"/evaluation/assignments/{own.id}",
                data={**_scores(["18", "10", "30", "8", "7,5", "9"]), "action": "finish"})
    assert rows.one(Assignment, id=own.id).finished_at is not None
    assert sum(s.points for s in rows.all(Score)) == Decimal("82.5")
    assert rows.actions("score.") == ["score.entered"] * 2 and rows.actions("assignment.finished") == \
        ["assignment.finished"]


def _score_everything(rows, evaluating, city, totals: dict) -> None:
    """Scores straight into the record: {(person, offer key): [points per criterion]}, declared and finished."""
    def change():
        criteria = list(db.session.execute(select(CallCriterion).where(CallCriterion.call_id == evaluating["call"])
                                           .order_by(CallCriterion.position)).scalars())
        for (person, key), points in totals.items():
            member = db.session.execute(select(CommissionMember).where(
                CommissionMember.user_id == person.id)).scalar_one()
            assignment = db.session.execute(select(Assignment).where(
                Assignment.member_id == member.id, Assignment.offer_id == evaluating[key])).scalar_one()
            assignment.declared_at = utcnow()
            if points is None:
                continue
            for criterion, value in zip(criteria, points, strict=False):
                assignment.scores.append(Score(organisation_id=assignment.organisation_id, criterion_id=criterion.id,
                                               points=Decimal(value), justification=f"Ocena {value}."))
            assignment.finished_at = utcnow()
    rows.run(change)


def test_closing_waits_for_everyone_and_then_shows_the_ranking_with_ties(browser, city, evaluating, rows):
    officer = evaluating["officer"]
    full, lower = ["20", "15", "30", "10", "10", "5"], ["10", "10", "20", "5", "5", "5"]
    _score_everything(rows, evaluating, city, {(city.dept_officer, "a"): full, (city.dept_officer, "b"): full,
                                               (city.b_admin, "a"): full, (city.a_staff, "b"): full,
                                               (city.dept_officer, "third"): lower, (city.b_admin, "third"): None})
    secretary = page(browser(city.dept_admin).get(f"/evaluation/calls/{evaluating['call']}"))
    assert secretary.status == 200 and "Who has finished" in secretary
    progress = page(officer.get(f"/console/calls/{evaluating['call']}/evaluation"))
    for shown in (secretary, progress):
        waiting = [row for row in shown.tables()[0].records() if row["Not finished"] != "All finished"]
        assert len(waiting) == 1 and waiting[0]["Finished"] == "1" and waiting[0]["Excluded"] == "1"
        assert waiting[0]["Not finished"].startswith("Not finished: T/")
    member = browser(city.b_admin)
    seat = page(member.get(f"/evaluation/calls/{evaluating['call']}"))
    assert "Ranking" not in seat and "Who has finished" not in seat  # not before closing, and not for members
    officer.post(f"/console/calls/{evaluating['call']}/commission/close")
    assert rows.one(Call).commission_closed_at is None
    assert any("Not everyone has finished" in text for text in page(officer.get(
        f"/console/calls/{evaluating['call']}/evaluation")).flashes("error"))

    _score_everything(rows, evaluating, city, {})

    def finish_third():
        member = db.session.execute(select(CommissionMember).where(
            CommissionMember.user_id == city.b_admin.id)).scalar_one()
        assignment = db.session.execute(select(Assignment).where(
            Assignment.member_id == member.id, Assignment.offer_id == evaluating["third"])).scalar_one()
        assignment.excluded = Exclusion.DECLARED
    rows.run(finish_third)
    officer.post(f"/console/calls/{evaluating['call']}/commission/close")
    assert rows.one(Call).commission_closed_at is not None
    ranking = page(officer.get(f"/console/calls/{evaluating['call']}/evaluation"))
    table = next(t for t in ranking.tables() if "Final score" in t.rows[0]).records()
    assert [(row["Place"], row["Offer"], row["Final score"]) for row in table] == [
        ("1 =", "Świetlica Słoneczna", "90"), ("1 =", "Noclegi zimą", "90"), ("3", "Klub seniora", "55")]
    assert "Ranking" in page(member.get(f"/evaluation/calls/{evaluating['call']}"))
    assert rows.actions("commission.closed") == ["commission.closed"]


def test_the_minutes_hold_the_members_scores_ranking_and_rejections(browser, city, evaluating, rows):
    full = ["20", "15", "30", "10", "10", "5"]
    _score_everything(rows, evaluating, city, {(city.dept_officer, "a"): full, (city.b_admin, "a"): full})
    _to_status(rows, evaluating["call"], CallStatus.EVALUATION, commission_closed_at=utcnow())
    minutes = page(browser(city.dept_analyst).get(f"/console/calls/{evaluating['call']}/minutes"))
    assert minutes.status == 200 and "Minutes of the commission" in minutes
    assert "these minutes are a draft" not in minutes
    for words in ("Chair", "Secretary", "representing Schronisko B", "Belongs to the applicant", "Ocena 30.",
                  "Ranking", "Oferta spóźniona", "Złożona po terminie.", "declared no conflict of interest"):
        assert words in minutes, words
    # on paper the criteria's columns are numbered, and the legend under the ranking names them
    assert "Criteria in the columns: C1 — Kryterium" in minutes


def test_nobody_reads_another_members_scores_before_the_commission_closes(browser, city, evaluating, rows):
    """The officer chairs the commission and scores too: B's admin's justification stays hidden from every
    department page until the close."""
    member = browser(city.b_admin)
    own = _assignment(rows, city.b_admin, evaluating["a"])
    member.post(f"/evaluation/assignments/{own.id}/declare", data={"conflict": "none"})
    secret = "Tajne uzasadnienie członka B."
    member.post(f"/evaluation/assignments/{own.id}",
                data={**_scores(["18", "10", "30", "8", "7,5", "9"], secret), "action": "finish"})
    assert rows.one(Assignment, id=own.id).finished_at is not None
    officer, call = evaluating["officer"], evaluating["call"]
    minutes = page(officer.get(f"/console/calls/{call}/minutes"))
    assert minutes.status == 200 and "these minutes are a draft" in minutes
    assert secret not in minutes and "82,5" not in minutes and "82.5" not in minutes
    assert "scores, their justifications and the ranking appear once the commission closes" in minutes
    assert "The ranking appears once the commission closes" in minutes
    assert "declared no conflict of interest" in minutes and "Belongs to the applicant" in minutes  # the record
    for path in (f"/console/calls/{call}/offers", f"/console/calls/{call}/evaluation", f"/console/calls/{call}/awards",
                 f"/console/offers/{evaluating['a']}", f"/evaluation/calls/{call}"):
        shown = page(officer.get(path))
        assert shown.status == 200 and secret not in shown and "82.5" not in shown, path
        finals = [row["Final score"] for table in shown.tables() if "Final score" in table.rows[0]
                  for row in table.records()]
        assert set(finals) <= {"—", "–"} and 'id="ranking-heading"' not in shown.html, path

    _to_status(rows, call, CallStatus.EVALUATION, commission_closed_at=utcnow())
    assert secret in page(officer.get(f"/console/calls/{call}/minutes"))


def test_a_call_without_offers_is_not_checked_but_annulled(browser, city, make, closed, rows):
    empty = make.call(city.department, closed["programme"], closed["line"], "Konkurs bez ofert",
                      opens_in=timedelta(days=-40), open_for=timedelta(days=30))
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/calls/{empty}/offers"))
    assert "No offer was submitted in this call" in shown and "Annul the call (art. 18a)" in shown
    assert "Start the formal check" not in shown and f'/console/calls/{empty}#annul-heading' in shown.html
    officer.post(f"/console/calls/{empty}/formal-check")
    assert rows.one(Call, id=empty).status == CallStatus.PUBLISHED
    after = page(officer.get(f"/console/calls/{empty}/offers"))
    assert any("Annul the call instead (art. 18a)" in text for text in after.flashes("error"))
    _to_status(rows, empty, CallStatus.FORMAL_CHECK)  # a call that went on before this rule
    stuck = page(officer.get(f"/console/calls/{empty}/offers"))
    assert "Start the evaluation" not in stuck and "No offer was submitted in this call" in stuck
    officer.post(f"/console/calls/{empty}/evaluation/start")
    assert rows.one(Call, id=empty).status == CallStatus.FORMAL_CHECK


def test_progress_counts_only_declarations_made(browser, city, evaluating, rows):
    """A's staff member is excluded from A's two offers for belonging to the applicant: no declaration of hers."""
    shown = page(browser(city.dept_admin).get(f"/evaluation/calls/{evaluating['call']}"))
    assert [(row["Role"], row["Assigned"], row["Declared"], row["Excluded"]) for row in shown.tables()[0].records()] \
        == [("Chair", "3", "0", "0"), ("Member", "3", "0", "1"), ("Member", "3", "0", "2")]
    member = browser(city.b_admin)  # B's admin declares on A's offer, and a conflict on the third
    member.post(f"/evaluation/assignments/{_assignment(rows, city.b_admin, evaluating['a']).id}/declare",
                data={"conflict": "none"})
    member.post(f"/evaluation/assignments/{_assignment(rows, city.b_admin, evaluating['third']).id}/declare",
                data={"conflict": "conflict"})
    shown = page(browser(city.dept_admin).get(f"/evaluation/calls/{evaluating['call']}"))
    assert [(row["Declared"], row["Excluded"]) for row in shown.tables()[0].records()] == \
        [("0", "0"), ("2", "2"), ("0", "2")]


def test_the_score_forms_summary_names_each_criterion(browser, city, evaluating, rows):
    member = browser(city.b_admin)
    own = _assignment(rows, city.b_admin, evaluating["a"])
    member.post(f"/evaluation/assignments/{own.id}/declare", data={"conflict": "none"})
    data = _scores(["25", "10"])
    data["criteria-1-justification"] = ""
    shown = page(member.post(f"/evaluation/assignments/{own.id}", data={**data, "action": "save"}))
    assert shown.status == 400
    summary = shown.html[shown.html.index('class="error-summary"'):shown.html.index("</div>",
                                                                                   shown.html.index("error-summary"))]
    assert '<a href="#criteria-0-points">Kryterium' in summary and "Points: Give from 0 to" in summary
    assert '<a href="#criteria-1-justification">Kryterium' in summary and "Justification: Justify the points" in summary


def test_every_console_page_of_a_call_links_to_the_others(browser, city, evaluating):
    officer, call = evaluating["officer"], evaluating["call"]
    for path in ("", "/offers", "/commission", "/evaluation", "/minutes", "/awards"):
        shown = page(officer.get(f"/console/calls/{call}{path}"))
        nav = shown.html[shown.html.index('aria-label="This call"'):]
        nav = nav[:nav.index("</nav>")]
        for target in ("/offers", "/commission", "/evaluation", "/minutes", "/awards"):
            assert f'href="/console/calls/{call}{target}"' in nav, (path, target)
        assert f'href="/console/calls/{call}{path}" aria-current="page"' in nav, path


def test_the_demo_city_has_a_call_in_evaluation_halfway(app, browser, rows):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    call = rows.one(Call, status=CallStatus.EVALUATION)
    assert sorted(o.formal_outcome.value for o in rows.all(Offer, call_id=call.id)) == ["passed"] * 3 + ["rejected"]
    secretary = rows.one(User, email="secretary@demo.example")
    with app.app_context():  # the secret is stored encrypted with the app's key
        assert secretary.totp_secret == DEMO_TOTP_SECRETS["secretary@demo.example"]
    progress = page(browser(SimpleNamespace(id=secretary.id)).get(f"/evaluation/calls/{call.id}"))
    waiting = [row for row in progress.tables()[0].records() if row["Not finished"] != "All finished"]
    assert [row["Member"] for row in waiting] == ["Kornel Komisyjny"]
    member = rows.one(User, email="commission@demo.example")
    mine = page(browser(SimpleNamespace(id=member.id)).get("/evaluation/"))
    for state in ("Finished", "To score", "Declare conflicts first"):
        assert state in mine, state
    for assignment in rows.all(Assignment):
        assert browser(SimpleNamespace(id=member.id)).get(f"/evaluation/assignments/{assignment.id}").status_code \
            in (200, 404)
    officer = browser(SimpleNamespace(id=rows.one(User, email="officer@demo.example").id))
    for path in ("offers", "commission", "evaluation", "minutes"):
        assert officer.get(f"/console/calls/{call.id}/{path}").status_code == 200, path
    offers = page(officer.get(f"/console/calls/{call.id}/offers"))
    assert "Rejected on formal grounds" in offers and "Formally correct" in offers
    for offer in rows.all(Offer, call_id=call.id):
        assert officer.get(f"/console/offers/{offer.id}").status_code == 200
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert rows.count(Call, status=CallStatus.EVALUATION) == 1


def test_a_member_downloads_an_attachment_of_an_offer_only_after_declaring_no_conflict(app, browser, make, city):
    programme = make.programme(city.department)
    line = make.budget_line(city.department, programme, "50000.00", year=2027)
    call = make.call(city.department, programme, line, opens_in=timedelta(days=-40), open_for=timedelta(days=30),
                     status="evaluation")
    offer = make.offer(city.org_a, call, "Oferta A", formal_outcome="passed")
    content = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
    Path(app.config["OFFER_ATTACHMENT_FOLDER"]).mkdir(parents=True, exist_ok=True)
    (Path(app.config["OFFER_ATTACHMENT_FOLDER"]) / "a-statut-eval").write_bytes(content)
    with app.app_context(), system_scope("tests"):
        statute = OfferAttachment(organisation_id=city.org_a.id, offer_id=offer, label="Statut", filename="statut.pdf",
                                  content_type="application/pdf", size=len(content), stored_name="a-statut-eval",
                                  sha256=hashlib.sha256(content).hexdigest())
        db.session.add(statute)
        db.session.commit()
        statute_id = statute.id
    member = make.commission_member(city.department, call, city.b_staff, represents=city.org_b)
    undeclared = make.assignment(city.department, member, offer)
    url = f"/evaluation/assignments/{undeclared}/attachments/{statute_id}"
    evaluator = browser(city.b_staff)
    assert evaluator.get(url).status_code == 404  # not before the declaration
    with app.app_context(), system_scope("tests"):
        db.session.execute(select(Assignment).where(Assignment.id == undeclared)).scalar_one().declared_at = utcnow()
        db.session.commit()
    shown = evaluator.get(f"/evaluation/assignments/{undeclared}")
    assert url in shown.get_data(as_text=True)  # linked from the offer
    downloaded = evaluator.get(url)
    assert downloaded.status_code == 200 and downloaded.data == content
    assert "attachment" in downloaded.headers["Content-Disposition"]
    assert browser(city.b_admin).get(url).status_code == 404  # not a member
