"""Tenant B: the second tenant whose ids go into every URL the security tests walk.

``URL_ARGUMENTS`` is the registry of every URL argument a route may take, written as in the
route (``<int:service_id>``; the default string converter is written bare, ``<token>``). Each
entry says how to make tenant B's object for it (a small factory run in B's name) and what
kind of thing it names:

- ``tenant``: a row that belongs to an organisation. Another tenant must get 404, B's own
  members with the route's permission must see it, the department sees it.
- ``registry``: an organisation or a user of the registry. Only the department reaches it.
- ``global``: a department-owned row (a home-page alert, a category). The department sees it.
- ``opaque``: a string that names nothing by number: a token, an outbox message id, an HSDS
  UUID of the open-data API. Public routes; they must simply never fail.

A route whose argument is not in the registry fails tests/security/test_route_matrix.py,
naming the route and the argument: a new ``<int:agreement_id>`` cannot pass unnoticed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import (
    AwardState,
    Call,
    CallCriterion,
    Invitation,
    Membership,
    OneTimeToken,
    Organisation,
    Role,
    Score,
    ServiceAtLocation,
    TenantOwned,
    TokenPurpose,
    User,
    utcnow,
)
from app.security import hash_token
from app.services.open_data.hsds import hsds_id
from app.tenancy import system_scope

TENANT = "tenant"
REGISTRY = "registry"
GLOBAL = "global"
OPAQUE = "opaque"
KINDS = (TENANT, REGISTRY, GLOBAL, OPAQUE)

INVITATION_TOKEN = "b-invitation-" + "7" * 30  # raw tokens of tenant B's links (only their hashes are stored)
RESET_TOKEN = "b-reset-" + "5" * 30


class Maker:
    """Makes tenant B's objects with the test factories (tests/factories), each once (the service needs its place…)."""

    def __init__(self, make, city, people: dict):
        self.make = make
        self.org_id = city.org_b.id
        self.department_id = city.department.id
        self.people = people
        self._made: dict[Callable, object] = {}

    def one(self, factory: Callable[[Maker], object]):
        if factory not in self._made:
            self._made[factory] = factory(self)
        return self._made[factory]

    def read(self, statement):
        """The one value ``statement`` selects, read in the system scope."""
        with self.make.app.app_context(), system_scope("tests"):
            return db.session.execute(statement).scalar_one()

    def add(self, row) -> int:
        """Store a row no factory makes (an invitation, a token); its id."""
        with self.make.app.app_context(), system_scope("tests"):
            db.session.add(row)
            db.session.flush()
            row_id = row.id
            db.session.commit()
            return row_id


# -- the factories: each makes one of tenant B's objects ------------------------------------------------

def term(b: Maker) -> int:
    """A category of the department, used by B's service (so deleting it is refused, never done)."""
    return b.make.term("b-term", "Kategoria B")


def closure_start(b: Maker) -> date:
    """When the closure of B's service begins: in a month."""
    return local_today() + timedelta(days=30)


def service(b: Maker) -> int:
    """A published service of B with a category, a phone, opening hours and a closure ahead, given at B's place."""
    start = b.one(closure_start)
    return b.make.service(b.org_id, "Usługa B", description_pl="Opis usługi B.", audience_pl="Dorośli mieszkańcy.",
                          categories=[b.one(term)], phones=["+48 32 111 22 33"], hours=[(0, time(8), time(16))],
                          closures=[(start, start + timedelta(days=2), "Remont.")], places=[b.one(location)])


def location(b: Maker) -> int:
    """A place of B where its service is given."""
    return b.make.location(b.org_id, "Punkt B", street="ul. Tajna 7", postal_code="44-100", city="Gliwice")


def capacity_unit(b: Maker) -> int:
    """A unit of places of B at B's service and location: 3 of 10 places occupied, counted an hour ago."""
    from datetime import timedelta as _td

    from app.models import CapacityKindCode, CapacityUnit, OccupancyChange, OccupancyUpdate

    unit = CapacityUnit(organisation_id=b.org_id, name="Noclegownia B", kind=CapacityKindCode.NIGHT_SHELTER,
                        service_id=b.one(service), location_id=b.one(location), total=10, occupied=3,
                        counted_at=utcnow() - _td(hours=1))
    unit.serves_list = ["men"]
    unit_id = b.add(unit)
    b.add(OccupancyUpdate(organisation_id=b.org_id, unit_id=unit_id, change=OccupancyChange.SET, total=10, occupied=3,
                          reserved=0, out_of_service=0, at=utcnow() - _td(hours=1)))
    return unit_id


def service_at_location(b: Maker) -> int:
    return b.read(select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == b.one(service)))


def membership(b: Maker) -> int:
    """B's staff member's membership."""
    return b.read(select(Membership.id).where(Membership.organisation_id == b.org_id,
                                              Membership.user_id == b.people["staff"].id))


def invitation(b: Maker) -> int:
    """An open invitation to B (its link is ``INVITATION_TOKEN``)."""
    return b.add(Invitation(organisation_id=b.org_id, email="new.b@example.org", role=Role.STAFF,
                            token_hash=hash_token(INVITATION_TOKEN), invited_by_id=b.people["admin"].id,
                            expires_at=utcnow() + timedelta(days=3)))


def invitation_link(b: Maker) -> str:
    """The link of B's open invitation (the raw token)."""
    b.one(invitation)
    return INVITATION_TOKEN


def reset_link(b: Maker) -> str:
    """A password-reset link of B's staff member (the raw token)."""
    b.add(OneTimeToken(user_id=b.people["staff"].id, purpose=TokenPurpose.PASSWORD_RESET,
                       token_hash=hash_token(RESET_TOKEN), expires_at=utcnow() + timedelta(hours=1)))
    return RESET_TOKEN


