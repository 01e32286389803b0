"""Who received what: every signed agreement of the city as a row anyone may read, filter, total and download.

A row is one signed agreement (in force, completed or terminated): its title and number, the
organisation (the lead, with its joint parties), value (the funding rows, amendments included), what was
paid (paid tranches less returned money), status, programme, kind (grant or service contract) and period
(a terminated agreement's ending on its termination date). Drafts, agreements sent or accepted but not yet
signed are not public and never appear; nor do budget lines and their funding sources, people or addresses.

Everything is read in the public scope. Filters: year (the agreements running in it: their period, up to the
termination date of a terminated one, overlaps it — as the console's year filter), programme, organisation
(lead or joint party) and kind; totals are computed for the whole filtered set. The downloads hold the same
filtered rows:

- CSV for Polish spreadsheets: UTF-8 with a byte-order mark, ``;`` between fields, amounts with a
  decimal comma and no thousands separator ("12000,50"), dates as YYYY-MM-DD; headers in the
  reader's language;
- XLSX (openpyxl, write-only): amounts as numbers in złoty, dates as dates, a totals row; the header row
  frozen, an autofilter over the data, columns as wide as their content (up to ``MAX_WIDTH``).
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
from sqlalchemy import and_, case, func, or_, select

from app.extensions import db
from app.labels import AGREEMENT_KIND_LABELS, AGREEMENT_STATUS_LABELS
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Organisation,
    Programme,
    Refund,
    Tranche,
    TrancheState,
)
from app.models.agreements import SIGNED
from app.paging import PageNavigation
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

    year: int | None = None  # running in this year (the period overlaps it)
    programme_id: int | None = None
    organisation_id: int | None = None
    kind: AgreementKind | None = None


@dataclass(frozen=True)
class RecipientRow:
    """One signed agreement as the public list shows it."""

    agreement_id: int
    programme: str
    programme_translated: bool  # False: the programme's name is shown in Polish
    organisation: str
    partners: tuple[str, ...]
    kind: AgreementKind
    status: AgreementStatus
    title: str
    number: str
    starts_on: date
    ends_on: date  # the termination date of a terminated agreement
    value: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Totals:
    count: int = 0
    value: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass(frozen=True)
class RecipientPage(PageNavigation):
    rows: list[RecipientRow]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class FilterOptions:
    """The values the filters offer: only those that have a signed agreement."""

    years: tuple[int, ...]
    programmes: tuple[tuple[int, str], ...]  # (id, name in the reader's language)
    organisations: tuple[tuple[int, str], ...]


def _ended_early():
    """Whether an agreement was terminated before its planned end (SQL)."""
    return and_(Agreement.status == AgreementStatus.TERMINATED, Agreement.terminated_on.is_not(None),
                Agreement.terminated_on < Agreement.ends_on)


def _last_day():
    """The last day an agreement runs (SQL): its termination date if it was ended early, else its end date."""
    return case((_ended_early(), Agreement.terminated_on), else_=Agreement.ends_on)


def _filtered(chosen: RecipientFilter):
    """The ids of the signed agreements ``chosen`` selects (a subquery-ready select)."""
    statement = select(Agreement.id).where(Agreement.status.in_(SIGNED))
    if chosen.year is not None:
        statement = statement.where(Agreement.starts_on <= date(chosen.year, 12, 31),
                                    _last_day() >= date(chosen.year, 1, 1))
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


def filter_options(locale: str) -> FilterOptions:
    """The years some signed agreement runs in (the latest first), the programmes (named in ``locale``) and
    organisations that have at least one signed agreement (public scope). Plain values: a worker may keep them."""
    with public_scope():
        first, last = db.session.execute(select(func.min(Agreement.starts_on), func.max(_last_day()))
                                         .where(Agreement.status.in_(SIGNED))).one()
        years = range(last.year, first.year - 1, -1) if first and last else ()
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
        return FilterOptions(years=tuple(years),
                             programmes=tuple((programme.id, programme.text("name", locale))
                                              for programme in programmes),
                             organisations=tuple((row.id, row.name) for row in organisations))


def _rows(ids: list[int], locale: str) -> list[RecipientRow]:
    """The rows of the agreements ``ids``, in that order: their columns in one query, the joint parties in one,
    the money in three grouped ones (no agreement loaded as an object: a page of 50 stays cheap)."""
    if not ids:
        return []
    name_column = {"uk": Programme.name_uk, "en": Programme.name_en}.get(locale)
    found = {row.id: row for row in db.session.execute(
        select(Agreement.id, Agreement.kind, Agreement.status, Agreement.title, Agreement.number,
               Agreement.starts_on, Agreement.ends_on, Agreement.terminated_on,
               Organisation.name.label("organisation"), Programme.name_pl,
               (name_column if name_column is not None else Programme.name_pl).label("programme_name"))
        .join(Organisation, Organisation.id == Agreement.organisation_id)
        .join(Programme, Programme.id == Agreement.programme_id)
        .where(Agreement.id.in_(ids)))}
    partners: dict[int, list[str]] = {}
    for agreement_id, name in db.session.execute(
            select(AgreementParty.agreement_id, Organisation.name)
            .join(Organisation, Organisation.id == AgreementParty.partner_id)
            .where(AgreementParty.agreement_id.in_(ids)).order_by(AgreementParty.id)):
        partners.setdefault(agreement_id, []).append(name)
    money = figures_for(ids)
    rows = []
    for agreement_id in ids:
        row = found.get(agreement_id)
        if row is None:
            continue
        figures = money[agreement_id]
        status = AgreementStatus(row.status)
        ends_on = min(row.terminated_on, row.ends_on) \
            if status == AgreementStatus.TERMINATED and row.terminated_on is not None else row.ends_on
        rows.append(RecipientRow(
            agreement_id=agreement_id, programme=row.programme_name or row.name_pl,
            programme_translated=locale == "pl" or bool(row.programme_name),
            organisation=row.organisation, partners=tuple(partners.get(agreement_id, ())),
            kind=AgreementKind(row.kind), status=status, title=row.title, number=row.number,
            starts_on=row.starts_on, ends_on=ends_on, value=figures.contracted,
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

# The columns of both downloads, in the page's order: what matters most first.
COLUMNS = (
    lazy_pgettext("agreement", "Title"),
    _l("Agreement number"),
    _l("Organisation"),
    _l("Value (PLN)"),
    _l("Paid (PLN)"),
    lazy_pgettext("agreement", "Status"),
    _l("Programme"),
    lazy_pgettext("agreement", "Kind"),
    _l("From"),
    _l("Until"),
)
MAX_WIDTH = 60  # characters: a spreadsheet column no wider than this (longer text runs under the next column)


def organisation_cell(row: RecipientRow) -> str:
    """The lead organisation, and the joint parties when there are some."""
    if not row.partners:
        return row.organisation
    return gettext("%(lead)s, jointly with %(partners)s", lead=row.organisation, partners=", ".join(row.partners))


def _values(row: RecipientRow) -> list:
    """A row's values in the order of ``COLUMNS`` (labels in the reader's language)."""
    return [row.title, row.number, organisation_cell(row), row.value, row.paid,
            str(AGREEMENT_STATUS_LABELS[row.status]), row.programme, str(AGREEMENT_KIND_LABELS[row.kind]),
            row.starts_on, row.ends_on]


def _totals(count: int, value: Decimal, paid: Decimal) -> list:
    """The totals row under the rows, in the order of ``COLUMNS`` (None: an empty cell)."""
    return [gettext("Total"), _count(count), None, value, paid, None, None, None, None, None]


def _count(count: int) -> str:
    return ngettext("%(num)d agreement", "%(num)d agreements", count)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Free text as a spreadsheet shows it, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _csv_cell(value) -> str:
    """A value as a CSV field: amounts with a decimal comma, dates as YYYY-MM-DD, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _csv_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    return _text(str(value))


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
        writer.writerow([_csv_cell(item) for item in _values(row)])
        count, value, paid = count + 1, value + row.value, paid + row.paid
        if count % 200 == 0:
            yield taken()
    writer.writerow([_csv_cell(item) for item in _totals(count, value, paid)])
    yield taken()


