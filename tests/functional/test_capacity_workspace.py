"""Capacity in the organisation's workspace as its people meet it: the units with their counts, +1 / −1 /
counted / set from the list (back at the unit with what changed), the unit form with places out of service and
a total that cannot drop below the places in use, the history, the stale notice on the dashboard — and nothing
of it for another organisation, nothing changed by bad input, never a 500."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import CapacityKindCode, CapacityUnit, OccupancyChange, OccupancyDay, OccupancyUpdate, utcnow
from app.tenancy import system_scope
from tests.functional.support import location, page


def _unit(make, org, name="Noclegownia – sala główna", *, total=30, occupied=23, reserved=0, out=0,
          counted_hours_ago=1, **fields) -> int:
    service = make.service(org, f"Usługa {name}")
    place = make.location(org, f"Miejsce {name}")
    with make._writing():
        unit = CapacityUnit(organisation_id=getattr(org, "id", org), name=name,
                            kind=CapacityKindCode.NIGHT_SHELTER, service_id=service, location_id=place, total=total,
                            occupied=occupied, reserved=reserved, out_of_service=out,
                            out_of_service_reason="Naprawa" if out else None,
                            counted_at=utcnow() - timedelta(hours=counted_hours_ago), **fields)
        unit.serves_list = ["men"]
        db.session.add(unit)
        db.session.flush()
        return unit.id


def _read(app, unit_id):
    with app.app_context(), system_scope("tests"):
        unit = db.session.get(CapacityUnit, unit_id)
        updates = db.session.execute(select(OccupancyUpdate.change).where(OccupancyUpdate.unit_id == unit_id)
                                     .order_by(OccupancyUpdate.id)).scalars().all()
        days = db.session.execute(select(func.count()).select_from(OccupancyDay)
                                  .where(OccupancyDay.unit_id == unit_id)).scalar_one()
        return {"total": unit.total, "occupied": unit.occupied, "reserved": unit.reserved,
                "out": unit.out_of_service, "reason": unit.out_of_service_reason, "active": unit.is_active,
                "name": unit.name, "updates": list(updates), "days": days, "counted_by": unit.counted_by_id}


@pytest.fixture
def units(make, city):
    return {"a": _unit(make, city.org_a), "b": _unit(make, city.org_b, "Schronisko B", total=10, occupied=2)}


def _count(client, unit_id, change, **extra):
    return client.post(f"/workspace/capacity/{unit_id}/count", data={"change": change, **extra})


def test_staff_sees_units_and_taps_plus_one(app, client, login, city, units):
    login(client, city.a_staff)
    listing = page(client.get("/workspace/capacity/"))
    assert listing.status == 200
    assert "Noclegownia – sala główna" in listing and "Schronisko B" not in listing
    assert f'id="unit-{units["a"]}"' in listing.html
    assert "Set occupied places" in listing or "occupied-" in listing.html

    response = _count(client, units["a"], "plus")
    assert response.status_code == 303 and location(response).endswith(f"/workspace/capacity/#unit-{units['a']}")
    after = page(client.get(location(response)))
    flash = " ".join(after.flashes("success"))
    assert "Noclegownia – sala główna" in flash and "24" in flash and "30" in flash
    state = _read(app, units["a"])
    assert state["occupied"] == 24 and state["updates"] == [OccupancyChange.PLUS]
    assert state["counted_by"] == city.a_staff.id and state["days"] == 1

    _count(client, units["a"], "plus")  # a double tap is two places taken
    _count(client, units["a"], "minus")
    _count(client, units["a"], "confirmed")
    assert _read(app, units["a"])["occupied"] == 24
    assert _read(app, units["a"])["updates"][-1] == OccupancyChange.CONFIRMED

    assert _count(client, units["a"], "set", occupied="12").status_code == 303
    assert _read(app, units["a"])["occupied"] == 12


@pytest.mark.parametrize(("change", "typed"), [("set", "31"), ("set", "-1"), ("set", "dużo"), ("set", ""),
                                               ("nonsense", "")])
def test_bad_counts_are_refused_beside_the_field_and_change_nothing(app, client, login, city, units, change, typed):
    login(client, city.a_staff)
    before = _read(app, units["a"])
    response = _count(client, units["a"], change, occupied=typed)
    assert response.status_code in (303, 400)
    shown = page(client.get(location(response))) if response.status_code == 303 else page(response)
    message = shown.field_error(f"occupied-{units['a']}") or " ".join(shown.flashes("error"))
    assert message, shown.text[:500]
    if response.status_code == 400 and typed:
        assert f'value="{typed}"' in shown.html  # what was typed stays
    assert _read(app, units["a"]) == before


def test_minus_on_an_empty_unit_and_plus_on_a_full_one_say_why(app, client, make, login, city):
    empty = _unit(make, city.org_a, "Pusta", total=2, occupied=0)
    full = _unit(make, city.org_a, "Pełna", total=2, occupied=1, reserved=1)
    login(client, city.a_staff)
    for unit_id, change, why in ((empty, "minus", "nie ma czego zwolnić"),
                                 (full, "plus", "Zajęte są wszystkie 2 miejsca")):
        before = _read(app, unit_id)
        response = _count(client, unit_id, change)
        assert response.status_code == 400  # the list again, the reason beside this unit's counts
        assert why in page(response).text_of(f"occupied-{unit_id}-error")
        assert _read(app, unit_id) == before


def test_another_organisations_unit_is_404_and_unchanged(app, client, login, city, units):
    login(client, city.a_admin)
    before = _read(app, units["b"])
    for path in (f"/workspace/capacity/{units['b']}", f"/workspace/capacity/{units['b']}/edit"):
        assert client.get(path).status_code == 404
    assert _count(client, units["b"], "plus").status_code == 404
    assert client.post(f"/workspace/capacity/{units['b']}/retire").status_code == 404
    assert client.get("/workspace/capacity/999999999999").status_code == 404
    assert _read(app, units["b"]) == before


def test_staff_cannot_manage_units(client, login, city, units):
    login(client, city.a_staff)
    assert client.get("/workspace/capacity/new").status_code == 403
    assert client.get(f"/workspace/capacity/{units['a']}/edit").status_code == 403
    assert "/workspace/capacity/new" not in page(client.get("/workspace/capacity/")).html


def _form(make, org, **changes):
    service = make.service(org, "Schronisko dla osób bezdomnych")
    place = make.location(org, "Schronisko Brata Alberta")
    values = {"name": "Schronisko – pokoje", "kind": "shelter_bed", "custom_kind_id": "", "service_id": str(service),
              "location_id": str(place), "counted_by": "bed", "serves": ["men", "wheelchair_users"], "total": "40",
              "out_of_service": "2", "out_of_service_reason": "Naprawa instalacji w pokoju 4",
              "public_availability": "exact"}
    values.update(changes)
    return values


def test_coordinator_adds_a_unit_and_it_counts_from_zero(app, client, make, login, city):
    login(client, city.a_coordinator)
    assert client.get("/workspace/capacity/new").status_code == 200
    response = client.post("/workspace/capacity/new", data=_form(make, city.org_a))
    assert response.status_code == 303, page(response).field_errors()
    with app.app_context(), system_scope("tests"):
        unit_id = db.session.execute(select(CapacityUnit.id).where(CapacityUnit.name == "Schronisko – pokoje")
                                     ).scalar_one()
    state = _read(app, unit_id)
    assert (state["total"], state["occupied"], state["out"]) == (40, 0, 2)
    assert state["reason"] == "Naprawa instalacji w pokoju 4" and state["updates"] == [OccupancyChange.TOTAL]
    history = page(client.get(f"/workspace/capacity/{unit_id}"))
    assert history.status == 200 and "Naprawa instalacji w pokoju 4" in history


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"name": "Noclegownia – sala główna"}, "name"),  # the name is taken in this organisation
    ({"total": "dużo"}, "total"),
    ({"total": "-3"}, "total"),
    ({"out_of_service_reason": ""}, "out_of_service_reason"),
    ({"out_of_service": "50"}, "out_of_service"),
    ({"kind": "castle"}, "kind"),
    ({"kind": "other"}, "custom_kind_id"),
    ({"serves": []}, "serves"),
])
def test_bad_unit_forms_are_refused_beside_the_field(app, client, make, login, city, units, changes, field):
    login(client, city.a_admin)
    form = _form(make, city.org_a, **changes)
    with app.app_context(), system_scope("tests"):
        count = db.session.execute(select(func.count()).select_from(CapacityUnit)).scalar_one()
    response = client.post("/workspace/capacity/new", data=form)
    shown = page(response)
    assert response.status_code == 400
    assert shown.field_error(field), shown.field_errors()
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(func.count()).select_from(CapacityUnit)).scalar_one() == count


def test_another_organisations_service_cannot_be_chosen(app, client, make, login, city):
    login(client, city.a_admin)
    b_service = make.service(city.org_b, "Usługa B")
    shown = page(client.post("/workspace/capacity/new", data=_form(make, city.org_a, service_id=str(b_service))))
    assert shown.status == 400 and shown.field_error("service_id")


def test_total_below_the_places_in_use_is_refused_and_changes_go_to_history(app, client, make, login, city, units):
    login(client, city.a_admin)
    edit = f"/workspace/capacity/{units['a']}/edit"
    values = page(client.get(edit)).values(None)
    assert values["total"] == "30" and values["name"] == "Noclegownia – sala główna"
    checked = re.findall(r'<input checked id="serves-\d" name="serves" type="checkbox" value="(\w+)">',
                         page(client.get(edit)).html)
    assert checked == ["men"]  # the form opens with whom the unit serves
    before = _read(app, units["a"])
    data = {**_form(make, city.org_a, name="Noclegownia – sala główna", out_of_service="0",
                    out_of_service_reason=""), "total": "20",
            "service_id": values["service_id"], "location_id": values["location_id"]}
    shown = page(client.post(edit, data=data))
    assert shown.status == 400 and "23" in shown.field_error("total")
    assert _read(app, units["a"]) == before

    response = client.post(edit, data={**data, "total": "35", "out_of_service": "3",
                                       "out_of_service_reason": "Remont"})
    assert response.status_code == 303
    state = _read(app, units["a"])
    assert (state["total"], state["out"], state["reason"]) == (35, 3, "Remont")
    assert state["updates"][-2:] == [OccupancyChange.TOTAL, OccupancyChange.OUT_OF_SERVICE]
    history = page(client.get(f"/workspace/capacity/{units['a']}"))
    assert "Remont" in history and "35" in history.text


def test_retire_and_reinstate(app, client, login, city, units):
    login(client, city.a_admin)
    assert client.post(f"/workspace/capacity/{units['a']}/retire").status_code == 303
    assert _read(app, units["a"])["active"] is False
    login(client, city.a_staff)
    response = _count(client, units["a"], "plus")
    assert _read(app, units["a"])["occupied"] == 23 and response.status_code == 400  # refused, said beside it
    login(client, city.a_admin)
    assert client.post(f"/workspace/capacity/{units['a']}/reinstate").status_code == 303
    assert _read(app, units["a"])["active"] is True


def test_stale_units_are_flagged_on_the_list_and_the_dashboard(app, client, make, login, city, units):
    stale = _unit(make, city.org_a, "Ogrzewalnia", total=15, occupied=4, counted_hours_ago=49)
    _unit(make, city.org_b, "Stara B", total=5, occupied=1, counted_hours_ago=72)
    login(client, city.a_staff)
    dashboard = page(client.get("/workspace/"))
    notice = dashboard.text_of("capacity-stale") or ""
    assert "Ogrzewalnia" in notice and "Noclegownia" not in notice and "Stara B" not in notice
    assert f"/workspace/capacity/#unit-{stale}" in dashboard.html
    listing = page(client.get("/workspace/capacity/"))
    assert listing.html.count("capacity-stale") == 1
    _count(client, stale, "confirmed")
    assert page(client.get("/workspace/")).text_of("capacity-stale") is None  # counted: no longer stale
    assert "capacity-stale" not in page(client.get("/workspace/capacity/")).html.replace(".capacity-stale", "")


def test_history_is_paged_and_shows_who(app, client, login, city, units):
    login(client, city.a_staff)
    for _ in range(3):
        _count(client, units["a"], "plus")
    history = page(client.get(f"/workspace/capacity/{units['a']}"))
    rows = history.tables()[1].records()
    assert history.status == 200 and len(rows) == 3 and all("Jan Testowy" in " ".join(row.values()) for row in rows)
    assert "26" in " ".join(rows[0].values())  # newest first: 23 + 3
    assert page(client.get(f"/workspace/capacity/{units['a']}?page=999")).status == 200
    assert page(client.get(f"/workspace/capacity/{units['a']}?page=x")).status == 200
