"""Queries that found little: counted per week and language without a person, shown to the department, made a
category's synonym; and a query tested against the taxonomy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect

from app.localtime import local_today
from app.models import AuditEvent, TaxonomyTerm, User
from app.models.search import SearchQueryWeek
from app.services.directory import insights
from tests.factories import Person
from tests.functional.support import page


@pytest.fixture(autouse=True)
def _no_counts_held(app):
    """Start and end with nothing held in memory: other tests' searches are counted too."""
    insights.reset_counts(app)
    yield
    insights.reset_counts(app)


@pytest.fixture
def shelter(city, make):
    """A category with a service of B (found by "Schronienie") and four counselling services of A and B."""
    term = make.term("shelter", "Schronienie", label_en="Shelter", synonyms_pl="nocleg")
    make.service(city.org_b, "Dom dla bezdomnych", description_pl="Całodobowy dom.", categories=[term])
    for n, org in enumerate((city.org_a, city.org_b, city.org_a, city.org_b)):
        make.service(org, f"Poradnia rodzinna {n}", description_pl="Porady dla rodzin.")
    make.term("food", "Żywność", label_en="Food")
    return term


def _search(browser, words: str, lang: str = "pl", person=None):
    response = browser(person, lang=lang).get("/search", query_string={"q": words})
    assert response.status_code == 200
    return response


def _counted(app, rows) -> dict[tuple[str, str], tuple[int, int]]:
    """{(language, query): (searches, results)} of this week, after writing what the workers hold."""
    insights.flush_counts(app)
    week = local_today() - timedelta(days=local_today().weekday())
    return {(row.locale, row.query): (row.searches, row.results) for row in rows.all(SearchQueryWeek, week=week)}


def test_a_search_that_found_little_is_counted_per_week_and_language(app, browser, rows, shelter):
    _search(browser, "noclegownia")
    _search(browser, "Noclegownia ")  # folded the same
    _search(browser, "noclegownia", lang="uk")
    _search(browser, "dom bezdomnych")  # found one: little
    _search(browser, "poradnia")  # found four: enough, not counted
    assert _counted(app, rows) == {("pl", "noclegownia"): (2, 0), ("uk", "noclegownia"): (1, 0),
                                   ("pl", "dom bezdomnych"): (1, 1)}
    _search(browser, "noclegownia")  # written again: added to the week's count, one row
    assert _counted(app, rows)[("pl", "noclegownia")] == (2 + 1, 0)
    assert rows.count(SearchQueryWeek) == 3
    week = rows.one(SearchQueryWeek, locale="uk").week
    assert week.weekday() == 0 and local_today() - week < timedelta(days=7)  # the Monday of this week


def test_personal_data_stop_words_and_filters_alone_are_not_counted(app, browser, rows, shelter):
    for words in ("jan.kowalski@example.com", "pesel 85010112345", "zadzwoń 600 123 456", "+48 32-123-45-67",
                  "dla i w", "?!…"):
        _search(browser, words)
    assert browser(lang="pl").get("/search", query_string={"category": "food"}).status_code == 200
    assert _counted(app, rows) == {}


def test_only_the_folded_words_are_kept_never_who_searched(app, browser, rows, city, shelter):
    _search(browser, "Gdzie się umyć?", person=city.a_staff)
    assert _counted(app, rows) == {("pl", "umyć"): (1, 0)}  # "gdzie" and "się" are stop words
    columns = {column.key for column in inspect(SearchQueryWeek).columns}
    assert columns == {"id", "week", "locale", "query", "searches", "results"}  # no user, session, address, time


