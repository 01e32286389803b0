"""Small grants without a competition (art. 19a): an organisation submits a simplified offer (at most
10 000 zł and 90 days), the department publishes it for 7 days of comments, anyone comments inside the
window, and after it the department funds it within the yearly caps or refuses it."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest

from app.extensions import limiter
from app.localtime import local_today
from app.models import Award, Offer, OfferComment, OfferCost, OfferStatus, utcnow
from app.services.feedback.intake import issue_form_token
from app.services.funding import small_grants
from tests.functional.support import location, page

COMMENT = "Dobry pomysł: w zeszłym roku brakowało takich dyżurów na naszym osiedlu."
START = local_today() + timedelta(days=30)
YEAR = (utcnow() + timedelta(days=30)).year  # the year the factories' small grants start in


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global START, YEAR
    START = local_today() + timedelta(days=30)
    YEAR = (utcnow() + timedelta(days=30)).year


@pytest.fixture(autouse=True)
def _fresh_rate_limit(app):
    """Comments are counted against the address like residents' reports: every test starts with none."""
    with app.app_context():
        limiter.reset()
    yield
    with app.app_context():
        limiter.reset()


@pytest.fixture
def budget(make, city):
    """A programme with a 200 000 zł line in the year small grants start in (the city's 20 per cent: 40 000 zł)."""
    programme = make.programme(city.department, "Program współpracy", first_year=YEAR, last_year=YEAR)
    line = make.budget_line(city.department, programme, "200000.00", year=YEAR, task_pl="Małe granty")
    return {"programme": programme, "line": line}


def _form(**fields) -> dict:
    """The simplified offer as organisation A's coordinator types it: 9 000 zł for 60 days."""
    data = {"applicant_name": "Stowarzyszenie A", "applicant_krs": "0000123456", "applicant_nip": "",
            "applicant_address": "ul. Długa 3, 41-500 Chorzów", "applicant_contact": "Anna Kowalska",
            "applicant_email": "", "applicant_phone": "", "title": "Zimowe dyżury dla osób w kryzysie",
            "sphere": "social_assistance", "starts_on": START.isoformat(),
            "ends_on": (START + timedelta(days=59)).isoformat(), "place": "Chorzów, ul. Długa 3",
            "target_group": "Osoby w kryzysie bezdomności",
            "summary": "Wieczorne dyżury z ciepłym posiłkiem i poradą przez dwa zimowe miesiące.",
            "results-0-result": "Osoby objęte pomocą", "results-0-target_value": "40",
            "results-0-monitoring": "Lista obecności",
            "costs-0-name": "Dyżury", "costs-0-unit": "godz.", "costs-0-unit_cost": "100,00", "costs-0-units": "80",
            "costs-0-year": str(START.year), "costs-0-from_grant": "8 000,00",
            "costs-1-name": "Posiłki", "costs-1-unit": "szt.", "costs-1-unit_cost": "20", "costs-1-units": "100",
            "costs-1-year": str(START.year), "costs-1-from_grant": "1 000",
            "requested_grant": "9 000,00", "own_financial": "500", "own_in_kind": "500,00",
            "representatives": "Anna Kowalska — prezeska", "statements_accepted": "y", "action": "submit"}
    data.update(fields)
    return data


def _offer(make, city, title: str = "Mały grant A", *, organisation=None, published_days_ago: int | None = None,
           **fields) -> int:
    """A submitted small grant of A (9 000 zł asked for, starting in a month), published some days ago."""
    if published_days_ago is not None:
        published = utcnow() - timedelta(days=published_days_ago)
        fields.update(comments_from=published, comments_until=published + timedelta(days=7))
    return make.offer(organisation or city.org_a, None, title, kind="small_grant", grant="9000.00", own="1000.00",
                      sphere="social_assistance", receipt_number=fields.pop("receipt_number", f"MG/T/{title}"),
                      applicant={"name": "Stowarzyszenie A", "address": "ul. Długa 3", "contact": "Anna"},
                      **fields)


