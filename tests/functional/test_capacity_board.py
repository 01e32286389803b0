"""The department's capacity board: what each filter leaves on the board, the totals, the day series carried over
days nobody counted, the CSV, who may read and who may keep the kinds, and the unit's history."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import AuditEvent, CapacityKind, CapacityKindCode, CapacityUnit, OccupancyDay, utcnow
from app.tenancy import system_scope
from tests.functional.support import page

TODAY = local_today()


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global TODAY
    TODAY = local_today()


def add_unit(app, make, org, name, *, kind=CapacityKindCode.NIGHT_SHELTER, total=10, occupied=0, reserved=0,
             out_of_service=0, serves=("men",), district=None, counted_hours_ago=1, custom_kind_id=None,
             confidential=False, days=()) -> int:
    """A unit of ``org`` with its counts now and its ``days`` [(days ago, occupied_max, occupied_last, in service)]."""
    location = make.location(org, f"Miejsce {name}", street="ul. Ukryta 5", district=district,
                             is_confidential=confidential)
    service = make.service(org, f"Usługa {name}", places=[location])
    with app.app_context(), system_scope("tests"):
        unit = CapacityUnit(organisation_id=org.id, name=name, kind=kind, custom_kind_id=custom_kind_id,
                            service_id=service, location_id=location, total=total, occupied=occupied,
                            reserved=reserved, out_of_service=out_of_service,
                            counted_at=utcnow() - timedelta(hours=counted_hours_ago))
        unit.serves_list = serves
        db.session.add(unit)
        db.session.flush()
        for ago, high, last, in_service in days:
            db.session.add(OccupancyDay(unit_id=unit.id, organisation_id=org.id, day=TODAY - timedelta(days=ago),
                                        occupied_max=high, occupied_last=last, in_service_last=in_service))
        db.session.commit()
        return unit.id


@pytest.fixture
def board_city(app, make, city):
    north = make.district("polnoc", "Północ")
    south = make.district("poludnie", "Południe")
    with app.app_context(), system_scope("tests"):
        hostel = CapacityKind(code="hostel.women", label_pl="Hostel dla kobiet", label_en="Women's hostel")
        db.session.add(hostel)
        db.session.commit()
        hostel_id = hostel.id
    units = {
        "Sala Męska": add_unit(app, make, city.org_a, "Sala Męska", total=10, occupied=10, district=north,
                               days=[(20, 9, 8, 10), (1, 10, 10, 10)]),
        "Pokój Kobiet": add_unit(app, make, city.org_b, "Pokój Kobiet", kind=CapacityKindCode.OTHER,
                                 custom_kind_id=hostel_id, total=6, occupied=2, reserved=1, out_of_service=1,
                                 serves=("women", "mothers_with_children"), district=south, confidential=True,
                                 days=[(3, 3, 2, 5)]),
        "Klub Stary": add_unit(app, make, city.org_b, "Klub Stary", kind=CapacityKindCode.DAY_CLUB, total=20,
                               occupied=5, serves=("youth",), district=north, counted_hours_ago=30),
    }
    return units, north, south, hostel_id


def _rows(response) -> list[str]:
    """The units' names on the board, in order (the first table of the page)."""
    assert response.status_code == 200
    return [row[0] for row in page(response).tables()[0].rows[1:] if len(row) > 1]


def test_the_department_sees_every_unit_with_totals_and_filters_narrow_it(client, login, city, board_city):
    _units, north, _south, hostel_id = board_city
    login(client, city.dept_officer)
    response = client.get("/console/capacity/")
    assert response.status_code == 200
    assert _rows(response) == ["Klub Stary", "Pokój Kobiet", "Sala Męska"]  # by organisation, then unit
    totals = page(response).text_of("capacity-totals")
    assert "36" in totals and "17" in totals  # places; occupied
    body = response.get_data(as_text=True)
    assert "ul. Ukryta" not in body  # never an address, a confidential one least of all
    assert "Hostel dla kobiet" in body

    assert _rows(client.get(f"/console/capacity/?district={north}")) == ["Klub Stary", "Sala Męska"]
    assert _rows(client.get("/console/capacity/?serves=women")) == ["Pokój Kobiet"]
    assert _rows(client.get(f"/console/capacity/?kind=custom-{hostel_id}")) == ["Pokój Kobiet"]
    assert _rows(client.get("/console/capacity/?kind=day_club")) == ["Klub Stary"]
    assert _rows(client.get("/console/capacity/?free=y")) == ["Klub Stary", "Pokój Kobiet"]
    stale = client.get("/console/capacity/?stale=y", headers={"Accept-Language": "en"})
    assert _rows(stale) == ["Klub Stary"]
    assert "not counted for 24 hours" in stale.get_data(as_text=True)


