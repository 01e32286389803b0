"""The department keeps the category tree; new synonyms find services at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.extensions import db
from app.models import AuditEvent, Service, TaxonomyTerm
from tests.functional.support import location, page


@pytest.fixture
def tree(city, make):
    """Shelter (with a sub-category for night shelters) and food; services of A and B in them."""
    shelter = make.term("shelter", "Schronienie", label_en="Shelter", position=0, synonyms_pl="nocleg")
    terms = {"shelter": shelter, "night": make.term("shelter.night", "Noclegownia", parent=shelter, position=0),
             "food": make.term("food", "Żywność", position=1),
             "empty": make.term("empty", "Pusta kategoria", position=2)}
    for org, name, term, published in ((city.org_a, "Dom dla bezdomnych", "shelter", True),
                                       (city.org_b, "Ogrzewalnia przy dworcu", "night", True),
                                       (city.org_b, "Jadłodajnia", "food", True),
                                       (city.org_a, "Ukryty dom", "shelter", False)):
        make.service(org, name, description_pl="Opis.", categories=[terms[term]], is_published=published)
    return terms


def _found(browser, words: str) -> str:
    return page(browser().get("/search", query_string={"q": words})).text


def _edit_values(client, term_id: int) -> dict:
    return page(client.get(f"/console/taxonomy/{term_id}/edit")).values()


def _counts(shown) -> dict[int, str]:
    """{category id: the count shown beside it}."""
    return {int(term_id): " ".join(hint.split()) for term_id, hint in
            re.findall(r'<li id="term-(\d+)".*?<span class="hint">(.*?)</span>', shown.html, re.S)}


def test_tree_shows_categories_with_counts(browser, city, tree):
    analyst = page(browser(city.dept_analyst).get("/console/taxonomy/"))
    assert analyst.status == 200
    assert "Shelter" in analyst and "Noclegownia" in analyst and "shelter.night" in analyst
    assert "in that category and in its sub-categories" in analyst  # what the numbers count
    assert _counts(analyst) == {
        tree["shelter"]: "3 services here or in its sub-categories",  # two of its own (one unpublished), one below
        tree["night"]: "1 service", tree["food"]: "1 service", tree["empty"]: "0 services"}
    assert "New category" not in analyst and "/edit" not in analyst.html


def test_a_top_category_counts_its_sub_categories_services_each_once(browser, city, make):
    top = make.term("family", "Rodzina", position=0)
    children = [make.term(f"family.{n}", f"Rodzina {n}", parent=top, position=n) for n in range(3)]
    for n in range(10):  # ten services, each in one sub-category of the family
        make.service(city.org_a if n % 2 else city.org_b, f"Poradnia rodzinna {n}", categories=[children[n % 3]])
    make.service(city.org_a, "Poradnia w dwóch", categories=[top, children[0], children[1]])  # counted once
    counts = _counts(page(browser(city.dept_analyst).get("/console/taxonomy/")))
    assert counts[top] == "11 services here or in its sub-categories"
    assert [counts[child] for child in children] == ["5 services", "4 services", "3 services"]


def test_the_counts_take_one_query_whatever_the_tree(app, browser, city, make):
    def statements() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *_args: seen.append(1)  # noqa: E731
        client = browser(city.dept_analyst)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/console/taxonomy/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    top = make.term("family", "Rodzina")
    make.service(city.org_a, "Poradnia 0", categories=[make.term("family.0", "Rodzina 0", parent=top)])
    few = statements()
    for n in range(1, 6):
        other = make.term(f"other.{n}", f"Inna {n}")
        make.service(city.org_b, f"Poradnia {n}", categories=[make.term(f"family.{n}", f"Rodzina {n}", parent=top),
                                                            make.term(f"other.{n}.a", f"Inna {n} a", parent=other)])
    assert statements() == few
    assert "New category" in page(browser(city.dept_officer).get("/console/taxonomy/"))


def test_new_synonym_finds_services_at_once(app, browser, city, tree, rows):
    assert "0 services found" in _found(browser, "przytulisko")
    officer = browser(city.dept_officer)
    values = _edit_values(officer, tree["shelter"])
    values.update(synonyms_pl="nocleg, przytulisko", synonyms_uk="притулок")
    assert officer.post(f"/console/taxonomy/{tree['shelter']}/edit", data=values).status_code == 303
    found = _found(browser, "przytulisko")
    assert "Dom dla bezdomnych" in found and "Ogrzewalnia przy dworcu" in found  # the sub-category's too
    assert "Jadłodajnia" not in found and "Ukryty dom" not in found
    assert "Dom dla bezdomnych" in _found(browser, "притулок")
    hidden = rows.one(Service, name_pl="Ukryty dom")
    assert " przytulisko " in hidden.search_text  # unpublished services are kept current too
    event = rows.one(AuditEvent, action="taxonomy_term.updated")
    assert event.details["services_refreshed"] == 3


def test_renamed_label_replaces_the_old_word(browser, city, tree):
    officer = browser(city.dept_officer)
    values = _edit_values(officer, tree["food"])
    values.update(label_pl="Posiłki", label_en="Meals")
    assert officer.post(f"/console/taxonomy/{tree['food']}/edit", data=values).status_code == 303
    assert "Jadłodajnia" in _found(browser, "posilki") and "Jadłodajnia" in _found(browser, "meals")
    assert "Jadłodajnia" not in _found(browser, "zywnosc")


def test_create_term_with_checks(browser, city, tree, rows):
    officer = browser(city.dept_officer)
    new = {"code": "shelter.women", "parent_id": str(tree["shelter"]), "position": "", "label_pl": "Dla kobiet",
           "label_uk": "", "label_en": "For women", "synonyms_pl": "kobiety;  matki\nmatki", "synonyms_uk": "",
           "synonyms_en": "", "is_crisis": "y"}
    assert officer.post("/console/taxonomy/new", data=new).status_code == 303
    term = rows.one(TaxonomyTerm, code="shelter.women")
    assert term.parent_id == tree["shelter"] and term.is_crisis and term.synonyms_pl == "kobiety, matki"
    assert term.position == 1  # after the night shelters
    again = page(officer.post("/console/taxonomy/new", data=new))
    assert "already has this code" in again.field_error("code") and again.values()["label_pl"] == "Dla kobiet"
    for code in ("Z Spacją", "a..b", "-start", "x" * 61):
        shown = page(officer.post("/console/taxonomy/new", data={**new, "code": code}))
        assert shown.field_error("code"), code
    shown = page(officer.post("/console/taxonomy/new", data={**new, "code": "deep", "parent_id": str(tree["night"])}))
    assert "Choose a category from the list" in shown.field_error("parent_id")  # only two levels
    shown = page(officer.post("/console/taxonomy/new", data={**new, "code": "n", "position": "-1"}))
    assert shown.field_error("position")
    assert rows.count(TaxonomyTerm) == 5


def test_move_up_and_down(browser, city, tree, rows):
    officer = browser(city.dept_officer)
    assert officer.post(f"/console/taxonomy/{tree['food']}/move", data={"direction": "up"}).status_code == 303
    order = [t.code for t in sorted(rows.all(TaxonomyTerm, parent_id=None), key=lambda t: t.position)]
    assert order == ["food", "shelter", "empty"]
    home = page(browser().get("/")).text
    assert home.index("Żywność") < home.index("Shelter")  # residents see the new order
    first = page(officer.post(f"/console/taxonomy/{tree['food']}/move", data={"direction": "up"},
                              follow_redirects=True))
    assert first.flashes("error") == ["This category is already first."]
    sideways = page(officer.post(f"/console/taxonomy/{tree['shelter']}/move", data={"direction": "sideways"},
                                 follow_redirects=True))
    assert sideways.flashes("error") == ["Choose up or down."]
    order = [t.code for t in sorted(rows.all(TaxonomyTerm, parent_id=None), key=lambda t: t.position)]
    assert order == ["food", "shelter", "empty"]  # neither refusal moved anything
    assert rows.actions("taxonomy_term.") == ["taxonomy_term.moved"]


def test_delete_only_unused_terms_and_say_why(browser, city, tree, rows):
    officer = browser(city.dept_officer)
    edit = page(officer.get(f"/console/taxonomy/{tree['food']}/edit"))
    assert "1 service uses it (Jadłodajnia)" in edit and "Delete the category</button>" not in edit.html
    refused = page(officer.post(f"/console/taxonomy/{tree['food']}/delete", follow_redirects=True))
    assert "Jadłodajnia" in " ".join(refused.flashes("error"))
    parent = page(officer.post(f"/console/taxonomy/{tree['shelter']}/delete", follow_redirects=True))
    assert "sub-categories" in " ".join(parent.flashes("error"))
    assert officer.post(f"/console/taxonomy/{tree['empty']}/delete").status_code == 303
    assert rows.count(TaxonomyTerm) == 3
    assert rows.actions("taxonomy_term.") == ["taxonomy_term.deleted"]


def test_who_may_change_the_tree(browser, city, tree, rows):
    analyst = browser(city.dept_analyst)
    assert analyst.get("/console/taxonomy/new").status_code == 403
    assert analyst.post(f"/console/taxonomy/{tree['empty']}/delete").status_code == 403
    assert analyst.post(f"/console/taxonomy/{tree['food']}/edit", data={"label_pl": "X"}).status_code == 403
    assert browser(city.a_admin).get("/console/taxonomy/").status_code == 403
    assert rows.count(TaxonomyTerm) == 4


def _stored(rows, term_id: int) -> tuple:
    term = rows.one(TaxonomyTerm, id=term_id)
    return (term.label_pl, term.label_uk, term.label_en, term.synonyms_pl, term.synonyms_uk, term.synonyms_en,
            term.parent_id, term.position, term.is_crisis)


BAD_EDITS = [  # (what is sent, the field it is wrong in, the message beside that field)
    ({"label_pl": ""}, "label_pl", "Enter the name in Polish."),
    ({"label_pl": "x" * 121}, "label_pl", "Write at most 120 characters; you wrote 121."),
    ({"synonyms_en": "y" * 2001}, "synonyms_en", "Write at most 2000 characters; you wrote 2001."),
    ({"parent_id": "junk"}, "parent_id", "Choose a category from the list."),
    ({"parent_id": "99999999999"}, "parent_id", "Choose a category from the list."),
]


@pytest.mark.parametrize(("fields", "field", "message"), BAD_EDITS)
def test_bad_edits_change_nothing(browser, city, tree, rows, fields, field, message):
    officer = browser(city.dept_officer)
    before = _stored(rows, tree["night"])
    values = {**_edit_values(officer, tree["night"]), **fields}
    shown = page(officer.post(f"/console/taxonomy/{tree['night']}/edit", data=values))
    assert shown.field_errors() == {field: message}  # the form again, the message beside the field
    if field != "parent_id":  # (a list shows only its own choices)
        assert shown.values()[field] == fields[field]  # what was typed is kept
    assert _stored(rows, tree["night"]) == before
    assert rows.actions("taxonomy_term.") == []


@pytest.mark.parametrize(("fields", "field", "message"), BAD_EDITS)
def test_bad_edits_answer_400(browser, city, tree, fields, field, message):
    officer = browser(city.dept_officer)
    values = {**_edit_values(officer, tree["night"]), **fields}
    shown = page(officer.post(f"/console/taxonomy/{tree['night']}/edit", data=values))
    assert shown.status == 400 and shown.field_error(field) == message


def test_control_characters_in_a_name_are_dropped(browser, city, tree, rows):
    """Not a bad edit: NUL and other control characters are removed before the form is checked."""
    officer = browser(city.dept_officer)
    before = _stored(rows, tree["night"])
    values = _edit_values(officer, tree["night"])
    response = officer.post(f"/console/taxonomy/{tree['night']}/edit", data={**values, "label_uk": "\x00"})
    assert response.status_code == 303 and location(response) == "/console/taxonomy/"
    assert page(officer.get("/console/taxonomy/")).flashes("success") == ["Nothing was changed."]
    assert _stored(rows, tree["night"]) == before
    response = officer.post(f"/console/taxonomy/{tree['night']}/edit",
                            data={**values, "label_uk": "Ніч\x00ліжка\x07"})
    assert response.status_code == 303
    assert rows.one(TaxonomyTerm, id=tree["night"]).label_uk == "Нічліжка"


def test_a_parent_with_children_stays_on_top(browser, city, tree):
    officer = browser(city.dept_officer)
    values = {**_edit_values(officer, tree["shelter"]), "parent_id": str(tree["food"])}
    shown = page(officer.post(f"/console/taxonomy/{tree['shelter']}/edit", data=values))
    assert "stays a top category" in shown.field_error("parent_id")


def test_missing_terms_are_404(browser, city):
    officer = browser(city.dept_officer)
    for url in ("/console/taxonomy/999999/edit", "/console/taxonomy/99999999999/edit"):
        assert officer.get(url).status_code == 404
    assert officer.post("/console/taxonomy/999999/delete").status_code == 404
