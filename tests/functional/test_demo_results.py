"""The demo city's decided call: its results on the public page, its awards in every state, within the budget."""

from __future__ import annotations

from decimal import Decimal

from app.models import Award, AwardState, BudgetLine, Call, CallStatus, User
from app.services.funding.awards import committed_on_line
from app.services.funding.budgets import set_aside_on
from app.tenancy import system_scope
from tests.functional.support import page


def test_the_demo_has_a_decided_call_with_results_within_its_budget(app, browser, rows):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    decided = rows.one(Call, status=CallStatus.DECIDED)
    assert decided.commission_closed_at and decided.results_published_at
    states = sorted(award.state for award in rows.all(Award, call_id=decided.id))
    assert states == sorted([AwardState.AWARDED, AwardState.ACCEPTED, AwardState.UPDATE_REQUESTED])
    shown = page(browser().get(f"/calls/{decided.id}"))
    funded = [r for r in shown.tables()[0].records() if "Points" in r]
    assert [(r["Points"], r["Amount awarded"].replace("\xa0", " ")) for r in funded] == [
        ("88", "PLN 30,000.00"), ("82", "PLN 24,000.00"), ("76", "PLN 20,000.00")]
    assert [r["Points"] for r in shown.tables()[1].records()] == ["61", "not scored"]
    assert "Psychological support for families in crisis in 2026" in page(browser().get("/calls?stage=decided"))
    officer = browser(rows.one(User, email="officer@demo.example"))
    awards_page = page(officer.get(f"/console/calls/{decided.id}/awards"))
    assert awards_page.status == 200 and "Updated budget accepted" in awards_page
    assert "Reduced: updated budget requested" in awards_page
    accepted = rows.one(Award, state=AwardState.ACCEPTED)
    update = page(officer.get(f"/console/calls/{decided.id}/offers/{accepted.offer_id}/update"))
    assert "Cztery warsztaty dla rodziców" in update and "Updated budget accepted" in update
    with app.app_context(), system_scope("tests"):
        for line in rows.all(BudgetLine):
            assert line.amount - set_aside_on(line.id) >= 0, line.task_pl
            assert committed_on_line(line.id) <= line.amount
        assert sum((a.amount for a in rows.all(Award, call_id=decided.id)), Decimal(0)) <= decided.pool


def test_every_formally_correct_demo_offer_meets_the_call_on_attachments_and_grant(app, rows, tmp_path):
    """A demo offer shown as "Formally correct" has every attachment its call requires (a real PDF file) and cost
    lines whose parts from the grant total the grant asked for, to the grosz."""
    from app.models import FormalOutcome, Offer, OfferAttachment, OfferCost, OfferStatus
    from app.services.funding.attachments import attachment_file, sniff
    from app.services.funding.offers import required_attachments

    app.config["OFFER_ATTACHMENT_FOLDER"] = str(tmp_path)
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    passed = [offer for offer in rows.all(Offer)
              if offer.status == OfferStatus.SUBMITTED and offer.formal_outcome == FormalOutcome.PASSED]
    assert len(passed) >= 5
    calls = {call.id: call for call in rows.all(Call)}
    with app.test_request_context():
        for offer in passed:
            call = calls[offer.call_id]
            attached = rows.all(OfferAttachment, offer_id=offer.id)
            assert set(required_attachments(call)) <= {a.label for a in attached}, offer.title
            for attachment in attached:
                path, _name, kind = attachment_file(attachment)
                assert kind == "application/pdf" and sniff(path.read_bytes()) == kind, offer.title
            lines = [cost for cost in rows.all(OfferCost, offer_id=offer.id) if not cost.revised]
            assert sum((cost.from_grant or Decimal(0) for cost in lines), Decimal(0)) == offer.requested_grant, \
                offer.title
            assert all((cost.from_grant or 0) <= cost.unit_cost * cost.units for cost in lines), offer.title
