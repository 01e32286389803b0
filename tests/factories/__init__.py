"""Test factories, one module per feature (as app/services/<area>), all reachable from the ``make`` fixture.

Each factory opens its own app context in the system scope, commits (a savepoint of the test's
rolled-back transaction) and returns plain values: an id, or a small frozen value (``Org``,
``Person``). Keyword arguments have Polish defaults; ``organisation`` is an ``Org`` or its id.

    org = make.organisation("Fundacja Przystań")
    place = make.location(org, "Punkt Przystań", street="ul. Ukryta 3", is_confidential=True)
    service = make.service(org, "Noclegownia", places=[place], phones=["32 100 20 30"])
    make.event(org, "Grupa wsparcia", location=place)
    make.revision(service, changes={"name_pl": "Noclegownia nowa"}, actor=make.user(member_of=org))
"""

from __future__ import annotations

from tests.factories.activities import Activities
from tests.factories.agreements import Agreements
from tests.factories.alerts import Alerts
from tests.factories.directory import Directory
from tests.factories.feedback import Feedbacks
from tests.factories.funding import Funding
from tests.factories.indicators import Indicators
from tests.factories.networks import Networks
from tests.factories.organisations import PASSWORD, Org, Organisations, Person
from tests.factories.referrals import Referrals
from tests.factories.reports import Reports
from tests.factories.workflow import Workflow

__all__ = ["PASSWORD", "Factory", "Org", "Person"]


class Factory(Organisations, Directory, Activities, Feedbacks, Workflow, Alerts, Funding, Agreements, Indicators,
              Reports, Referrals, Networks):
    """Every feature's factories on one object (the ``make`` fixture)."""
