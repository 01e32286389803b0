"""Awards and results: the department funds offers in ranking order within the pool, reduced awards come back
with an updated budget to accept, the results are published on the call's page and every applicant is told
why; the programme's budget shows what awards commit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Award,
    AwardState,
    CallCriterion,
    CallStatus,
    CostKind,
    FormalOutcome,
    Offer,
    OfferActivity,
    OfferCost,
    Score,
    utcnow,
)
from app.models import Call as CallRow
from app.tenancy import system_scope
from tests.functional.support import location, page


def _score(app, call: int, assignment: int, total: int) -> None:
    """A member's points for an offer adding up to ``total``, each criterion within its maximum."""
    with app.app_context(), system_scope("tests"):
        criteria = db.session.execute(select(CallCriterion).where(CallCriterion.call_id == call)
                                      .order_by(CallCriterion.position)).scalars().all()
        left = Decimal(total)
        for criterion in criteria:
            points = min(left, Decimal(criterion.max_points))
            left -= points
            db.session.add(Score(organisation_id=criterion.organisation_id, assignment_id=assignment,
                                 criterion_id=criterion.id, points=points, justification="Uzasadnienie."))
        db.session.commit()


@pytest.fixture
def contest(app, make, city):
    """A call in evaluation whose commission has closed: pool 10 000 zł on a 50 000 zł line; three offers ranked
    90 (A, 6 000), 80 (B, 6 000), 70 (A, 3 000) and one rejected on formal grounds (B)."""
    programme = make.programme(city.department, "Program wsparcia rodzin", first_year=2026, last_year=2027)
    line = make.budget_line(city.department, programme, "50000.00", year=2027, task_pl="Wsparcie rodzin")
    call = make.call(city.department, programme, line, "Konkurs rozstrzygany", pool="10000.00",
                     opens_in=timedelta(days=-60), open_for=timedelta(days=30), status=CallStatus.EVALUATION,
                     commission_closed_at=utcnow())
    member = make.commission_member(city.department, call, city.dept_officer)
    offers = {}
    for key, org, title, grant, points in (("first", city.org_a, "Świetlica Słoneczna", "6000.00", 90),
                                           ("second", city.org_b, "Świetlica Tęcza", "6000.00", 80),
                                           ("third", city.org_a, "Klub Młodzieży", "3000.00", 70)):
        offers[key] = make.offer(org, call, title, grant=grant, formal_outcome=FormalOutcome.PASSED,
                                 applicant={"name": org.name})
        assignment = make.assignment(city.department, member, offers[key], declared_at=utcnow(),
                                     finished_at=utcnow())
        _score(app, call, assignment, points)
    offers["rejected"] = make.offer(city.org_b, call, "Oferta spóźniona", formal_outcome=FormalOutcome.REJECTED,
                                    formal_reason="Oferta złożona po terminie.", applicant={"name": city.org_b.name})
    return {"programme": programme, "line": line, "call": call, **offers}


def _award(client, contest, key: str, amount: str, reason: str = "", **options):
    offer = contest[key]
    return client.post(f"/console/calls/{contest['call']}/offers/{offer}/award",
                       data={f"o{offer}-amount": amount, f"o{offer}-reason": reason}, **options)


def _money_shown(shown) -> str:
    return (shown.text_of("call-money") or "").replace("\xa0", " ")