def test_a_search_writes_nothing_until_its_response_is_sent(app, browser, rows, shelter, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_COUNT_FLUSH_ENTRIES", 1)
    response = _search(browser, "komornik")
    assert rows.count(SearchQueryWeek) == 0  # the page was answered without a write
    response.close()  # the server has sent it: the worker writes what it holds
    assert [(row.query, row.searches) for row in rows.all(SearchQueryWeek)] == [("komornik", 1)]


def test_any_later_search_writes_what_is_held_once_it_is_due(app, browser, rows, shelter, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_COUNT_FLUSH_SECONDS", 3600)
    _search(browser, "komornik").close()
    assert rows.count(SearchQueryWeek) == 0  # held: not due yet
    monkeypatch.setitem(app.config, "SEARCH_COUNT_FLUSH_SECONDS", 0)
    _search(browser, "poradnia").close()  # found enough (not counted), but the held count is due
    assert [(row.query, row.searches) for row in rows.all(SearchQueryWeek)] == [("komornik", 1)]


def test_the_console_list_is_for_the_department_only(app, browser, rows, city, shelter):
    _search(browser, "komornik")
    _search(browser, "komornik")
    _search(browser, "пральня", lang="uk")
    insights.flush_counts(app)
    analyst = page(browser(city.dept_analyst).get("/console/search/"))
    assert analyst.status == 200
    table = analyst.tables()[0]
    assert table.region is not None
    records = table.records()
    assert [(r["Query"], r["Language"], r["Searches"], r["Results found"]) for r in records] == [
        ("komornik", "Polish", "2", "0"), ("пральня", "Ukrainian", "1", "0")]  # most searched first
    assert "Add as a synonym" not in analyst  # the analyst reads only
    assert "Search queries" in analyst  # in the console's menu
    csv = browser(city.dept_analyst).get("/console/search/?period=4&format=csv")
    assert csv.status_code == 200 and "komornik;Polish;2;0" in csv.get_data(as_text=True)
    for person in (city.a_admin, city.b_staff):
        assert browser(person).get("/console/search/").status_code == 403
    assert browser().get("/console/search/").status_code == 302  # to the sign-in
    officer = page(browser(city.dept_officer).get("/console/search/"))
    assert "Add as a synonym" in officer and 'id="category-1"' in officer.html


def test_the_period_chosen_and_a_wrong_one(app, browser, rows, city, shelter):
    _search(browser, "komornik")
    insights.flush_counts(app)
    analyst = browser(city.dept_analyst)
    assert "komornik" in page(analyst.get("/console/search/?period=this"))
    assert "komornik" not in page(analyst.get("/console/search/?period=last"))
    wrong = page(analyst.get("/console/search/?period=2020-13-45"))
    assert wrong.status == 200 and wrong.field_error("period") == "Choose a period from the list."
    assert "komornik" in wrong  # the default: the last four weeks


def test_adding_a_query_as_a_synonym_finds_the_category_at_once(app, browser, rows, city, shelter):
    assert "0 services found" in page(_search(browser, "noclegownia", lang="en"))
    officer = browser(city.dept_officer)
    sent = officer.post("/console/search/synonym", data={"synonym": "noclegownia", "category": str(shelter),
                                                         "language": "pl", "period": "this"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/console/search/?period=this")
    shown = page(officer.get(sent.headers["Location"]))
    assert shown.flashes("success") == [
        "Added “noclegownia” to the synonyms of “Shelter” (Polish). Search uses it at once."]
    assert rows.one(TaxonomyTerm, id=shelter).synonyms_pl == "nocleg, noclegownia"
    found = page(_search(browser, "noclegownia", lang="en"))
    assert "Dom dla bezdomnych" in found
    assert rows.one(AuditEvent, action="taxonomy_term.updated").details["fields"] == ["synonyms_pl"]


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"synonym": "  "}, "synonym", "Enter the words to add."),
    ({"synonym": "a" * 101}, "synonym", "Write at most 100 characters; you wrote 101."),
    ({"synonym": "noclegownia, przytulisko"}, "synonym", "Add one synonym at a time, without commas or semicolons."),
    ({"synonym": "Nocleg"}, "synonym", "This is already a synonym of the category in this language."),
    ({"category": "999999"}, "category", "Choose a category from the list."),
    ({"category": "schronienie"}, "category", "Choose a category from the list."),
    ({"category": ""}, "category", "Choose a category from the list."),
    ({"language": "de"}, "language", "Choose a language from the list."),
])
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(browser, rows, city, shelter, form, field,
                                                                   message):
    data = {"synonym": "noclegownia", "category": str(shelter), "language": "pl", **form}
    shown = page(browser(city.dept_admin).post("/console/search/synonym", data=data))
    assert shown.status == 400
    assert shown.field_error(field) == message
    assert rows.one(TaxonomyTerm, id=shelter).synonyms_pl == "nocleg"
    assert rows.count(AuditEvent, action="taxonomy_term.updated") == 0


def test_organisations_and_analysts_cannot_add_a_synonym(browser, rows, city, shelter):
    data = {"synonym": "noclegownia", "category": str(shelter), "language": "pl"}
    for person in (city.dept_analyst, city.a_admin):
        assert browser(person).post("/console/search/synonym", data=data).status_code == 403
    assert rows.one(TaxonomyTerm, id=shelter).synonyms_pl == "nocleg"