def feedback(b: Maker) -> int:
    """A resident's new report about B's service."""
    return b.make.feedback(b.one(service), message="Zły numer telefonu.")


def change(b: Maker) -> int:
    """A change of B's service waiting for the department (submitted as the workflow does)."""
    return b.make.revision(b.one(service), changes={"name_pl": "Usługa B (nowa nazwa)",
                                                    "audience_pl": "Dorośli i młodzież."},
                           actor=b.people["coordinator"])


def event(b: Maker) -> int:
    """A published workshop of B, in two days, at B's place."""
    return b.make.event(b.org_id, "Warsztat B", kind="workshop", description_pl="Opis.", location=b.one(location))


def opportunity(b: Maker) -> int:
    """A published volunteering opportunity of B."""
    return b.make.opportunity(b.org_id, "Wolontariat B", description_pl="Opis.")


def alert(b: Maker) -> int:
    """A home-page alert of the department, shown now."""
    return b.make.alert("Komunikat")


def programme(b: Maker) -> int:
    """A programme of the department, 2026–2027."""
    return b.make.programme(b.department_id, "Program B")


def empty_programme(b: Maker) -> int:
    """A programme of the department with no budget yet (one that may be removed)."""
    return b.make.programme(b.department_id, "Program B bez budżetu")


def budget_line(b: Maker) -> int:
    """A budget line of that programme, for next year (when the calls' tasks run)."""
    return b.make.budget_line(b.department_id, b.one(programme), "100000.00", task_pl="Zadanie B",
                              year=local_today().year + 1)


def free_line(b: Maker) -> int:
    """A budget line no call is paid from (one that may be removed)."""
    return b.make.budget_line(b.department_id, b.one(programme), "3000.00", task_pl="Zadanie B bez konkursu",
                              year=local_today().year + 1)


def call(b: Maker) -> int:
    """A published call of the department's programme, opening tomorrow, paid from the budget line."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B", pool="5000.00",
                       opens_in=timedelta(days=1))


def draft_call(b: Maker) -> int:
    """A draft call (one that may be deleted or published)."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B w szkicu",
                       status="draft", pool="5000.00")


def offer(b: Maker) -> int:
    """B's submitted offer in the department's call (the awards pages name it under that call)."""
    return b.make.offer(b.org_id, b.one(call), "Oferta B", grant="4000.00")


def awarding(b: Maker) -> dict:
    """A call in evaluation whose commission has closed, with three scored offers of B: one without an award,
    one awarded, one reduced whose updated budget waits to be accepted (the awards forms go through on it)."""
    call_id = b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B rozstrzygany",
                          pool="20000.00", opens_in=timedelta(days=-60), open_for=timedelta(days=30),
                          status="evaluation", commission_closed_at=utcnow())
    member = b.make.commission_member(b.department_id, call_id, b.people["admin"])
    offers = {}
    for key in ("scored", "awarded", "updated"):
        offers[key] = b.make.offer(b.org_id, call_id, f"Oferta B {key}", grant="4000.00", formal_outcome="passed")
        assignment = b.make.assignment(b.department_id, member, offers[key], declared_at=utcnow(),
                                       finished_at=utcnow())
        with b.make.app.app_context(), system_scope("tests"):
            criterion = db.session.execute(select(CallCriterion).where(CallCriterion.call_id == call_id)
                                           .order_by(CallCriterion.position)).scalars().first()
            db.session.add(Score(organisation_id=b.department_id, assignment_id=assignment,
                                 criterion_id=criterion.id, points=Decimal("15"), justification="Dobrze."))
            db.session.commit()
    b.make.award(b.department_id, offers["awarded"], "4000.00", call=call_id, line=b.one(budget_line))
    b.make.award(b.department_id, offers["updated"], "2000.00", call=call_id, line=b.one(budget_line),
                 state=AwardState.UPDATE_SUBMITTED, reason="Mniejsza pula.", update_submitted_at=utcnow())
    return {"call_id": call_id, **offers}


def _small_grant(b: Maker, title: str, **fields) -> int:
    """A small grant offer of B (art. 19a) asking for 9 000 zł, its task starting in a month."""
    applicant = {"name": "Schronisko B", "address": "ul. Długa 3, 44-100 Gliwice", "contact": "Bożena Nowak"}
    return b.make.offer(b.org_id, None, title, kind="small_grant", grant="9000.00", own="1000.00",
                        applicant=applicant, sphere="social_assistance", **fields)


def small_grant(b: Maker) -> int:
    """B's small grant offer published for comments yesterday (in its 7 days: its public page is open)."""
    published = utcnow() - timedelta(days=1)
    return _small_grant(b, "Mały grant B", receipt_number="MG/B/0001", comments_from=published,
                        comments_until=published + timedelta(days=7))


def draft_small_grant(b: Maker) -> int:
    """B's small grant offer as a draft, complete (one that may be changed and submitted)."""
    return _small_grant(b, "Mały grant B w szkicu", status="draft")


def submitted_small_grant(b: Maker) -> int:
    """B's small grant offer submitted, not yet published (one that may be published or withdrawn)."""
    return _small_grant(b, "Mały grant B złożony", receipt_number="MG/B/0002")


def due_small_grant(b: Maker) -> int:
    """B's small grant offer whose 7 days of comments ended yesterday (one the department may decide)."""
    published = utcnow() - timedelta(days=8)
    return _small_grant(b, "Mały grant B do decyzji", receipt_number="MG/B/0003", comments_from=published,
                        comments_until=published + timedelta(days=7))


def small_grant_line(b: Maker) -> int:
    """A budget line of the year B's small grants start in, with room for them (20 per cent of it is 20 000 zł)."""
    year = (utcnow() + timedelta(days=30)).year
    return b.make.budget_line(b.department_id, b.one(programme), "100000.00", year=year, task_pl="Małe granty B")