def test_the_officer_awards_in_ranking_order_within_the_pool(browser, city, contest, rows):
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/calls/{contest['call']}/awards"))
    assert shown.status == 200
    ranking = shown.tables()[0].records()
    assert [(r["Place"], r["Offer"], r["Final score"]) for r in ranking] == [
        ("1", "Świetlica Słoneczna", "90"), ("2", "Świetlica Tęcza", "80"), ("3", "Klub Młodzieży", "70")]
    assert "PLN 10,000.00" in _money_shown(shown)
    assert "In złoty, such as 12,500.00." in shown  # the example as the field shows an amount in English
    assert "12 500,00" in page(browser(city.dept_officer, lang="pl").get(f"/console/calls/{contest['call']}/awards"))
    assert location(_award(officer, contest, "first", "6 000,00")) == \
        f"/console/calls/{contest['call']}/awards#offer-{contest['first']}"
    refused = page(_award(officer, contest, "second", "6000.00"))
    assert refused.status == 400
    assert "The call's pool has PLN 4,000.00 left." in refused.field_error(f"o{contest['second']}-amount").replace(
        "\xa0", " ")
    assert 'value="6000.00"' in refused.html  # what was typed stays
    assert location(_award(officer, contest, "third", "3000,00"))
    shown = page(officer.get(f"/console/calls/{contest['call']}/awards"))
    money = _money_shown(shown)
    assert "PLN 9,000.00" in money and "PLN 1,000.00" in money  # committed, remaining
    states = {r["Offer"]: r["Award"] for r in shown.tables()[0].records()}
    assert states == {"Świetlica Słoneczna": "Awarded", "Świetlica Tęcza": "No award", "Klub Młodzieży": "Awarded"}
    assert sorted(a.amount for a in rows.all(Award)) == [Decimal("3000.00"), Decimal("6000.00")]
    assert rows.actions("award.") == ["award.decided", "award.decided"]
    detail = page(officer.get(f"/console/calls/{contest['call']}"))
    assert "PLN 9,000.00" in _money_shown(detail) and "Awards and results" in detail


@pytest.mark.parametrize(("amount", "reason", "field", "message"), [
    ("7000", "", "amount", "The offer asks for PLN 6,000.00; the award cannot be more."),
    ("5000", "", "reason", "Say why the amount is less than requested"),
    ("-5", "", "amount", "Give an amount without a minus sign."),
    ("dużo", "", "amount", "Write the amount in złoty"),
    ("", "", "amount", "Give the amount awarded."),
    ("0", "", "amount", "Give an amount greater than zero."),
])
def test_bad_amounts_are_refused_beside_the_field(browser, city, contest, rows, amount, reason, field, message):
    shown = page(_award(browser(city.dept_officer), contest, "first", amount, reason))
    assert shown.status == 400
    assert message in shown.field_error(f"o{contest['first']}-{field}").replace("\xa0", " ")
    assert rows.count(Award) == 0


def test_a_reduced_award_asks_for_an_updated_budget_which_the_department_accepts(browser, city, contest, rows,
                                                                                 outbox):
    officer = browser(city.dept_officer)
    assert location(_award(officer, contest, "first", "4500", "Ograniczona pula środków."))
    award = rows.one(Award)
    assert award.state == AwardState.UPDATE_REQUESTED and award.reason == "Ograniczona pula środków."
    shown = page(officer.get(f"/console/calls/{contest['call']}/awards"))
    assert "Reduced: updated budget requested" in shown
    update = f"/console/calls/{contest['call']}/offers/{contest['first']}/update"
    assert "Waiting for the organisation to send its updated budget" in page(officer.get(update))

    def organisation_sends_its_update():  # the organisation's side (its workspace) re-enters the budget
        offer = db.session.execute(select(Offer).where(Offer.id == contest["first"])).scalar_one()
        offer.costs.append(OfferCost(organisation_id=offer.organisation_id, position=0, revised=True,
                                     kind=CostKind.ACTIVITY, name="Zajęcia w mniejszym wymiarze", unit="godz.",
                                     unit_cost=Decimal("5500.00"), units=Decimal("1"), year=2027,
                                     from_grant=Decimal("4500.00")))
        offer.activities.append(OfferActivity(organisation_id=offer.organisation_id, position=0, revised=True,
                                              name="Zajęcia raz w tygodniu"))
        row = db.session.execute(select(Award)).scalar_one()
        row.state, row.update_submitted_at = AwardState.UPDATE_SUBMITTED, utcnow()

    rows.run(organisation_sends_its_update)
    shown = page(officer.get(update))
    assert "Updated budget sent, to be accepted" in shown and "Zajęcia w mniejszym wymiarze" in shown
    assert "Activities and schedule updated within the award" in shown
    refused = page(officer.post(f"{update}/return", data={"reason": ""}))
    assert refused.status == 400 and "Say what the organisation should change" in refused.field_error("reason")
    assert location(officer.post(f"{update}/return", data={"reason": "Koszt zajęć jest zbyt wysoki."}))
    assert rows.one(Award).state == AwardState.UPDATE_REQUESTED
    mailed = {m["to"]: m for m in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}
    assert "Koszt zajęć jest zbyt wysoki." in mailed["a.admin@example.org"]["body"]
    rows.run(organisation_sends_its_update)
    assert location(officer.post(f"{update}/accept"))
    accepted = rows.one(Award)
    assert accepted.state == AwardState.ACCEPTED and accepted.accepted_at is not None
    assert "Updated budget accepted" in page(officer.get(f"/console/calls/{contest['call']}/awards"))
    assert rows.actions("award.") == ["award.decided", "award.update_returned", "award.update_accepted"]
    again = page(officer.post(f"{update}/accept", follow_redirects=True))
    assert "There is no updated budget waiting to be accepted." in again.flashes("error")


