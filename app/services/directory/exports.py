"""The whole public directory as CSV, written in batches (bounded memory) for ``app.services.kept_exports``.

The services residents may see (read in the public scope by the caller), by name in the reader's language. The
ids come first in one statement; then each batch of ``BATCH`` services is loaded with its parts in a fixed number
of statements, written and let go, so a worker holds one batch at a time, whatever the size of the directory.
Category labels come from the taxonomy snapshot (no statement per service). A confidential place's address is
empty: only ``public_address`` is written.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Service, ServiceTaxonomy
from app.models.directory import LOCALES
from app.services.directory import hours as opening_hours
from app.services.directory import versions

BATCH = 500
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")  # hours as in OpenStreetMap's opening_hours
CSV_COLUMNS = ("id", "name", "organisation", "categories", "address", "district", "phones", "email", "website",
               "free", "open_24_7", "hours", "languages", "status", "last_verified")


def export_key(locale: str) -> tuple:
    """What the CSV's bytes depend on: the directory's version and the language."""
    return versions.version(versions.DIRECTORY), locale


def _name_key(locale: str):
    if locale not in LOCALES or locale == "pl":
        return Service.name_pl
    return func.coalesce(getattr(Service, f"name_{locale}"), Service.name_pl)


def _row(item: Service, locale: str, snapshot: versions.TaxonomySnapshot) -> list:
    places = item.locations
    hours = "; ".join(f"{OSM_DAYS[day]} " + ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in spans)
                      for day, spans in opening_hours.hours_by_day(item) if spans)
    labels = [snapshot.by_id[link.taxonomy_term_id].text("label", locale)
              for link in item.taxonomy_links if link.taxonomy_term_id in snapshot.by_id]
    return [
        item.id, item.text("name", locale), item.organisation.name, "; ".join(labels),
        "; ".join(p.public_address or "" for p in places),
        "; ".join(p.district.name for p in places if p.district),
        "; ".join(p.number for p in item.phones), item.email or "", item.url or "",
        "yes" if item.is_free else "no", "yes" if item.always_open else "no", hours,
        " ".join(item.language_list), item.status.value,
        item.last_verified_at.date().isoformat() if item.last_verified_at else "",
    ]


def write_directory_csv(out: BinaryIO, locale: str) -> None:
    """Write the CSV (UTF-8, a header row, one row per public service) to ``out`` batch by batch."""
    snapshot = versions.taxonomy_snapshot()
    ids = list(db.session.execute(select(Service.id).order_by(_name_key(locale), Service.id)).scalars())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for start in range(0, len(ids), BATCH):
        wanted = ids[start:start + BATCH]
        found = {s.id: s for s in db.session.execute(
            select(Service).where(Service.id.in_(wanted)).options(
                selectinload(Service.phones), selectinload(Service.schedules),
                selectinload(Service.service_at_locations),
                selectinload(Service.taxonomy_links).lazyload(ServiceTaxonomy.term),
            )).unique().scalars()}
        for service_id in wanted:
            if service_id in found:
                writer.writerow(_row(found[service_id], locale, snapshot))
        out.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()
        found.clear()  # the session's identity map holds rows weakly: the batch goes with the last reference
    out.write(text.getvalue().encode("utf-8"))
