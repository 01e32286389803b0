"""Who received what: every signed agreement of the city as a row anyone may read, filter, total and download.

A row is one signed agreement (in force, completed or terminated): its year (of its number), the
programme, the organisation (the lead, with its joint parties), the kind (grant or service contract),
title, number, period, value (the funding rows, amendments included) and what was paid (paid tranches
less returned money). Drafts, agreements sent or accepted but not yet signed are not public and never
appear; nor do budget lines and their funding sources, people or addresses.

Everything is read in the public scope. Filters: year, programme, organisation (lead or joint party)
and kind; totals are computed for the whole filtered set. The downloads hold the same filtered rows:

- CSV for Polish spreadsheets: UTF-8 with a byte-order mark, ``;`` between fields, amounts with a
  decimal comma and no thousands separator ("12000,50"), dates as YYYY-MM-DD; headers in the
  reader's language;
- XLSX (openpyxl, write-only): amounts as numbers in złoty, dates as dates, a totals row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext, lazy_pgettext, ngettext
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.labels import AGREEMENT_KIND_LABELS
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementParty,
    Organisation,
    Programme,
    Refund,
    Tranche,
    TrancheState,
)
from app.models.agreements import SIGNED
from app.services.agreements.money import figures_for
from app.services.open_data.public_agreements import batches
from app.tenancy import public_scope

ZERO = Decimal("0.00")
PER_PAGE = 50
CSV_DELIMITER = ";"
DOWNLOAD_BATCH = 200


@dataclass(frozen=True)
class RecipientFilter:
    """What the reader narrowed the list to (None: any)."""

    year: int | None = None
    programme_id: int | None = None
    organisation_id: int | None = None
    kind: AgreementKind | None = None


@dataclass(frozen=True)
class RecipientRow:
    """One signed agreement as the public list shows it."""

    agreement_id: int
    year: int
    programme: str
    programme_translated: bool  # False: the programme's name is shown in Polish
    organisation: str
    partners: tuple[str, ...]
    kind: AgreementKind
    title: str
    number: str
    starts_on: date
    ends_on: date
    value: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Totals:
    count: int = 0
    value: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass(frozen=True)
class RecipientPage:
    rows: list[RecipientRow]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class FilterOptions:
    """The values the filters offer: only those that have a signed agreement."""

    years: list[int]
    programmes: list[Programme]
    organisations: list[tuple[int, str]]


def _filtered(chosen: RecipientFilter):
    """The ids of the signed agreements ``chosen`` selects (a subquery-ready select)."""
    statement = select(Agreement.id).where(Agreement.status.in_(SIGNED))
    if chosen.year is not None:
        statement = statement.where(Agreement.year == chosen.year)
    if chosen.programme_id is not None:
        statement = statement.where(Agreement.programme_id == chosen.programme_id)
    if chosen.organisation_id is not None:
        statement = statement.where(or_(Agreement.organisation_id == chosen.organisation_id,
                                        Agreement.parties.any(AgreementParty.partner_id == chosen.organisation_id)))
    if chosen.kind is not None:
        statement = statement.where(Agreement.kind == chosen.kind)
    return statement


def _ordered_ids(chosen: RecipientFilter):
    """The filtered agreements sorted: newest year first, then programme, organisation and number."""
    return (_filtered(chosen).join(Programme, Programme.id == Agreement.programme_id)
            .join(Organisation, Organisation.id == Agreement.organisation_id)
            .order_by(Agreement.year.desc(), Programme.name_pl, Organisation.name, Agreement.sequence,
                      Agreement.id))


def filter_options() -> FilterOptions:
    """The years, programmes and organisations that have at least one signed agreement (public scope)."""
    with public_scope():
        years = db.session.execute(select(Agreement.year).where(Agreement.status.in_(SIGNED)).distinct()
                                   .order_by(Agreement.year.desc())).scalars().all()
        programmes = db.session.execute(
            select(Programme).where(Programme.id.in_(select(Agreement.programme_id)
                                                      .where(Agreement.status.in_(SIGNED))))
            .order_by(Programme.name_pl)).scalars().all()
        leads = select(Agreement.organisation_id).where(Agreement.status.in_(SIGNED))
        partners = select(AgreementParty.partner_id)
        organisations = db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(or_(Organisation.id.in_(leads), Organisation.id.in_(partners)))
            .order_by(Organisation.name)).all()
        return FilterOptions(years=list(years), programmes=list(programmes),
                             organisations=[(row.id, row.name) for row in organisations])


def _rows(ids: list[int], locale: str) -> list[RecipientRow]:
    """The rows of the agreements ``ids``, in that order (three queries for the money, one for the rest)."""
    if not ids:
        return []
    found = {agreement.id: agreement for agreement in db.session.execute(
        select(Agreement).where(Agreement.id.in_(ids))
        .options(selectinload(Agreement.organisation), selectinload(Agreement.programme),
                 selectinload(Agreement.funding),
                 selectinload(Agreement.parties).joinedload(AgreementParty.partner))).unique().scalars()}
    money = figures_for(ids)
    rows = []
    for agreement_id in ids:
        agreement = found.get(agreement_id)
        if agreement is None:
            continue
        figures = money[agreement_id]
        rows.append(RecipientRow(
            agreement_id=agreement.id, year=agreement.year,
            programme=agreement.programme.text("name", locale),
            programme_translated=agreement.programme.is_translated("name", locale),
            organisation=agreement.organisation.name,
            partners=tuple(party.partner.name for party in agreement.parties),
            kind=agreement.kind, title=agreement.title, number=agreement.number,
            starts_on=agreement.starts_on, ends_on=agreement.ends_on, value=agreement.value,
            paid=figures.paid - figures.returned))
    return rows


def recipient_page(chosen: RecipientFilter, *, page: int, locale: str, per_page: int = PER_PAGE) -> RecipientPage:
    """One page of the filtered, sorted rows (a page past the end is the last one)."""
    with public_scope():
        total = db.session.execute(select(func.count()).select_from(_filtered(chosen).subquery())).scalar_one()
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        ids = list(db.session.execute(_ordered_ids(chosen).limit(per_page).offset((page - 1) * per_page))
                   .scalars())
        return RecipientPage(rows=_rows(ids, locale), page=page, pages=pages, total=total)


def recipient_totals(chosen: RecipientFilter) -> Totals:
    """The number, value and paid money (less returns) of every agreement the filter selects."""
    with public_scope():
        selected = _filtered(chosen).scalar_subquery()
        count = db.session.execute(select(func.count()).select_from(_filtered(chosen).subquery())).scalar_one()
        value = db.session.execute(select(func.coalesce(func.sum(AgreementFunding.amount), 0))
                                   .where(AgreementFunding.agreement_id.in_(selected))).scalar_one()
        paid = db.session.execute(select(func.coalesce(func.sum(Tranche.amount), 0))
                                  .where(Tranche.agreement_id.in_(selected),
                                         Tranche.state == TrancheState.PAID)).scalar_one()
        returned = db.session.execute(select(func.coalesce(func.sum(Refund.amount), 0))
                                      .where(Refund.agreement_id.in_(selected))).scalar_one()
        cent = Decimal("0.01")
        return Totals(count=count, value=Decimal(value).quantize(cent),
                      paid=(Decimal(paid) - Decimal(returned)).quantize(cent))


def iter_rows(chosen: RecipientFilter, locale: str) -> Iterator[RecipientRow]:
    """Every filtered row in order, read ``DOWNLOAD_BATCH`` at a time (ids first)."""
    with public_scope():
        ids = list(db.session.execute(_ordered_ids(chosen)).scalars())
        for chunk in batches(ids, DOWNLOAD_BATCH):
            yield from _rows(chunk, locale)


# -- downloads ----------------------------------------------------------------------------------------------

COLUMNS = (
    lazy_pgettext("agreement", "Year"),
    _l("Programme"),
    _l("Organisation"),
    lazy_pgettext("agreement", "Kind"),
    lazy_pgettext("agreement", "Title"),
    _l("Agreement number"),
    _l("From"),
    _l("Until"),
    _l("Value (PLN)"),
    _l("Paid (PLN)"),
)


def organisation_cell(row: RecipientRow) -> str:
    """The lead organisation, and the joint parties when there are some."""
    if not row.partners:
        return row.organisation
    return gettext("%(lead)s, jointly with %(partners)s", lead=row.organisation, partners=", ".join(row.partners))


def _count(count: int) -> str:
    return ngettext("%(num)d agreement", "%(num)d agreements", count)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Free text as a spreadsheet shows it, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def csv_chunks(chosen: RecipientFilter, locale: str) -> Iterator[str]:
    """The filtered rows as CSV for Polish spreadsheets (BOM, ``;``, decimal comma), a few rows at a time,
    ending with the totals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([str(column) for column in COLUMNS])
    yield "\ufeff" + taken()
    count, value, paid = 0, ZERO, ZERO
    for row in iter_rows(chosen, locale):
        writer.writerow([row.year, _text(row.programme), _text(organisation_cell(row)),
                         str(AGREEMENT_KIND_LABELS[row.kind]), _text(row.title), _text(row.number),
                         row.starts_on.isoformat(), row.ends_on.isoformat(),
                         _csv_amount(row.value), _csv_amount(row.paid)])
        count, value, paid = count + 1, value + row.value, paid + row.paid
        if count % 200 == 0:
            yield taken()
    writer.writerow([gettext("Total"), "", _count(count), "", "", "", "", "", _csv_amount(value), _csv_amount(paid)])
    yield taken()


