"""`flask taxonomy load`: the city's category tree as reference data, and the demo city built on it."""

from __future__ import annotations

import json

from app.demo.content import KINDS, read
from app.models import (
    AuditEvent,
    District,
    Event,
    Location,
    Organisation,
    Revision,
    Service,
    ServiceTaxonomy,
    TaxonomyTerm,
    VolunteerOpportunity,
)
from app.services.directory.taxonomy import REFERENCE_TREE, read_tree
from tests.functional.support import page


def _codes(tree) -> list[str]:
    return [code for spec in tree for code in (spec["code"], *_codes(spec.get("children") or ()))]


REFERENCE_CODES = _codes(read_tree())


def _load(app, *args):
    return app.test_cli_runner().invoke(args=["taxonomy", "load", *args])


def test_the_reference_tree_is_a_file_of_its_own():
    assert REFERENCE_TREE.name == "taxonomy.json" and REFERENCE_TREE.parent.name == "data"
    assert len(REFERENCE_CODES) == len(set(REFERENCE_CODES)) == 46
    assert "crisis" in REFERENCE_CODES and "shelter.night-shelter" in REFERENCE_CODES


def test_demo_content_refers_only_to_what_exists():
    data = {kind: read(kind) for kind in KINDS}
    organisations = {o["key"] for o in data["organisations"]}
    districts = {d["code"] for d in data["districts"]}
    for service in data["services"]:
        assert service["organisation"] in organisations
        assert set(service["categories"]) <= set(REFERENCE_CODES), service["name"]["pl"]
        assert {*service["districts"], service["location"]["district"]} <= districts
        if service["location"]["confidential"]:
            assert service["location"]["street"] is None, service["name"]["pl"]
    for person in data["people"]:
        assert {m["organisation"] for m in person["memberships"]} <= organisations
    for item in (*data["events"], *data["volunteering"]):
        assert item["organisation"] in organisations


def test_taxonomy_load_creates_the_tree_on_an_empty_database(app, rows):
    result = _load(app)
    assert result.exit_code == 0, result.output
    assert "46 categories added" in result.output
    assert sorted(t.code for t in rows.all(TaxonomyTerm)) == sorted(REFERENCE_CODES)
    crisis = rows.one(TaxonomyTerm, code="crisis")
    assert crisis.parent_id is None and crisis.is_crisis
    assert (crisis.label_pl, crisis.label_uk, crisis.label_en) == ("Kryzys i przemoc", "Криза і насильство",
                                                                   "Crisis and violence")
    assert "притулок" in rows.one(TaxonomyTerm, code="shelter").synonyms_uk
    children = sorted(rows.all(TaxonomyTerm, parent_id=crisis.id), key=lambda t: t.position)
    assert [t.code for t in children] == ["crisis.intervention", "crisis.domestic-violence", "crisis.hotline"]
    assert rows.one(TaxonomyTerm, code="shelter.night-shelter").parent_id == rows.one(TaxonomyTerm, code="shelter").id
    top = sorted(rows.all(TaxonomyTerm, parent_id=None), key=lambda t: t.position)
    assert [t.position for t in top] == list(range(11)) and top[0].code == "crisis"
    (event,) = rows.audit("taxonomy_term.loaded")
    assert event.details["added"] == 46 and event.actor_id is None


def test_taxonomy_load_says_what_it_never_does(app):
    shown = " ".join(_load(app, "--help").output.split())
    assert "Nothing is deleted, renamed, moved" in shown and "the department changed in the console stays" in shown
    assert "--file" in shown


def test_taxonomy_load_twice_adds_nothing_the_second_time(app, rows):
    assert _load(app).exit_code == 0
    terms, events = rows.count(TaxonomyTerm), rows.count(AuditEvent)
    again = _load(app)
    assert again.exit_code == 0, again.output
    assert "0 categories added" in again.output
    assert rows.count(TaxonomyTerm) == terms and rows.count(AuditEvent) == events