def open_call(b: Maker) -> int:
    """A call open for offers now, in which B (a shelter) may apply; the statute is a required attachment."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B otwarty", pool="5000.00",
                       eligible_kinds=" association shelter ", attachments_pl="Statut")


def _dates_of(b: Maker, call_id: int) -> list[str]:
    return [b.read(select(Call.task_starts_on).where(Call.id == call_id)).isoformat(),
            b.read(select(Call.task_ends_on).where(Call.id == call_id)).isoformat()]


def _full_applicant() -> dict:
    return {"name": "Schronisko B", "address": "ul. Tajna 7, 44-100 Gliwice", "contact": "Beata B"}


def draft_offer(b: Maker) -> int:
    """B's draft offer in the open call, complete and valid (it may be submitted as it is, with its statute)."""
    return b.make.offer(b.org_id, b.one(open_call), "Oferta B", status="draft", grant="4000.00", own="1000.00",
                        applicant=_full_applicant())


def _statute(b: Maker, offer_id: int, organisation_id: int | None = None) -> int:
    """The statute attached to one of B's offers (or another organisation's), its file in the attachments folder."""
    from app.models import OfferAttachment

    content = b"%PDF-1.4 statut B"
    folder = b.make.app.config["OFFER_ATTACHMENT_FOLDER"]
    stored = f"b-statut-{offer_id}"
    with open(f"{folder}/{stored}", "wb") as file:
        file.write(content)
    return b.add(OfferAttachment(organisation_id=organisation_id or b.org_id, offer_id=offer_id, label="Statut",
                                 filename="statut.pdf", content_type="application/pdf", size=len(content),
                                 stored_name=stored, sha256=hashlib.sha256(content).hexdigest()))


def offer_attachment(b: Maker) -> int:
    """The statute attached to B's submitted offer (``<int:offer_id>``)."""
    return _statute(b, b.one(offer))


def draft_attachment(b: Maker) -> int:
    """The statute attached to B's draft (it may be removed)."""
    return _statute(b, b.one(draft_offer))


def submitted_offer(b: Maker) -> int:
    """B's offer submitted in the open call (it may be withdrawn)."""
    return b.make.offer(b.org_id, b.one(open_call), "Oferta B złożona", grant="4000.00", own="1000.00",
                        applicant=_full_applicant())


def withdrawn_offer(b: Maker) -> int:
    """B's offer withdrawn while the call is open (it may be reopened)."""
    return b.make.offer(b.org_id, b.one(open_call), "Oferta B wycofana", status="withdrawn",
                        applicant=_full_applicant())


def closed_call(b: Maker) -> int:
    """A call whose offers closed ten days ago, in its formal check."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B po terminie",
                       pool="5000.00", opens_in=timedelta(days=-40), open_for=timedelta(days=30),
                       status="formal_check", eligible_kinds=" association shelter ")


def evaluated_call(b: Maker) -> int:
    """A call whose offers closed ten days ago, evaluated and being awarded."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), "Konkurs B w ocenie",
                       pool="5000.00", opens_in=timedelta(days=-40), open_for=timedelta(days=30),
                       status="evaluation", eligible_kinds=" association shelter ")


def offer_to_correct(b: Maker) -> int:
    """B's offer the formal check asks to correct: the signatures, within three days."""
    return b.make.offer(b.org_id, b.one(closed_call), "Oferta B do poprawy", formal_outcome="to_correct",
                        formal_items=["signed"], correct_by=local_today() + timedelta(days=3),
                        applicant=_full_applicant())


def reduced_offer(b: Maker) -> int:
    """B's offer awarded less than it asked (4 000 of 5 000 zł's grant): an updated budget is asked of it."""
    offer_id = b.make.offer(b.org_id, b.one(evaluated_call), "Oferta B z niższą kwotą", grant="4000.00",
                            own="1000.00", applicant=_full_applicant())
    b.make.award(b.department_id, offer_id, "3000.00", call=b.one(evaluated_call), line=b.one(budget_line),
                 state=AwardState.UPDATE_REQUESTED, reason="Ograniczona pula.")
    return offer_id


def third_organisation(b: Maker):
    """Another organisation, which names B as a joint applicant (and which B may name)."""
    return b.make.organisation("Fundacja C Partnerska", kind="foundation")


def partner_request(b: Maker) -> int:
    """C's draft offer in the open call naming B as a joint applicant: B confirms it."""
    from app.models import OfferPartner

    offer_id = b.make.offer(b.one(third_organisation), b.one(open_call), "Oferta C", status="draft")
    return b.add(OfferPartner(organisation_id=b.one(third_organisation).id, offer_id=offer_id, partner_id=b.org_id))


def own_partner(b: Maker) -> tuple[int, int]:
    """(offer, joint applicant) of another B draft naming C."""
    from app.models import OfferPartner

    offer_id = b.make.offer(b.org_id, b.one(open_call), "Oferta B wspólna", status="draft")
    return offer_id, b.add(OfferPartner(organisation_id=b.org_id, offer_id=offer_id,
                                        partner_id=b.one(third_organisation).id))


# -- the formal check and the evaluation ---------------------------------------------------------------------

def _closed_call(b: Maker, title: str, status: str) -> int:
    """A call of the department whose deadline passed ten days ago, in ``status``."""
    return b.make.call(b.department_id, b.one(programme), b.one(budget_line), title, pool="1000.00",
                       opens_in=timedelta(days=-40), open_for=timedelta(days=30), status=status)


def evaluation_call(b: Maker) -> int:
    """A call in evaluation: two offers of organisation C passed the formal check."""
    return _closed_call(b, "Konkurs B w ocenie komisji", "evaluation")


def other_applicant(b: Maker) -> int:
    """Organisation C, which applied in the call in evaluation (B's staff member scores its offers)."""
    return b.make.organisation("Fundacja C").id