def _comment(app, client, grant_id: int, *, seconds_ago: float = 60, **fields):
    with app.app_context():
        token = issue_form_token(small_grants.COMMENT_FORM, grant_id, issued_at=time.time() - seconds_ago)
    data = {"message": COMMENT, "author": "", "email": "", "subject": "", "started": token, **fields}
    return client.post(f"/calls/small-grants/{grant_id}", data=data)


# -- the organisation ---------------------------------------------------------------------------------------

def test_an_organisation_submits_a_simplified_offer_within_the_limits(browser, city, rows, outbox):
    coordinator = browser(city.a_coordinator)
    new = page(coordinator.get("/workspace/small-grants/new"))
    assert new.status == 200 and new.values()["applicant_name"] == "Stowarzyszenie A"  # from the registry
    response = coordinator.post("/workspace/small-grants/new", data=_form())
    offer = rows.one(Offer)
    assert location(response) == f"/workspace/small-grants/{offer.id}"
    assert offer.status == OfferStatus.SUBMITTED and offer.receipt_number == f"MG/{local_today().year}/0001"
    assert offer.requested_grant == Decimal("9000.00")
    assert sorted(cost.total for cost in rows.all(OfferCost)) == [Decimal("2000.00"), Decimal("8000.00")]
    assert offer.call_id is None and offer.sphere.value == "social_assistance"
    shown = page(coordinator.get(location(response)))
    assert "Submitted, not published yet" in shown and offer.receipt_number in shown
    assert "Withdraw the offer" in shown and "Osoby objęte pomocą" in shown
    mailed = {message["to"]: message for message in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}
    assert offer.receipt_number in mailed["a.admin@example.org"]["subject"]
    assert rows.actions("offer.") == ["offer.submitted"]
    listed = page(browser(city.a_staff).get("/workspace/small-grants/"))
    assert "Zimowe dyżury dla osób w kryzysie" in listed and "PLN 20,000.00" in listed.text.replace("\xa0", " ")


def test_a_draft_is_saved_then_submitted_with_the_next_number(browser, city, make, rows):
    _offer(make, city, "Wcześniejszy", receipt_number=f"MG/{local_today().year}/0007")
    coordinator = browser(city.a_coordinator)
    response = coordinator.post("/workspace/small-grants/new", data=_form(action="save", summary=""))
    draft = rows.one(Offer, title="Zimowe dyżury dla osób w kryzysie")
    assert draft.status == OfferStatus.DRAFT and draft.receipt_number is None
    refused = page(coordinator.post(f"/workspace/small-grants/{draft.id}/submit"))
    assert refused.status == 400 and "Describe the task" in refused.field_error("summary")
    assert rows.one(Offer, id=draft.id).status == OfferStatus.DRAFT
    coordinator.post(f"/workspace/small-grants/{draft.id}/edit", data=_form(action="save"))
    assert location(coordinator.post(f"/workspace/small-grants/{draft.id}/submit")) == location(response)
    assert rows.one(Offer, id=draft.id).receipt_number == f"MG/{local_today().year}/0008"
    assert "no longer changes" in " ".join(page(coordinator.get(
        f"/workspace/small-grants/{draft.id}/edit", follow_redirects=True)).flashes())