def test_a_value_not_offered_is_said_and_ignored(client, login, city, board_city):
    login(client, city.dept_analyst)
    response = client.get("/console/capacity/?kind=spaceship&district=x&days=7", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert len(_rows(response)) == 3
    assert "this value is not offered" in response.get_data(as_text=True)


def test_the_day_series_carries_a_units_last_day_forward(client, login, city, board_city):
    _units, north, _south, _hostel_id = board_city
    login(client, city.dept_officer)
    response = client.get(f"/console/capacity/?district={north}&days=30&format=csv&table=days")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1 + 30
    by_day = {row[0]: row for row in rows[1:]}
    assert len(by_day) == 30
    values = [(int(row[1]), int(row[2])) for row in rows[1:]]
    # Sala Męska: 20 days ago 9 (highest) of 10; carried as 8 (its day's end) until yesterday's 10; Klub Stary has
    # no day rows at all, so it is not counted.
    assert values[30 - 21] == (9, 10)
    assert values[30 - 20] == (8, 10)
    assert values[30 - 2] == (10, 10)
    assert values[-1] == (10, 10)
    assert values[0] == (0, 0)  # before its first row a unit is not counted


def test_the_units_table_is_paged_but_the_totals_and_csv_are_not(client, login, city, board_city, monkeypatch):
    monkeypatch.setattr("blueprints.capacity.console.UNITS_PER_PAGE", 2)
    login(client, city.dept_officer)

    def units_rows(shown):
        body = re.search(r'<table id="capacity-units">.*?<tbody>(.*?)</tbody>', shown.html, re.S).group(1)
        return body.count("<tr>")

    def link(shown, rel):
        found = re.search(rf'<a href="([^"]+)" rel="{rel}">', shown.html)
        return found and html.unescape(found.group(1))

    first = page(client.get("/console/capacity/"))
    assert units_rows(first) == 2 and link(first, "prev") is None
    second = page(client.get(link(first, "next")))
    assert units_rows(second) == 1 and link(second, "next") is None and link(second, "prev")
    assert page(client.get("/console/capacity/?page=99")).status == 200  # past the end: the last page
    csv_lines = client.get("/console/capacity/?format=csv&page=2").get_data(as_text=True).strip().splitlines()
    assert len(csv_lines) == 1 + 3 + 1  # every unit, whatever the page


def test_the_units_csv_has_the_filtered_rows(client, login, city, board_city):
    login(client, city.dept_analyst)
    response = client.get("/console/capacity/?serves=youth&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert [row[1] for row in rows[1:-1]] == ["Klub Stary"]
    assert rows[1][0] == "Schronisko B" and rows[1][6] == "15"  # free places
    full = client.get("/console/capacity/?format=csv")
    assert len(full.get_data(as_text=True).strip().splitlines()) == 1 + 3 + 1  # heading, units, totals
    assert "ul. Ukryta" not in full.get_data(as_text=True)
    # the page's "XLSX" links give a workbook of the same rows, not the page
    workbook = client.get("/console/capacity/?serves=youth&format=xlsx")
    assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.data)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, max_row=2, values_only=True)] == ["Klub Stary"]
    days = client.get("/console/capacity/?table=days&days=14&format=xlsx")
    assert days.mimetype.endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(days.data)).active.max_row >= 1 + 14


def test_an_organisation_member_sees_none_of_the_board(app, client, login, city, board_city):
    units, *_ = board_city
    login(client, city.a_admin)
    for url in ("/console/capacity/", f"/console/capacity/units/{units['Sala Męska']}", "/console/capacity/kinds/",
                "/console/capacity/?format=csv"):
        response = client.get(url)
        assert response.status_code == 303, url  # to the workspace, where the organisation keeps its own units
        assert "/console/" not in response.headers["Location"]
    assert client.get(f"/console/capacity/units/{units['Klub Stary']}").status_code == 404  # B's unit
    assert client.post("/console/capacity/kinds/new", data={"code": "org.kind", "label_pl": "Nie"}).status_code == 303
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(CapacityKind.id).where(CapacityKind.code == "org.kind")).first() is None