def test_testing_a_query_shows_its_words_and_the_categories_reached(browser, city, shelter):
    shown = page(browser(city.dept_analyst).get("/console/search/test", query_string={
        "q": "Nocleg dla rodzin", "lang": "en"}))
    assert shown.status == 200
    assert shown.text_of("query-words") == "nocleg rodzin"
    assert "Left out (stop words): dla" in shown
    assert shown.text_of("reached-categories") == "Shelter shelter — by: nocleg"  # in the language chosen
    assert "0 services found" in shown  # every word must be found: no service has both


def test_testing_a_query_explains_each_result(browser, city, shelter):
    shown = page(browser(city.dept_officer).get("/console/search/test", query_string={"q": "nocleg", "lang": "pl"}))
    assert shown.text_of("test-results") == "Dom dla bezdomnych · Schronisko B nocleg: through its category " \
                                            "“Schronienie”"
    assert "1 service found" in shown
    assert shown.values("/console/search/synonym")["synonym"] == "nocleg"  # ready to be added elsewhere
    by_name = page(browser(city.dept_officer).get("/console/search/test", query_string={"q": "poradnia calodobowy"}))
    assert "0 services found" in by_name
    by_text = page(browser(city.dept_officer).get("/console/search/test", query_string={"q": "całodobowy"}))
    assert "całodobowy" not in by_text.text_of("test-results") and \
        "calodobowy: in the description or other texts" in by_text.text_of("test-results")


def test_testing_a_query_with_bad_input_says_so(browser, city, shelter):
    analyst = browser(city.dept_analyst)
    wrong = page(analyst.get("/console/search/test", query_string={"q": "nocleg", "lang": "xx"}))
    assert wrong.status == 200 and wrong.field_error("lang") == "Choose a language from the list."
    long = page(analyst.get("/console/search/test", query_string={"q": "nocleg " * 60}))
    assert long.status == 200 and long.field_error("q") == "Only the first 200 characters were tested."
    odd = page(analyst.get("/console/search/test", query_string={"q": "\x00 dla ☃ ́"}))
    assert odd.status == 200 and "No words to search for" in odd
    assert browser(city.a_admin).get("/console/search/test?q=nocleg").status_code == 403


def test_the_demo_city_has_weeks_of_queries_that_found_little(app, browser, rows):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    counted = rows.count(SearchQueryWeek)
    assert counted > 50 and len({row.week for row in rows.all(SearchQueryWeek)}) == 6
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert rows.count(SearchQueryWeek) == counted  # loaded once
    analyst = Person(id=rows.one(User, email="analyst@demo.example").id, email="analyst@demo.example")
    shown = page(browser(analyst).get("/console/search/"))
    queries = {record["Query"]: record for record in shown.tables()[0].records()}
    assert {"noclegownia", "komornik", "umyć", "пральня", "food bank"} <= set(queries)
    assert queries["пральня"]["Language"] == "Ukrainian"


@pytest.mark.parametrize(("typed", "counted"), [
    ("Gdzie się UMYĆ", "umyć"), ("MĄŻ pije", "mąż pije"),
    ("  noclegownia\t", "noclegownia"), ("пральня для дітей", "пральня дітей"),
    ("free lunch for kids", "free lunch kids"), ("linia 116 123", "linia 116 123"),  # a helpline, not a person
    ("kowalski@o2.pl", ""), ("pesel 8501011234", ""), ("tel. 32 123 45 67", ""), ("(+48) 600-123-456", ""),
    ("dla i w", ""), ("", ""), ("słowo " * 80, ("słowo " * 80)[:200].strip()),
])
def test_what_is_kept_of_a_query(typed, counted):
    assert insights.counted_query(typed) == counted


def test_maintenance_prune_deletes_counts_older_than_the_weeks_kept(app, rows):
    """`flask maintenance prune` keeps SEARCH_QUERY_WEEKS_KEPT weeks of counts and deletes what is older."""
    from app.extensions import db
    from app.tenancy import system_scope

    this_week = insights.week_of(local_today())
    with app.app_context(), system_scope("tests"):
        for weeks_ago, query in ((0, "nocleg"), (52, "zima"), (53, "stare"), (120, "bardzo stare")):
            db.session.add(SearchQueryWeek(week=this_week - timedelta(weeks=weeks_ago), locale="pl", query=query,
                                           searches=3, results=0))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["maintenance", "prune"])
    assert result.exit_code == 0 and "2 weekly counts of search queries" in result.output
    assert sorted(row.query for row in rows.all(SearchQueryWeek)) == ["nocleg", "zima"]
