"""Suggestions while typing (GET /search/suggest): categories by name and synonym in the reader's language,
then published services by name; from the second letter; bad input gives an empty list; few statements."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import ServiceStatus, TaxonomyTerm
from app.services.directory.suggestions import _category_phrases


@pytest.fixture
def directory(make, city):
    """A small taxonomy in three languages; services of two organisations, some never to be suggested."""
    shelter = make.term("shelter", "Schronienie i mieszkanie", label_uk="Притулок і житло",
                        label_en="Shelter and housing", synonyms_pl="schronisko, nocleg",
                        synonyms_uk="притулок, нічліжка", synonyms_en="night shelter, somewhere to stay", position=0)
    night = make.term("shelter.night-shelter", "Noclegownie i ogrzewalnie", parent=shelter,
                      label_uk="Нічліжки та пункти обігріву", label_en="Night shelters and warming rooms",
                      synonyms_pl="noclegownia, gdzie spać, łóżko na noc", synonyms_uk="нічліжка, ночівля",
                      synonyms_en="place to sleep tonight")
    food = make.term("food", "Żywność", label_en="Food", synonyms_pl="jedzenie, obiad", position=1)
    # A category with no Ukrainian or English words: the reader sees and matches the Polish ones.
    make.term("legal", "Porady prawne", synonyms_pl="prawnik, komornik", position=2)
    ids = {
        "noclegownia": make.service(city.org_a, "Noclegownia im. Brata Alberta", name_en="Brother Albert night shelter",
                                    name_uk="Нічліжка імені брата Альберта", categories=[night]),
        "jadlodajnia": make.service(city.org_b, "Jadłodajnia Caritas", name_en="Caritas soup kitchen",
                                    categories=[food]),
        # found by its description only, never by its name: not a suggestion
        "punkt": make.service(city.org_a, "Punkt pomocy", description_pl="Nocleg awaryjny i noclegi zimą."),
        # organisation B's draft, an inactive service, and a service of an organisation no longer active
        "draft": make.service(city.org_b, "Noclegownia tajna (szkic)", is_published=False),
        "inactive": make.service(city.org_a, "Noclegownia zamknięta", status=ServiceStatus.INACTIVE),
    }
    closed = make.organisation("Fundacja nieaktywna", is_active=False)
    ids["closed_org"] = make.service(closed, "Noclegownia fundacji nieaktywnej")
    return ids


def _suggest(browser, q, lang="en", **params):
    response = browser(lang=lang).get("/search/suggest", query_string={"q": q, **params} if q is not None else params)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/json"
    return response


def _labels(browser, q, lang="en", kind=None):
    body = _suggest(browser, q, lang).get_json()
    return [s["label"] for s in body["suggestions"] if kind is None or s["kind"] == kind]


def test_categories_by_name_in_each_language(browser, directory):
    assert _labels(browser, "no", "pl", "category")[0] == "Noclegownie i ogrzewalnie"
    assert _labels(browser, "ніч", "uk", "category")[0] == "Нічліжки та пункти обігріву"
    assert _labels(browser, "night", "en", "category")[0] == "Night shelters and warming rooms"
    # the reader's language only: English words do not suggest categories to a Polish reader
    assert _labels(browser, "night", "pl", "category") == []


def test_a_category_found_by_a_synonym_shows_the_synonym(browser, directory):
    assert "Schronienie i mieszkanie (nocleg)" in _labels(browser, "nocleg", "pl", "category")
    assert _labels(browser, "gdzie sp", "pl", "category") == ["Noclegownie i ogrzewalnie (gdzie spać)"]
    assert _labels(browser, "lozko", "pl", "category") == ["Noclegownie i ogrzewalnie (łóżko na noc)"]
    assert _labels(browser, "ночі", "uk", "category") == ["Нічліжки та пункти обігріву (ночівля)"]
    assert _labels(browser, "somewhere", "en", "category") == ["Shelter and housing (somewhere to stay)"]
    # no English or Ukrainian words for this category: its Polish name and synonyms serve
    assert _labels(browser, "komor", "en", "category") == ["Porady prawne (komornik)"]


def test_choosing_a_category_runs_a_category_search(browser, directory):
    first = _suggest(browser, "nocl", "pl").get_json()["suggestions"][0]
    assert first["kind"] == "category"
    assert first["url"] == "/search?category=shelter.night-shelter"
    page = browser(lang="pl").get(first["url"])
    assert "Noclegownia im. Brata Alberta" in page.get_data(as_text=True)


def test_services_by_a_word_of_their_name_after_the_categories(browser, directory):
    body = _suggest(browser, "jadlo", "pl").get_json()
    assert body["query"] == "jadlo"
    assert body["suggestions"] == [{"kind": "service", "kind_label": "Usługa", "label": "Jadłodajnia Caritas",
                                    "url": f"/services/{directory['jadlodajnia']}"}]
    kinds = [s["kind"] for s in _suggest(browser, "nocleg", "pl").get_json()["suggestions"]]
    assert kinds == sorted(kinds)  # categories first, then services
    # any word of the name, in the reader's language where it matches
    assert _labels(browser, "albert", "en", "service") == ["Brother Albert night shelter"]
    assert _labels(browser, "soup kit", "en", "service") == ["Caritas soup kitchen"]
    assert _labels(browser, "брата", "uk", "service") == ["Нічліжка імені брата Альберта"]
    # the Polish name serves every reader; another language's name is not offered to a Polish reader
    assert _labels(browser, "jadlodajnia", "uk", "service") == ["Jadłodajnia Caritas"]
    assert _labels(browser, "brother", "pl", "service") == []


def test_only_published_public_services_are_suggested(browser, directory):
    labels = _labels(browser, "noclegown", "pl", "service")
    assert labels == ["Noclegownia im. Brata Alberta"]
    assert _labels(browser, "tajna", "pl") == []
    assert _labels(browser, "zamknieta", "pl") == []
    assert _labels(browser, "fundacji", "pl") == []
    # a word of the description only is not a name
    assert _labels(browser, "awaryjny", "pl") == []


def test_nothing_before_the_second_letter(browser, directory):
    body = _suggest(browser, "n", "pl").get_json()
    assert (body["query"], body["status"], body["suggestions"]) == ("n", "", [])
    assert _labels(browser, "no", "pl") != []
    body = _suggest(browser, "zzzz", "en").get_json()
    assert body["suggestions"] == [] and body["status"] == "No suggestions"
    assert _suggest(browser, "albert", "en").get_json()["status"] == "1 suggestion"
    assert _suggest(browser, "shel", "en").get_json()["status"] == "3 suggestions"


@pytest.mark.parametrize("q", [None, "", " ", "\x00", "no\x00cleg", "🙂🙂", "%_%", "' OR 1=1 --", "''", "\u0301\u0301",
                               "ą" * 5000, "dla i w", "a" * 41, "()[]{}", "\u202e\u202e"])
def test_bad_input_gives_an_empty_or_normal_answer(browser, directory, q):
    body = _suggest(browser, q, "pl").get_json()
    assert isinstance(body["suggestions"], list)
    assert len(body["query"]) <= 200
    if q in (None, "", " ", "\x00", "🙂🙂", "%_%", "''", "\u0301\u0301", "()[]{}"):
        assert body["suggestions"] == []


def test_a_long_query_is_cut_and_still_answers(browser, directory):
    body = _suggest(browser, "noclegownia " * 40, "pl").get_json()
    assert len(body["query"]) == 200
    assert body["suggestions"]


def test_cacheable_briefly_by_http(browser, directory):
    response = _suggest(browser, "no", "pl")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response.headers["Vary"] and "Cookie" in response.headers["Vary"]
    assert "Set-Cookie" not in response.headers


def test_a_constant_small_number_of_statements(app, browser, make, city, directory):
    for n in range(120):  # many services with a matching word: the candidates are capped, the statements too
        make.service(city.org_a if n % 2 else city.org_b, f"Noclegownia numer {n}",
                     description_pl="Nocleg i noclegownia.")
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    client = browser(lang="pl")
    event.listen(engine, "before_cursor_execute", count)
    try:
        for q in ("no", "noclegownia numer 7", "🙂", "zzzz", "gdzie sp", "a" * 300):
            seen.clear()
            response = client.get("/search/suggest", query_string={"q": q})
            assert response.status_code == 200
            assert len(seen) <= 2, (q, seen)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    labels = _labels(browser, "noclegownia numer", "pl", "service")
    assert len(labels) == 5 and all(label.startswith("Noclegownia numer") for label in labels)


def test_category_words_are_built_once_per_taxonomy_change(browser, rows, directory):
    _category_phrases.cache_clear()
    assert _labels(browser, "zupa", "pl") == []
    assert _labels(browser, "jedz", "pl", "category") == ["Żywność (jedzenie)"]
    assert _category_phrases.cache_info().misses == 1  # the second request used the words built by the first

    def add_synonym():
        term = db.session.execute(select(TaxonomyTerm).where(TaxonomyTerm.code == "food")).scalar_one()
        term.synonyms_pl = "jedzenie, obiad, zupa"

    rows.run(add_synonym)
    assert _labels(browser, "zupa", "pl", "category") == ["Żywność (zupa)"]  # at once, no restart
    assert _category_phrases.cache_info().misses == 2