def c_offer(b: Maker) -> int:
    return b.make.offer(b.one(other_applicant), b.one(evaluation_call), "Oferta C", formal_outcome="passed")


def c_second_offer(b: Maker) -> int:
    return b.make.offer(b.one(other_applicant), b.one(evaluation_call), "Druga oferta C", formal_outcome="passed")


def member(b: Maker) -> int:
    """B's staff member on the commission of the call in evaluation, representing B."""
    return b.make.commission_member(b.department_id, b.one(evaluation_call), b.people["staff"].id,
                                    represents=b.org_id)


def assignment(b: Maker) -> int:
    """C's offer assigned to B's staff member, who declared no conflict (so may score it)."""
    return b.make.assignment(b.department_id, b.one(member), b.one(c_offer), declared_at=utcnow())


def undeclared_assignment(b: Maker) -> int:
    """C's second offer assigned to B's staff member, not declared yet."""
    return b.make.assignment(b.department_id, b.one(member), b.one(c_second_offer))


def idle_member(b: Maker) -> int:
    """B's coordinator on the commission, with no work begun (one that may be removed)."""
    return b.make.commission_member(b.department_id, b.one(evaluation_call), b.people["coordinator"].id,
                                    represents=b.org_id)


def formal_offer(b: Maker) -> int:
    """B's offer not checked yet, in a call in its formal check."""
    return b.make.offer(b.org_id, _closed_call(b, "Konkurs B w ocenie formalnej", "formal_check"), "Oferta B do oceny")


def checked_call(b: Maker) -> int:
    """A call in its formal check whose one offer (B's) passed: the evaluation may start."""
    call_id = _closed_call(b, "Konkurs B sprawdzony", "formal_check")
    b.make.offer(b.org_id, call_id, "Oferta B sprawdzona", formal_outcome="passed")
    return call_id


def deadline_passed_call(b: Maker) -> int:
    """A published call past its deadline with B's offer: the formal check may start (not without an offer)."""
    call_id = _closed_call(b, "Konkurs B zamknięty", "published")
    b.make.offer(b.org_id, call_id, "Oferta B po terminie")
    return call_id


def closable_call(b: Maker) -> int:
    """A call in evaluation whose one member finished scoring B's offer: the commission may close."""
    from app.models import Score

    call_id = _closed_call(b, "Konkurs B oceniony", "evaluation")
    offer_id = b.make.offer(b.org_id, call_id, "Oferta B oceniona", formal_outcome="passed")
    seat = b.make.commission_member(b.department_id, call_id, b.people["admin"].id, represents=b.org_id)
    assigned = b.make.assignment(b.department_id, seat, offer_id, declared_at=utcnow(), finished_at=utcnow())
    criterion = b.read(select(CallCriterion.id).where(CallCriterion.call_id == call_id, CallCriterion.position == 0))
    b.add(Score(organisation_id=b.department_id, assignment_id=assigned, criterion_id=criterion,
                points=Decimal("10"), justification="Dobrze."))
    return call_id


def agreement_line(b: Maker) -> int:
    """A budget line of this year for B's agreements (contracts are paid from it)."""
    return b.make.budget_line(b.department_id, b.one(programme), "500000.00", task_pl="Zadanie B umowy",
                              year=local_today().year)


def _agreement(b: Maker, title: str, status: str, **fields) -> int:
    year = local_today().year
    return b.make.agreement(b.org_id, b.one(programme), b.one(agreement_line), "24000.00", status=status, title=title,
                            year=year, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), **fields)


def agreement(b: Maker) -> int:
    """B's service contract in force (12 place-days' worth of places at 50 zł a place-day, 24 000 zł)."""
    return _agreement(b, "Umowa B w mocy", "in_force")


def joint_agreement(b: Maker) -> int:
    """Organisation C's contract in force with B as a joint party: B's members read its terms, A's get 404."""
    from app.models import AgreementParty

    year = local_today().year
    agreement_id = b.make.agreement(b.one(other_applicant), b.one(programme), b.one(agreement_line), "18000.00",
                                    status="in_force", title="Umowa C z B jako partnerem", year=year,
                                    starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))
    b.add(AgreementParty(organisation_id=b.one(other_applicant), agreement_id=agreement_id, partner_id=b.org_id))
    return agreement_id


def draft_agreement(b: Maker) -> int:
    """B's draft service contract (the department edits and sends it)."""
    return _agreement(b, "Umowa B w szkicu", "draft")


def sent_agreement(b: Maker) -> int:
    """B's service contract sent to it, waiting for its admin's acceptance."""
    return _agreement(b, "Umowa B wysłana", "sent")


def accepted_agreement(b: Maker) -> int:
    """B's service contract accepted by its admin, its signing to be recorded."""
    return _agreement(b, "Umowa B przyjęta", "accepted")


def grant_agreement(b: Maker) -> int:
    """B's grant agreement in force with a scheduled tranche of 12 000 zł and an approved one of 12 000 zł."""
    agreement_id = _agreement(b, "Umowa dotacyjna B", "in_force", kind="grant")
    b.make.tranche(agreement_id, "12000.00", state="scheduled", due_on=date(local_today().year, 3, 1))
    b.make.tranche(agreement_id, "12000.00", state="approved", due_on=date(local_today().year, 1, 15))
    return agreement_id


def _grant_tranche(b: Maker, state: str) -> int:
    from app.models import Tranche

    return b.read(select(Tranche.id).where(Tranche.agreement_id == b.one(grant_agreement), Tranche.state == state))


def grant_tranche(b: Maker) -> int:
    """The scheduled tranche of B's grant agreement (the department approves it)."""
    return _grant_tranche(b, "scheduled")


