"""Rules of the listing editor and of moderation, called directly."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.extensions import db
from app.models import AuditEvent, ChangeAction, ListingKind, Organisation, RevisionStatus, Service
from app.services import ServiceError
from app.services.listings import editor as listing_editor
from app.services.listings import values as listing_values
from app.services.moderation import review, takedown
from app.services.workflow import revisions
from app.services.workflow.comparison import comparison, generic_display, title_of
from app.tenancy import department_scope, organisation_scope

VALID = {"name_pl": "Poradnia", "description_pl": "Porady.", "audience_pl": "Dorośli.", "is_free": True,
         "status": "active"}


def refused(function, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        function(*args, **kwargs)
    return error.value


def test_needs_review_until_the_department_verifies():
    assert review.needs_review(SimpleNamespace(is_verified=False))
    assert not review.needs_review(SimpleNamespace(is_verified=True))


def test_service_values_are_checked_field_by_field(ctx):
    clean = listing_values.clean_service_values
    assert clean(VALID, 1)["name_uk"] is None  # translations optional
    for changes, field in (({"name_pl": "  "}, "name_pl"), ({"audience_pl": ""}, "audience_pl"),
                           ({"minimum_age": "-1"}, "minimum_age"), ({"maximum_age": "121"}, "maximum_age"),
                           ({"minimum_age": "abc"}, "minimum_age"),
                           ({"minimum_age": 30, "maximum_age": 12}, "maximum_age"),
                           ({"url": "ftp://example.org"}, "url"), ({"url": "javascript:alert(1)"}, "url"),
                           ({"email": "nobody"}, "email"), ({"is_free": False}, "fees_pl"),
                           ({"target_groups": ["aliens"]}, "target_groups"), ({"languages": ["xx"]}, "languages"),
                           ({"status": "open"}, "status"), ({"phones": [{"number": "abc"}]}, "phones")):
        assert refused(clean, {**VALID, **changes}, 1).field == field, changes
    values = clean({**VALID, "minimum_age": "0", "maximum_age": "120", "url": "http://example.org/a",
                    "target_groups": ["women", "children"], "is_free": False, "fees_pl": "10 zł",
                    "phones": [{"number": ""}, {"number": "+48 600 100 200", "is_24h": "y"}]}, 1)
    assert values["minimum_age"] == 0 and values["maximum_age"] == 120
    assert values["target_groups"] == ["children", "women"]
    assert values["phones"] == [{"number": "+48 600 100 200", "description_pl": None, "description_uk": None,
                                 "description_en": None, "is_24h": True}]


def test_a_required_value_an_older_record_lacks_may_stay_missing_but_not_be_cleared(ctx):
    clean = listing_values.clean_service_values
    older = {**VALID, "audience_pl": None, "is_free": False, "fees_pl": None}
    assert list(listing_values.missing_required(older)) == ["audience_pl", "fees_pl"]
    assert listing_values.missing_required(VALID) == {}
    values = clean({**older, "description_pl": "Nowy opis."}, 1, before=older)
    assert values["description_pl"] == "Nowy opis." and values["audience_pl"] is None and values["fees_pl"] is None
    assert refused(clean, older, 1).field == "audience_pl"  # a new service
    assert refused(clean, {**VALID, "audience_pl": " "}, 1, before=VALID).field == "audience_pl"  # cleared
    assert refused(clean, {**VALID, "is_free": False}, 1, before=VALID).field == "fees_pl"  # was free, now paid


def test_hours_close_after_they_open_twice_a_day_at_most():
    hours = listing_values.clean_hours
    assert hours([{"weekday": 1, "opens": "13:00", "closes": "16:00"},
                  {"weekday": 1, "opens": "08:00", "closes": "12:00"}]) == [
        {"weekday": 1, "opens": "08:00", "closes": "12:00"}, {"weekday": 1, "opens": "13:00", "closes": "16:00"}]
    for bad in ([{"weekday": 0, "opens": "10:00", "closes": "10:00"}],
                [{"weekday": 0, "opens": "08:00", "closes": "12:00"}, {"weekday": 0, "opens": "11:00",
                                                                       "closes": "13:00"}],
                [{"weekday": 0, "opens": f"0{h}:00", "closes": f"0{h}:30"} for h in range(3)],
                [{"weekday": 7, "opens": "08:00", "closes": "09:00"}],
                [{"weekday": 0, "opens": "8 rano", "closes": "09:00"}]):
        assert refused(hours, bad).field == "hours"


def test_hours_problems_name_their_day(ctx):
    hours = listing_values.clean_hours
    for bad, message in (
            ([{"weekday": 2, "opens": "8 rano", "closes": "09:00"}], "Wednesday: give the time like 08:30."),
            ([{"weekday": 6, "opens": "10:00", "closes": "09:00"}],
             "Sunday: the closing time must be later than the opening time."),
            ([{"weekday": 0, "opens": "08:00", "closes": "12:00"}, {"weekday": 0, "opens": "11:00", "closes": "13:00"}],
             "Monday: the two opening times overlap."),
            ([{"weekday": 4, "opens": f"0{h}:00", "closes": f"0{h}:30"} for h in range(3)],
             "Friday: give at most two opening times.")):
        assert str(refused(hours, bad).message) == message


def test_closures_end_on_or_after_their_start():
    closure = listing_values.clean_closure
    assert closure({"starts_on": "2030-01-01"})["ends_on"] == "2030-01-01"  # a single day
    assert refused(closure, {"starts_on": "2030-01-02", "ends_on": "2030-01-01"}).field == "ends_on"
    assert refused(closure, {"starts_on": "2030-01-01", "ends_on": "2031-06-01"}).field == "ends_on"
    assert refused(closure, {"starts_on": "2030-02-31"}).field == "starts_on"


def test_location_values_are_checked(ctx):
    clean = listing_values.clean_location_values
    base = {"name": "Punkt", "postal_code": "41-500"}
    assert clean({**base, "latitude": "50,2649", "longitude": "19.0238"})["latitude"] == "50.264900"
    for changes, field in (({"name": ""}, "name"), ({"postal_code": "41 500"}, "postal_code"),
                           ({"latitude": "91", "longitude": "19"}, "latitude"),
                           ({"latitude": "19.02", "longitude": "50.26"}, "latitude"),  # swapped
                           ({"latitude": "NaN", "longitude": "19"}, "latitude"),
                           ({"latitude": "50.2"}, "longitude"),
                           ({"is_confidential": True}, "intake_pl"),
                           ({"district_id": "12345"}, "district_id")):
        assert refused(clean, {**base, **changes}).field == field, changes


@pytest.fixture
def organisation(make):
    return make.organisation("Fundacja Jednostkowa")


def _service(organisation_id: int) -> Service:
    org = db.session.get(Organisation, organisation_id)
    service = Service(organisation_id=organisation_id, organisation=org, name_pl="Stara nazwa",
                      description_pl="Stary opis.", audience_pl="Dorośli.")
    db.session.add(service)
    db.session.flush()
    return service


def test_a_newer_request_withdraws_the_older_and_a_new_listing_stays_a_creation(ctx, organisation):
    with organisation_scope(organisation.id):
        org = db.session.get(Organisation, organisation.id)
        saved = listing_editor.save_service(None, VALID, organisation=org, actor=None)
        assert saved.waiting and saved.change.action == ChangeAction.CREATE and not saved.row.is_published
        again = listing_editor.save_service(saved.row, {**VALID, "name_pl": "Poradnia 2"}, organisation=org,
                                            actor=None)
        assert again.change.id != saved.change.id and again.change.action == ChangeAction.CREATE
        assert saved.change.status == RevisionStatus.WITHDRAWN
        assert revisions.pending_for(ListingKind.SERVICE, saved.row.id, org.id).id == again.change.id
        same = listing_editor.save_service(saved.row, {**VALID, "name_pl": "Poradnia 2"}, organisation=org,
                                           actor=None)
        assert same.change.id == again.change.id  # nothing new to ask for
        db.session.rollback()


def test_approve_applies_and_reject_needs_a_note(ctx, organisation):
    with department_scope():
        service = _service(organisation.id)
        org = service.organisation
        before = listing_values.service_values(service)
        change = revisions.submit(ListingKind.SERVICE, ChangeAction.UPDATE, organisation=org, object_id=service.id,
                                   before=before, proposed={**before, "name_pl": "Nowa nazwa"}, actor=None)
        assert service.name_pl == "Stara nazwa"
        rows = {row.name: row for row in comparison(change)}
        assert rows["name_pl"].changed and rows["name_pl"].before == "Stara nazwa"
        assert rows["name_pl"].after == "Nowa nazwa" and not rows["description_pl"].changed
        assert refused(revisions.reject, change, actor=None, note=" ").field == "note"
        assert change.status == RevisionStatus.PENDING
        revisions.approve(change, actor=None)
        assert service.name_pl == "Nowa nazwa" and change.status == RevisionStatus.APPROVED
        assert service.last_verified_at is not None and " nowa " in service.search_name
        decided_at = change.decided_at
        assert str(refused(revisions.approve, change, actor=None).message) == "This change has already been decided."
        assert change.status == RevisionStatus.APPROVED and change.decided_at == decided_at
        assert title_of(change) == "Nowa nazwa"
        db.session.rollback()


def test_taking_down_needs_a_reason_and_only_the_department_puts_it_back(ctx, organisation):
    with department_scope():
        service = _service(organisation.id)
        assert refused(takedown.unpublish_service, service, actor=None, reason="").field == "reason"
        assert str(refused(takedown.republish_service, service, actor=None).message) == (
            "Only a listing the department took down can be published again here.")
        assert service.is_published  # a listing that was never taken down stays as it was
        takedown.unpublish_service(service, actor=None, reason="Nieaktualne dane.")
        assert not service.is_published and service.unpublished_reason == "Nieaktualne dane."
        org = service.organisation
        org.is_verified = True
        listing_editor.save_service(service, {**VALID, "name_pl": "Poprawiona"}, organisation=org, actor=None)
        assert service.name_pl == "Poprawiona" and not service.is_published  # editing does not republish
        takedown.republish_service(service, actor=None)
        assert service.is_published and service.unpublished_at is None
        db.session.rollback()


def test_values_read_well_in_the_comparison(ctx):
    assert generic_display(None) == "—" and generic_display(True) == "Yes"
    assert generic_display([{"a": 1}, "b"]) == "a: 1\nb"
    assert listing_editor.display_service_value("status", "temporarily closed") == "Temporarily closed"
    assert listing_editor.display_service_value("hours", [{"weekday": 0, "opens": "08:00", "closes": "12:00"}]) \
        == "Monday 08:00–12:00"
    assert listing_editor.display_service_value("name_pl", "x") is None


def test_a_change_of_a_vanished_listing_cannot_be_approved(ctx, organisation):
    with department_scope():
        service = _service(organisation.id)
        before = listing_values.service_values(service)
        change = revisions.submit(ListingKind.SERVICE, ChangeAction.UPDATE, organisation=service.organisation,
                                   object_id=service.id, before=before,
                                   proposed={**before, "name_pl": "Nazwa po zmianie"}, actor=None)
        vanished_id = service.id
        db.session.delete(service)  # the organisation deleted the listing while the change waited
        db.session.flush()
        error = refused(revisions.approve, change, actor=None)
        assert str(error.message) == "The listing no longer exists."
        assert change.status == RevisionStatus.PENDING  # still waiting: nothing was decided
        assert (change.decided_at, change.decided_by_id, change.decision_note) == (None, None, None)
        assert change.object_id == vanished_id
        assert db.session.get(Service, vanished_id) is None  # nothing brought back
        assert db.session.query(Service).filter_by(name_pl="Nazwa po zmianie").count() == 0  # nor created
        actions = {event.action for event in db.session.query(AuditEvent)}
        assert "revision.approved" not in actions and "service.updated" not in actions
        db.session.rollback()