def test_an_award_is_withdrawn_before_the_results(browser, city, contest, rows):
    officer = browser(city.dept_officer)
    _award(officer, contest, "first", "6000")
    assert location(officer.post(f"/console/calls/{contest['call']}/offers/{contest['first']}/award/withdraw"))
    assert rows.count(Award) == 0 and rows.actions("award.") == ["award.decided", "award.withdrawn"]
    assert location(_award(officer, contest, "second", "6000"))  # the money is free again


def test_publishing_the_results_shows_them_to_anyone_and_tells_every_applicant_why(browser, city, contest, rows,
                                                                                   outbox):
    officer = browser(city.dept_officer)
    _award(officer, contest, "first", "6000")
    _award(officer, contest, "third", "2500", "Pula została wyczerpana.")
    reason_url = f"/console/calls/{contest['call']}/offers/{contest['second']}/outcome"
    assert location(officer.post(reason_url, data={f"r{contest['second']}-outcome_reason":
                                                   "Oferta uzyskała mniej punktów niż oferty dofinansowane."}))
    confirm = page(officer.get(f"/console/calls/{contest['call']}/results"))
    assert confirm.status == 200 and "Publish the results?" in confirm.h1
    told = {r["Offer"]: r["Reason"] for r in confirm.tables()[0].records()}
    assert told["Oferta spóźniona"] == "Rejected on formal grounds: Oferta złożona po terminie."
    assert told["Świetlica Tęcza"] == "Oferta uzyskała mniej punktów niż oferty dofinansowane."
    response = officer.post(f"/console/calls/{contest['call']}/results")
    assert location(response) == f"/calls/{contest['call']}"
    call = rows.one(CallRow)
    assert call.status == CallStatus.DECIDED and call.results_published_at is not None
    decided = {o.title: o for o in rows.all(Offer)}
    assert all(o.decided_at is not None for o in decided.values())
    assert decided["Oferta spóźniona"].outcome_reason.endswith("Oferta złożona po terminie.")  # kept in Polish
    assert decided["Świetlica Słoneczna"].outcome_reason is None
    assert rows.actions("call.results") == ["call.results_published"]

    public = page(browser().get(f"/calls/{contest['call']}"))
    funded = [r for r in public.tables()[0].records() if "Points" in r]  # not the row of the total
    not_funded = public.tables()[1].records()
    assert [(r["Offer"], r["Points"], r["Amount awarded"].replace("\xa0", " ")) for r in funded] == [
        ("Świetlica Słoneczna", "90", "PLN 6,000.00"), ("Klub Młodzieży", "70", "PLN 2,500.00")]
    assert [(r["Applicant"], r["Offer"], r["Points"]) for r in not_funded] == [
        ("Schronisko B", "Świetlica Tęcza", "80"), ("Schronisko B", "Oferta spóźniona", "not scored")]
    assert "PLN 8,500.00" in public.text.replace("\xa0", " ")  # the total awarded
    assert "Results published on" in public
    ukrainian = page(browser(lang="uk").get(f"/calls/{contest['call']}")).text
    assert " р." in ukrainian and "р.." not in ukrainian  # a date ending in "р." ends no sentence
    assert "Konkurs rozstrzygany" in page(browser().get("/calls?stage=decided"))
    assert "Konkurs rozstrzygany" not in page(browser().get("/calls?stage=in_evaluation"))

    mailed = {m["to"]: m["body"] for m in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org", "b.admin@example.org"}
    b_mail = mailed["b.admin@example.org"]
    assert "Świetlica Tęcza" in b_mail and "Oferta uzyskała mniej punktów" in b_mail and "80" in b_mail
    assert "Oferta złożona po terminie." in b_mail
    a_mail = mailed["a.admin@example.org"]
    assert "6000,00zł" in a_mail.replace("\xa0", "").replace(" ", "")  # in the person's language (Polish)
    assert "Pula została wyczerpana." in a_mail
    assert "kosztorysu i harmonogramu zaktualizowanych do" in a_mail
    late = page(_award(officer, contest, "second", "1000", follow_redirects=True))
    assert "The results have been published: awards no longer change." in late.flashes("error")
    assert rows.count(Award) == 2


def test_the_results_wait_until_every_offer_is_scored(app, browser, city, contest, make, rows):
    make.offer(city.org_a, contest["call"], "Oferta bez oceny", formal_outcome=FormalOutcome.PASSED)
    officer = browser(city.dept_officer)
    confirm = page(officer.get(f"/console/calls/{contest['call']}/results"))
    assert "1 offer in the ranking has no score." in confirm
    shown = page(officer.post(f"/console/calls/{contest['call']}/results", follow_redirects=True))
    assert "1 offer in the ranking has no score." in shown.flashes("error")
    assert rows.one(CallRow).status == CallStatus.EVALUATION


def test_awards_wait_for_the_commission(browser, city, contest, rows):
    def reopen():
        db.session.execute(select(CallRow)).scalar_one().commission_closed_at = None
    rows.run(reopen)
    officer = browser(city.dept_officer)
    assert "Awards are decided once the commission has closed" in page(
        officer.get(f"/console/calls/{contest['call']}/awards"))
    refused = page(_award(officer, contest, "first", "6000", follow_redirects=True))
    assert "Awards are decided once the commission has closed" in refused.flashes("error")[0]
    assert rows.count(Award) == 0


def test_the_analyst_sees_the_awards_but_cannot_act_and_organisations_cannot_reach_them(browser, city, contest):
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get(f"/console/calls/{contest['call']}/awards"))
    assert shown.status == 200 and "Świetlica Tęcza" in shown and "Publish the results" not in shown
    assert not [f for f, _ in shown.forms() if "/award" in (f.get("action") or "")]
    assert _award(analyst, contest, "first", "6000").status_code == 403
    for person in (city.b_admin, city.a_admin, city.outsider):
        client = browser(person)
        assert client.get(f"/console/calls/{contest['call']}/awards").status_code == 403
        assert _award(client, contest, "second", "6000").status_code == 403
    assert browser().get(f"/console/calls/{contest['call']}/awards").status_code == 302  # sign in first


