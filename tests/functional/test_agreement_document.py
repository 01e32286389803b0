"""The agreement as a printable document and a PDF, generated from the record in Polish: the parties, the number,
the amounts written the Polish way (and in words), the tranches, the sections of the 2018 framework contract and
the annexes — for the department and for the organisation, never for another organisation, never a draft to the
organisation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import (
    Agreement,
    AgreementParty,
    Amendment,
    AmendmentStatus,
    OfferActivity,
    OfferCost,
    Organisation,
    ReportDue,
    ReportKind,
    utcnow,
)
from blueprints.agreements.wording import amount_in_words
from tests.functional.support import location, page

YEAR = 2026
NBSP = "\u00a0"


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.fixture
def grant(make, city, rows):
    """A's grant agreement (in force, co-financing) from its offer's award, reduced from 30 000 to 24 000 zł with a
    revised cost estimate and plan, paid in two tranches: the second after the partial report for the first half."""
    def registry():
        db.session.execute(update(Organisation).where(Organisation.id == city.org_a.id).values(
            krs="0000123456", nip="6270011223", street="ul. Długa 3", postal_code="41-500", city="Chorzów"))
        db.session.execute(update(Organisation).where(Organisation.id == city.department.id).values(
            street="ul. Ratuszowa 1", postal_code="41-500", city="Chorzów"))
    rows.run(registry)
    programme = make.programme(city.department, "Program wspierania rodziny")
    line = make.budget_line(city.department, programme, "300000.00", year=YEAR, task_pl="Poradnictwo rodzinne")
    call = make.call(city.department, programme, line, "Konkurs na poradnictwo", status="decided",
                     opens_in=timedelta(days=-90), results_published_at=utcnow())
    offer = make.offer(city.org_a, call, "Punkt konsultacyjny dla rodzin", grant="30000.00", own="4000.00",
                       own_in_kind="1000.00", representatives="Anna Kowalska — prezeska\nJan Nowak — skarbnik")

    def revise():
        for position, (name, total, from_grant) in enumerate((("Konsultacje psychologa", "20000.00", "18000.00"),
                                                               ("Koordynacja", "8000.00", "6000.00"))):
            db.session.add(OfferCost(organisation_id=city.org_a.id, offer_id=offer, revised=True, position=position,
                                     name=name, unit="godz.", unit_cost=Decimal(total) / 100, units=Decimal("100"),
                                     year=YEAR, from_grant=Decimal(from_grant)))
        db.session.add(OfferActivity(organisation_id=city.org_a.id, offer_id=offer, revised=True, position=0,
                                     name="Dyżury konsultacyjne w zmniejszonym zakresie",
                                     starts_on=date(YEAR, 3, 1), ends_on=date(YEAR, 11, 30)))
    rows.run(revise)
    award = make.award(city.department, offer, "24000.00", call=call, line=line, state="accepted",
                       reason="Ograniczona pula.")
    agreement_id = make.agreement(city.org_a, programme, line, "24000.00", kind="grant", status="in_force",
                                  title="Punkt konsultacyjny dla rodzin", year=YEAR, award=award,
                                  starts_on=date(YEAR, 3, 1), ends_on=date(YEAR, 11, 30),
                                  own_contribution=Decimal("4000.00"), signed_on=date(YEAR, 2, 20))

    def partial():
        due = ReportDue(organisation_id=city.org_a.id, agreement_id=agreement_id, kind=ReportKind.PARTIAL,
                        period_ends_on=date(YEAR, 6, 30), due_on=date(YEAR, 7, 30))
        db.session.add(due)
        db.session.add(Amendment(organisation_id=city.org_a.id, agreement_id=agreement_id, number=1,
                                 proposed_by="organisation", reason="Zmiana harmonogramu dyżurów.",
                                 status=AmendmentStatus.APPROVED, decided_at=utcnow()))
        db.session.flush()
        return due.id
    due_id = rows.run(partial)
    make.tranche(agreement_id, "12000.00", state="paid", due_on=date(YEAR, 3, 15))
    make.tranche(agreement_id, "12000.00", due_on=date(YEAR, 8, 15), report_due_id=due_id)
    return {"id": agreement_id, "programme": programme, "line": line}


def _number(rows, agreement_id: int) -> str:
    return rows.one(Agreement, id=agreement_id).number


def test_the_grant_agreement_reads_as_the_framework_contract(browser, city, grant, rows):
    number = _number(rows, grant["id"])
    shown = page(browser(city.a_staff).get(f"/workspace/agreements/{grant['id']}/document"))
    assert shown.status == 200 and shown.lang == "en"
    assert shown.h1 == f"Agreement {number}: the document"  # the page around it is in the reader's language
    assert "Download as PDF" in shown and "Back to the agreement" in shown
    assert '<article class="agreement-text" lang="pl"' in shown.html  # the document itself is Polish
    text = _plain(shown.text_of("document-title") or "")
    assert f"UMOWA NR {number}" in text and "o wsparcie realizacji zadania publicznego" in text
    body = _plain(shown.text)
    assert "zawarta w dniu 20 lutego 2026 r. w miejscowości Chorzów" in body
    assert "Gminą Miasto Demo" in body  # the city (CITY_NAME), represented by its department
    assert "reprezentowaną przez: Wydział Zdrowia i Pomocy Społecznej z siedzibą: ul. Ratuszowa 1, 41-500 Chorzów" \
        in body
    assert "Stowarzyszenie A z siedzibą: ul. Długa 3, 41-500 Chorzów" in body
    assert "numer w Krajowym Rejestrze Sądowym: 0000123456, NIP 6270011223" in body
    assert "Anna Kowalska — prezeska; Jan Nowak — skarbnik" in body
    assert "zwaną dalej „Zleceniodawcą”" in body and "(dalej: „Zleceniobiorca”)" in body
    for heading in ("§ 1. Przedmiot umowy", "§ 2. Termin realizacji", "§ 3. Wysokość dotacji", "§ 4. Wkład własny",
                    "§ 5. Obowiązki sprawozdawcze", "§ 6. Zwrot niewykorzystanych środków", "§ 7. Zmiany umowy",
                    "§ 8. Rozwiązanie umowy", "§ 9. Postanowienia końcowe"):
        assert heading in body, heading
    assert "od dnia 1 marca 2026 r. do dnia 30 listopada 2026 r." in body
    assert "dotacji w kwocie 24 000,00 zł (słownie: dwadzieścia cztery tysiące złotych 00/100)" in body
    assert "Program wspierania rodziny" in body
    funding = next(table for table in shown.tables() if table.rows[0] == ["Rok", "Źródło finansowania", "Kwota"])
    assert [_plain(cell) for cell in funding.rows[1]] == ["2026", "budżet miasta", "24 000,00 zł"]
    tranches = next(table for table in shown.tables() if table.rows[0][:2] == ["Lp.", "Termin przekazania"])
    assert [[_plain(cell) for cell in row] for row in tranches.rows[1:]] == [
        ["1", "do dnia 15 marca 2026 r.", "12 000,00 zł", "—"],
        ["2", "do dnia 15 sierpnia 2026 r.", "12 000,00 zł", "po przyjęciu przez Zleceniodawcę sprawozdania "
         "częściowego za okres do dnia 30 czerwca 2026 r. (termin złożenia: 30 lipca 2026 r.)"]]
    assert "wkładu własnego w wysokości 4 000,00 zł, zgodnie z zaktualizowaną kalkulacją" in body
    assert "wkład osobowy (w tym świadczenia wolontariuszy i praca społeczna członków) i wkład rzeczowy: 1 000,00 zł" \
        in body
    assert "w terminie 15 dni od dnia zakończenia realizacji zadania publicznego, to jest do dnia 15 grudnia 2026 r." \
        in body
    assert "odsetki w wysokości określonej jak dla zaległości podatkowych" in body
    assert "Sprawozdanie końcowe składa się w terminie 30 dni" in body
    assert "Wszelkie zmiany umowy wymagają formy pisemnej w postaci aneksu" in body
    amendments = next(table for table in shown.tables() if table.rows[0][0] == "Aneks nr")
    assert amendments.rows[1][0] == "1" and amendments.rows[1][2] == "Zmiana harmonogramu dyżurów."
    # the annexes: the cost estimate and plan as revised within the reduced award, and the targets
    assert "Załącznik nr 1 – Kalkulacja przewidywanych kosztów (zaktualizowana w ramach przyznanej dotacji)" in body
    costs = next(table for table in shown.tables() if "Koszt jednostkowy" in table.rows[0])
    assert [row[2] for row in costs.rows[1:-1]] == ["Konsultacje psychologa", "Koordynacja"]
    assert _plain(costs.rows[-1][-2]) == "28 000,00 zł" and _plain(costs.rows[-1][-1]) == "24 000,00 zł"
    assert "Dyżury konsultacyjne w zmniejszonym zakresie" in body and "Prowadzenie zajęć" not in body
    assert "Osoby objęte pomocą" in body  # a target
    signatures = shown.text_of("document-signatures")
    assert signatures.count("……………………………………………") == 2
    assert "Zleceniodawca" in signatures and "Zleceniobiorca" in signatures
    assert all(table.region is not None for table in shown.tables())  # each table in its scroll region


def test_the_service_contract_names_the_price_the_places_and_the_monthly_statements(browser, city, make, rows):
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "500000.00", year=YEAR, source="state_budget")
    agreement_id = make.agreement(city.org_a, programme, line, "168630.00", status="sent", title="Noclegownia",
                                  year=YEAR, unit_price="38.50", units_planned=Decimal("4380"))
    rows.run(lambda: db.session.add(AgreementParty(organisation_id=city.org_a.id, agreement_id=agreement_id,
                                                    partner_id=city.org_b.id)))
    shown = page(browser(city.dept_analyst).get(f"/console/agreements/{agreement_id}/document"))
    assert shown.status == 200
    body = _plain(shown.text)
    assert "oraz Schronisko B" in body and "(dalej łącznie: „Wykonawcy”)" in body  # a joint party
    assert "odpowiadają solidarnie" in body
    signatures = shown.text_of("document-signatures")
    assert "Wykonawca: Stowarzyszenie A" in signatures and "Wykonawca: Schronisko B" in signatures
    assert "o świadczenie usług: „Noclegownia”" in body and "zwaną dalej „Zamawiającym”" in body
    assert "§ 3. Wartość umowy i wynagrodzenie" in body and "Wkład własny" not in body
    assert "Cena jednostkowa usługi wynosi 38,50 zł za osobodzień" in body
    assert "planowana liczba osobodni: 4380" in body.replace("4 380", "4380")
    assert "miejsca objęte umową w liczbie 12" in body
    assert "w wyniku postępowania (decyzji) o znaku: ZP.271." in body
    assert "Wartość umowy nie przekroczy kwoty 168 630,00 zł (słownie: sto sześćdziesiąt osiem tysięcy sześćset " \
           "trzydzieści złotych 00/100)" in body
    assert "budżet państwa" in body
    assert "na podstawie zestawienia miesięcznego liczby zrealizowanych osobodni" in body
    assert "nie może przekroczyć części wartości umowy pozostałej do wypłaty" in body
    assert "zawarta w dniu …………………… w miejscowości" in body  # not signed yet: the date is written by hand


def test_the_pdf_is_a_pdf_named_by_the_number(browser, city, grant, rows):
    number = _number(rows, grant["id"])
    response = browser(city.a_admin).get(f"/workspace/agreements/{grant['id']}/document.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f'filename="umowa-{number}.pdf"' in response.headers["Content-Disposition"]
    console = browser(city.dept_officer).get(f"/console/agreements/{grant['id']}/document.pdf")
    assert console.status_code == 200 and console.data.startswith(b"%PDF")


def test_another_organisation_gets_404_and_a_draft_is_the_departments_only(browser, city, grant, make, rows):
    b_admin = browser(city.b_admin)
    for url in (f"/workspace/agreements/{grant['id']}/document", f"/workspace/agreements/{grant['id']}/document.pdf",
                f"/console/agreements/{grant['id']}/document", f"/console/agreements/{grant['id']}/document.pdf"):
        assert b_admin.get(url).status_code == 404, url
    draft = make.agreement(city.org_a, grant["programme"], grant["line"], "5000.00", status="draft", title="Szkic",
                           year=YEAR)
    assert browser(city.a_admin).get(f"/workspace/agreements/{draft}/document").status_code == 404
    shown = page(browser(city.dept_officer).get(f"/console/agreements/{draft}/document"))
    assert shown.status == 200 and "PROJEKT" in shown and "Szkic" in shown


def test_each_audience_is_sent_to_its_own_copy(browser, city, grant):
    response = browser(city.a_staff).get(f"/console/agreements/{grant['id']}/document")
    assert response.status_code == 302 and location(response) == f"/workspace/agreements/{grant['id']}/document"
    response = browser(city.dept_officer).get(f"/workspace/agreements/{grant['id']}/document")
    assert response.status_code == 302 and location(response) == f"/console/agreements/{grant['id']}/document"


def test_the_page_around_it_follows_the_reader_and_the_document_stays_polish(browser, city, grant):
    shown = page(browser(city.a_staff, lang="uk").get(f"/workspace/agreements/{grant['id']}/document"))
    assert shown.status == 200 and shown.lang == "uk"
    assert "24 000,00 zł" in _plain(shown.text) and "dwadzieścia cztery tysiące" in shown.text


@pytest.mark.parametrize(("amount", "words"), [
    ("0", "zero złotych 00/100"), ("1", "jeden złoty 00/100"), ("2.50", "dwa złote 50/100"),
    ("12", "dwanaście złotych 00/100"), ("22", "dwadzieścia dwa złote 00/100"),
    ("1000", "tysiąc złotych 00/100"), ("2000", "dwa tysiące złotych 00/100"),
    ("15012.05", "piętnaście tysięcy dwanaście złotych 05/100"),
    ("1250000", "milion dwieście pięćdziesiąt tysięcy złotych 00/100")])
def test_amounts_are_written_out_in_polish(amount, words):
    assert amount_in_words(Decimal(amount)) == words
