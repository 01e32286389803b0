"""The search word index: kept in step with a service's texts, prefix ranges, categories, tenancy."""

from __future__ import annotations

from sqlalchemy import delete, select

from app.extensions import db
from app.models import Organisation, SearchWord, Service, ServiceTaxonomy, TaxonomyTerm
from app.services.directory.index import index_words, refresh_search_text
from app.services.directory.search import SearchQuery, _upper_bound, search_services
from app.tenancy import organisation_scope, public_scope, system_scope


def _add(org_id: int, name: str, description: str = "Opis.", **fields) -> int:
    with system_scope("tests"):
        organisation = db.session.get(Organisation, org_id)
        service = Service(organisation_id=org_id, organisation=organisation, name_pl=name, description_pl=description,
                          **fields)
        db.session.add(service)
        refresh_search_text(service)
        db.session.commit()
        return service.id


def _words(service_id: int) -> set[str]:
    with system_scope("tests"):
        rows = db.session.execute(select(SearchWord.word).where(SearchWord.service_id == service_id)).scalars()
        return {word.decode() for word in rows}


def _found(text: str, **query) -> list[str]:
    with public_scope():
        return [s.name_pl for s in db.session.execute(search_services(SearchQuery(text=text, **query))).scalars()]


def test_words_are_folded_distinct_and_without_function_words(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCH_LEMMAS_PATH", str(tmp_path / "none"))  # the words alone, without their lemmas
    assert index_words(["Pomoc dla Ośrodka", "pomoc i wsparcie", None]) == {b"pomoc", b"osrodka", b"wsparcie"}
    assert index_words(["x" * 100]) == {b"x" * 40}


def test_words_are_indexed_with_their_lemmas(app):
    with app.app_context():  # the word-forms file of the tests
        assert index_words(["Pomoc dla Ośrodka"]) >= {b"pomoc", b"osrodka", b"osrodek"}


def test_upper_bound_covers_every_continuation_of_a_prefix():
    for prefix in ("pomoc", "сім'ї", "ї", "z9"):
        low, high = prefix.encode(), _upper_bound(prefix.encode())
        for word in (prefix, prefix + "a", prefix + "я", prefix + "\U0001f600"):
            assert low <= word.encode() < high
        assert not (low <= (prefix[:-1] + chr(ord(prefix[-1]) + 1)).encode() < high)


def test_index_follows_edits_and_deletion(ctx, city):
    service_id = _add(city.org_a.id, "Noclegownia Przystań", "Nocleg i ciepły posiłek.", name_en="Night shelter")
    assert _words(service_id) >= {"noclegownia", "przystan", "nocleg", "cieply", "posilek", "night", "shelter"}
    assert {"stowarzyszenie"} & _words(service_id)  # the organisation's name
    with system_scope("tests"):
        service = db.session.get(Service, service_id)
        service.name_en = None
        service.description_pl = "Łóżka dla kobiet."
        refresh_search_text(service)
        db.session.commit()
    words = _words(service_id)
    assert "shelter" not in words and "posilek" not in words and {"lozka", "kobiet"} <= words
    assert _found("shelter") == [] and _found("łóżk") == ["Noclegownia Przystań"]
    with system_scope("tests"):
        db.session.execute(delete(Service).where(Service.id == service_id))
        db.session.commit()
    assert _words(service_id) == set()


def test_category_synonyms_match_without_a_refresh(ctx, city):
    service_id = _add(city.org_a.id, "Punkt wsparcia")
    with system_scope("tests"):
        term = TaxonomyTerm(code="food", label_pl="Żywność", synonyms_uk="їжа, продукти")
        db.session.add(term)
        db.session.flush()
        db.session.add(ServiceTaxonomy(organisation_id=city.org_a.id, service_id=service_id, taxonomy_term_id=term.id))
        db.session.commit()
    assert _found("їж") == ["Punkt wsparcia"] and _found("zywn") == ["Punkt wsparcia"]
    with system_scope("tests"):
        db.session.get(TaxonomyTerm, term.id).synonyms_uk = "харчування"
        db.session.commit()
    assert _found("їж") == [] and _found("харч") == ["Punkt wsparcia"]


def test_every_word_must_match_and_function_words_are_ignored(ctx, city):
    _add(city.org_a.id, "Poradnia dla rodzin", "Terapia rodzinna.")
    _add(city.org_b.id, "Poradnia prawna", "Porady dla każdego.")
    assert sorted(_found("poradnia")) == ["Poradnia dla rodzin", "Poradnia prawna"]
    assert _found("poradnia terapia") == ["Poradnia dla rodzin"]
    assert sorted(_found("poradnia dla")) == ["Poradnia dla rodzin", "Poradnia prawna"]  # "dla" is no filter


def test_word_rows_belong_to_the_services_organisation(ctx, city):
    a = _add(city.org_a.id, "Klub seniora Jesień")
    b = _add(city.org_b.id, "Klub seniora Wiosna")
    with system_scope("tests"):
        owners = set(db.session.execute(select(SearchWord.service_id, SearchWord.organisation_id)).all())
    assert {(a, city.org_a.id), (b, city.org_b.id)} <= owners and len({o for _, o in owners}) == 2
    with organisation_scope(city.org_a.id):
        assert set(db.session.execute(select(SearchWord.service_id)).scalars()) == {a}


def test_unpublished_service_is_not_found_through_its_words(ctx, city):
    _add(city.org_a.id, "Punkt ukryty Zefir", is_published=False)
    assert _found("zefir") == []