def _width(value) -> int:
    """About how many characters wide ``value`` shows in a spreadsheet."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, date):
        return len("yyyy-mm-dd")
    return len(str(value))


def _widths(lines: list[list]) -> list[int]:
    """The width of each column: its widest value or heading (bold: a little wider), at most ``MAX_WIDTH``."""
    widths = [len(str(column)) + 2 for column in COLUMNS]
    for line in lines:
        widths = [max(width, _width(item) + 2) for width, item in zip(widths, line, strict=True)]
    return [min(width, MAX_WIDTH) for width in widths]


def xlsx_bytes(chosen: RecipientFilter, locale: str) -> bytes:
    """The filtered rows as an Excel workbook (openpyxl write-only): numbers and dates typed, a totals row, the
    header row frozen, an autofilter over the rows, columns as wide as their content.

    The rows are read first (the columns' widths are written before them): the filtered set of one city's
    agreements is at most a few thousand small rows."""
    lines = [_values(row) for row in iter_rows(chosen, locale)]
    # openpyxl (with Pillow) is imported when a workbook is asked for: ~10 MB that a worker serving pages never needs
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    count = len(lines)
    value = sum((line[3] for line in lines), ZERO)
    paid = sum((line[4] for line in lines), ZERO)
    totals = _totals(count, value, paid)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Who received what")[:31])
    for index, width in enumerate(_widths([*lines, totals]), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    money_format, date_format = "#,##0.00", "yyyy-mm-dd"

    def cell(item, *, strong: bool = False):
        if item is None:
            return None
        made = WriteOnlyCell(sheet, value=item)
        if isinstance(item, str):
            made.data_type = "s"  # text, never a formula (a title may start with "=")
        elif isinstance(item, Decimal):
            made.number_format = money_format
        elif isinstance(item, date):
            made.number_format = date_format
        if strong:
            made.font = bold
        return made

    sheet.append([cell(str(column), strong=True) for column in COLUMNS])
    for line in lines:
        sheet.append([cell(item) for item in line])
    sheet.append([cell(item, strong=True) for item in totals])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"  # the rows, not the totals
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
