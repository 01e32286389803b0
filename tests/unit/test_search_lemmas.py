"""Word forms from the lookup file, and typo distances over a vocabulary."""

from __future__ import annotations

import logging

import pytest

from app.services.directory import lemmas
from app.services.directory.typos import Vocabulary, allowed_distance


@pytest.fixture
def english(tmp_path, monkeypatch):
    """A lookup file of the English dictionary alone (about a second to build)."""
    path = tmp_path / "lemmas.sqlite3"
    assert lemmas.build(path, languages=("en",)) > 10_000
    monkeypatch.setenv("SEARCH_LEMMAS_PATH", str(path))
    yield path
    lemmas._reset()


def test_forms_meet_their_lemma_and_us_spellings_the_uk_ones(english):
    assert lemmas.is_built(english)
    assert lemmas.lemmas_of("shelters") == ("shelter",)
    assert "counselling" in lemmas.lemmas_of("counseling")
    assert "centre" in lemmas.lemmas_of("center")
    assert lemmas.lemmas_of("shelter") == ()  # a lemma has no other lemma
    assert lemmas.forms_of("wheelchairs") == ("wheelchairs", "wheelchair")
    assert lemmas.lemmas_of("x" * 100) == ()


def test_without_the_file_search_has_no_other_forms_and_says_so_once(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("SEARCH_LEMMAS_PATH", str(tmp_path / "missing.sqlite3"))
    monkeypatch.setitem(lemmas._state, "warned", False)
    with caplog.at_level(logging.WARNING, logger=lemmas.__name__):
        assert lemmas.lemmas_of("shelters") == ()
        assert lemmas.lemmas_of("houses") == ()
    assert len([r for r in caplog.records if "flask search lemmas" in r.getMessage()]) == 1
    assert not lemmas.is_built(tmp_path / "missing.sqlite3")
    lemmas._reset()


def _vocabulary(*words) -> Vocabulary:
    grouped = {}
    for word in words:
        grouped.setdefault(len(word), []).append(word)
    return Vocabulary({length: tuple(found) for length, found in grouped.items()})


def test_typos_are_corrected_within_one_or_two_letters_by_length():
    vocabulary = _vocabulary("noclegownia", "psycholog", "schronisko", "kot", "pomoc", "pomocy", "nocleg")
    assert vocabulary.nearest("noclegowna") == ["noclegownia"]  # a missing letter
    assert vocabulary.nearest("psycholg") == ["psycholog"]
    assert vocabulary.nearest("schronsko") == ["schronisko"]
    assert vocabulary.nearest("shcronisko") == ["schronisko"]  # two letters swapped count one
    assert vocabulary.nearest("pomoc") == ["pomocy"]  # never the word itself
    assert vocabulary.nearest("kto") == []  # three letters: no corrections
    assert vocabulary.nearest("nclgwn") == []  # too far
    assert [allowed_distance(w) for w in ("kto", "dług", "pomocy", "psycholg")] == [0, 1, 1, 2]
    assert vocabulary.size == 7 and vocabulary.memory() > 0
