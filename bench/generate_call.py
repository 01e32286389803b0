"""Fill a database with one call for offers far into its evaluation, for the evaluation bench.

    .venv/bin/python bench/generate_call.py sqlite:////tmp/call.db --offers 300 --evaluators 7

The schema is brought to the latest migration first. Creates the department, ``--offers``
organisations each with one submitted offer that passed the formal check (two activities, two
expected results, three cost lines), a call in evaluation with the six statutory criteria, and a
commission of ``--evaluators`` members: all but two are department officers (with two-factor
sign-in), two represent organisations that did not apply. Every member is assigned every offer,
has declared no conflict and finished scoring it; the commission is closed, so the ranking is
final. Prints (and returns) what the bench needs to sign in: the e-mail addresses, the password
and the officers' TOTP secret (both random for each run). The data are the same for a given ``--seed``.
"""

from __future__ import annotations

import json
import random
import secrets
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating

ROOT = generating.ROOT

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BATCH = 50  # offers per flush


def generate(database_url: str, offers: int, evaluators: int, seed: int) -> dict[str, object]:
    """Create the call, its offers and its commission; return the ids and the sign-in details."""
    import pyotp
    from flask_migrate import upgrade

    from app.extensions import db
    from app.models import (
        Assignment,
        BudgetLine,
        Call,
        CallCriterion,
        CallStatus,
        CommissionMember,
        CommissionRole,
        CostKind,
        FormalOutcome,
        FundingSource,
        GrantMode,
        Membership,
        Offer,
        OfferActivity,
        OfferCost,
        OfferResult,
        OfferStatus,
        Organisation,
        OrganisationKind,
        Programme,
        PublicSphere,
        Role,
        Score,
        User,
    )
    from app.passwords import hash_password
    from app.services.funding.calls import STATUTORY_CRITERIA
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    password_text, totp_secret = secrets.token_urlsafe(18), pyotp.random_base32()
    app = generating.portal_app(database_url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with system_scope("bench.generate_call"):
            password = hash_password(password_text)
            department = Organisation(slug="bench-department", name="Wydział Zdrowia i Spraw Społecznych",
                                      kind=OrganisationKind.DEPARTMENT)
            db.session.add(department)
            db.session.flush()
            programme = Programme(organisation_id=department.id, name_pl="Program współpracy (bench)",
                                  first_year=2026, last_year=2027)
            db.session.add(programme)
            db.session.flush()
            line = BudgetLine(organisation_id=department.id, programme_id=programme.id, year=2027,
                              source=FundingSource.CITY_BUDGET, task_pl="Zadania w konkursie (bench)",
                              amount=Decimal("20000000.00"))
            db.session.add(line)
            db.session.flush()
            call = Call(organisation_id=department.id, programme_id=programme.id, budget_line_id=line.id,
                        title_pl="Konkurs ofert (bench)", task_pl="Zadanie publiczne.",
                        sphere=PublicSphere.SOCIAL_ASSISTANCE, grant_mode=GrantMode.SUPPORT,
                        pool=Decimal("3000000.00"), minimum_grant=Decimal("1000.00"),
                        maximum_grant=Decimal("50000.00"), own_share_percent=Decimal("10"),
                        eligible_kinds=" ngo association foundation ", task_starts_on=date(2027, 1, 15),
                        task_ends_on=date(2027, 12, 31), opens_at=NOW - timedelta(days=40),
                        closes_at=NOW - timedelta(days=10), status=CallStatus.EVALUATION,
                        published_at=NOW - timedelta(days=40), commission_closed_at=NOW)
            db.session.add(call)
            db.session.flush()
            criteria = []
            for position, (code, _label, points) in enumerate(STATUTORY_CRITERIA):
                criterion = CallCriterion(organisation_id=department.id, call_id=call.id, position=position,
                                          code=code, name_pl=f"Kryterium {code}", max_points=points)
                db.session.add(criterion)
                criteria.append(criterion)
            db.session.flush()

            members, people = [], []
            representatives = min(2, max(0, evaluators - 1))
            for number in range(evaluators):
                from_department = number < evaluators - representatives
                if from_department:
                    home = department
                else:
                    home = Organisation(slug=f"bench-reviewer-{number}", name=f"Stowarzyszenie Oceniające {number}",
                                        kind=OrganisationKind.ASSOCIATION)
                    db.session.add(home)
                    db.session.flush()
                user = User(email=f"evaluator{number}@bench.example", full_name=f"Oceniający {number}",
                            password_hash=password, locale="pl")
                if from_department:
                    user.totp_secret, user.totp_enabled_at = totp_secret, NOW
                db.session.add(user)
                db.session.flush()
                db.session.add(Membership(user_id=user.id, organisation_id=home.id,
                                          role=Role.OFFICER if from_department else Role.COORDINATOR))
                member = CommissionMember(organisation_id=department.id, call_id=call.id, user_id=user.id,
                                          role=CommissionRole.CHAIR if number == 0 else CommissionRole.MEMBER,
                                          represents_id=None if from_department else home.id)
                db.session.add(member)
                members.append(member)
                people.append({"email": user.email, "department": from_department})
            db.session.flush()

            for number in range(offers):
                applicant = Organisation(slug=f"bench-applicant-{number}", name=f"Fundacja Pomocy nr {number}",
                                         kind=OrganisationKind.FOUNDATION, krs=f"{number + 1:010d}")
                db.session.add(applicant)
                db.session.flush()
                grant = Decimal(rng.randrange(5_000, 50_000))
                own = (grant / 9).quantize(Decimal("0.01"))
                offer = Offer(organisation_id=applicant.id, call_id=call.id, status=OfferStatus.SUBMITTED,
                              receipt_number=f"OK/2027/{call.id}/{number + 1:04d}", submitted_at=NOW,
                              applicant={"name": applicant.name, "krs": applicant.krs},
                              title=f"Wsparcie rodzin w dzielnicy — edycja {number}",
                              starts_on=date(2027, 2, 1), ends_on=date(2027, 11, 30), place="Chorzów",
                              target_group="Rodziny z dziećmi", summary="Zajęcia, poradnictwo i wyjazdy.",
                              requested_grant=grant, own_financial=own, own_in_kind=Decimal("0"),
                              recipients_payments=Decimal("0"), other_funds=Decimal("0"), statements_accepted=True,
                              formal_outcome=FormalOutcome.PASSED, formal_checked_at=NOW)
                db.session.add(offer)
                db.session.flush()
                for position in range(2):
                    db.session.add(OfferActivity(organisation_id=applicant.id, offer_id=offer.id,
                                                 position=position, name=f"Działanie {position + 1}",
                                                 starts_on=date(2027, 2, 1), ends_on=date(2027, 11, 30)))
                    db.session.add(OfferResult(organisation_id=applicant.id, offer_id=offer.id, position=position,
                                               result=f"Rezultat {position + 1}", target_value="40",
                                               monitoring="Listy obecności"))
                parts = (grant, own, Decimal("0.00"))
                for position, part in enumerate(parts):
                    db.session.add(OfferCost(organisation_id=applicant.id, offer_id=offer.id, position=position,
                                             kind=CostKind.ACTIVITY if position < 2 else CostKind.ADMINISTRATIVE,
                                             name=f"Koszt {position + 1}", unit="usługa", unit_cost=part,
                                             units=Decimal("1"), year=2027,
                                             from_grant=part if position == 0 else Decimal("0")))
                for member in members:
                    assignment = Assignment(organisation_id=department.id, member_id=member.id, offer_id=offer.id,
                                            declared_at=NOW, finished_at=NOW)
                    db.session.add(assignment)
                    db.session.flush()
                    for criterion in criteria:
                        db.session.add(Score(organisation_id=department.id, assignment_id=assignment.id,
                                             criterion_id=criterion.id,
                                             points=Decimal(rng.randrange(0, criterion.max_points * 2 + 1)) / 2,
                                             justification="Uzasadnienie oceny."))
                if number % BATCH == BATCH - 1:
                    db.session.flush()
            db.session.commit()
            return {"call_id": call.id, "offers": offers, "evaluators": people, "password": password_text,
                    "totp_secret": totp_secret}


def main(argv=None) -> int:
    parser = generating.make_parser(__doc__, "call")
    parser.add_argument("--offers", type=int, default=300)
    parser.add_argument("--evaluators", type=int, default=7)
    args = parser.parse_args(argv)
    if args.offers < 1 or args.evaluators < 1:
        parser.error("need at least one offer and one evaluator")
    print(json.dumps(generate(args.database_url, args.offers, args.evaluators, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