def test_an_offer_of_another_call_is_not_found_under_this_one(browser, city, contest, make):
    other = make.call(city.department, contest["programme"], contest["line"], "Inny konkurs", pool="1000.00")
    stranger = make.offer(city.org_a, other, "Oferta z innego konkursu")
    officer = browser(city.dept_officer)
    assert officer.post(f"/console/calls/{contest['call']}/offers/{stranger}/award",
                        data={f"o{stranger}-amount": "100"}).status_code == 404
    assert officer.get(f"/console/calls/{contest['call']}/offers/{stranger}/update").status_code == 404


def test_the_budget_page_shows_what_awards_commit_beside_what_calls_set_aside(browser, city, contest):
    officer = browser(city.dept_officer)
    _award(officer, contest, "first", "6000")
    shown = page(officer.get(f"/console/programmes/{contest['programme']}"))
    line = next(r for r in shown.tables()[1].records() if r["What the money is for"] == "Wsparcie rodzin")
    assert line["Amount planned"].replace("\xa0", " ") == "PLN 50,000.00"
    assert line["Set aside by calls"].replace("\xa0", " ") == "PLN 10,000.00"
    assert line["Committed by awards"].replace("\xa0", " ") == "PLN 6,000.00"
    assert line["Left"].replace("\xa0", " ") == "PLN 40,000.00"
    committed = shown.tables()[2].records()
    listed = page(officer.get("/console/programmes/")).tables()[0].records()
    assert [r["Committed by awards"].replace("\xa0", " ") for r in listed] == ["PLN 6,000.00"]
    assert [(r["Year"], r["Total"].replace("\xa0", " ")) for r in committed] == [("2027", "PLN 6,000.00"),
                                                                                 ("Total", "PLN 6,000.00")]