def xlsx_bytes(chosen: RecipientFilter, locale: str) -> bytes:
    """The filtered rows as an Excel workbook (openpyxl write-only): numbers and dates typed, a totals row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Who received what")[:31])
    for letter, width in zip("ABCDEFGHIJ", (7, 40, 40, 20, 50, 18, 12, 12, 15, 15), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def cell(value, *, number_format: str | None = None, strong: bool = False):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text, never a formula (a title may start with "=")
        if number_format:
            item.number_format = number_format
        if strong:
            item.font = bold
        return item

    money_format, date_format = "#,##0.00", "yyyy-mm-dd"
    sheet.append([cell(str(column), strong=True) for column in COLUMNS])
    count, value, paid = 0, ZERO, ZERO
    for row in iter_rows(chosen, locale):
        sheet.append([row.year, cell(row.programme), cell(organisation_cell(row)),
                      cell(str(AGREEMENT_KIND_LABELS[row.kind])), cell(row.title), cell(row.number),
                      cell(row.starts_on, number_format=date_format),
                      cell(row.ends_on, number_format=date_format), cell(row.value, number_format=money_format),
                      cell(row.paid, number_format=money_format)])
        count, value, paid = count + 1, value + row.value, paid + row.paid
    sheet.append([cell(gettext("Total"), strong=True), None, cell(_count(count), strong=True),
                  None, None, None, None, None, cell(value, number_format=money_format, strong=True),
                  cell(paid, number_format=money_format, strong=True)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