def grant_approved_tranche(b: Maker) -> int:
    """The approved tranche of B's grant agreement (the department records its payment)."""
    return _grant_tranche(b, "approved")


def tranche(b: Maker) -> int:
    """A paid tranche of 1 000 zł of B's contract in force (under ``<int:agreement_id>``, like B's statements)."""
    return b.make.tranche(b.one(agreement), "1000.00", state="paid", due_on=date(local_today().year, 1, 1))


def draft_grant_agreement(b: Maker) -> int:
    """B's draft grant agreement of 24 000 zł with one tranche of 12 000 zł scheduled."""
    return _agreement(b, "Umowa dotacyjna B w szkicu", "draft", kind="grant")


def draft_tranche(b: Maker) -> int:
    """The scheduled tranche of B's draft grant agreement (changed or removed while it is a draft)."""
    return b.make.tranche(b.one(draft_grant_agreement), "12000.00", due_on=date(local_today().year, 3, 1))


def statements_agreement(b: Maker) -> int:
    """B's contract in force since last year with no statements yet (a statement for this month may be made)."""
    year = local_today().year
    return b.make.agreement(b.org_id, b.one(programme), b.one(agreement_line), "24000.00", status="in_force",
                            title="Umowa B na zestawienia", year=year, starts_on=date(year - 1, 1, 1),
                            ends_on=date(year, 12, 31))


def statement(b: Maker) -> int:
    """B's submitted statement for January of its contract in force: 100 place-days."""
    return b.make.statement(b.one(agreement), date(local_today().year, 1, 1), "100")


def draft_statement(b: Maker) -> int:
    """B's statement for February, being prepared."""
    return b.make.statement(b.one(agreement), date(local_today().year, 2, 1), "90", status="draft")


def amendment(b: Maker) -> int:
    """An amendment to B's contract in force proposed by the department (B's admin approves or rejects it)."""
    from app.models import Amendment

    agreement_id = b.one(agreement)
    return b.add(Amendment(organisation_id=b.org_id, agreement_id=agreement_id, number=1, proposed_by="department",
                           reason="Przedłużenie okresu.", changes={"ends_on": date(local_today().year + 1, 1, 31)
                                                                   .isoformat()}))


def org_amendment(b: Maker) -> tuple[int, int]:
    """(agreement id, amendment id): an amendment to B's grant agreement proposed by B (the department approves or
    rejects it, B's admin may withdraw it)."""
    from app.models import Amendment

    agreement_id = b.one(grant_agreement)
    return agreement_id, b.add(Amendment(
        organisation_id=b.org_id, agreement_id=agreement_id, number=1, proposed_by="organisation",
        reason="Przedłużenie zadania o miesiąc.", changes={"ends_on": date(local_today().year + 1, 1, 31).isoformat()}))


def report_due(b: Maker) -> int:
    """The final report due of B's contract in force, answered by a report the department returned (version 1 with
    a comment) that B corrects: B may save and submit it, attach and remove files, compare its versions."""
    from app.models import ReportDue
    from app.models.reports import Report, ReportStatus, ReportVersion

    agreement_id = b.one(agreement)
    due_id = b.read(select(ReportDue.id).where(ReportDue.agreement_id == agreement_id, ReportDue.kind == "final"))
    report_id = b.add(Report(organisation_id=b.org_id, agreement_id=agreement_id, report_due_id=due_id,
                             status=ReportStatus.RETURNED, content={"narrative": "Sprawozdanie B."}))
    b.add(ReportVersion(organisation_id=b.org_id, report_id=report_id, number=1, content={"narrative": "Wersja 1."},
                        decision="returned", decided_at=utcnow(), comments={"general": "Proszę uzupełnić."}))
    return due_id


def capacity_kind(b: Maker) -> int:
    """A kind of places the department defined."""
    from app.models import CapacityKind

    return b.add(CapacityKind(code="hostel.b", label_pl="Hostel B", position=1))


def report_attachment(b: Maker) -> int:
    """A file attached to B's returned report."""
    from app.models.reports import Report, ReportAttachment
    from app.services.funding.attachments import folder

    report_id = b.read(select(Report.id).where(Report.report_due_id == b.one(report_due)))
    stored = f"b-sprawozdanie-{report_id}"
    with b.make.app.app_context():
        folder().mkdir(parents=True, exist_ok=True)
        (folder() / stored).write_bytes(b"%PDF-1.4 lista B")
    return b.add(ReportAttachment(organisation_id=b.org_id, report_id=report_id, label="Lista obecności",
                                  filename="lista.pdf", content_type="application/pdf", size=16, stored_name=stored,
                                  sha256=hashlib.sha256(stored.encode()).hexdigest()))


def submitted_report_due(b: Maker) -> int:
    """A partial report due of B's contract in force with a report waiting for the department's review."""
    from app.models import ReportDue
    from app.models.reports import Report, ReportStatus, ReportVersion

    agreement_id = b.one(agreement)
    due_id = b.make.report_due(agreement_id, "partial", due_on=date(local_today().year, 7, 31))
    report_id = b.add(Report(organisation_id=b.org_id, agreement_id=agreement_id, report_due_id=due_id,
                             status=ReportStatus.SUBMITTED, submitted_at=utcnow(),
                             content={"narrative": "Częściowe B."}))
    b.add(ReportVersion(organisation_id=b.org_id, report_id=report_id, number=1,
                        content={"narrative": "Częściowe B."}))
    assert b.read(select(ReportDue.agreement_id).where(ReportDue.id == due_id)) == agreement_id
    return due_id


