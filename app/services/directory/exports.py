"""The whole public directory as CSV, written in batches (bounded memory) for ``app.services.kept_exports``.

The services residents may see (read in the public scope by the caller), by name in the reader's language. The
ids come first in one statement; then each batch of ``BATCH`` services is read as plain columns — the service with
its organisation's name, its phones, hours, places and categories: five statements, each through the public
scope — written and let go, so a worker holds one batch at a time whatever the size of the directory, and no ORM
object is made per row (making them was four fifths of the time). Category labels come from the taxonomy
snapshot. A confidential place's address is empty: its row holds none, and none would be written if it did.
"""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTaxonomy,
)
from app.models.directory import LOCALES
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


def _address(confidential: bool, street: str | None, postal_code: str | None, city: str | None) -> str:
    """``Location.public_address`` from the columns: nothing for a confidential place."""
    if confidential:
        return ""
    parts = [street, " ".join(p for p in (postal_code, city) if p)]
    return ", ".join(p for p in parts if p)


def _by_service(rows) -> dict[int, list]:
    found: dict[int, list] = {}
    for service_id, *values in rows:
        found.setdefault(service_id, []).append(values)
    return found


def _hours(spans: list) -> str:
    days: dict[int, list] = {}
    for weekday, opens, closes in spans:
        days.setdefault(weekday, []).append((opens, closes))
    return "; ".join(f"{OSM_DAYS[day]} " + ",".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in sorted(days[day]))
                     for day in sorted(days))


def _batch(ids: list[int], locale: str, snapshot: versions.TaxonomySnapshot) -> list[list]:
    """The CSV rows of these services, in their order: five column queries, no ORM object per row."""
    name = getattr(Service, f"name_{locale}") if locale in LOCALES else Service.name_pl
    services = {row[0]: row for row in db.session.execute(
        select(Service.id, Service.name_pl, name, Organisation.name, Service.email, Service.url, Service.is_free,
               Service.always_open, Service.languages, Service.status, Service.last_verified_at)
        .join(Organisation, Organisation.id == Service.organisation_id).where(Service.id.in_(ids)))}
    phones = _by_service(db.session.execute(
        select(Phone.service_id, Phone.number).where(Phone.service_id.in_(ids))
        .order_by(Phone.service_id, Phone.position, Phone.id)))
    hours = _by_service(db.session.execute(
        select(Schedule.service_id, Schedule.weekday, Schedule.opens_at, Schedule.closes_at)
        .where(Schedule.service_id.in_(ids))))
    places = _by_service(db.session.execute(
        select(ServiceAtLocation.service_id, Location.is_confidential, Location.street, Location.postal_code,
               Location.city, District.name)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .outerjoin(District, District.id == Location.district_id)
        .where(ServiceAtLocation.service_id.in_(ids)).order_by(ServiceAtLocation.service_id, ServiceAtLocation.id)))
    terms = _by_service(db.session.execute(
        select(ServiceTaxonomy.service_id, ServiceTaxonomy.taxonomy_term_id)
        .where(ServiceTaxonomy.service_id.in_(ids)).order_by(ServiceTaxonomy.service_id, ServiceTaxonomy.id)))
    rows = []
    for service_id in ids:
        found = services.get(service_id)
        if found is None:
            continue
        _, name_pl, translated, organisation, email, url, free, always, languages, status, verified = found
        at = places.get(service_id, [])
        labels = [snapshot.by_id[term].text("label", locale) for (term,) in terms.get(service_id, [])
                  if term in snapshot.by_id]
        rows.append([
            service_id, translated or name_pl, organisation, "; ".join(labels),
            "; ".join(_address(*place[:4]) for place in at), "; ".join(place[4] for place in at if place[4]),
            "; ".join(number for (number,) in phones.get(service_id, [])), email or "", url or "",
            "yes" if free else "no", "yes" if always else "no", _hours(hours.get(service_id, [])),
            " ".join(languages.split()), ServiceStatus(status).value, verified.date().isoformat() if verified else "",
        ])
    return rows


def write_directory_csv(out: BinaryIO, locale: str) -> None:
    """Write the CSV (UTF-8, a header row, one row per public service) to ``out`` batch by batch."""
    snapshot = versions.taxonomy_snapshot()
    ids = list(db.session.execute(select(Service.id).order_by(_name_key(locale), Service.id)).scalars())
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for start in range(0, len(ids), BATCH):
        writer.writerows(_batch(ids[start:start + BATCH], locale, snapshot))
        out.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()
    out.write(text.getvalue().encode("utf-8"))
