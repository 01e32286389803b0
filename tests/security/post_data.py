"""What a rightful user sends to each POST endpoint: ``POST_DATA``, keyed by endpoint name.

The fields are those of each route's form (blueprints/*/forms.py) filled as a person would, so
that a 404 to another tenant is a refusal of valid data, not of a form that was never going to
pass. tests/security/test_route_matrix.py fails for a POST endpoint without an entry, and for
an entry whose endpoint no longer exists. With this data the owner (B's member, the department,
or the visitor for public forms) must succeed: ``expect`` says how (a redirect, unless noted).

``form`` is a dict or a function of tenant B (``TenantB``), called inside a request context of
the app. ``actor`` names who sends it when the least role holding the route's permission is not
the right person; ``url`` replaces some of B's URL values; ``before`` runs the steps a person
takes first (the password step before the code) and may add fields.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pyotp
from sqlalchemy import select

from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import ListingKind, Role, Service, ServiceTaxonomy, TaxonomyTerm, User, utcnow
from app.services.feedback.intake import issue_form_token
from app.services.funding.small_grants import COMMENT_FORM
from app.tenancy import system_scope
from tests.conftest import DEPARTMENT_TOTP
from tests.factories import PASSWORD
from tests.factories.funding import MINIMAL_PDF

REDIRECT = frozenset({302, 303})
PAGE = frozenset({200})  # the success is a page (new recovery codes, "the link is on its way")
NEW_PASSWORD = "nowe-haslo-pod-lipami-2031"


@dataclass(frozen=True)
class Post:
    """One endpoint's valid form, who sends it, and what they get."""

    form: dict | Callable[..., dict]
    actor: str | None = None  # "anonymous", "b_staff", "dept_officer"…; None: the least role with the permission
    expect: frozenset[int] = REDIRECT
    url: dict[str, Callable] | None = None  # registry key -> function of TenantB giving another URL value
    before: Callable | None = None  # (steps, client) -> extra fields

    def data(self, b) -> dict:
        return dict(self.form(b) if callable(self.form) else self.form)


_held_meeting = {"<int:meeting_id>": lambda b: b.facts["held_meeting_id"]}


def _network_action(b) -> dict:
    """An action at B's network's meeting, B responsible, due in two weeks."""
    return {"action-title": "Zebrać dane o miejscach", "action-details": "Na następne posiedzenie.",
            "action-organisation_id": str(b.org_id),
            "action-due_on": (local_today() + timedelta(days=14)).isoformat(), "action-agenda_item_id": ""}


def _capacity_unit(b) -> dict:
    """A unit's form as B's coordinator fills it: B's own service and location."""
    return {"name": "Noclegownia B", "kind": "night_shelter", "custom_kind_id": "",
            "service_id": str(b.id("service_id")), "location_id": str(b.id("location_id")), "counted_by": "bed",
            "serves": ["men", "women"], "total": "10",
            "out_of_service": "0", "out_of_service_reason": "", "public_availability": "exact"}


