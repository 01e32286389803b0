"""The department tests a query against the taxonomy: what the public search makes of it, and why.

``explain_query(text, locale)`` answers with the words the search looks for (and the stop words it
leaves out), the categories those words reach (``search.matched_categories``), and the first
results a resident would get in that language, each with where its words were found: in the
service's name, through one of its categories, or elsewhere in its texts (description, audience,
the organisation's name). The results are searched in the public scope, as residents see them;
only the public interface of app/services/directory/search.py is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Service, TaxonomyTerm
from app.services.directory.index import STOPWORDS, _words
from app.services.directory.search import SearchQuery, matched_categories, search_page
from app.tenancy import public_scope

SHOWN_RESULTS = 10
NAME, CATEGORY, TEXT = "name", "category", "text"


@dataclass(frozen=True)
class Reason:
    """Why a word found a service: ``kind`` is name, category (with the category's id) or text."""

    word: str
    kind: str
    term_id: int | None = None


@dataclass
class Found:
    """One result with the reasons it was found."""

    service_id: int
    name: str
    organisation: str
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Explanation:
    """What the search makes of a query."""

    words: list[str]  # as the search looks for them (folded, at most the first eight)
    left_out: list[str]  # stop words, which neither find nor rank
    categories: list[tuple[TaxonomyTerm, list[str]]]  # reached categories with the words reaching them
    total: int  # matching services (up to the search's cap)
    results: list[Found]


def _reasons(service: Service, words: list[str], reached: dict[int, list[str]]) -> list[Reason]:
    name_words = (service.search_name or "").split()
    term_ids = sorted(link.taxonomy_term_id for link in service.taxonomy_links)
    reasons = []
    for word in words:
        if any(one.startswith(word) for one in name_words):
            reasons.append(Reason(word, NAME))
            continue
        through = next((term_id for term_id in term_ids if word in reached.get(term_id, ())), None)
        reasons.append(Reason(word, CATEGORY, through) if through is not None else Reason(word, TEXT))
    return reasons


def explain_query(text: str, locale: str) -> Explanation:
    """The search of ``text`` in ``locale`` as a resident would get it, with the reasons (see the module)."""
    query = SearchQuery(text=text, locale=locale)
    left_out = list(dict.fromkeys(word for word in _words(text) if word in STOPWORDS))
    reached = matched_categories(query)
    terms = {term.id: term for term in db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.id.in_(list(reached)))
        .order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars()} if reached else {}
    categories = [(term, reached[term_id]) for term_id, term in terms.items()]
    if not query.words:
        return Explanation(words=[], left_out=left_out, categories=categories, total=0, results=[])
    with public_scope():
        page = search_page(query, page=1, per_page=SHOWN_RESULTS)
        results = [Found(service.id, service.text("name", locale) or service.name_pl,
                         service.organisation.name if service.organisation else "",
                         _reasons(service, query.words, reached)) for service in page.items]
    return Explanation(words=list(query.words), left_out=left_out, categories=categories, total=page.total,
                       results=results)
