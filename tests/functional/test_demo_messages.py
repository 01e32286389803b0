"""The demo city's messages to the network: the winter action's message to the members of "Akcja zima" — read by
some, not yet by others, in three languages — and an older one to every shelter, chosen by kind."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.demo.messages import SHELTERS_KEY, WINTER_KEY, WINTER_NETWORK, load_messages
from app.extensions import db
from app.models import Membership, MessageDelivery, NetworkMessage, Organisation, OrganisationKind, User
from app.models.networks import Network
from app.tenancy import system_scope
from app.unit_of_work import unit_of_work
from tests.factories.organisations import Person
from tests.functional.support import page


@pytest.fixture
def demo(app, tmp_path, make):
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context(), system_scope("tests"):
        network = db.session.execute(select(Network).where(Network.name == WINTER_NETWORK)).scalar_one_or_none()
        shelters = list(db.session.scalars(select(Organisation.id).where(
            Organisation.kind == OrganisationKind.SHELTER).order_by(Organisation.id)))
        department = db.session.execute(select(Organisation).where(
            Organisation.kind == OrganisationKind.DEPARTMENT)).scalar_one()
    if network is None:  # without the demo networks (app/demo/networks.py), the test makes the network itself
        make.network(department.id, shelters[:3] + _others(app, 2), WINTER_NETWORK)
        with app.app_context(), system_scope("tests"), unit_of_work():
            load_messages({"department": db.session.execute(select(Organisation).where(
                Organisation.id == department.id)).scalar_one()})
    return app


def _others(app, count: int) -> list[int]:
    with app.app_context(), system_scope("tests"):
        return list(db.session.scalars(select(Organisation.id).where(
            Organisation.kind.not_in([OrganisationKind.SHELTER, OrganisationKind.DEPARTMENT])).limit(count)))


def test_the_winter_message_is_read_by_some_members_and_not_others(demo, rows, browser):
    winter = rows.one(NetworkMessage, submission_key=WINTER_KEY)
    assert winter.subject_pl == "Akcja zima: zaktualizujcie wolne miejsca do 18:00"
    assert winter.subject_uk and winter.body_uk and winter.subject_en and winter.body_en
    deliveries = rows.all(MessageDelivery, message_id=winter.id)
    read = [d for d in deliveries if d.read_at is not None]
    assert read and len(read) < len(deliveries)
    assert all(d.emailed_at is not None for d in deliveries)
    assert all(d.read_at > winter.sent_at and d.read_by_id for d in read)

    unread = next(d for d in deliveries if d.read_at is None)
    membership = rows.first(Membership, organisation_id=unread.organisation_id)
    member = rows.one(User, id=membership.user_id)
    reader = browser(Person(member.id, member.email), organisation=SimpleNamespace(id=unread.organisation_id))
    inbox = page(reader.get("/workspace/messages/"))
    assert inbox.status == 200 and "Winter action: update your free places by 18:00" in inbox
    assert "unread" in inbox


def test_the_older_message_reached_every_shelter_by_kind(demo, rows):
    shelters = {o.id for o in rows.all(Organisation, kind=OrganisationKind.SHELTER)}
    message = rows.one(NetworkMessage, submission_key=SHELTERS_KEY)
    deliveries = rows.all(MessageDelivery, message_id=message.id)
    assert {d.organisation_id for d in deliveries} == shelters
    assert sum(d.read_at is None for d in deliveries) == 1
    assert '"kinds":["shelter"]' in message.audience


def test_loading_again_adds_no_message(demo, rows):
    before = rows.count(NetworkMessage)
    result = demo.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0 and rows.count(NetworkMessage) == before
