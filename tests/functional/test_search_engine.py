"""The search engine as residents meet it: other forms of a word, typos, several words, phrases, the order of the
results (and why), the crisis lines, "Did you mean", and bad input that costs no more than a normal query."""

from __future__ import annotations

import re
from datetime import time

import pytest
from sqlalchemy import event, select

from app import fragment_cache
from app.extensions import db
from app.models import Organisation, Schedule, Service, ServiceTaxonomy, TaxonomyTerm
from app.services.directory import typos
from app.services.directory.index import refresh_search_text
from app.services.directory.search import SearchQuery, matched_categories
from app.tenancy import public_scope, system_scope


@pytest.fixture
def catalogue(app, city):
    """Washing, shelters and crisis help in two organisations, with categories named in everyday words."""
    with app.app_context(), system_scope("tests"):
        hygiene = TaxonomyTerm(code="hygiene", label_pl="Higiena", label_en="Hygiene",
                               synonyms_pl="pralnia, prysznic, kąpiel", position=0)
        washing = TaxonomyTerm(code="hygiene.washing", parent=hygiene, label_pl="Mycie", position=0)
        crisis = TaxonomyTerm(code="crisis", label_pl="Interwencja kryzysowa", label_en="Crisis intervention",
                              synonyms_pl="myśli samobójcze, nie chcę żyć", synonyms_en="suicidal, want to die",
                              is_crisis=True, position=1)
        shelter = TaxonomyTerm(code="shelter", label_pl="Schronienie", synonyms_pl="noclegownia, gdzie spać",
                               position=2)
        warming = TaxonomyTerm(code="shelter.warming", parent=shelter, label_pl="Ogrzewalnie", is_crisis=True)
        db.session.add_all([hygiene, washing, crisis, shelter, warming])
        db.session.flush()

        def add(org, name, terms=(), description="Zapraszamy.", **fields):
            organisation = db.session.get(Organisation, org.id)
            service = Service(organisation_id=org.id, organisation=organisation, name_pl=name,
                              description_pl=description, **fields)
            for term in terms:
                service.taxonomy_links.append(ServiceTaxonomy(organisation_id=org.id, term=term))
            db.session.add(service)
            db.session.flush()
            refresh_search_text(service)
            return service

        add(city.org_a, "Pralnia miejska")  # the word in the name
        add(city.org_b, "Punkt Ciepło", [hygiene])  # in the category the word names
        add(city.org_a, "Punkt Woda", [washing])  # in its sub-category
        add(city.org_b, "Bon do pralni")  # another form of the word in the name
        add(city.org_a, "Klub Sąsiedzki", description="Na miejscu jest pralnia.")  # only in the description
        add(city.org_b, "Schronisko dla osób bezdomnych", [shelter], description="Pobyt dla kobiet i mężczyzn.")
        add(city.org_a, "Noclegownia przy dworcu", [shelter], walk_in=True, always_open=True)
        add(city.org_b, "Noclegownia na skierowanie", [shelter], by_referral=True)
        day = add(city.org_a, "Noclegownia dzienna", [shelter], walk_in=True)
        day.schedules.append(Schedule(organisation_id=city.org_a.id, weekday=0, opens_at=time(0), closes_at=time(0, 1)))
        add(city.org_b, "Telefon w kryzysie", [crisis], description="Rozmowa z psychologiem przez całą dobę.")
        add(city.org_a, "Świetlica dla dzieci", description="Zajęcia po szkole i pomoc w lekcjach.")
        add(city.org_b, "Porady prawne", description="Prawnik udziela porad bezpłatnie, za darmo.")
        db.session.commit()