def test_more_than_10_000_zl_and_91_days_are_refused_beside_the_fields_keeping_what_was_typed(browser, city, rows):
    data = _form(requested_grant="10 000,01", ends_on=(START + timedelta(days=90)).isoformat(),
                 **{"costs-1-name": "", "costs-1-unit": "", "costs-1-unit_cost": "", "costs-1-units": "",
                    "costs-1-year": "", "costs-1-from_grant": "", "costs-0-units": "1",
                    "costs-0-unit_cost": "11 000,01", "costs-0-from_grant": "10 000,01"})
    shown = page(browser(city.a_coordinator).post("/workspace/small-grants/new", data=data))
    assert shown.status == 400
    assert "at most PLN 10,000.00; you asked for PLN 10,000.01" in shown.field_error("requested_grant").replace(
        "\xa0", " ")
    assert "at most 90 days, counting its first and its last day; these dates make 91 days" in shown.field_error(
        "ends_on")
    values = shown.values()
    assert values["requested_grant"] == "10 000,01" and values["title"] == "Zimowe dyżury dla osób w kryzysie"
    assert values["costs-0-unit_cost"] == "11 000,01"
    assert rows.count(Offer) == 0  # nothing half saved


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"starts_on": local_today().isoformat()}, "starts_on", "must start after today"),
    ({"ends_on": (START - timedelta(days=1)).isoformat()}, "ends_on", "cannot end before it starts"),
    ({"own_financial": "700"}, "costs", "they must be equal"),
    ({"costs-0-from_grant": "7 000"}, "costs", "The parts from the grant add up to"),
    ({"costs-0-units": "dużo"}, "costs-0-units", "Give a number such as 12"),
    ({"costs-1-year": "1999"}, "costs-1-year", "Give the year"),
    ({"statements_accepted": ""}, "statements_accepted", "Make the statements"),
    ({"sphere": "nonsense"}, "sphere", "Not a valid choice"),
])
def test_each_rule_is_shown_beside_its_field(browser, city, rows, fields, field, message):
    shown = page(browser(city.a_coordinator).post("/workspace/small-grants/new", data=_form(**fields)))
    assert shown.status == 400 and message in (shown.field_error(field) or shown.text_of("costs-error") or "")
    assert rows.count(Offer) == 0


def test_an_offer_is_withdrawn_only_before_publication(browser, city, make, rows):
    fresh, published = _offer(make, city, "Świeży"), _offer(make, city, "Opublikowany", published_days_ago=1)
    admin = browser(city.a_admin)
    admin.post(f"/workspace/small-grants/{published}/withdraw")
    assert rows.one(Offer, id=published).status == OfferStatus.SUBMITTED
    assert location(admin.post(f"/workspace/small-grants/{fresh}/withdraw")) == f"/workspace/small-grants/{fresh}"
    assert rows.one(Offer, id=fresh).status == OfferStatus.WITHDRAWN
    assert rows.actions("offer.") == ["offer.withdrawn"]


# -- publication and comments ---------------------------------------------------------------------------------

def test_the_department_publishes_for_7_days_and_anyone_comments(app, browser, city, make, rows):
    grant = _offer(make, city, "Dyżury zimowe")
    assert browser().get(f"/calls/small-grants/{grant}").status_code == 404  # not published yet
    officer = browser(city.dept_officer)
    assert "Publish for 7 days of comments" in page(officer.get(f"/console/small-grants/{grant}"))
    assert location(officer.post(f"/console/small-grants/{grant}/publish")) == f"/console/small-grants/{grant}"
    offer = rows.one(Offer, id=grant)
    assert offer.comments_until - offer.comments_from == timedelta(days=7)
    assert rows.actions("offer.") == ["offer.published_for_comments"]
    listed = page(browser().get("/calls/small-grants"))
    assert "Dyżury zimowe" in listed and "Open for comments" in listed
    assert "Small grants without a competition" in page(browser().get("/calls"))
    resident = browser()
    shown = page(resident.get(f"/calls/small-grants/{grant}"))
    assert shown.h1 == "Dyżury zimowe" and "Send the comment" in shown and "Expected results" in shown
    response = _comment(app, resident, grant, author="Jan z osiedla", email="Jan@Example.org")
    assert location(response) == f"/calls/small-grants/{grant}"
    comment = rows.one(OfferComment)
    assert (comment.body, comment.author, comment.email) == (COMMENT, "Jan z osiedla", "jan@example.org")
    assert COMMENT not in page(resident.get(f"/calls/small-grants/{grant}"))  # comments go to the department
    assert _comment(app, browser(), grant).status_code == 303 and rows.count(OfferComment) == 1  # sent twice: one
    beside = page(officer.get(f"/console/small-grants/{grant}"))
    assert COMMENT in beside and "Jan z osiedla" in beside and "1 comment from residents" in beside