def agreement_document(b: Maker) -> int:
    """The signed scan of B's contract in force."""
    from app.models import AgreementDocument

    stored = f"b-umowa-{b.one(agreement)}"
    with b.make.app.app_context():  # the scan's file, so that its owners can download it
        from app.services.agreements.documents import folder

        folder().mkdir(parents=True, exist_ok=True)
        (folder() / stored).write_bytes(b"%PDF-1.4 umowa B")
    return b.add(AgreementDocument(organisation_id=b.org_id, agreement_id=b.one(agreement), filename="umowa.pdf",
                                   content_type="application/pdf", size=10, stored_name=stored,
                                   sha256=hashlib.sha256(stored.encode()).hexdigest()))


def award_for_agreement(b: Maker) -> int:
    """The department's award of 1 000 zł to B's offer in a decided call with results published (no agreement
    yet: the department prepares one)."""
    from app.models import Award

    call_id = _closed_call(b, "Konkurs B z wynikami", "decided")
    with b.make.app.app_context(), system_scope("tests"):
        db.session.execute(db.update(Call).where(Call.id == call_id).values(results_published_at=utcnow()))
        db.session.commit()
    offer_id = b.make.offer(b.org_id, call_id, "Oferta B nagrodzona", grant="1000.00", formal_outcome="passed")
    b.make.award(b.department_id, offer_id, "1000.00", call=call_id, line=b.one(budget_line))
    return b.read(select(Award.id).where(Award.offer_id == offer_id))


def network(b: Maker) -> int:
    """A network of the department coordinated by B, with B and organisation C as members: B's members read it (its
    members' contacts) and B's admin and coordinators keep B's contact for it; A, outside it, gets 404; the
    department manages it."""
    return b.make.network(b.org_id, [b.one(other_applicant)], "Sieć B", purpose="Zima B.")


@dataclass(frozen=True)
class Argument:
    """One URL argument: what kind of thing it names, and how to make tenant B's (its URL value)."""

    kind: str
    make: Callable[[Maker], object]


def indicator(b: Maker) -> int:
    """A published indicator of the department with a figure for 2010."""
    return b.make.indicator(b.department_id, "Wskaźnik B", values={2010: "5"})


def indicator_value(b: Maker) -> int:
    """That indicator's figure for 2011."""
    return b.make.indicator_value(b.department_id, b.one(indicator), 2011, "7")


def c_service(b: Maker) -> int:
    """A published service of organisation C, which B refers people to."""
    return b.make.service(b.one(other_applicant), "Usługa C")


def b_unit(b: Maker) -> int:
    """A unit of three places of B's service, referred to by C."""
    return b.make.referral_unit(b.one(service), "Miejsca B", total=3)


def received_referral(b: Maker) -> int:
    """A referral C sent to B's unit, waiting for B's answer: B's admin and coordinators accept or decline it; A's
    people get 404 (A neither sent nor received it)."""
    return b.make.referral(b.one(other_applicant), b.one(service), unit=b.one(b_unit))


def accepted_referral(b: Maker) -> int:
    """A referral C sent to B's service, accepted: B records how it ended."""
    return b.make.referral(b.one(other_applicant), b.one(service), status="accepted", case_code="C-2")


def sent_referral(b: Maker) -> int:
    """A referral B sent to C's service, waiting: B cancels it."""
    return b.make.referral(b.org_id, b.one(c_service), case_code="B-3")


def meeting_network(b: Maker) -> int:
    """A network of the department coordinated by B, with C as a member (A is not in it)."""
    return b.make.network(b.org_id, [b.one(other_applicant)], "Zespół B")


def meeting(b: Maker) -> int:
    """A planned meeting of B's network, tomorrow, B and C invited: B's members read it, B's admin and coordinators
    change, cancel and answer it; A's people get 404."""
    return b.make.meeting(b.one(meeting_network), title="Posiedzenie zespołu B")


def b_network(b: Maker) -> int:
    """A network B coordinates, with C: A is not in it (so A's people get 404 for its meetings and actions)."""
    return b.one(network)  # the same network: B coordinates it, C is in it


def held_meeting(b: Maker) -> int:
    """A meeting of B's network that took place three days ago, its minutes a draft: B's coordinator writes them."""
    return b.make.meeting(b.one(b_network), starts_at=utcnow().replace(microsecond=0) - timedelta(days=3),
                          status="held", title="Posiedzenie B (projekt protokołu)")


def approved_minutes(b: Maker) -> int:
    """A meeting of B's network a week ago whose minutes are approved: every member of the network reads them."""
    return b.make.meeting(b.one(b_network), starts_at=utcnow().replace(microsecond=0) - timedelta(days=7),
                          status="approved", title="Posiedzenie B (protokół zatwierdzony)")


def network_action(b: Maker) -> int:
    """An open action B took on at its network's held meeting, due in a week."""
    return b.make.action(b.one(held_meeting), b.org_id, "Zadanie B", due_on=local_today() + timedelta(days=7))
def messaging_network(b: Maker) -> int:
    """A network B coordinates, with C as a member: B's admin and coordinators write to it."""
    return b.make.network(b.org_id, [b.one(other_applicant)], "Sieć koordynowana przez B")


def b_sent_message(b: Maker) -> int:
    """A message B sent to its network's member C: B's members follow who read it."""
    return b.make.message(b.org_id, [b.one(other_applicant)], "Wiadomość od B", network=b.one(messaging_network))


def b_received_message(b: Maker) -> int:
    """A message the department sent to B (and C): B's members read it."""
    return b.make.message(b.department_id, [b.org_id, b.one(other_applicant)], "Wiadomość do B")