def _page(client, **query) -> str:
    response = client.get("/search", query_string=query, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(client, **query) -> list[str]:
    return re.findall(r'<li class="service-card">\s*<h3><a href="[^"]*"[^>]*>([^<]*)</a>', _page(client, **query))


def test_the_order_of_results_follows_where_the_word_is_found(client, catalogue):
    assert _found(client, q="pralnia") == [
        "Pralnia miejska", "Punkt Ciepło", "Punkt Woda", "Bon do pralni", "Klub Sąsiedzki"]


def test_other_forms_of_a_word_are_found_both_ways(client, catalogue):
    assert set(_found(client, q="pralni")[:2]) == {"Pralnia miejska", "Bon do pralni"}  # both begin with it
    assert "Schronisko dla osób bezdomnych" in _found(client, q="bezdomny")  # "bezdomnych" in the name
    assert "Schronisko dla osób bezdomnych" in _found(client, q="kobieta")  # "kobiet" in the description


def test_a_typo_finds_the_word_and_ranks_by_where_the_correction_is_found(client, catalogue):
    found = _found(client, q="noclegowna")
    assert found[:3] and all(name.startswith("Noclegownia") for name in found[:3])
    assert "Schronisko dla osób bezdomnych" in found  # in the category "noclegownia" names, below the names
    assert set(_found(client, q="pralnja")[:2]) == {"Pralnia miejska", "Bon do pralni"}
    assert set(_found(client, q="praln")[:2]) == {"Pralnia miejska", "Bon do pralni"}  # a prefix is no typo
    assert _found(client, q="egownia") == []  # too far from any word


def test_tonight_puts_open_walk_in_services_first_and_referral_only_last(client, catalogue):
    assert _found(client, q="noclegownia") == [  # by name when the query says nothing of tonight
        "Noclegownia dzienna", "Noclegownia na skierowanie", "Noclegownia przy dworcu",
        "Schronisko dla osób bezdomnych"]
    tonight = _found(client, q="noclegownia dziś")
    assert tonight[:3] == ["Noclegownia przy dworcu", "Noclegownia dzienna", "Noclegownia na skierowanie"]


def test_several_words_a_missing_one_and_stop_words(client, catalogue):
    assert _found(client, q="świetlica dla dziecka") == ["Świetlica dla dzieci"]
    assert _found(client, q="prawnik za darmo") == ["Porady prawne"]
    assert _found(client, q="pralnia xqzvw") == _found(client, q="pralnia")  # a word found nowhere is left out
    assert _found(client, q="świetlica lekcje kino")[0] == "Świetlica dla dzieci"  # two of three words
    assert _found(client, q="świetlica prawnik") == []  # two words: both are needed


def test_a_phrase_reaches_its_category_and_crisis_words_show_the_emergency_lines(client, catalogue):
    page = _page(client, q="nie chcę żyć")
    assert "Telefon w kryzysie" in page
    lines = page.split('class="crisis-lines"', 1)[1].split("</aside>", 1)[0]
    assert 'href="tel:116123"' in lines and 'href="tel:112"' in lines
    assert page.index('class="crisis-lines"') < page.index('class="service-card"')
    assert 'class="crisis-lines"' in _page(client, q="suicidal")
    assert 'class="crisis-lines"' not in _page(client, q="pralnia")
    assert 'class="crisis-lines"' in _page(client, q="ogrzewalnia")  # a crisis sub-category named
    assert 'class="crisis-lines"' not in _page(client, q="schronienie")  # only its parent named
    assert _found(client, q="gdzie spać")[0].startswith("Noclegownia")


def test_did_you_mean_offers_the_nearest_words_and_keeps_the_filters(client, catalogue):
    page = _page(client, q="kxpiex", free="y")
    assert "0 services found" in page
    suggestion = page.split('class="did-you-mean"', 1)[1].split("</p>", 1)[0]
    assert "kapiel" in suggestion and "free=y" in suggestion and "q=kapiel" in suggestion
    assert 'class="did-you-mean"' not in _page(client, q="pralnia")
    assert 'class="did-you-mean"' not in _page(client, q="zzzzzzzzqqq")  # nothing near: nothing offered


def test_matched_categories_tells_which_words_reach_which_category(app, catalogue):
    with app.test_request_context(), public_scope():
        ids = dict(db.session.execute(select(TaxonomyTerm.code, TaxonomyTerm.id)).all())
        reached = matched_categories(SearchQuery(text="nie chcę żyć, pralnia"))
        assert reached[ids["crisis"]] == ["zyc"]
        assert reached[ids["hygiene"]] == ["pralnia"] and reached[ids["hygiene.washing"]] == ["pralnia"]
        assert ids["shelter"] not in reached
        assert ids["shelter"] in matched_categories(SearchQuery(text="noclegowna"))  # a typo
        assert matched_categories(SearchQuery(text="🙂")) == {}


BAD = ["", "a" * 500, "🙂🙂🙂", "!!! ??? ...", "\u0301\u0308 \u0301", "ą ę ł", "dla i the для",
       "noclegownia ночівля shelter 🙂 %_\\", "słowo " * 120, "ﷺ ℌ ⅷ", "'", "'' ' '", "😀pralnia😀", "x" * 41 + "y"]


def _statements(app, client, text) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        _page(client, q=text)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_bad_input_answers_a_normal_page_with_no_more_statements_than_a_normal_query(app, client, catalogue):
    app.config["FRAGMENT_CACHE"] = True  # the typo vocabulary is kept per worker, as in production
    typos.forget()
    fragment_cache.clear()  # and the folded taxonomy, under a data version another test's rollback reuses
    try:
        for text in ["pralnia", *BAD]:
            _page(client, q=text)  # warm: the vocabulary is built once per change
        normal = _statements(app, client, "pralnia")
        for text in BAD:
            assert _statements(app, client, text) <= normal, text
        assert _statements(app, client, "noclegowna") <= normal  # a typo too
    finally:
        app.config["FRAGMENT_CACHE"] = False
        typos.forget()
        fragment_cache.clear()


def test_the_kept_taxonomy_follows_a_new_synonym_at_once(app, client, catalogue):
    """The folded taxonomy is kept per worker under the taxonomy's data version: a synonym added to a category
    is read by the next search."""
    app.config["FRAGMENT_CACHE"] = True
    fragment_cache.clear()
    try:
        assert _found(client, q="umywalnia") == []
        assert _found(client, q="umywalnia") == []  # the kept taxonomy
        with app.app_context(), system_scope("tests"):
            term = db.session.execute(select(TaxonomyTerm).where(TaxonomyTerm.code == "hygiene")).scalar_one()
            term.synonyms_pl += ", umywalnia"
            db.session.commit()
        assert _found(client, q="umywalnia") == ["Punkt Ciepło", "Punkt Woda"]
    finally:
        app.config["FRAGMENT_CACHE"] = False
        fragment_cache.clear()


def test_the_commands_build_the_word_forms_once_and_reindex(app, catalogue):
    runner = app.test_cli_runner()
    built = runner.invoke(args=["search", "lemmas", "--path", app.config["SEARCH_LEMMAS_PATH"]])
    assert built.exit_code == 0 and "already built" in built.output
    reindexed = runner.invoke(args=["search", "reindex"])
    assert reindexed.exit_code == 0 and "Reindexed 12 services" in reindexed.output
    with app.app_context(), system_scope("tests"):
        name = db.session.execute(select(Service.search_name).where(Service.name_pl == "Bon do pralni")).scalar_one()
    words, lemmas = name.split("|")
    assert words == " bon do pralni " and "pralnia" in lemmas.split()  # the names' words, then their lemmas


def test_a_query_with_no_words_to_search_says_so_above_every_service(client, catalogue):
    for text in ("🙂🙂🙂", "dla i the для", "!!! ???"):
        page = _page(client, q=text)
        assert "has no words to search for" in page, text
        assert 'class="service-card"' in page  # every service, not an empty page
    assert "has no words to search for" not in _page(client, q="pralnia")