@pytest.mark.parametrize(("fields", "message"), [
    ({"subject": "Great offer http://spam.example"}, "We could not accept this message"),
    ({"seconds_ago": 0}, "That was very quick"),
    ({"started": "forged.token"}, "We could not accept this message"),
    ({"message": "Zobacz https://a.example https://b.example www.c.example"}, "at most 2 web addresses"),
    ({"message": "x" * 2001}, "at most 2000 characters"),
    ({"message": "   "}, "Write your comment"),
    ({"email": "not-an-address"}, "name@example.org"),
])
def test_spam_and_bad_comments_are_refused_as_on_report_a_mistake(app, browser, city, make, rows, fields, message):
    grant = _offer(make, city, published_days_ago=1)
    client = browser()
    if "started" in fields:
        response = client.post(f"/calls/small-grants/{grant}", data={"message": COMMENT, "subject": "",
                                                                   "started": fields["started"]})
    else:
        response = _comment(app, client, grant, **fields)
    shown = page(response)
    assert shown.status == 400 and message in (shown.field_error("message") or shown.field_error("email"))
    assert rows.count(OfferComment) == 0


def test_comments_are_accepted_only_inside_the_window_to_the_second(app, browser, city, make, rows):
    now = utcnow().replace(microsecond=0)
    closing = _offer(make, city, "Zamyka się", comments_from=now - timedelta(days=7),
                     comments_until=now + timedelta(seconds=30))
    closed = _offer(make, city, "Zamknięty", comments_from=now - timedelta(days=7, seconds=1),
                    comments_until=now - timedelta(seconds=1))
    assert _comment(app, browser(), closing).status_code == 303
    shown = page(_comment(app, browser(), closed))
    assert shown.status == 400 and "were accepted until" in shown.field_error("message")
    assert "Send the comment" not in shown
    assert [c.offer_id for c in rows.all(OfferComment)] == [closing]
    offer = rows.one(Offer, id=closing)
    assert small_grants.accepts_comments(offer, offer.comments_until - timedelta(seconds=1))
    assert not small_grants.accepts_comments(offer, offer.comments_until)
    assert small_grants.accepts_comments(offer, offer.comments_from)
    assert not small_grants.accepts_comments(offer, offer.comments_from - timedelta(seconds=1))


# -- the decision -------------------------------------------------------------------------------------------------

def test_deciding_before_the_7_days_end_is_refused(browser, city, make, rows, budget):
    grant = _offer(make, city, published_days_ago=6)
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/small-grants/{grant}/fund",
                              data={"amount": "9 000", "budget_line_id": str(budget["line"])}))
    assert shown.status == 400 and "Comments are open until" in shown.field_error("amount")
    shown = page(officer.post(f"/console/small-grants/{grant}/refuse", data={"outcome_reason": "Nie."}))
    assert shown.status == 400 and "Comments are open until" in shown.field_error("outcome_reason")
    assert rows.count(Award) == 0 and rows.one(Offer, id=grant).decided_at is None


def test_the_department_funds_after_the_7_days_and_the_organisation_sees_it(app, browser, city, make, rows, budget,
                                                                             outbox):
    grant = _offer(make, city, "Dyżury", published_days_ago=8)
    make.offer(city.org_a, None, "Szkic", kind="small_grant", status="draft")  # a draft is never counted
    officer = browser(city.dept_officer)
    detail = page(officer.get(f"/console/small-grants/{grant}"))
    assert "Comments closed, to be decided" in detail and "Fund the offer" in detail
    assert "PLN 40,000.00" in detail.text.replace("\xa0", " ")  # the city's 20 per cent of 200 000 zł
    response = officer.post(f"/console/small-grants/{grant}/fund",
                            data={"amount": "9 000,00", "budget_line_id": str(budget["line"]), "reason": ""})
    assert location(response) == f"/console/small-grants/{grant}"
    award = rows.one(Award)
    assert (award.amount, award.call_id, award.budget_line_id) == (Decimal("9000.00"), None, budget["line"])
    assert rows.one(Offer, id=grant).decided_at is not None
    assert rows.actions("award.") == ["award.decided"]
    mailed = {message["to"]: message for message in outbox()}
    assert "postanowił przyznać dotację" in mailed["a.coordinator@example.org"]["body"]  # in Polish, their language
    assert "MG/T/Dyżury" in mailed["a.coordinator@example.org"]["body"]
    seen = page(browser(city.a_staff).get(f"/workspace/small-grants/{grant}"))
    assert "Funded on" in seen and "PLN 9,000.00" in seen.text.replace("\xa0", " ")
    caps = page(browser(city.a_staff).get("/workspace/small-grants/")).text.replace("\xa0", " ")
    assert "PLN 9,000.00 PLN 20,000.00 PLN 11,000.00" in caps  # used, cap, left
    assert "PLN 9,000.00 PLN 40,000.00 PLN 31,000.00" in caps  # the city's too: 20 per cent of 200 000 zł
    assert "Funded: PLN 9,000.00" in page(browser().get("/calls/small-grants")).text.replace("\xa0", " ")
    again = page(officer.post(f"/console/small-grants/{grant}/refuse", data={"outcome_reason": "Jednak nie."}))
    assert "decided already" in again.field_error("outcome_reason")