def test_taxonomy_load_keeps_what_the_department_changed(app, browser, city, rows):
    assert _load(app).exit_code == 0
    officer = browser(city.dept_officer)
    crisis = rows.one(TaxonomyTerm, code="crisis")
    values = page(officer.get(f"/console/taxonomy/{crisis.id}/edit")).values()
    values.update(label_uk="Кризові ситуації", label_en="", synonyms_en="")
    assert officer.post(f"/console/taxonomy/{crisis.id}/edit", data=values).status_code == 303
    shelter = rows.one(TaxonomyTerm, code="shelter")
    assert officer.post(f"/console/taxonomy/{shelter.id}/move", data={"direction": "up"}).status_code == 303
    hotline = rows.one(TaxonomyTerm, code="crisis.hotline")
    assert officer.post(f"/console/taxonomy/{hotline.id}/delete").status_code == 303
    assert rows.count(TaxonomyTerm, code="crisis.hotline") == 0

    result = _load(app)
    assert result.exit_code == 0, result.output
    assert "1 category added" in result.output  # the deleted one comes back, as the help says
    crisis = rows.one(TaxonomyTerm, code="crisis")
    assert crisis.label_uk == "Кризові ситуації"  # a changed label is kept
    assert crisis.label_en == "Crisis and violence"  # an emptied one is filled again
    assert crisis.synonyms_en.startswith("crisis, violence")
    order = [t.code for t in sorted(rows.all(TaxonomyTerm, parent_id=None), key=lambda t: t.position)]
    assert order[:2] == ["shelter", "crisis"]  # the department's order stays
    hotline = rows.one(TaxonomyTerm, code="crisis.hotline")
    assert hotline.parent_id == crisis.id and hotline.position == 2  # last among its siblings
    event = rows.audit("taxonomy_term.loaded")[-1]
    assert event.details["added"] == 1 and event.details["filled"] == ["crisis"]


def test_taxonomy_load_from_a_file_of_its_own(app, rows, tmp_path):
    assert _load(app).exit_code == 0
    tree = [{"code": "crisis", "label": {"pl": "Inna nazwa"}, "children": [
        {"code": "crisis.stalking", "is_crisis": True, "label": {"pl": "Nękanie", "uk": "Переслідування"},
         "synonyms": {"pl": "stalking, nękanie"}}]},
        {"code": "neighbours", "label": {"pl": "Pomoc sąsiedzka"}}]
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    result = _load(app, "--file", str(path))
    assert result.exit_code == 0, result.output
    assert "2 categories added" in result.output
    crisis = rows.one(TaxonomyTerm, code="crisis")
    assert crisis.label_pl == "Kryzys i przemoc"
    stalking = rows.one(TaxonomyTerm, code="crisis.stalking")
    assert stalking.parent_id == crisis.id and stalking.is_crisis and stalking.label_uk == "Переслідування"
    assert stalking.label_en is None and stalking.position == 3
    neighbours = rows.one(TaxonomyTerm, code="neighbours")
    assert neighbours.parent_id is None and neighbours.position == 11  # after the reference categories


def test_taxonomy_load_refuses_a_broken_file(app, rows, tmp_path):
    broken = {
        "not-json.json": "[{",
        "bad-code.json": json.dumps([{"code": "Zła Kategoria", "label": {"pl": "Zła"}}]),
        "no-label.json": json.dumps([{"code": "nolabel", "label": {"en": "No Polish"}}]),
        "deep.json": json.dumps([{"code": "a", "label": {"pl": "A"}, "children": [
            {"code": "a.b", "label": {"pl": "B"}, "children": [{"code": "a.b.c", "label": {"pl": "C"}}]}]}]),
        "twice.json": json.dumps([{"code": "a", "label": {"pl": "A"}}, {"code": "a", "label": {"pl": "A"}}]),
    }
    for name, text in broken.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = _load(app, "--file", str(path))
        assert result.exit_code != 0, name
        assert "Error" in result.output, name
    assert rows.count(TaxonomyTerm) == 0
    assert _load(app, "--file", str(tmp_path / "missing.json")).exit_code != 0


def test_demo_load_builds_the_same_city_on_the_reference_tree(app, rows):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "'categories': 46, 'services': 55" in result.output
    assert sorted(t.code for t in rows.all(TaxonomyTerm)) == sorted(REFERENCE_CODES)
    assert rows.count(Organisation) == 23 and rows.count(District) == 8 and rows.count(Service) == 55
    assert rows.count(Location) == 37 and rows.count(Event) == 8 and rows.count(VolunteerOpportunity) == 6
    assert rows.count(Revision) == 1
    confidential = rows.all(Location, is_confidential=True)
    assert len(confidential) == 5 and all(place.street is None for place in confidential)
    hostel = rows.one(Service, name_pl="Miejsca hotelowe dla osób doznających przemocy w rodzinie")
    assert hostel.name_uk == "Тимчасове житло для постраждалих від домашнього насильства"
    links = rows.all(ServiceTaxonomy, service_id=hostel.id)
    codes = {rows.one(TaxonomyTerm, id=link.taxonomy_term_id).code for link in links}
    assert codes == {"crisis.domestic-violence", "shelter.crisis-hotel"}
    assert rows.one(TaxonomyTerm, code="crisis").label_uk == "Криза і насильство"


def test_demo_load_after_taxonomy_load_adds_no_categories(app, rows):
    assert _load(app).exit_code == 0
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "'categories': 0, 'services': 55" in result.output
    assert rows.count(TaxonomyTerm) == 46 and len(rows.audit("taxonomy_term.loaded")) == 1