def _day(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


def _warsaw(hours: int) -> str:
    return (datetime.now(WARSAW).replace(second=0, microsecond=0) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _feedback(kind: ListingKind, name: str):
    """A resident's report, with the form's token as if the form had been open for a minute."""
    def form(b):
        return {"message": "Numer telefonu jest nieaktualny, nikt nie odbiera od miesiąca.", "email": "",
                "subject": "", "started": issue_form_token(kind, b.id(name), issued_at=time.time() - 60)}
    return form


def _service(name: str):
    def form(b):
        return {"name_pl": name, "description_pl": "Porady prawne i pomoc w pismach urzędowych.",
                "audience_pl": "Dorośli mieszkańcy miasta.", "status": "active", "is_free": "y", "walk_in": "y",
                "categories": [str(b.facts["term_id"])], "locations": [str(b.id("location_id"))],
                "languages": ["pl", "uk"], "phones-0-number": "+48 32 123 45 67",
                "phones-0-description_pl": "Rejestracja"}
    return form


def _event(title: str):
    def form(b):
        return {"kind": "workshop", "title_pl": title, "description_pl": "Warsztat dla rodziców.",
                "day": _day(10), "starts_time": "17:00", "ends_time": "19:00", "recurrence": "once",
                "location_id": str(b.id("location_id")), "service_id": str(b.id("service_id")),
                "is_free": "y", "is_published": "y", "contact_phone": "+48 32 100 20 30"}
    return form


def _opportunity(title: str) -> dict:
    return {"title_pl": title, "description_pl": "Pomoc w wydawaniu posiłków.", "commitment_pl": "2 godziny w tygodniu",
            "district_id": "", "starts_on": _day(7), "minimum_age": "16", "contact_name": "Anna Kowalska",
            "contact_phone": "+48 32 100 20 30", "is_published": "y"}


def _alert(_b) -> dict:
    return {"message_pl": "Noc mrozów: noclegownie przyjmują całą dobę.", "level": "warning",
            "link_url": "https://portal.test/", "starts_at": _warsaw(1), "ends_at": _warsaw(25)}


def _location(name: str) -> dict:
    return {"name": name, "street": "ul. Zwycięstwa 1", "postal_code": "44-100", "city": "Gliwice", "district_id": "",
            "step_free": "y", "intake_pl": ""}


def _profile(name: str) -> dict:
    return {"name": name, "city": "Gliwice", "postal_code": "44-100", "street": "ul. Długa 3",
            "email": "kontakt@schronisko-b.example.org", "phone": "+48 32 100 20 30",
            "website": "https://schronisko-b.example.org", "description_pl": "Schronienie i pomoc."}


def _awarding(b, key: str) -> int:
    """An id of B's call in evaluation with its offers (``call_id``, ``scored``, ``awarded``, ``updated``)."""
    return b.facts["awarding"][key]


def _awarding_url(offer: str) -> dict:
    return {"<int:call_id>": lambda b: _awarding(b, "call_id"), "<int:offer_id>": lambda b: _awarding(b, offer)}


_draft = {"<int:offer_id>": lambda b: b.facts["draft_offer_id"]}  # B's draft in the open call
_draft_grant = {"<int:agreement_id>": lambda b: b.facts["draft_grant_agreement_id"]}
_grant_in_force = {"<int:agreement_id>": lambda b: b.facts["grant_agreement_id"]}


def _warsaw_day(days: int) -> str:
    """A day in the city's calendar (what the services call today), ``days`` from today."""
    return (datetime.now(WARSAW).date() + timedelta(days=days)).isoformat()


def _tranche(_b) -> dict:
    """A tranche of B's draft grant agreement (its one budget line is chosen by itself)."""
    return {"due_on": f"{local_today().year}-06-01", "amount": "12 000,00", "funding_id": "", "report_due_id": ""}


def _payment(b) -> dict:
    tranche = b.facts["grant_approved_tranche_id"]
    return {f"t{tranche}-paid_on": _warsaw_day(0), f"t{tranche}-reference": "PP/B/1"}


def _offer(b) -> dict:
    """B's offer as its edit form sends it, complete (within the call's dates)."""
    starts, ends = b.facts["call_dates"]
    return {"applicant_name": "Schronisko B", "applicant_address": "ul. Tajna 7, 44-100 Gliwice",
            "applicant_contact": "Beata B", "title": "Oferta B", "starts_on": starts, "ends_on": ends,
            "place": "Gliwice", "target_group": "Osoby w kryzysie bezdomności", "summary": "Noclegi i posiłki.",
            "activities-0-name": "Noclegi", "activities-0-starts_on": starts, "activities-0-ends_on": ends,
            "results-0-result": "Osoby przyjęte", "results-0-target_value": "30",
            "results-0-monitoring": "Rejestr", "costs-0-kind": "activity", "costs-0-name": "Posiłki",
            "costs-0-unit": "szt.", "costs-0-unit_cost": "50,00", "costs-0-units": "100",
            "costs-0-year": starts[:4], "costs-0-from_grant": "4 000,00", "requested_grant": "4 000,00",
            "own_financial": "1 000,00", "representatives": "Beata B — prezes", "statements_accepted": "y",
            "next": "save"}


def _updated_budget(b) -> dict:
    """B's plan and cost estimate re-entered within the award of 3 000 zł (the own share kept at 20 per cent)."""
    starts, ends = b.facts["evaluated_call_dates"]
    return {"activities-0-name": "Noclegi", "activities-0-starts_on": starts, "activities-0-ends_on": ends,
            "costs-0-kind": "activity", "costs-0-name": "Posiłki", "costs-0-unit": "szt.",
            "costs-0-unit_cost": "37,50", "costs-0-units": "100", "costs-0-year": starts[:4],
            "costs-0-from_grant": "3 000,00"}


def _a_pdf(steps, client) -> dict:
    """The file of the upload, made afresh for the owner's request."""
    return {"file": (io.BytesIO(MINIMAL_PDF), "statut.pdf")}


def _contract_terms(b) -> dict:
    """A service contract's terms as an officer types them: 10 places at 40 zł a place-day this year, 1 000 zł
    from B's agreement line."""
    year = local_today().year
    return {"title": "Noclegownia B — 10 miejsc", "subject": "Schronienie dla mężczyzn.",
            "starts_on": f"{year}-01-01", "ends_on": f"{year}-12-31", "district_id": "", "return_days": "15",
            "procurement_reference": f"ZP.271.9.{year}", "unit": "place_day", "unit_price": "40,00",
            "units_planned": "25", "places": "10", "funding-0-budget_line_id": str(b.facts["agreement_line_id"]),
            "funding-0-amount": "1 000,00", "targets-0-name": "Osobodni schronienia", "targets-0-target_value": "25",
            "targets-0-unit": "osobodni", "targets-0-monitoring": "Ewidencja"}


def _new_contract(b) -> dict:
    return {"organisation": str(b.org_id), "programme": str(b.id("programme_id")), **_contract_terms(b)}


def _a_scan(steps, client) -> dict:
    """The scan of the signed agreement, made afresh for the owner's request."""
    return {"file": (io.BytesIO(MINIMAL_PDF), "umowa.pdf")}


def _agreement_url(fact: str) -> dict:
    return {"<int:agreement_id>": lambda b: b.facts[fact]}


# -- steps a person takes before the POST -------------------------------------------------------

def _password_step(steps, client) -> dict:
    """A department person gives the password; the code form is next (their TOTP code is the field)."""
    email = "dept.analyst@example.org"
    assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 303
    return {"code": pyotp.TOTP(DEPARTMENT_TOTP[email]).now()}


def _enrolment_step(steps, client) -> dict:
    """A new department person without a second factor signs in and is shown the secret to set up."""
    newcomer = steps.make.user("dept.newcomer@example.org", member_of=steps.city.department, role=Role.ANALYST)
    assert client.post("/sign-in", data={"email": newcomer.email, "password": PASSWORD}).status_code == 303
    assert client.get("/sign-in/set-up-code").status_code == 200
    with client.session_transaction() as session:
        return {"code": pyotp.TOTP(session["enrol_secret"]).now()}


def _two_factor_page(steps, client) -> dict:
    """The signed-in person opens the set-up page (the secret is kept in the session) and types the code."""
    assert client.get("/account/two-factor").status_code == 200
    with client.session_transaction() as session:
        return {"code": pyotp.TOTP(session["enrol_secret"]).now()}


def _with_two_factor(steps, client) -> dict:
    """B's staff member had turned two-factor sign-in on."""
    with steps.app.app_context(), system_scope("tests"):
        user = db.session.execute(select(User).where(User.id == steps.b.people["staff"].id)).scalar_one()
        user.totp_secret, user.totp_enabled_at = pyotp.random_base32(), utcnow()
        db.session.commit()
    return {}


def _taken_down(steps, client) -> dict:
    """The department had taken B's service down."""
    with steps.app.app_context(), system_scope("tests"):
        query = select(Service).where(Service.id == steps.b.id("service_id"))
        service = db.session.execute(query).unique().scalar_one()
        service.is_published, service.unpublished_at, service.unpublished_reason = False, utcnow(), "Nieaktualne."
        db.session.commit()
    return {}


def _category_with_a_sibling(steps, client) -> dict:
    """Another top category follows B's, so B's can move down."""
    with steps.app.app_context(), system_scope("tests"):
        db.session.add(TaxonomyTerm(code="b-term-next", label_pl="Następna kategoria", position=99))
        db.session.commit()
    return {}


def _category_no_longer_used(steps, client) -> dict:
    """B's service no longer uses B's category (a used one is never deleted)."""
    with steps.app.app_context(), system_scope("tests"):
        for link in db.session.execute(select(ServiceTaxonomy).where(
                ServiceTaxonomy.taxonomy_term_id == steps.b.facts["term_id"])).scalars():
            db.session.delete(link)
        db.session.commit()
    return {}


_programme = {"name_pl": "Program wspierania rodziny", "name_en": "Family support programme",
              "description_pl": "Wsparcie rodzin w kryzysie.", "resolution": "Uchwała nr XII/145/2025",
              "first_year": "2026", "last_year": "2027"}
_indicator = {"name_pl": "Rodziny objęte monitoringiem", "name_uk": "", "name_en": "Monitored families",
              "unit_pl": "rodziny", "unit_uk": "", "unit_en": "families", "source_note": "Sprawozdanie OPS",
              "position": "10", "is_public": "y"}
_budget_line = {"year": "2027", "source": "eu_funds", "task_pl": "Asystent rodziny", "amount": "87 000,00",
                "note": ""}


def _call(b, title: str) -> dict:
    """A valid call of B's programme paid from its line (next year's), open from tomorrow for 25 days, its task
    from March to November of next year."""
    start = datetime.now(WARSAW) + timedelta(days=1)
    task_year = local_today().year + 1
    return {"title_pl": title, "task_pl": "Zajęcia dla dzieci.", "sphere": "addictions",
            "budget_line_id": str(b.id("line_id")), "grant_mode": "support", "pool": "5000",
            "own_share_percent": "10", "task_starts_on": date(task_year, 3, 1).isoformat(),
            "task_ends_on": date(task_year, 11, 30).isoformat(), "eligible_kinds": ["association"],
            "opens_at": start.strftime("%Y-%m-%dT08:00"),
            "closes_at": (start + timedelta(days=25)).strftime("%Y-%m-%dT15:00"),
            "criteria-0-name_pl": "Wykonalność", "criteria-0-max_points": "50"}


def _small_grant(title: str) -> dict:
    """A complete simplified offer: 9 000 zł asked for a task of 60 days starting in a month."""
    start = local_today() + timedelta(days=30)
    return {"applicant_name": "Schronisko B", "applicant_address": "ul. Długa 3, 44-100 Gliwice",
            "applicant_contact": "Bożena Nowak", "title": title, "sphere": "social_assistance",
            "starts_on": start.isoformat(), "ends_on": (start + timedelta(days=59)).isoformat(),
            "place": "Gliwice", "summary": "Zimowe dyżury dla osób w kryzysie bezdomności.",
            "results-0-result": "Osoby objęte pomocą", "results-0-target_value": "40",
            "costs-0-name": "Dyżury", "costs-0-unit": "godz.", "costs-0-unit_cost": "100,00", "costs-0-units": "100",
            "costs-0-year": str(start.year), "costs-0-from_grant": "9 000,00",
            "requested_grant": "9 000,00", "own_financial": "1 000,00", "own_in_kind": "",
            "representatives": "Bożena Nowak — prezes", "statements_accepted": "y", "action": "submit"}


def _comment(b) -> dict:
    """A resident's comment on B's small grant, the form open for a minute."""
    return {"message": "Dobry pomysł, w zeszłym roku brakowało takich dyżurów.", "author": "", "email": "",
            "subject": "", "started": issue_form_token(COMMENT_FORM, b.id("grant_id"), issued_at=time.time() - 60)}


def _amendment(b) -> dict:
    """B's accepted contract (this year, 24 000 zł from one line, one target) a month longer, with a reason."""
    year = local_today().year
    return {"starts_on": f"{year}-01-01", "ends_on": f"{year + 1}-01-31",
            "funding-0-budget_line_id": str(b.facts["agreement_line_id"]), "funding-0-amount": "24 000,00",
            "funding-1-budget_line_id": "", "funding-1-amount": "",
            "targets-0-name": "Osoby objęte pomocą", "targets-0-target_value": "20", "targets-0-unit": "osób",
            "targets-0-target_text": "", "targets-0-monitoring": "Lista obecności", "partial_reports-0": "",
            "reason": "Zadanie potrwa o miesiąc dłużej."}


_accepted = {"<int:agreement_id>": lambda b: b.facts["accepted_agreement_id"]}  # no amendment waits on it
_org_amendment = {"<int:agreement_id>": lambda b: b.facts["org_amendment"][0],  # proposed by B: the department
                  "<int:amendment_id>": lambda b: b.facts["org_amendment"][1]}  # decides, B's admin withdraws

def _meeting(b) -> dict:
    """A meeting of B's network next week, B and C invited, with one agenda item C brings."""
    network, invitees = b.facts["meeting_network_id"], b.facts["meeting_invitees"]
    return {"network": str(network), "title": "Posiedzenie zespołu B", "day": _day(7), "start_time": "10:00",
            "end_time": "12:00", "place": "ul. Rynek 1", "call_link": "", "invitees": [str(i) for i in invitees],
            "agenda-0-title": "Sprawy bieżące", "agenda-0-presenter_id": str(invitees[-1])}
def _network_message(b) -> dict:
    """A message to the network B coordinates, with a fresh one-time key (each POST is a new form)."""
    from app.services.networks.messages import new_submission_key

    return {"submission_key": new_submission_key(), "action": "send",
            "networks": [str(b.facts["messaging_network_id"])], "subject_pl": "Akcja zima: wolne miejsca",
            "body_pl": "Prosimy o aktualizację wolnych miejsc do 18:00."}


def _referral(b) -> dict:
    return {"service_id": str(b.facts["c_service_id"]), "capacity_unit_id": "", "case_code": "MOPS-B/7",
            "needs": ["shelter"], "age_band": "26_59", "urgency": "urgent", "consent": "y",
            "consent_given_by": "person", "consent_method": "written", "consent_at": _warsaw(-1),
            "contact_name": "Beata B", "contact_phone": "", "contact_email": ""}


_submitted_report = {"<int:report_due_id>": lambda b: b.facts["submitted_due_id"]}

POST_DATA: dict[str, Post] = {
    # -- the person's own account (any signed-in person: B's staff member) ---------------------------
    "account.overview": Post({"full_name": "Bożena Nowak", "locale": "uk"}),
    "account.switch_organisation": Post(lambda b: {"organisation_id": str(b.org_id)}),
    "account.change_password": Post({"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                     "confirm": NEW_PASSWORD}),
    "account.two_factor_setup": Post({}, expect=PAGE, before=_two_factor_page),  # the new recovery codes
    "account.disable_two_factor": Post({"current_password": PASSWORD}, before=_with_two_factor),
    "account.recovery_codes": Post({"current_password": PASSWORD}, actor="dept_analyst", expect=PAGE),
    # -- signing in, links from e-mails (visitors) ------------------------------------------------------
    "auth.sign_in": Post({"email": "b.staff@example.org", "password": PASSWORD, "next": ""}),
    "auth.second_factor": Post({}, before=_password_step),
    "auth.enrol": Post({}, expect=PAGE, before=_enrolment_step),  # the new recovery codes
    "auth.sign_out": Post({}, actor="b_staff"),
    "auth.forgot_password": Post({"email": "b.staff@example.org"}, expect=PAGE),  # "the link is on its way"
    "auth.reset_password": Post({"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                                url={"<token>": lambda b: b.facts["reset_token"]}),
    "auth.invitation": Post({"full_name": "Nowa Osoba", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    "public.set_language": Post({"lang": "en", "next": "/search"}),
    # -- residents' reports on B's listings -------------------------------------------------------------
    "feedback.service_form": Post(_feedback(ListingKind.SERVICE, "service_id")),
    "feedback.event_form": Post(_feedback(ListingKind.EVENT, "event_id")),
    "feedback.opportunity_form": Post(_feedback(ListingKind.VOLUNTEERING, "opportunity_id")),
    # -- the organisation workspace ------------------------------------------------------------------------
    "workspace.profile": Post(_profile("Schronisko B")),
    "workspace.invite": Post({"email": "nowa.osoba@example.org", "role": "staff"}),
    "workspace.change_role": Post({"role": "coordinator"}),
    "workspace.remove": Post({}),
    "workspace.revoke_invitation": Post({}),
    "workspace.confirm_service": Post({}),
    "listings.service_new": Post(_service("Porady prawne B")),
    "listings.service_edit": Post(_service("Usługa B")),
    "listings.service_hours": Post({"d0_1_opens": "08:00", "d0_1_closes": "12:00", "d0_2_opens": "13:00",
                                    "d0_2_closes": "16:00", "d4_1_opens": "09:00", "d4_1_closes": "13:00"}),
    "listings.closure_add": Post({"starts_on": _day(60), "ends_on": _day(61), "note_pl": "Inwentaryzacja."}),
    "listings.closure_remove": Post(lambda b: {"index": "0", "starts_on": b.facts["closure_starts_on"]}),
    "listings.location_new": Post(_location("Punkt przy rynku")),
    "listings.location_edit": Post(_location("Punkt B")),
    "feedback_workspace.handle": Post({"status": "resolved", "note": "Numer poprawiony."}),
    "activities_workspace.new_event": Post(_event("Warsztat dla rodziców")),
    "activities_workspace.edit_event": Post(_event("Warsztat B")),
    "activities_workspace.cancel_event": Post({}),
    "activities_workspace.reinstate_event": Post({}),
    "activities_workspace.delete_event": Post({}),
    "activities_workspace.new_opportunity": Post(lambda b: _opportunity("Pomoc w jadłodajni")),
    "activities_workspace.edit_opportunity": Post(lambda b: _opportunity("Wolontariat B")),
    "activities_workspace.delete_opportunity": Post({}),
    # -- the department console --------------------------------------------------------------------------
    "console.organisation_new": Post({"name": "Fundacja Nowy Dom", "kind": "foundation", "city": "Gliwice",
                                      "admin_email": "admin@nowy-dom.example.org"}),
    "console.organisation_edit": Post({**_profile("Schronisko B"), "kind": "shelter"}),
    "console.organisation_verify": Post({}),
    "console.organisation_unverify": Post({}),
    "console.organisation_deactivate": Post({}),
    "console.organisation_activate": Post({}),
    "console.organisation_invite": Post({"email": "koordynator.b@example.org", "role": "coordinator"}),
    "console.invitation_revoke": Post({}),
    "console.user_deactivate": Post({}),
    "console.user_activate": Post({}),
    "console.user_reset_two_factor": Post({}),
    "feedback_console.handle": Post({"status": "dismissed", "note": "To nie jest błąd."}),
    "moderation.approve": Post({"note": "Zatwierdzone."}),
    "moderation.reject": Post({"note": "Proszę podać godziny otwarcia."}),
    "moderation.unpublish": Post({"reason": "Numer telefonu nie działa od miesiąca."}),
    "moderation.republish": Post({}, before=_taken_down),
    "alerts.alert_new": Post(_alert),
    "alerts.alert_edit": Post(_alert),
    "alerts.alert_withdraw": Post({}),
    # -- programmes and budgets (department admin or officer) ---------------------------------------------
    "funding.programme_new": Post(_programme),
    "funding.programme_edit": Post(_programme),
    "funding.programme_delete": Post({}, url={"<int:programme_id>": lambda b: b.facts["empty_programme_id"]}),
    "funding.line_new": Post(_budget_line),
    "funding.line_edit": Post(_budget_line),
    "funding.line_remove": Post({}, url={"<int:line_id>": lambda b: b.facts["free_line_id"]}),
    "workspace.call_alerts": Post({"spheres": ["health", "addictions"]}),
    # -- the city's own indicators (department admin or officer) -----------------------------------------
    "indicators_console.indicator_new": Post(_indicator),
    "indicators_console.indicator_edit": Post(_indicator),
    "indicators_console.value_new": Post({"year": "2011", "value": "43", "note": ""}),
    "indicators_console.value_delete": Post({}),
    # -- calls for offers (department admin or officer) -------------------------------------------------
    "calls_console.call_new": Post(lambda b: _call(b, "Nowy konkurs")),
    "calls_console.call_copy": Post(lambda b: _call(b, "Kopia konkursu")),
    "calls_console.call_edit": Post(lambda b: {**_call(b, "Konkurs B"), "reason": "Zmiana terminu."}),
    "calls_console.call_publish": Post({}, url={"<int:call_id>": lambda b: b.facts["draft_call_id"]}),
    "calls_console.call_delete": Post({}, url={"<int:call_id>": lambda b: b.facts["draft_call_id"]}),
    "calls_console.call_annul": Post({"reason": "Nie wpłynęła żadna oferta."}),
    # -- the formal check and the commission (department admin or officer) --------------------------------
    "evaluation_console.formal_check_start": Post({}, url={"<int:call_id>": lambda b: b.facts["closed_call_id"]}),
    "evaluation_console.evaluation_start": Post({}, url={"<int:call_id>": lambda b: b.facts["checked_call_id"]}),
    "evaluation_console.offer_check": Post({"met": ["on_time", "complete", "signed", "attachments"],
                                            "outcome": "passed", "correct_by": "", "reason": ""},
                                           url={"<int:offer_id>": lambda b: b.facts["formal_offer_id"]}),
    "evaluation_console.member_add": Post({"email": "b.admin@example.org", "role": "member", "represents_id": ""}),
    "evaluation_console.member_remove": Post({}, url={"<int:member_id>": lambda b: b.facts["idle_member_id"]}),
    "evaluation_console.assign_all": Post({}, url={"<int:call_id>": lambda b: b.facts["evaluation_call_id"]}),
    "evaluation_console.member_assignments": Post(lambda b: {"offers": [str(i) for i in b.facts["c_offer_ids"]]}),
    "evaluation_console.commission_close": Post({}, url={"<int:call_id>": lambda b: b.facts["closable_call_id"]}),
    # -- a commission member (B's staff member scores an offer of organisation C) -------------------------------
    "evaluation.assignment": Post(lambda b: {**{f"criteria-{i}-points": "5" for i in range(6)},
                                             **{f"criteria-{i}-justification": "Uzasadnienie." for i in range(6)},
                                             "action": "save"}),
    "evaluation.declare": Post({"conflict": "none"},
                               url={"<int:assignment_id>": lambda b: b.facts["undeclared_assignment_id"]}),
    # awards: in B's call in evaluation whose commission has closed (tests/security/tenant_b.py ``awarding``)
    "awards.award_decide": Post(lambda b: {f"o{_awarding(b, 'scored')}-amount": "4000,00",
                                           f"o{_awarding(b, 'scored')}-reason": ""}, url=_awarding_url("scored")),
    "awards.award_withdraw": Post({}, url=_awarding_url("awarded")),
    "awards.outcome_reason": Post(lambda b: {f"r{_awarding(b, 'scored')}-outcome_reason": "Za mało punktów."},
                                  url=_awarding_url("scored")),
    "awards.update_accept": Post({}, url=_awarding_url("updated")),
    "awards.update_return": Post({"reason": "Proszę poprawić koszty."}, url=_awarding_url("updated")),
    "awards.results_publish": Post({}, url={"<int:call_id>": lambda b: _awarding(b, "call_id")}),
    # -- small grants without a competition (art. 19a) --------------------------------------------------
    "small_grants.grant_page": Post(_comment),
    "small_grants_workspace.grant_new": Post(_small_grant("Zimowe dyżury")),
    "small_grants_workspace.grant_edit": Post(_small_grant("Mały grant B w szkicu"),
                                              url={"<int:grant_id>": lambda b: b.facts["draft_grant_id"]}),
    "small_grants_workspace.grant_submit": Post({}, url={"<int:grant_id>": lambda b: b.facts["draft_grant_id"]}),
    "small_grants_workspace.grant_withdraw": Post({}, url={"<int:grant_id>": lambda b: b.facts["submitted_grant_id"]}),
    "small_grants_console.grant_publish": Post({}, url={"<int:grant_id>": lambda b: b.facts["submitted_grant_id"]}),
    "small_grants_console.grant_fund": Post(lambda b: {"amount": "9 000,00",
                                                       "budget_line_id": str(b.facts["grant_line_id"])},
                                            url={"<int:grant_id>": lambda b: b.facts["due_grant_id"]}),
    "small_grants_console.grant_refuse": Post({"outcome_reason": "Zadanie nie mieści się w priorytetach programu."},
                                              url={"<int:grant_id>": lambda b: b.facts["due_grant_id"]}),
    # -- agreements in the console (department admin or officer) -------------------------------------------
    "agreements_console.contract_new": Post(_new_contract),
    "agreements_console.from_award": Post({}),
    "agreements_console.edit": Post(_contract_terms, url=_agreement_url("draft_agreement_id")),
    "agreements_console.send": Post({}, url=_agreement_url("draft_agreement_id")),
    "agreements_console.delete": Post({}, url=_agreement_url("draft_agreement_id")),
    "agreements_console.sign": Post(lambda b: {"signed_on": local_today().isoformat(), "method": "paper"},
                                    before=_a_scan, url=_agreement_url("accepted_agreement_id")),
    "agreements_console.terminate": Post({"ended_on": local_today().isoformat(),
                                          "reason": "Organizacja zaprzestała działalności."},
                                         url=_agreement_url("sent_agreement_id")),
    # -- offers (organisation admin or coordinator) --------------------------------------------------------
    "offers.apply": Post({}, url={"<int:call_id>": lambda b: b.facts["open_call_id"]}),
    "offers.offer_edit": Post(_offer, url=_draft),
    "offers.offer_submit": Post({}, url=_draft),
    "offers.offer_withdraw": Post({}, url={"<int:offer_id>": lambda b: b.facts["submitted_offer_id"]}),
    "offers.offer_reopen": Post({}, url={"<int:offer_id>": lambda b: b.facts["withdrawn_offer_id"]}),
    "offers.offer_correction": Post({"representatives": "Beata B — prezes\nCezary C — skarbnik"},
                                    url={"<int:offer_id>": lambda b: b.facts["offer_to_correct_id"]}),
    "offers.offer_correction_send": Post({}, url={"<int:offer_id>": lambda b: b.facts["offer_to_correct_id"]}),
    "offers.offer_budget": Post(_updated_budget, url={"<int:offer_id>": lambda b: b.facts["reduced_offer_id"]}),
    "offers.attachments": Post({"label": "Statut"}, actor="b_coordinator", before=_a_pdf, url=_draft),
    "offers.attachment_delete": Post({}, url={**_draft,
                                              "<int:attachment_id>": lambda b: b.facts["draft_attachment_id"]}),
    "offers.partners": Post(lambda b: {"partner": b.facts["partner_name"]}, actor="b_coordinator", url=_draft),
    "offers.partner_remove": Post({}, url={"<int:offer_id>": lambda b: b.facts["own_partner"][0],
                                           "<int:partner_id>": lambda b: b.facts["own_partner"][1]}),
    "offers.partner_confirm": Post({}),
    "taxonomy.term_new": Post({"code": "porady-prawne", "parent_id": "", "position": "", "label_pl": "Porady prawne",
                               "synonyms_pl": "prawnik, adwokat"}),
    "taxonomy.term_edit": Post({"parent_id": "", "label_pl": "Kategoria B", "label_en": "Category B",
                                "synonyms_pl": "pomoc"}),
    # the department's kinds of places (organisation admins hold CAPACITY_MANAGE for their own units and are sent to
    # the workspace from the console)
    "capacity_console.kind_new": Post({"code": "hostel.kobiety", "label_pl": "Hostel dla kobiet", "position": "2",
                                       "is_active": "y"}, actor="dept_officer"),
    "capacity_console.kind_edit": Post({"label_pl": "Hostel B", "label_en": "Hostel B", "position": "1",
                                        "is_active": "y"}, actor="dept_officer"),
    "taxonomy.term_move": Post({"direction": "down"}, before=_category_with_a_sibling),
    # a query that found little, added to the department's category B as a Polish synonym
    "search_insights.add_synonym": Post(lambda b: {"synonym": "noclegownia", "category": str(b.facts["term_id"]),
                                                   "language": "pl", "period": "4"}),
    "taxonomy.term_delete": Post({}, before=_category_no_longer_used),
    # -- amendments: B's <int:amendment_id> is the department's proposal to B's contract in force ---------------
    "amendments_console.amendment_new": Post(_amendment, url=_accepted),
    "amendments_console.amendment_approve": Post({}, url=_org_amendment),
    "amendments_console.amendment_reject": Post({"reason": "Okres nie może się wydłużyć."}, url=_org_amendment),
    "amendments_console.amendment_withdraw": Post({}),
    "amendments_workspace.amendment_new": Post(_amendment, url=_accepted),
    "amendments_workspace.amendment_approve": Post({}),
    "amendments_workspace.amendment_reject": Post({"reason": "Nie zgadzamy się na zmianę okresu."}),
    "amendments_workspace.amendment_withdraw": Post({}, url=_org_amendment),
    # -- outcome reports (blueprints/reports) ---------------------------------------------------------------
    "reports_workspace.report_save": Post({"action": "save", "narrative": "Poprawione sprawozdanie B.",
                                           "people-total": "12"}),
    "reports_workspace.attachment_add": Post({"label": "Lista obecności (liczby)"}, before=_a_pdf),
    "reports_workspace.attachment_delete": Post({}),
    "reports_console.report_accept": Post({"general": "Dziękujemy."}, url=_submitted_report),
    "reports_console.report_return": Post({"beneficiaries": "Proszę podać dzielnice."}, url=_submitted_report),
    # -- network meetings (B coordinates a network with C; the department convenes in its console) -------------
    "meetings_workspace.new": Post(_meeting),
    "meetings_console.new": Post(_meeting, actor="dept_officer"),
    "meetings_workspace.edit": Post(_meeting),
    "meetings_console.edit": Post(_meeting, actor="dept_officer"),
    "meetings_workspace.cancel": Post({"reason": "Sala niedostępna"}),
    "meetings_console.cancel": Post({"reason": "Sala niedostępna"}, actor="dept_officer"),
    "meetings_workspace.answer": Post({"answer": "attending", "attendees": "pedagog"}),
    # -- messages to the network (B coordinates a network with C; the department writes to any network) ---------
    "messages_console.new": Post(_network_message, actor="dept_officer"),
    "messages_workspace.new": Post(_network_message, actor="b_coordinator"),
    # -- referrals (B's coordinator: B received C's referral, sent one to C) -----------------------------
    "referrals_workspace.new": Post(_referral),
    "referrals_workspace.accept": Post({}),
    "referrals_workspace.decline": Post({"reason": "not_eligible"}),
    "referrals_workspace.complete": Post({"outcome": "helped"},
                                         url={"<int:referral_id>": lambda b: b.facts["accepted_referral_id"]}),
    "referrals_workspace.cancel": Post({"reason": "found_elsewhere"},
                                       url={"<int:referral_id>": lambda b: b.facts["sent_referral_id"]}),
    # -- minutes and actions of B's network (B coordinates it; its meeting took place, the minutes a draft) -------
    "minutes_workspace.record": Post({"minutes_notes": "Omówiono przygotowania do zimy."}, url=_held_meeting),
    "minutes_workspace.add_action": Post(_network_action, url=_held_meeting),
    "minutes_workspace.approve": Post({}, url=_held_meeting),
    "minutes_console.record": Post({"minutes_notes": "Omówiono przygotowania do zimy."}, actor="dept_officer",
                                   url=_held_meeting),
    "minutes_console.add_action": Post(_network_action, actor="dept_officer", url=_held_meeting),
    "minutes_console.approve": Post({}, actor="dept_officer", url=_held_meeting),
    "actions_workspace.update": Post({"status": "in_progress", "note": "Zebraliśmy połowę danych."}),
    # -- capacity in the workspace (blueprints/capacity/workspace.py) -----------------------------------------
    "capacity_workspace.count": Post({"change": "plus"}),
    "capacity_workspace.new": Post(lambda b: {**_capacity_unit(b), "name": "Schronisko B"}),
    "capacity_workspace.edit": Post(lambda b: {**_capacity_unit(b), "total": "12", "out_of_service": "1",
                                               "out_of_service_reason": "Naprawa łóżka."}),
    "capacity_workspace.retire": Post({}),
    "capacity_workspace.reinstate": Post({}),
    # -- agreements in the workspace (organisation admin) ------------------------------------------------
    "agreements_workspace.accept": Post({"confirm": "y"},
                                        url={"<int:agreement_id>": lambda b: b.facts["sent_agreement_id"]}),
    "agreements_workspace.decline": Post({"reason": "Prosimy o przesunięcie początku umowy na 1 lutego."},
                                         url={"<int:agreement_id>": lambda b: b.facts["sent_agreement_id"]}),
    # -- payments of agreements (blueprints/payments) -------------------------------------------------------
    "payments_console.tranche_add": Post(_tranche, url=_draft_grant),
    "payments_console.tranche_edit": Post(_tranche, url={**_draft_grant,
                                                         "<int:tranche_id>": lambda b: b.facts["draft_tranche_id"]}),
    "payments_console.tranche_remove": Post({}, url={**_draft_grant,
                                                     "<int:tranche_id>": lambda b: b.facts["draft_tranche_id"]}),
    "payments_console.tranche_approve": Post({}, url={**_grant_in_force,
                                                      "<int:tranche_id>": lambda b: b.facts["grant_tranche_id"]}),
    "payments_console.tranche_pay": Post(_payment, url={
        **_grant_in_force, "<int:tranche_id>": lambda b: b.facts["grant_approved_tranche_id"]}),
    "payments_console.refund_add": Post(lambda b: {"amount": "100,00", "returned_on": _warsaw_day(0), "due_on": "",
                                                   "interest": "", "note": "Niewykorzystana część transzy."}),
    "payments_console.statement_approve": Post({}),
    "payments_console.statement_return": Post(lambda b: {f"s{b.id('statement_id')}-reason": "Proszę poprawić liczbę "
                                                                                           "osobodni."}),
    "payments_workspace.statement_new": Post(
        lambda b: {"month": _warsaw_day(0)[:7], "units": "120", "note": "Zestawienie za bieżący miesiąc."},
        actor="b_coordinator", url={"<int:agreement_id>": lambda b: b.facts["statements_agreement_id"]}),
    "payments_workspace.statement_edit": Post({"units": "95,5", "note": "Poprawione."}, actor="b_coordinator",
                                              url={"<int:statement_id>": lambda b: b.facts["draft_statement_id"]}),
    "payments_workspace.statement_submit": Post({}, url={
        "<int:statement_id>": lambda b: b.facts["draft_statement_id"]}),
    # -- networks (blueprints/networks): the department's, and a member's own contact -------------------------
    "networks_console.network_new": Post(lambda b: {"name": "Akcja zima B", "purpose": "Noclegi zimą.",
                                                    "coordinator_organisation_id": str(b.org_id)}),
    "networks_console.network_edit": Post(lambda b: {"name": "Sieć B", "purpose": "Zima B, poprawione.",
                                                     "coordinator_organisation_id": str(b.org_id)}),
    "networks_console.members_add": Post(lambda b: {"organisations": [str(b.facts["partner_organisation_id"])],
                                                    "role_in_network": "Porady prawne"}),
    "networks_console.member_role": Post({"role_in_network": "Noclegi dla mężczyzn"}),
    "networks_console.member_remove": Post({}, url={"<int:organisation_id>": lambda b: b.facts["c_id"]}),
    "networks_console.network_archive": Post({}),
    "networks_console.network_reactivate": Post({}),
    "networks_workspace.contact": Post({"contact_name": "Dyżurny schroniska", "contact_email": "dyzur@b.example.org",
                                       "contact_phone": "32 111 22 33"}),
}