def test_funding_over_the_organisations_yearly_cap_is_refused_with_the_figures(browser, city, make, rows, budget):
    for title in ("Wiosna", "Lato"):
        earlier = _offer(make, city, title, published_days_ago=30, decided_at=utcnow() - timedelta(days=20))
        make.award(city.department, earlier, "9000.00", line=budget["line"])
    grant = _offer(make, city, "Jesień", published_days_ago=8)
    shown = page(browser(city.dept_officer).post(f"/console/small-grants/{grant}/fund", data={
        "amount": "9 000", "budget_line_id": str(budget["line"])}))
    message = shown.field_error("amount").replace("\xa0", " ")
    assert shown.status == 400 and "at most PLN 20,000.00" in message
    assert f"in {YEAR} this one has received PLN 18,000.00, so PLN 2,000.00 is left" in message
    assert shown.values(f"/console/small-grants/{grant}/fund")["amount"] == "9 000"
    assert rows.count(Award) == 2
    other = _offer(make, city, "Inna organizacja", organisation=city.org_b, published_days_ago=8)
    assert browser(city.dept_officer).post(f"/console/small-grants/{other}/fund", data={
        "amount": "9 000", "budget_line_id": str(budget["line"]), "reason": ""}).status_code == 303


def test_funding_over_the_citys_20_per_cent_is_refused_with_the_figures(browser, city, make, rows):
    programme = make.programme(city.department, "Mały program", first_year=YEAR, last_year=YEAR)
    line = make.budget_line(city.department, programme, "40000.00", year=YEAR, task_pl="Drobne zadania")
    grant = _offer(make, city, published_days_ago=8)
    shown = page(browser(city.dept_officer).post(f"/console/small-grants/{grant}/fund", data={
        "amount": "9 000", "budget_line_id": str(line)}))
    message = shown.field_error("amount").replace("\xa0", " ")
    assert shown.status == 400
    assert f"Small grants of {YEAR} may use at most 20 per cent of the year's grant money, PLN 8,000.00" in message
    assert "PLN 0.00 is used, so PLN 8,000.00 is left" in message
    assert rows.count(Award) == 0


def test_a_line_of_another_year_or_more_than_asked_is_refused(browser, city, make, rows, budget):
    other = make.budget_line(city.department, budget["programme"], "90000.00", year=YEAR + 1, task_pl="Przyszłość")
    grant = _offer(make, city, published_days_ago=8)
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/small-grants/{grant}/fund",
                              data={"amount": "9 000", "budget_line_id": str(other)}))
    assert "Not a valid choice" in shown.field_error("budget_line_id")  # only the task's year is offered
    shown = page(officer.post(f"/console/small-grants/{grant}/fund",
                              data={"amount": "9 500", "budget_line_id": str(budget["line"])}))
    assert "the award cannot be more" in shown.field_error("amount")
    shown = page(officer.post(f"/console/small-grants/{grant}/fund",
                              data={"amount": "8 000", "budget_line_id": str(budget["line"])}))
    assert "A small grant is funded as offered" in shown.field_error("amount")
    assert rows.count(Award) == 0


