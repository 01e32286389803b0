"""The public scope returns only what a resident may see, whatever model is asked, and no confidential address."""

from __future__ import annotations

from datetime import time, timedelta
from functools import partial

import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import (
    Closure,
    ConfidentialAddress,
    Event,
    EventKind,
    Location,
    Phone,
    Schedule,
    SearchWord,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TenantOwned,
    VolunteerOpportunity,
    utcnow,
)
from app.tenancy import TenantScopeError, public_scope, system_scope

NOTHING_PUBLIC = {"AgreementService", "AgreementTarget", "ReportDue", "Statement", "AgreementDocument",
                  "Membership", "Invitation", "Revision", "Feedback", "ConfidentialAddress", "BudgetLine",
                  # offers (migration 0013): residents' comments on a small grant go to the department only; the
                  # attachments and the commission's work are never public
                  "OfferComment", "OfferAttachment", "CommissionMember", "Assignment", "Score",
                  # outcome reports (migration 0017): the public reads only the accepted figures, added up
                  "Report", "ReportVersion", "ReportAttachment",
                  # capacity and referrals (migration 0018): residents see a unit's availability, never its history,
                  # and nothing of a referral
                  "OccupancyUpdate", "OccupancyDay", "Referral",
                  # messages to the network (migration 0020): between organisations and the department only
                  "NetworkMessage", "MessageDelivery"}


def test_every_tenant_owned_model_says_what_is_public(app):
    """A new tenant-owned model must choose: criteria residents see it by, or nothing public at all."""
    models = {mapper.class_ for mapper in db.Model.registry.mappers if issubclass(mapper.class_, TenantOwned)}
    with_criteria = {model.__name__ for model in models if hasattr(model, "public_criteria")}
    assert with_criteria | NOTHING_PUBLIC == {model.__name__ for model in models}
    assert not with_criteria & NOTHING_PUBLIC


@pytest.fixture
def town(make):
    """A published service with a confidential place, and services residents must not see."""
    active = make.organisation("Fundacja Widoczna")
    closed = make.organisation("Fundacja Zamknięta", is_active=False)
    district = make.district("srodmiescie", "Śródmieście", latitude="50.3", longitude="18.95")
    term = make.term("pomoc", "Pomoc")
    places = {key: make.location(organisation, f"Miejsce {key}", street=f"ul. {key.title()} 1", postal_code="41-500",
                                 latitude="50.31", longitude="18.96", city="Chorzów", district=district,
                                 is_confidential=key == "secret")
              for key, organisation in (("open", active), ("secret", active), ("draft", active),
                                        ("event_only", active), ("closed", closed))}
    soon = local_today() + timedelta(days=3)
    service = partial(make.service, phones=["32 100 10 10"], hours=[(0, time(8), time(16))],
                      closures=[(soon, soon + timedelta(days=1))], districts=[district], categories=[term])
    shown = service(active, "Usługa widoczna", places=[places["open"], places["secret"]])
    hidden = [
        service(active, "Usługa nieopublikowana", places=[places["draft"]], is_published=False),
        service(active, "Usługa wycofana", places=[places["draft"]], status=ServiceStatus.INACTIVE),
        service(closed, "Usługa zamkniętej fundacji", places=[places["closed"]]),
    ]
    when = utcnow() + timedelta(days=2)
    workshop = partial(make.event, kind=EventKind.WORKSHOP, description_pl="Opis.", starts_at=when,
                       ends_at=when + timedelta(hours=2))
    workshop(active, "Warsztat", location=places["event_only"])
    workshop(active, "Szkic", is_published=False)
    workshop(closed, "Zamknięty")
    make.opportunity(active, "Pomoc w kuchni", description_pl="Opis.")
    make.opportunity(active, "Ukryta", description_pl="Opis.", is_published=False)
    make.opportunity(closed, "Zamknięta", description_pl="Opis.")
    return {"shown": shown, "hidden": hidden, "places": places}


@pytest.mark.parametrize("model", [Phone, Schedule, Closure, ServiceArea, ServiceTaxonomy, ServiceAtLocation,
                                   SearchWord])
def test_a_services_parts_are_public_only_with_the_service(ctx, town, model):
    with system_scope("tests"):
        everything = set(db.session.execute(select(model.service_id)).scalars())
    with public_scope():
        public = set(db.session.execute(select(model.service_id)).scalars())
    assert set(town["hidden"]) <= everything  # the hidden services have these rows…
    assert public == {town["shown"]}  # …but residents reach only the published one's


def test_services_events_and_opportunities_are_public_when_published_and_active(ctx, town):
    with public_scope():
        assert list(db.session.execute(select(Service.id)).scalars()) == [town["shown"]]
        assert set(db.session.execute(select(Event.title_pl)).scalars()) == {"Warsztat"}
        assert set(db.session.execute(select(VolunteerOpportunity.title_pl)).scalars()) == {"Pomoc w kuchni"}


def test_places_are_public_only_where_something_public_happens(ctx, town):
    places = town["places"]
    with public_scope():
        public = set(db.session.execute(select(Location.id)).scalars())
    assert public == {places["open"], places["secret"], places["event_only"]}  # not the draft's, not the closed's


def test_a_confidential_address_cannot_be_read_publicly(ctx, town):
    secret = town["places"]["secret"]
    with public_scope():
        place = db.session.execute(select(Location).where(Location.id == secret)).unique().scalar_one()
        assert (place.street, place.postal_code, place.latitude, place.longitude) == (None, None, None, None)
        assert place.public_address is None and place.public_coordinates is None
        with pytest.raises(TenantScopeError, match="ConfidentialAddress has nothing public"):
            db.session.execute(select(ConfidentialAddress)).all()
        with pytest.raises(TenantScopeError):
            place.address()  # the organisation's own view of it is not for the public either
    with system_scope("tests"):
        kept = db.session.execute(select(ConfidentialAddress).where(ConfidentialAddress.location_id == secret)
                                  ).scalar_one()
        assert kept.street == "ul. Secret 1"
