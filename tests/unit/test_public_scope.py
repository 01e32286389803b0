"""The public scope returns only what a resident may see, whatever model is asked, and no confidential address."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Closure,
    ConfidentialAddress,
    District,
    Event,
    EventKind,
    Location,
    Organisation,
    Phone,
    Schedule,
    SearchWord,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
    TaxonomyTerm,
    TenantOwned,
    VolunteerOpportunity,
    utcnow,
)
from app.services.directory.index import refresh_search_text
from app.tenancy import TenantScopeError, public_scope, system_scope

NOTHING_PUBLIC = {"Membership", "Invitation", "Revision", "Feedback", "ConfidentialAddress"}


def test_every_tenant_owned_model_says_what_is_public(app):
    """A new tenant-owned model must choose: criteria residents see it by, or nothing public at all."""
    models = {mapper.class_ for mapper in db.Model.registry.mappers if issubclass(mapper.class_, TenantOwned)}
    with_criteria = {model.__name__ for model in models if hasattr(model, "public_criteria")}
    assert with_criteria | NOTHING_PUBLIC == {model.__name__ for model in models}
    assert not with_criteria & NOTHING_PUBLIC


def _service(organisation_id: int, name: str, district, term, place, **fields) -> Service:
    service = Service(organisation_id=organisation_id, name_pl=name, description_pl=f"Opis: {name}.", **fields)
    service.phones.append(Phone(number="32 100 10 10"))
    service.schedules.append(Schedule(weekday=0, opens_at=time(8), closes_at=time(16)))
    soon = date.today() + timedelta(days=3)
    service.closures.append(Closure(starts_on=soon, ends_on=soon + timedelta(days=1)))
    service.area_links.append(ServiceArea(district=district))
    service.taxonomy_links.append(ServiceTaxonomy(term=term))
    service.service_at_locations.append(ServiceAtLocation(location=place))
    db.session.add(service)
    db.session.flush()
    refresh_search_text(service)
    return service


@pytest.fixture
def town(app, make):
    """A published service with a confidential place, and services residents must not see."""
    active = make.organisation("Fundacja Widoczna")
    closed = make.organisation("Fundacja Zamknięta")
    with app.app_context(), system_scope("tests"):
        district = District(code="srodmiescie", name="Śródmieście", latitude=Decimal("50.3"),
                            longitude=Decimal("18.95"))
        term = TaxonomyTerm(code="pomoc", label_pl="Pomoc")
        places = {}
        for key, organisation_id in (("open", active.id), ("secret", active.id), ("draft", active.id),
                                     ("event_only", active.id), ("closed", closed.id)):
            place = Location(organisation_id=organisation_id, name=f"Miejsce {key}", city="Chorzów", district=district,
                             is_confidential=key == "secret")
            place.set_address(street=f"ul. {key.title()} 1", postal_code="41-500", latitude=Decimal("50.31"),
                              longitude=Decimal("18.96"))
            places[key] = place
        db.session.add_all([district, term, *places.values()])
        db.session.flush()
        shown = _service(active.id, "Usługa widoczna", district, term, places["open"])
        shown.service_at_locations.append(ServiceAtLocation(location=places["secret"]))
        hidden = [
            _service(active.id, "Usługa nieopublikowana", district, term, places["draft"], is_published=False),
            _service(active.id, "Usługa wycofana", district, term, places["draft"], status=ServiceStatus.INACTIVE),
            _service(closed.id, "Usługa zamkniętej fundacji", district, term, places["closed"]),
        ]
        when = utcnow() + timedelta(days=2)
        db.session.add_all([
            Event(organisation_id=active.id, kind=EventKind.WORKSHOP, title_pl="Warsztat", description_pl="Opis.",
                  starts_at=when, ends_at=when + timedelta(hours=2), location=places["event_only"]),
            Event(organisation_id=active.id, kind=EventKind.WORKSHOP, title_pl="Szkic", description_pl="Opis.",
                  starts_at=when, ends_at=when + timedelta(hours=2), is_published=False),
            Event(organisation_id=closed.id, kind=EventKind.WORKSHOP, title_pl="Zamknięty", description_pl="Opis.",
                  starts_at=when, ends_at=when + timedelta(hours=2)),
            VolunteerOpportunity(organisation_id=active.id, title_pl="Pomoc w kuchni", description_pl="Opis."),
            VolunteerOpportunity(organisation_id=active.id, title_pl="Ukryta", description_pl="Opis.",
                                 is_published=False),
            VolunteerOpportunity(organisation_id=closed.id, title_pl="Zamknięta", description_pl="Opis."),
        ])
        db.session.get(Organisation, closed.id).is_active = False
        db.session.commit()
        return {"shown": shown.id, "hidden": [s.id for s in hidden],
                "places": {key: place.id for key, place in places.items()}}


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
