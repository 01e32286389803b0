"""The demo city's partners and networks as a newcomer meets them: the Dzierżoniów seed's partner institutions as
organisations of their kinds (most with no listing), three networks with their coordinators, members, contacts and
what each brings, and a police coordinator who reads the interdisciplinary team's page."""

from __future__ import annotations

import pytest

from app.demo.content import read
from app.models import Network, NetworkMember, Organisation, OrganisationKind, Service, User
from app.models.tenancy import PARTNER_INSTITUTION_KINDS
from tests.factories.organisations import Person
from tests.functional.support import page


@pytest.fixture
def demo(app, tmp_path):
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def test_the_demo_networks_refer_only_to_demo_organisations():
    organisations = {o["key"] for o in read("organisations")}
    for network in read("networks"):
        assert network["coordinator"] in organisations
        keys = [m["organisation"] for m in network["members"]]
        assert set(keys) <= organisations and len(keys) == len(set(keys)), network["name"]


def test_the_partners_and_their_networks(demo, rows, browser):
    by_slug = {o.slug: o for o in rows.all(Organisation)}
    kinds = {o.kind for o in by_slug.values()}
    assert set(PARTNER_INSTITUTION_KINDS) - {OrganisationKind.PUBLIC_INSTITUTION} <= kinds
    assert by_slug["demo-ops"].kind == OrganisationKind.SOCIAL_WELFARE_CENTRE
    listed = {s.organisation_id for s in rows.all(Service)}
    partners = [o for o in by_slug.values() if o.kind in PARTNER_INSTITUTION_KINDS
                and o.kind not in (OrganisationKind.PUBLIC_INSTITUTION, OrganisationKind.SOCIAL_WELFARE_CENTRE)]
    assert len(partners) >= 10 and not any(o.id in listed for o in partners)  # no public listing of their own

    networks = {n.name: n for n in rows.all(Network)}
    assert set(networks) == {"Zespół interdyscyplinarny", "Akcja zima", "Partnerzy programu alkoholowego"}
    assert networks["Zespół interdyscyplinarny"].coordinator_organisation_id == by_slug["demo-ops"].id
    assert networks["Akcja zima"].coordinator_organisation_id == by_slug["demo-department"].id
    assert networks["Partnerzy programu alkoholowego"].coordinator_organisation_id == by_slug["demo-mkrpa"].id
    team = {m.organisation_id: m for m in rows.all(NetworkMember, network_id=networks["Zespół interdyscyplinarny"].id)}
    for slug in ("police", "court", "clinic", "school3", "school1", "crisis", "mkrpa"):
        assert by_slug[f"demo-{slug}"].id in team, slug
    assert all(m.role_in_network for m in team.values())

    police = Person(id=rows.one(User, email="police.coordinator@demo.example").id,
                    email="police.coordinator@demo.example")
    client = browser(police)
    ours = page(client.get("/workspace/networks/"))
    assert [r["Network"] for r in ours.tables()[0].records()] == [
        "Akcja zima", "Partnerzy programu alkoholowego", "Zespół interdyscyplinarny"]
    shown = page(client.get(f"/workspace/networks/{networks['Zespół interdyscyplinarny'].id}"))
    assert shown.status == 200 and "kuratorzy@demo.example" in shown and "Kuratorzy rodzinni" in shown
    assert "Change our contact for this network" in shown

    again = demo.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "'networks': 0" in again.output
    assert rows.count(Network) == 3
