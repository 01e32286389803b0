"""Typos: the nearest words of the directory's vocabulary to a word that matches nothing.

The vocabulary is every distinct word residents can find — the words (and lemmas) of the published
services in ``search_word`` and the folded labels and synonyms of the taxonomy — kept per worker
under the ``search`` data version (``app.services.directory.versions``): built the first time a
query needs it after a change, never per request. It is held as plain strings grouped by length,
so a lookup compares a word only with words of nearly its length (rapidfuzz's optimal-string-alignment
distance: a wrong, missing, extra or swapped letter counts one).

Allowed distance: none below 4 letters (too many short words are one letter apart), 1 up to 6
letters, 2 from 7 letters on ("psycholg" → "psycholog", "noclegowna" → "noclegownia").
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from flask import current_app

from app.extensions import db

MAX_CANDIDATES = 6


def allowed_distance(word: str) -> int:
    """How many letters may be wrong in a word of this length."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


@dataclass(frozen=True)
class Vocabulary:
    """The directory's distinct words, grouped by length."""

    by_length: dict[int, tuple[str, ...]]

    @property
    def size(self) -> int:
        return sum(len(words) for words in self.by_length.values())

    def memory(self) -> int:
        """About how many bytes the words take (the strings and the tuples holding them)."""
        return sum(sys.getsizeof(words) + sum(sys.getsizeof(w) for w in words) for words in self.by_length.values())

    def nearest(self, word: str, distance: int | None = None, limit: int = MAX_CANDIDATES) -> list[str]:
        """Words within ``distance`` of ``word`` (its allowed distance by default), nearest first, not itself."""
        distance = allowed_distance(word) if distance is None else distance
        if distance <= 0:
            return []
        from rapidfuzz import process  # about 5 MB: loaded by the first search with a typo, not by every worker
        from rapidfuzz.distance import OSA

        choices = [w for length in range(len(word) - distance, len(word) + distance + 1)
                   for w in self.by_length.get(length, ())]
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=distance, limit=None)
        found = sorted((score, choice) for choice, score, _ in found if choice != word)
        return [choice for _, choice in found[:limit]]


def build(read_words, extra_words) -> Vocabulary:
    """The vocabulary: the published services' indexed words (``read_words()``, the planner's one statement)
    and ``extra_words`` (the taxonomy's)."""
    words = set(read_words())
    words.update(extra_words)
    grouped: dict[int, list[str]] = {}
    for word in words:
        grouped.setdefault(len(word), []).append(word)
    return Vocabulary({length: tuple(sorted(found)) for length, found in grouped.items()})


_lock = threading.Lock()
_kept: dict[str, object] = {"key": None, "vocabulary": None}


def vocabulary(version: int, read_words, extra_words) -> Vocabulary:
    """The vocabulary of this data version: built once per worker and change (each time when
    ``FRAGMENT_CACHE`` is off, as in most tests)."""
    key = (str(db.engine.url), version)
    if current_app.config.get("FRAGMENT_CACHE", True):
        with _lock:
            if _kept["key"] == key:
                return _kept["vocabulary"]
    built = build(read_words, extra_words)
    with _lock:
        _kept["key"], _kept["vocabulary"] = key, built
    return built


def forget() -> None:
    """Drop the kept vocabulary (tests)."""
    with _lock:
        _kept["key"] = _kept["vocabulary"] = None