URL_ARGUMENTS: dict[str, Argument] = {
    # rows of an organisation: another tenant gets 404
    "<int:service_id>": Argument(TENANT, lambda b: b.one(service)),
    "<int:location_id>": Argument(TENANT, lambda b: b.one(location)),
    "<int:membership_id>": Argument(TENANT, lambda b: b.one(membership)),
    "<int:invitation_id>": Argument(TENANT, lambda b: b.one(invitation)),
    "<int:feedback_id>": Argument(TENANT, lambda b: b.one(feedback)),
    "<int:change_id>": Argument(TENANT, lambda b: b.one(change)),
    "<int:event_id>": Argument(TENANT, lambda b: b.one(event)),
    "<int:opportunity_id>": Argument(TENANT, lambda b: b.one(opportunity)),
    "<int:offer_id>": Argument(TENANT, lambda b: b.one(offer)),
    "<int:grant_id>": Argument(TENANT, lambda b: b.one(small_grant)),
    "<int:attachment_id>": Argument(TENANT, lambda b: b.one(offer_attachment)),
    "<int:partner_id>": Argument(TENANT, lambda b: b.one(partner_request)),  # a request addressed to B
    "<int:agreement_id>": Argument(TENANT, lambda b: b.one(agreement)),
    "<int:joint_agreement_id>": Argument(TENANT, lambda b: b.one(joint_agreement)),  # C's, B a joint party
    "<int:tranche_id>": Argument(TENANT, lambda b: b.one(tranche)),
    "<int:statement_id>": Argument(TENANT, lambda b: b.one(statement)),
    "<int:amendment_id>": Argument(TENANT, lambda b: b.one(amendment)),
    "<int:document_id>": Argument(TENANT, lambda b: b.one(agreement_document)),
    "<int:report_due_id>": Argument(TENANT, lambda b: b.one(report_due)),  # of B's contract in force
    "<int:report_attachment_id>": Argument(TENANT, lambda b: b.one(report_attachment)),
    "<int:referral_id>": Argument(TENANT, lambda b: b.one(received_referral)),  # C's, to B
    "<int:message_id>": Argument(TENANT, lambda b: b.one(b_received_message)),  # the department's, to B
    "<int:sent_message_id>": Argument(TENANT, lambda b: b.one(b_sent_message)),  # B's, to its network
    "<int:capacity_unit_id>": Argument(TENANT, lambda b: b.one(capacity_unit)),
    # of B's network, B and C invited (the minutes' pages are posted on B's held meeting: post_data.py)
    "<int:meeting_id>": Argument(TENANT, lambda b: b.one(meeting)),
    "<int:minutes_id>": Argument(TENANT, lambda b: b.one(approved_minutes)),  # a meeting's approved minutes
    "<int:action_id>": Argument(TENANT, lambda b: b.one(network_action)),  # B responsible
    # the department's network that B is in (and coordinates): read by its members, 404 for A
    "<int:network_id>": Argument(TENANT, lambda b: b.one(network)),
    # the registry: the department only
    "<int:organisation_id>": Argument(REGISTRY, lambda b: b.org_id),
    "<int:user_id>": Argument(REGISTRY, lambda b: b.people["staff"].id),
    # the department's own rows
    "<int:taxonomy_term_id>": Argument(GLOBAL, lambda b: b.one(term)),
    "<int:alert_id>": Argument(GLOBAL, lambda b: b.one(alert)),
    "<int:programme_id>": Argument(GLOBAL, lambda b: b.one(programme)),
    "<int:line_id>": Argument(GLOBAL, lambda b: b.one(budget_line)),
    "<int:indicator_id>": Argument(GLOBAL, lambda b: b.one(indicator)),
    "<int:value_id>": Argument(GLOBAL, lambda b: b.one(indicator_value)),
    "<int:call_id>": Argument(GLOBAL, lambda b: b.one(call)),
    "<int:member_id>": Argument(GLOBAL, lambda b: b.one(member)),  # a commission member (B's staff member)
    "<int:assignment_id>": Argument(GLOBAL, lambda b: b.one(assignment)),  # C's offer, to B's staff member
    "<int:award_id>": Argument(GLOBAL, lambda b: b.one(award_for_agreement)),  # the department's award to B
    "<int:capacity_kind_id>": Argument(GLOBAL, lambda b: b.one(capacity_kind)),
    # the statute of that offer of C, which B's staff member reads as a commission member
    "<int:file_id>": Argument(GLOBAL, lambda b: _statute(b, b.one(c_offer), b.one(other_applicant))),
    # strings that name no row by number
    "<token>": Argument(OPAQUE, lambda b: b.one(invitation_link)),
    "<message_id>": Argument(OPAQUE, lambda b: "no-such-message"),
    # HSDS ids of the open-data API (UUIDs carrying B's keys)
    "<service_id>": Argument(OPAQUE, lambda b: hsds_id("service", b.one(service))),
    "<organization_id>": Argument(OPAQUE, lambda b: hsds_id("organization", b.org_id)),
    "<link_id>": Argument(OPAQUE, lambda b: hsds_id("service_at_location", b.one(service_at_location))),
    "<taxonomy_id>": Argument(OPAQUE, lambda b: hsds_id("taxonomy", 1)),
    "<term_id>": Argument(OPAQUE, lambda b: hsds_id("taxonomy_term", b.one(term))),
}

_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[a-zA-Z_][\w]*(?:\([^)]*\))?):)?(?P<name>\w+)>")


def placeholders(rule) -> list[tuple[str, str]]:
    """(registry key, argument name) of each argument of a rule, as written: ``<int:service_id>``, ``<token>``."""
    found = []
    for match in _PLACEHOLDER.finditer(rule.rule):
        converter = match["converter"]
        key = f"<{match['name']}>" if converter in (None, "string", "default") else f"<{converter}:{match['name']}>"
        found.append((key, match["name"]))
    return found


def argument_kinds(rule) -> set[str]:
    """The kinds of the rule's arguments (an unregistered one is left out: a test names it)."""
    return {URL_ARGUMENTS[key].kind for key, _ in placeholders(rule) if key in URL_ARGUMENTS}


