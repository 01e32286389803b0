"""The demo city's content: the JSON files in app/demo/data/, one per kind.

organisations, people, districts, services, events, volunteering (opportunities) and feedback
(residents' reports of a mistake, waiting and handled) and programmes (the department's, with
their budget lines) and calls for offers, a decided call with its results, and small grants without a
competition, agreements (grants and service contracts with their money and amendments) and their outcome
reports in every state, and the department's own indicators over years (the seed documents' figures), and the
organisations' places with two weeks of counts and referrals between them in every state (``capacity``: an object
with ``units`` and ``referrals``), and the networks of partner organisations (``networks``: each with its
coordinator, purpose and members with the contact they gave and what they bring). Texts
in three languages are objects ``{"pl", "uk", "en"}``; a null translation falls back to
Polish on the page, and a text nobody wrote is null altogether. Dates of events and
opportunities are offsets from the day of loading. Every phone number, address, e-mail and
web address is fictional. Confidential places (the shelter for people experiencing violence,
protected flats, the violence support group) carry no street and only the district centre
as coordinates; their texts never reveal where they are. Passwords and two-factor secrets
are not content: they stay in app/demo/loader.py. The category tree is the city's reference
data (app/data/taxonomy.json), not the demo's.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.models.directory import LOCALES

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("organisations", "people", "districts", "services", "events", "volunteering", "feedback",
         "programmes", "calls", "results", "small_grants", "offers", "agreements", "reports", "indicators",
         "capacity", "networks")


def read(kind: str) -> list[dict]:
    """The entries of one data file, e.g. ``read("services")``."""
    if kind not in KINDS:
        raise ValueError(f"no demo data of kind {kind!r}")
    with (DATA / f"{kind}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def translated(prefix: str, texts: dict | None) -> dict:
    """Columns ``prefix_pl``, ``prefix_uk``, ``prefix_en`` from a ``{"pl", "uk", "en"}`` text (none when null)."""
    if texts is None:
        return {}
    return {f"{prefix}_{locale}": texts.get(locale) for locale in LOCALES}
