"""The search's filter fields are kept per language, taxonomy version and the filters' values
(blueprints/directory/routes.py, ``_filter_fields``): each search shows its own choices, a field with an error is
drawn afresh with the error beside it and the value typed, and a renamed category shows at once.

The suite runs with the fragment cache off; these tests switch it on."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from app import fragment_cache
from app.extensions import db
from app.models import TaxonomyTerm
from app.tenancy import system_scope
from blueprints.directory import routes as directory_routes


@pytest.fixture
def kept(app):
    """The fragment cache on, as in production, for one test."""
    app.config["FRAGMENT_CACHE"] = True
    fragment_cache.clear()
    directory_routes._filter_parts.clear()
    yield
    app.config["FRAGMENT_CACHE"] = False
    fragment_cache.clear()
    directory_routes._filter_parts.clear()


def _selected(html: str, select_id: str) -> str:
    block = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', block)
    return next(value for value in chosen.groups() if value is not None) if chosen else ""


def test_each_search_shows_its_own_filters(app, browser, make, kept):
    make.term("schronienie", "Schronienie", label_en="Shelter")
    make.term("jedzenie", "Jedzenie", label_en="Food")
    reader = browser()
    shelter = reader.get("/search?q=pomoc&category=schronienie").get_data(as_text=True)
    food = reader.get("/search?q=obiad&category=jedzenie&free=y").get_data(as_text=True)
    again = reader.get("/search?q=nocleg&category=schronienie").get_data(as_text=True)
    assert _selected(shelter, "category") == "schronienie" == _selected(again, "category")
    assert _selected(food, "category") == "jedzenie"
    assert re.search(r'<input[^>]*checked[^>]*id="free"|<input[^>]*id="free"[^>]*checked', food)
    assert not re.search(r'<input[^>]*checked[^>]*id="free"|<input[^>]*id="free"[^>]*checked', again)


def test_a_field_in_error_is_drawn_with_its_error_and_the_value_typed(app, browser, kept):
    reader = browser()
    for _ in range(2):
        html = reader.get("/search?age=abc").get_data(as_text=True)
        assert 'id="age-error"' in html and 'value="abc"' in html


def test_a_renamed_category_shows_in_the_filters_at_once(app, browser, make, kept):
    term = make.term("porady", "Porady", label_en="Advice")
    reader = browser()
    assert ">Advice<" in reader.get("/search?category=porady").get_data(as_text=True)
    with app.app_context(), system_scope("tests"):
        db.session.execute(update(TaxonomyTerm).where(TaxonomyTerm.id == term).values(label_en="Free advice"))
        db.session.commit()
    html = reader.get("/search?category=porady").get_data(as_text=True)
    assert ">Free advice<" in html and ">Advice<" not in html