def test_a_refusal_needs_a_reason_which_the_organisation_is_told(browser, city, make, rows, outbox):
    grant = _offer(make, city, "Odmowa", published_days_ago=8)
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/small-grants/{grant}/refuse", data={"outcome_reason": ""}))
    assert shown.status == 400 and "Say why the offer is not funded" in shown.field_error("outcome_reason")
    officer.post(f"/console/small-grants/{grant}/refuse",
                 data={"outcome_reason": "Zadanie powiela program realizowany przez MOPS."})
    assert rows.one(Offer, id=grant).outcome_reason == "Zadanie powiela program realizowany przez MOPS."
    assert rows.actions("offer.") == ["offer.refused"]
    assert "postanowił nie przyznawać dotacji" in {m["to"]: m for m in outbox()}["a.admin@example.org"]["body"]
    seen = page(browser(city.a_staff).get(f"/workspace/small-grants/{grant}"))
    assert "Not funded" in seen and "Zadanie powiela program realizowany przez MOPS." in seen


# -- who may do what ------------------------------------------------------------------------------------------------

def test_another_organisation_gets_404_and_the_analyst_only_reads(browser, city, make, rows, budget):
    fresh, due = _offer(make, city, "Świeży"), _offer(make, city, "Do decyzji", published_days_ago=8)
    other = browser(city.b_admin)
    for path in (f"/workspace/small-grants/{fresh}", f"/workspace/small-grants/{fresh}/edit"):
        assert other.get(path).status_code == 404
    for path in (f"/workspace/small-grants/{fresh}/withdraw", f"/workspace/small-grants/{fresh}/submit"):
        assert other.post(path).status_code == 404
    assert "Świeży" not in page(other.get("/workspace/small-grants/"))
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get(f"/console/small-grants/{due}"))
    assert shown.status == 200 and "Do decyzji" in shown and "Fund the offer" not in shown
    assert "Świeży" in page(analyst.get("/console/small-grants/"))
    assert analyst.post(f"/console/small-grants/{fresh}/publish").status_code == 403
    assert analyst.post(f"/console/small-grants/{due}/fund", data={
        "amount": "9 000", "budget_line_id": str(budget["line"])}).status_code == 403
    assert browser(city.a_staff).post(f"/workspace/small-grants/{fresh}/withdraw").status_code == 403
    assert browser(city.a_staff).get("/workspace/small-grants/new").status_code == 403
    assert rows.one(Offer, id=fresh).status == OfferStatus.SUBMITTED and rows.count(Award) == 0
    draft = make.offer(city.org_a, None, "Szkic", kind="small_grant", status="draft")
    assert analyst.get(f"/console/small-grants/{draft}").status_code == 404  # drafts stay with the organisation


# -- the demo city ------------------------------------------------------------------------------------------------

def test_the_demo_city_has_a_small_grant_in_its_comment_window_one_to_decide_and_one_funded(app, browser, rows):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    offers = {offer.title[:20]: offer for offer in rows.all(Offer, kind="small_grant")}
    pending, funded = offers["Warsztaty rękodzieła"], offers["Wiosenne warsztaty z"]
    due = offers["Zimowy punkt ciepłej"]
    assert small_grants.accepts_comments(pending) and pending.is_demo
    assert utcnow() - pending.comments_from > timedelta(days=1, hours=12)  # published two days ago
    assert not small_grants.accepts_comments(due) and due.comments_until < utcnow() and due.decided_at is None
    assert sorted(c.offer_id for c in rows.all(OfferComment)) == sorted([pending.id, due.id])
    award = rows.one(Award, Award.call_id.is_(None))  # the calls' awards are the results' demo
    assert (award.offer_id, award.amount) == (funded.id, Decimal("6000.00"))
    listed = page(browser().get("/calls/small-grants"))
    assert "Warsztaty rękodzieła" in listed and "Funded: PLN 6,000.00" in listed.text.replace("\xa0", " ")
    assert "Send the comment" in page(browser().get(f"/calls/small-grants/{pending.id}"))
    app.test_cli_runner().invoke(args=["demo", "load"])
    assert rows.count(Offer, kind="small_grant") == 3 and rows.count(OfferComment) == 2


# -- what a newcomer noticed: the pages in the reader's language and on a narrow screen ------------------------------

