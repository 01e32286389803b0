"""The scope guards writes too: a row belongs to the active scope, a child to its parent's organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Feedback, ListingKind, Location, Phone, Service, ServiceAtLocation
from app.tenancy import TenantScopeError, department_scope, organisation_scope, public_scope, system_scope


@pytest.fixture
def tenants(make):
    """Organisations A and B, each with a service and a location."""
    rows = {}
    for key in ("a", "b"):
        org = make.organisation(f"Stowarzyszenie Pisarz {key.upper()}")
        rows[key] = {"org": org.id, "service": make.service(org, f"Usługa {key}"),
                     "location": make.location(org, f"Miejsce {key}")}
    return rows


def _service(service_id):
    return db.session.execute(select(Service).where(Service.id == service_id)).unique().scalar_one()


def test_an_organisation_writes_only_its_own_rows(ctx, tenants):
    a, b = tenants["a"], tenants["b"]
    with organisation_scope(a["org"]):
        db.session.add(Service(organisation_id=b["org"], name_pl="Podrzutek", description_pl="Opis."))
        with pytest.raises(TenantScopeError, match="in the scope of organisation"):
            db.session.flush()
        db.session.rollback()
        own = _service(a["service"])
        own.organisation_id = b["org"]  # moving its own row to another tenant is a write to that tenant
        with pytest.raises(TenantScopeError):
            db.session.flush()
        db.session.rollback()
        own = _service(a["service"])
        own.name_pl = "Usługa A (nowa nazwa)"
        db.session.flush()  # its own row: fine
    with system_scope("tests"):
        assert [s.name_pl for s in db.session.execute(select(Service).order_by(Service.id)).unique().scalars()] \
            == ["Usługa A (nowa nazwa)", "Usługa b"]


def test_a_child_belongs_to_its_parents_organisation(ctx, tenants):
    a, b = tenants["a"], tenants["b"]
    with department_scope():  # even the department cannot tie one tenant's row to another's
        service_a = _service(a["service"])
        db.session.add(Phone(organisation_id=b["org"], service=service_a, number="32 111 22 33"))
        with pytest.raises(TenantScopeError, match="cannot belong to Service"):
            db.session.flush()
        db.session.rollback()
        # a parent named by its id only is read to check it
        db.session.add(ServiceAtLocation(organisation_id=a["org"], service_id=a["service"], location_id=b["location"]))
        with pytest.raises(TenantScopeError, match="cannot belong to Location"):
            db.session.flush()
        db.session.rollback()
    with organisation_scope(a["org"]):
        # another tenant's parent is not even visible from A: refused too
        db.session.add(ServiceAtLocation(organisation_id=a["org"], service_id=a["service"], location_id=b["location"]))
        with pytest.raises(TenantScopeError):
            db.session.flush()
        db.session.rollback()
        phone = Phone(service=_service(a["service"]), number="32 111 22 33")  # no organisation given
        db.session.add(phone)
        db.session.flush()
        assert phone.organisation_id == a["org"]  # it takes its parent's


def test_the_public_may_only_send_feedback_and_no_scope_writes_nothing(ctx, tenants):
    a = tenants["a"]
    with public_scope():
        db.session.add(Feedback(organisation_id=a["org"], kind=ListingKind.SERVICE, object_id=a["service"],
                                message="Zły numer telefonu."))
        db.session.flush()  # residents' feedback is the one thing the public creates
        db.session.add(Service(organisation_id=a["org"], name_pl="Od mieszkańca", description_pl="Opis."))
        with pytest.raises(TenantScopeError, match="the public scope cannot insert Service"):
            db.session.flush()
        db.session.rollback()
    db.session.add(Location(organisation_id=a["org"], name="Bez zakresu"))
    with pytest.raises(TenantScopeError, match="with no tenant scope active"):
        db.session.flush()
    db.session.rollback()


def test_a_child_is_loaded_through_its_parent(ctx, tenants):
    from werkzeug.exceptions import NotFound

    from app.tenancy import get_child_or_404

    a, b = tenants["a"], tenants["b"]
    with system_scope("tests"):
        first = _service(a["service"])
        second = Service(organisation_id=a["org"], name_pl="Druga usługa A", description_pl="Opis.")
        phone = Phone(number="32 222 33 44")
        first.phones.append(phone)
        db.session.add(second)
        db.session.flush()
        other_phone = Phone(number="32 999 00 00")
        service_b = _service(b["service"])
        service_b.phones.append(other_phone)
        db.session.flush()
        ids = (first.id, second.id, phone.id, other_phone.id)
        db.session.commit()
    first_id, second_id, phone_id, other_phone_id = ids
    with organisation_scope(a["org"]):
        assert get_child_or_404(_service(first_id), Phone, phone_id).number == "32 222 33 44"
        with pytest.raises(NotFound):  # the organisation's own phone, under its other service
            get_child_or_404(_service(second_id), Phone, phone_id)
        with pytest.raises(NotFound):  # another tenant's phone
            get_child_or_404(_service(first_id), Phone, other_phone_id)
        with pytest.raises(NotFound):
            get_child_or_404(_service(first_id), Phone, "junk")