def test_the_units_history_page(client, login, city, board_city):
    units, *_ = board_city
    login(client, city.dept_analyst)
    response = client.get(f"/console/capacity/units/{units['Pokój Kobiet']}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Miejsce Pokój Kobiet" in body and "ul. Ukryta" not in body
    assert "Hostel dla kobiet" in body
    assert client.get("/console/capacity/units/999999").status_code == 404


def test_the_analyst_reads_but_does_not_keep_the_kinds(client, login, city, board_city):
    login(client, city.dept_analyst)
    assert client.get("/console/capacity/kinds/").status_code == 403
    assert client.get("/console/capacity/kinds/new").status_code == 403
    assert 'href="/console/capacity/kinds/"' not in client.get("/console/capacity/").get_data(as_text=True)


def test_an_officer_adds_and_edits_a_kind(app, client, login, city, board_city):
    login(client, city.dept_officer)
    assert 'href="/console/capacity/kinds/"' in client.get("/console/capacity/").get_data(as_text=True)
    assert "Hostel dla kobiet" in client.get("/console/capacity/kinds/").get_data(as_text=True)
    refused = client.post("/console/capacity/kinds/new", data={"code": "hostel.women", "label_pl": "Drugi"})
    assert refused.status_code == 400
    assert page(refused).field_error("code") == "Inny rodzaj miejsc ma już ten kod."  # said beside the field
    assert client.post("/console/capacity/kinds/new", data={"code": "Zły kod!", "label_pl": ""}).status_code == 400
    done = client.post("/console/capacity/kinds/new", data={
        "code": "flat.training", "label_pl": "Mieszkanie treningowe", "label_uk": "Тренувальна квартира",
        "position": "3", "is_active": "y"})
    assert done.status_code == 303
    with app.app_context(), system_scope("tests"):
        kind = db.session.execute(select(CapacityKind).where(CapacityKind.code == "flat.training")).scalar_one()
        kind_id = kind.id
        assert kind.position == 3 and kind.is_active
    assert client.post(f"/console/capacity/kinds/{kind_id}/edit",
                       data={"label_pl": "Mieszkanie wspierane", "position": "1"}).status_code == 303
    with app.app_context(), system_scope("tests"):
        kind = db.session.get(CapacityKind, kind_id)
        assert kind.label_pl == "Mieszkanie wspierane" and not kind.is_active
        actions = db.session.execute(select(AuditEvent.action).where(AuditEvent.action.like("capacity_kind.%"))
                                     ).scalars().all()
        assert sorted(actions) == ["capacity_kind.created", "capacity_kind.updated"]
    assert f"custom-{kind_id}" in client.get("/console/capacity/").get_data(as_text=True)


def test_a_count_changed_is_on_the_next_board_drawn(app, client, login, city, board_city):
    """The board's kept parts hang on the places' data version: a +1 through the service shows at once."""
    from app.models import Membership, OccupancyChange, User
    from app.permissions import Actor
    from app.services.capacity.occupancy import change_occupancy
    from app.tenancy import organisation_scope
    from app.unit_of_work import unit_of_work

    units, *_ = board_city
    app.config["FRAGMENT_CACHE"] = True
    try:
        from app import fragment_cache

        fragment_cache.clear()
        login(client, city.dept_officer)
        assert "15" in page(client.get("/console/capacity/?kind=day_club")).tables()[0].rows[1][6]
        with app.app_context(), organisation_scope(city.org_b.id), unit_of_work():
            user = db.session.execute(select(User).where(User.id == city.b_staff.id)).scalar_one()
            membership = db.session.execute(select(Membership).where(Membership.user_id == user.id)).scalar_one()
            change_occupancy(Actor(user, membership), units["Klub Stary"], OccupancyChange.PLUS)
        row = page(client.get("/console/capacity/?kind=day_club")).tables()[0].rows[1]
        assert (row[6], row[7]) == ("14", "6")  # free, occupied
        assert "not counted for 24 hours" not in " ".join(row)  # counted just now
    finally:
        app.config["FRAGMENT_CACHE"] = False
        fragment_cache.clear()
