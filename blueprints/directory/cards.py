"""The search's result cards, drawn once per service, directory version, language and minute, and kept per worker.

A card says what a service is, who runs it, whether it is open at the time searched for ("now": this minute),
how to get in, where and its phone — all from the directory's rows, which the ``directory`` data version watches
(the service and its parts, its organisation, places and districts), plus the day (a listing goes stale). Under
that key a card cannot change, so a search that meets a kept card neither loads its service nor draws it again
(``search_page(held=…)``). A distance depends on the reader's position: pages sorted or measured from a place
draw every card afresh. Nothing personal is in a card.
"""

from __future__ import annotations

from datetime import datetime

from flask import get_template_attribute
from markupsafe import Markup

from app.fragment_cache import KeptParts

MAX_CARDS = 3000  # about 1.5 kB each: at most ~5 MB per worker
_cards = KeptParts(MAX_CARDS)


class ResultCards:
    """The cards of one results page: those kept, and the key under which each new one is kept."""

    def __init__(self, locale: str, at: datetime, moment_label: str | None, *, keep: bool):
        self.locale, self.at, self.moment_label, self.keep = locale, at, moment_label, keep

    def _key(self, version: int, service_id: int) -> tuple:
        return ("card", version, service_id, self.locale, self.at, self.moment_label)

    def held(self, version: int, service_id: int) -> Markup | None:
        """The card kept for a service at this directory version, or None (then its service is loaded)."""
        return _cards.get(self._key(version, service_id)) if self.keep and version else None

    def draw(self, page, moment, is_open_at, is_stale) -> list[Markup]:
        """Every card of the page in order: the kept ones as they are, the others drawn (and kept)."""
        service_card = get_template_attribute("directory/_service_card.html", "service_card")
        loaded = {service.id: service for service in page.items}
        cards = []
        for service_id in page.ids:
            card = page.held.get(service_id)
            if card is None:
                service = loaded[service_id]
                distance = page.distances.get(service_id) if page.distances else None
                card = service_card(service, self.locale, self.at, moment, self.moment_label, distance, is_open_at,
                                    is_stale)
                if self.keep and page.version:
                    _cards.put(self._key(page.version, service_id), card)
            cards.append(card)
        return cards


def forget_kept_cards() -> None:
    """Forget every kept card (tests)."""
    _cards.clear()
