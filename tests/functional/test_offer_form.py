"""The offer form as a newcomer met it: every problem at once beside its field, one row per "Add a row" with the
focus on it, messages in the reader's language, the own organisation as a joint applicant, line breaks kept,
withdrawing confirmed, the outcome in the list of offers."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from app.models import Award, Offer, OfferActivity, OfferCost, OfferStatus
from tests.functional.support import location, page
from tests.functional.test_offers import _complete, _form, call, draft, money  # noqa: F401 (fixtures)


def _counts(html: str) -> tuple[int, int, int]:
    return tuple(len(set(re.findall(rf'name="{name}-(\d+)-{first}"', html)))
                 for name, first in (("activities", "name"), ("results", "result"), ("costs", "kind")))


def test_add_a_row_adds_one_row_to_the_chosen_list_and_puts_the_focus_on_it(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    edit = page(coordinator.get(f"/workspace/offers/{draft}/edit"))
    assert _counts(edit.html) == (1, 1, 1)
    data = {**edit.values(), "add": "activities"}
    added = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert added.status == 200 and _counts(added.html) == (2, 1, 1)
    assert re.search(r'<input[^>]*autofocus[^>]*id="activities-1-name"|<input[^>]*id="activities-1-name"[^>]*autofocus',
                     added.html)
    assert f'formaction="/workspace/offers/{draft}/edit#activities-2-name"' in added.html  # the next one's place
    again = page(coordinator.post(f"/workspace/offers/{draft}/edit", data={**added.values(), "add": "costs"}))
    assert _counts(again.html) == (2, 1, 2) and 'id="costs-1-kind"' in again.html
    assert rows.one(Offer).title == ""  # nothing saved by adding rows


def test_a_page_with_errors_comes_back_with_exactly_the_rows_sent(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, requested_grant="12,5x")))
    assert shown.status == 400 and _counts(shown.html) == (1, 1, 1)
    checked = page(coordinator.post(f"/workspace/offers/{draft}/edit",
                                    data=_form(call, requested_grant="12,5x", next="submit")))
    assert checked.status == 400 and _counts(checked.html) == (1, 1, 1)


def test_save_and_check_shows_every_problem_at_once_beside_its_field_and_saves_nothing(browser, city, call, draft,
                                                                                      rows):
    coordinator = browser(city.a_coordinator)
    starts = call.task_starts_on
    data = _form(call, next="submit", requested_grant="12,5x", ends_on=(starts - timedelta(days=1)).isoformat(),
                 **{"activities-0-name": "", "activities-0-description": "", "activities-0-starts_on": "",
                    "activities-0-ends_on": "",  # a blank row: the next one is the form's second row
                    "activities-1-name": "Warsztaty", "activities-1-starts_on": "2027-02-30",
                    "activities-1-ends_on": (starts - timedelta(days=5)).isoformat(),
                    "costs-0-year": str(starts.year + 3), "costs-0-from_grant": "20 000",
                    "costs-0-units": "dużo", "statements_accepted": None})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert shown.status == 400
    errors = shown.field_errors()
    assert "Write the amount in złoty" in errors["requested_grant"]  # its format
    assert "The end cannot come before the start" in errors["ends_on"]  # the order
    assert "Give the date like 2026-05-01." in errors["activities-1-starts_on"]  # an impossible date
    assert "must fall within the dates of the task" in errors["activities-1-ends_on"]  # the call's rules
    assert "number of units" in errors["costs-0-units"] and "złoty" not in errors["costs-0-units"]
    assert "Cost line 1: the year must be" in errors["costs-0-year"]
    assert "tick the box" in errors["statements_accepted"]
    assert "Attach: Statut." in shown
    assert rows.one(Offer).title == "" and rows.count(OfferActivity) == 0  # nothing saved


def test_save_and_check_saves_a_readable_draft_and_shows_the_calls_rules_beside_the_fields(browser, city, call,
                                                                                          draft, rows):
    coordinator = browser(city.a_coordinator)
    early = call.task_starts_on - timedelta(days=3)
    data = _form(call, next="submit", starts_on=early.isoformat(),
                 **{"costs-0-from_grant": "10 000,01", "costs-0-year": str(call.task_ends_on.year + 1)})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert shown.status == 400 and rows.one(Offer).title == "Rodzinne popołudnia"  # saved
    errors = shown.field_errors()
    assert "The task may start on" in errors["starts_on"] and call.task_starts_on.isoformat() not in errors["starts_on"]
    assert "Cost line 1: the part from the grant cannot be more than the line's value." in errors["costs-0-from_grant"]
    assert "Cost line 1: the year must be" in errors["costs-0-year"]
    listed = page(coordinator.get(f"/workspace/offers/{draft}/submit"))
    assert f'href="/workspace/offers/{draft}/edit#starts_on"' in listed.html  # each problem links to its field
    assert f'href="/workspace/offers/{draft}/edit#costs-0-from_grant"' in listed.html
    assert "at the earliest" in listed and call.task_starts_on.isoformat() not in listed.html


def test_a_good_offer_goes_from_save_and_check_to_the_confirmation(browser, city, call, draft, rows):
    coordinator = _complete(browser, city, draft, call)
    done = coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, next="submit"))
    assert location(done) == f"/workspace/offers/{draft}/submit"
    assert "meets every rule of the call" in page(coordinator.get(location(done)))


def test_dates_and_their_messages_are_in_the_readers_language(browser, city, call, draft):
    coordinator = browser(city.a_coordinator)
    coordinator.post("/language", data={"lang": "pl"}, headers={"Sec-Fetch-Site": "same-origin"})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, starts_on="2027-02-30")))
    assert shown.status == 400 and "Podaj datę w formacie 2026-05-01." in shown.field_error("starts_on")
    assert "Not a valid date" not in shown


def test_the_own_organisation_is_not_its_own_joint_applicant(browser, city, draft):
    coordinator = browser(city.a_coordinator)
    for query in ("Stowarzyszenie A", "stowarzyszenie a"):
        shown = page(coordinator.post(f"/workspace/offers/{draft}/partners", data={"partner": query}))
        assert "cannot be its own joint applicant" in shown.field_error("partner")


def test_withdrawing_asks_first_and_works_without_javascript(browser, city, call, draft, rows):
    coordinator = _complete(browser, city, draft, call)
    coordinator.post(f"/workspace/offers/{draft}/submit")
    offer_page = page(coordinator.get(f"/workspace/offers/{draft}"))
    assert f'href="/workspace/offers/{draft}/withdraw"' in offer_page.html
    confirm = page(coordinator.get(f"/workspace/offers/{draft}/withdraw"))
    assert confirm.status == 200 and "Withdraw the offer?" in confirm
    assert rows.one(Offer).status == OfferStatus.SUBMITTED  # asking changed nothing
    assert location(coordinator.post(f"/workspace/offers/{draft}/withdraw")) == f"/workspace/offers/{draft}"
    assert rows.one(Offer).status == OfferStatus.WITHDRAWN


def test_representatives_keep_their_lines_in_the_print_view(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    coordinator.post(f"/workspace/offers/{draft}/edit",
                     data=_form(call, representatives="Anna Nowak — prezes\nJan Kowalski — skarbnik"))
    printed = page(coordinator.get(f"/workspace/offers/{draft}/print"))
    assert re.search(r'class="[^"]*pre-line[^"]*"[^>]*>Anna Nowak — prezes\nJan Kowalski — skarbnik<', printed.html)
    css = browser().get("/static/css/site.css").get_data(as_text=True)
    assert ".pre-line { white-space: pre-line; }" in css


def test_the_list_shows_the_outcome_of_a_decided_call(browser, city, make, money, rows):
    call_id = make.call(city.department, money["programme"], money["line"], "Konkurs rozstrzygnięty",
                        opens_in=timedelta(days=-60), open_for=timedelta(days=30), status="decided")
    funded = make.offer(city.org_a, call_id, "Oferta z dotacją", formal_outcome="passed")
    make.offer(city.org_a, call_id, "Oferta bez dotacji", formal_outcome="passed")
    make.award(city.department, funded, "8000.00", call=call_id, line=money["line"])
    listed = page(browser(city.a_coordinator).get("/workspace/offers/"))
    records = {r["Title"]: r["Status and outcome"] for r in listed.tables()[0].records()}
    assert "Awarded:" in records["Oferta z dotacją"] and "8,000.00" in records["Oferta z dotacją"]
    assert "Not funded" in records["Oferta bez dotacji"] and "Formally correct" in records["Oferta bez dotacji"]
    assert rows.count(Award) == 1 and Decimal("8000.00") == rows.one(Award).amount
    assert rows.count(OfferCost) == 2