def url_for_rule(rule, values: dict) -> str:
    """The rule's path with tenant B's values (``values`` keyed like ``URL_ARGUMENTS``)."""
    path = rule.rule
    for key, name in placeholders(rule):
        if key not in values:
            raise LookupError(f"{rule.rule} ({rule.endpoint}) takes {key}, which URL_ARGUMENTS does not register "
                              "(tests/security/tenant_b.py)")
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[key]), path, count=1)
    return path


@dataclass
class TenantB:
    """Tenant B as plain values: its URL arguments, its people by role, a few facts the forms need."""

    org_id: int
    values: dict[str, object]
    people: dict[str, object]
    facts: dict[str, object] = field(default_factory=dict)

    def id(self, name: str) -> int:
        """The id of B's row behind ``<int:name>``."""
        return self.values[f"<int:{name}>"]


def make_tenant_b(make, city, people: dict) -> TenantB:
    """Every registered argument's object of tenant B, committed (inside the test's rolled-back transaction)."""
    b = Maker(make, city, people)
    values = {key: argument.make(b) for key, argument in URL_ARGUMENTS.items()}
    facts = {"c_service_id": b.one(c_service), "accepted_referral_id": b.one(accepted_referral),
             "sent_referral_id": b.one(sent_referral),
             "messaging_network_id": b.one(messaging_network),
             "closure_starts_on": b.one(closure_start).isoformat(), "reset_token": b.one(reset_link),
             "term_id": b.one(term), "empty_programme_id": b.one(empty_programme),
             "draft_call_id": b.one(draft_call), "free_line_id": b.one(free_line), "awarding": b.one(awarding),
             "draft_grant_id": b.one(draft_small_grant), "submitted_grant_id": b.one(submitted_small_grant),
             "due_grant_id": b.one(due_small_grant), "grant_line_id": b.one(small_grant_line),
             "draft_offer_id": b.one(draft_offer), "draft_attachment_id": b.one(draft_attachment),
             "open_call_id": b.one(open_call), "call_dates": _dates_of(b, b.one(open_call)),
             "evaluated_call_dates": _dates_of(b, b.one(evaluated_call)),
             "submitted_offer_id": b.one(submitted_offer), "withdrawn_offer_id": b.one(withdrawn_offer),
             "offer_to_correct_id": b.one(offer_to_correct), "reduced_offer_id": b.one(reduced_offer),
             "partner_name": b.one(third_organisation).name, "own_partner": b.one(own_partner),
             "evaluation_call_id": b.one(evaluation_call),
             "undeclared_assignment_id": b.one(undeclared_assignment),
             "idle_member_id": b.one(idle_member),
             "closed_call_id": b.one(deadline_passed_call),
             "formal_offer_id": b.one(formal_offer), "checked_call_id": b.one(checked_call),
             "closable_call_id": b.one(closable_call), "c_offer_ids": [b.one(c_offer), b.one(c_second_offer)],
             "agreement_line_id": b.one(agreement_line), "draft_agreement_id": b.one(draft_agreement),
             "sent_agreement_id": b.one(sent_agreement), "accepted_agreement_id": b.one(accepted_agreement),
             "grant_agreement_id": b.one(grant_agreement), "draft_statement_id": b.one(draft_statement),
             "org_amendment": b.one(org_amendment),
             "grant_tranche_id": b.one(grant_tranche), "grant_approved_tranche_id": b.one(grant_approved_tranche),
             "draft_grant_agreement_id": b.one(draft_grant_agreement), "draft_tranche_id": b.one(draft_tranche),
             "statements_agreement_id": b.one(statements_agreement),
             "submitted_due_id": b.one(submitted_report_due), "held_meeting_id": b.one(held_meeting),
             "meeting_network_id": b.one(meeting_network), "meeting_invitees": [b.org_id, b.one(other_applicant)],
             "c_id": b.one(other_applicant), "partner_organisation_id": b.one(third_organisation).id}
    return TenantB(org_id=city.org_b.id, values=values, people=people, facts=facts)


# -- what tenant B holds, to compare before and after -------------------------------------------------

def _tenant_models() -> list[type]:
    return sorted((mapper.class_ for mapper in db.Model.registry.mappers if issubclass(mapper.class_, TenantOwned)),
                  key=lambda model: model.__tablename__)


def _digest(obj) -> str:
    mapper = obj.__mapper__
    values = sorted((attr.key, repr(getattr(obj, attr.key))) for attr in mapper.column_attrs)
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def snapshot(app, organisation_id: int) -> dict[tuple[str, str], str]:
    """{(table, primary key): hash of the row} of every tenant-owned row of the organisation, and of the
    organisation's registry entry and its members' accounts."""
    rows: dict[tuple[str, str], str] = {}
    with app.app_context(), system_scope("tests"):
        for model in _tenant_models():
            for obj in db.session.execute(select(model).where(model.organisation_id == organisation_id)
                                          ).unique().scalars():
                key = ",".join(str(v) for v in obj.__mapper__.primary_key_from_instance(obj))
                rows[(model.__tablename__, key)] = _digest(obj)
        organisation = db.session.execute(select(Organisation).where(Organisation.id == organisation_id)).scalar_one()
        rows[("organisation", str(organisation.id))] = _digest(organisation)
        for user in db.session.execute(select(User).join(Membership, Membership.user_id == User.id)
                                       .where(Membership.organisation_id == organisation_id)).unique().scalars():
            rows[("user_account", str(user.id))] = _digest(user)
    return rows


def differences(before: dict, after: dict) -> list[str]:
    """What changed between two snapshots, row by row."""
    changed = [f"changed {table} {key}" for (table, key) in sorted(before.keys() & after.keys())
               if before[(table, key)] != after[(table, key)]]
    return ([f"removed {table} {key}" for table, key in sorted(before.keys() - after.keys())]
            + [f"added {table} {key}" for table, key in sorted(after.keys() - before.keys())] + changed)
