"""The search index of the directory: folding words and keeping each service's words current.

A word is folded (lower case, no Latin diacritics, Cyrillic kept whole) so that whatever
people type matches; function words are left out. Each word is indexed with its lemmas
(``app.services.directory.lemmas``: "bezdomnych" also as "bezdomny"), so a query word meets
the other forms of a word through its own lemma. ``refresh_search_text`` rebuilds a
service's rows in ``search_word`` and its ``search_text``/``search_name`` columns; the query
planner (``app.services.directory.search``) reads them.

``search_name`` is " <the names' words> | <their lemmas> ": the planner tells a word of the
name itself (before the bar) from another form of it (after).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.models import Service
from app.models.directory import LOCALES
from app.models.search import MAX_WORD_CHARS, SearchWord
from app.services.directory.lemmas import lemmas_of


def fold(text: str | None) -> str:
    """Lower-case, without diacritics (ł → l, ó → o), for matching whatever people type."""
    text = (text or "").replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # keep Cyrillic letters whole (й, ї) but drop Latin combining marks
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in "\u0306\u0308")
    return unicodedata.normalize("NFC", kept)


# Function words dropped from the index and from queries: they are in nearly every text, or they are how
# people ask ("gdzie", "potrzebuję", "I need") rather than what they ask for. A synonym that contains one
# ("gdzie spać") is matched by its other words.
STOPWORDS = frozenset((
    "a", "i", "o", "u", "w", "z", "we", "ze", "na", "do", "od", "po", "za", "ku", "dla", "lub", "oraz", "albo",
    "czy", "ani", "to", "jest", "sa", "sie", "przy", "przez", "pod", "nad", "bez", "jak", "tak",
    "nie", "gdzie", "mam", "mnie", "mi", "moj", "moja", "moje", "jestem", "potrzebuje", "szukam", "chce", "moge",
    "prosze", "jakis", "jakies", "ktos", "co", "kto", "mozna",
    "the", "an", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "is", "are", "be",
    "me", "my", "need", "want", "where", "can", "get", "some", "somewhere", "am", "looking", "please", "it",
    "і", "й", "в", "у", "з", "із", "зі", "на", "до", "від", "для", "та", "або", "чи", "що", "по", "за", "як", "це",
    "не", "де", "я", "мені", "мене", "мій", "моя", "треба", "потрібно", "потрібна", "потрібен", "хочу", "можна",
    "шукаю", "є",
))


WORD = re.compile(r"[\w']+")


@lru_cache(maxsize=65536)
def _token_words(token: str) -> tuple[str, ...]:
    """The folded words of one whitespace-free token (cached: the same words recur in every text)."""
    if not token.isascii():
        token = fold(token.replace("\u2019", "'").replace("\u02bc", "'"))  # Ukrainian apostrophes, as typed
    return tuple(WORD.findall(token.lower()))


def _words(text: str) -> list[str]:
    """The folded words of a text, in order (the same as ``WORD.findall(fold(text))``, faster)."""
    return [word for token in text.split() for word in _token_words(token)]


def index_words(texts) -> set[bytes]:
    """The distinct words of ``texts`` as the search index stores them: folded, UTF-8, no function words,
    each with its lemmas."""
    words = set()
    for text in texts:
        for word in _words(text or ""):
            if word not in STOPWORDS:
                word = word[:MAX_WORD_CHARS]
                words.add(word.encode())
                words.update(lemma.encode() for lemma in lemmas_of(word))
    return words


def own_texts(service: Service) -> list[str | None]:
    """What a service says about itself: names, descriptions, audience (all languages), organisation name."""
    texts = [getattr(service, f"{f}_{locale}") for f in ("name", "description", "audience") for locale in LOCALES]
    texts.append(service.organisation.name if service.organisation else "")
    return texts


def index_rows(service_id: int, organisation_id: int, texts) -> list[dict]:
    """Rows of ``search_word`` for one service, for bulk inserts (bench generator, migrations)."""
    return [{"service_id": service_id, "organisation_id": organisation_id, "word": word}
            for word in sorted(index_words(texts))]


def search_columns(names, own, categories) -> tuple[str, str]:
    """``Service.search_text`` (every word, categories included) and ``search_name`` (the names' words)."""
    text = " " + " ".join(_words(" ".join(t or "" for t in [*own, *categories]))) + " "
    name_words = _words(" ".join(n or "" for n in names))
    lemmas = dict.fromkeys(lemma for word in name_words for lemma in lemmas_of(word[:MAX_WORD_CHARS]))
    name = " " + " ".join(name_words) + " | " + "".join(f"{lemma} " for lemma in lemmas)
    return text, name


def category_texts(terms) -> list[str]:
    """The labels and synonyms of a service's categories and of their parents."""
    texts = []
    for term in terms:
        texts.extend(term.all_synonyms())
        if term.parent is not None:
            texts.extend(term.parent.all_synonyms())
    return texts


def refresh_search_text(service: Service) -> None:
    """Rebuild what a search matches: the folded texts and the service's rows in the word index.

    Call after a service's names, descriptions, audience, categories or organisation change.
    Category words are matched through the taxonomy at search time, so editing a category's
    synonyms needs no refresh.
    """
    own = own_texts(service)
    service.search_text, service.search_name = search_columns(
        [getattr(service, f"name_{locale}") for locale in LOCALES], own, category_texts(service.taxonomy_terms))
    wanted = index_words(own)
    current = {row.word: row for row in service.search_words}
    for word, row in current.items():
        if word not in wanted:
            service.search_words.remove(row)
    for word in sorted(wanted - current.keys()):
        service.search_words.append(SearchWord(word=word, organisation_id=service.organisation_id))