def test_a_rows_mistake_is_named_in_the_pages_language_in_the_error_summary(browser, city, rows):
    shown = page(browser(city.a_coordinator, lang="pl").post("/workspace/small-grants/new",
                                                              data=_form(**{"costs-0-units": "dużo"})))
    summary = re.search(r'<div class="error-summary".*?</div>', shown.html, re.S)
    assert shown.status == 400 and summary is not None
    summary_text = " ".join(re.sub(r"<[^>]+>", " ", summary.group(0)).split())
    assert "Pozycja kosztorysu 1, " in summary_text
    assert "Costs" not in summary_text and "Results" not in summary_text
    english = page(browser(city.a_coordinator).post("/workspace/small-grants/new",
                                                    data=_form(**{"costs-0-units": "dużo"})))
    assert "Cost line 1, Number of units:" in english


def test_amounts_in_the_pages_texts_are_written_in_the_readers_language(browser, city, make, rows):
    listed = page(browser().get("/calls/small-grants")).text.replace("\xa0", " ")
    assert "a grant of at most PLN 10,000.00 for a task of at most 90 days" in listed
    assert "zł" not in listed
    workspace = page(browser(city.a_staff).get("/workspace/small-grants/")).text.replace("\xa0", " ")
    assert "at most PLN 10,000.00 for a task of at most 90 days" in workspace
    assert "One organisation receives at most PLN 20,000.00 of small grants" in workspace
    assert "000,00 zł" not in workspace
    polish = page(browser(city.a_staff, lang="pl").get("/workspace/small-grants/")).text.replace("\xa0", " ")
    assert "20 000,00 zł" in polish and "PLN" not in polish


def test_the_caps_table_names_each_column_once(browser, city, make, rows, budget):
    grant = _offer(make, city, published_days_ago=8)
    for client, path in ((browser(city.a_staff), "/workspace/small-grants/"),
                         (browser(city.dept_officer), "/console/small-grants/"),
                         (browser(city.dept_officer), f"/console/small-grants/{grant}")):
        headings = [table.rows[0] for table in page(client.get(path)).tables() if table.rows[0][0] == "Year"]
        assert headings == [["Year", "Applies to", "Used", "Cap", "Left"]], path


def test_during_the_comments_the_decision_forms_wait_and_say_when(browser, city, make, rows, budget):
    grant = _offer(make, city, published_days_ago=6)
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/small-grants/{grant}"))
    actions = {attrs.get("action") for attrs, _ in shown.forms()}
    assert f"/console/small-grants/{grant}/fund" not in actions
    assert f"/console/small-grants/{grant}/refuse" not in actions
    assert "You can decide after" in shown and "0 comments from residents" in shown
    due = _offer(make, city, "Po terminie", published_days_ago=8)
    actions = {attrs.get("action") for attrs, _ in page(officer.get(f"/console/small-grants/{due}")).forms()}
    assert {f"/console/small-grants/{due}/fund", f"/console/small-grants/{due}/refuse"} <= actions


def test_a_long_word_in_a_comment_wraps_instead_of_widening_the_page(app, browser, city, make, rows):
    grant = _offer(make, city, published_days_ago=1)
    word = "x" * small_grants.COMMENT_MAX
    assert _comment(app, browser(), grant, message=word).status_code == 303
    shown = page(browser(city.dept_officer).get(f"/console/small-grants/{grant}"))
    assert re.search(rf'<ul class="comment-list">.*<p class="prose">{word}</p>', shown.html, re.S)
    stylesheet = browser().get("/static/css/site.css").get_data(as_text=True)
    rule = re.search(r"\n([^\n{]*\.comment-list li[^\n{]*)\{([^}]*)\}", stylesheet)
    assert rule is not None and "overflow-wrap: anywhere" in rule.group(2)


def test_no_sentence_ends_twice_after_a_ukrainian_date(browser, city, make, rows):
    withdrawn = _offer(make, city, "Wycofany", status="withdrawn", withdrawn_at=utcnow())
    shown = page(browser(city.a_staff, lang="uk").get(f"/workspace/small-grants/{withdrawn}"))
    assert shown.status == 200 and " р." in shown.text and "р.." not in shown.text
