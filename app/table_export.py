"""Tables shown on a page and downloaded as CSV or XLSX: one description, three renderings.

A ``Table`` names its columns (each with a kind saying how its values are written) and holds plain rows
(dicts keyed by the columns' keys) and, optionally, a totals row. The page draws it with the
``render_table`` macro (``app/templates/macros/tables.html``); a route answers ``?format=csv`` and
``?format=xlsx`` with ``csv_response`` and ``xlsx_response``. The downloads follow the "who received what"
list (``app/services/open_data/recipients.py``):

- CSV for Polish spreadsheets: UTF-8 with a byte-order mark, ``;`` between fields, numbers with a decimal
  comma and no thousands separator ("12000,50"), dates as YYYY-MM-DD, text never read as a formula;
- XLSX (openpyxl, write-only): one sheet per table, numbers as numbers (money in złoty with two decimals,
  percentages as percentages), dates as dates, the header row bold and frozen, the totals row bold.

Column kinds: ``text``, ``int``, ``number``, ``money`` (złoty), ``percent`` (percentage points: 42.5 is
42.5 %), ``date``. A value of None is an empty cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import Response
from flask_babel import format_decimal, format_percent, gettext

from app.i18n import format_day, money

KINDS = ("text", "int", "number", "money", "percent", "date")
NUMERIC = frozenset({"int", "number", "money", "percent"})
CSV_DELIMITER = ";"
MAX_WIDTH = 60  # characters: no spreadsheet column wider than this
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_FORMATS = {"int": "#,##0", "number": "General", "money": "#,##0.00", "percent": "0.0%",
                "date": "yyyy-mm-dd"}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column: the rows' key, its heading (in the reader's language) and how its values are written."""

    key: str
    label: str
    kind: str = "text"  # text | int | number | money | percent | date

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def numeric(self) -> bool:
        """Whether the column holds numbers (drawn right-aligned)."""
        return self.kind in NUMERIC

    def display(self, value) -> str:
        """``value`` as the page shows it in the reader's language (``1 234,50 zł``, ``42,5%``, ``3 maja 2011``)."""
        if value is None or value == "":
            return ""
        if self.kind == "money":
            return money(value)
        if self.kind == "int":
            return format_decimal(int(value))
        if self.kind == "number":
            return format_decimal(value)
        if self.kind == "percent":
            return format_percent(Decimal(str(value)) / 100, format="#,##0.#%")
        if self.kind == "date":
            return format_day(value)
        return str(value)


@dataclass
class Table:
    """A table for a page and its downloads."""

    name: str  # file-name slug, e.g. "budget-by-source" (also the table's id on the page)
    caption: str
    columns: list[Column]
    rows: list[dict]
    totals: dict | None = None  # the totals row (keys as the rows'); the first column says "Total" if empty

    def cells(self, row: dict) -> list:
        """A row's values in the columns' order."""
        return [row.get(column.key) for column in self.columns]

    def totals_cells(self) -> list | None:
        """The totals row's values in the columns' order, the first saying "Total" when the row leaves it
        empty; None without totals."""
        if self.totals is None:
            return None
        values = self.cells(self.totals)
        if values and values[0] in (None, ""):
            values[0] = gettext("Total")
        return values


def _slug(filename: str, extension: str) -> str:
    """A safe download name ending in ``extension``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-.") or "table"
    if stem.lower().endswith("." + extension):
        stem = stem[: -len(extension) - 1]
    return f"{stem}.{extension}"


def _text(value: str) -> str:
    """Free text as a spreadsheet shows it, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _decimal_comma(value) -> str:
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(Decimal(value).normalize(), "f") if not isinstance(value, int) else str(value)
    return text.replace(".", ",")


def csv_cell(column: Column, value) -> str:
    """A value as a CSV field: numbers with a decimal comma (money with two decimals), dates as YYYY-MM-DD,
    text never a formula."""
    if value is None:
        return ""
    if column.kind == "money" and not isinstance(value, str):
        return f"{Decimal(value):.2f}".replace(".", ",")
    if column.kind == "int" and not isinstance(value, str):
        return str(int(value))
    if column.kind in ("number", "percent") and not isinstance(value, str):
        return _decimal_comma(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return _text(str(value))


def csv_text(table: Table) -> str:
    """The table as CSV for Polish spreadsheets: a byte-order mark, the headings, the rows, the totals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_text(str(column.label)) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(column, value) for column, value in zip(table.columns, table.cells(row),
                                                                          strict=True)])
    totals = table.totals_cells()
    if totals is not None:
        writer.writerow([csv_cell(column, value) for column, value in zip(table.columns, totals, strict=True)])
    return "\ufeff" + buffer.getvalue()


def csv_response(table: Table, filename: str) -> Response:
    """A download of ``table`` as CSV (UTF-8 with BOM, ``;``, decimal comma)."""
    return Response(csv_text(table).encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{_slug(filename, "csv")}"'})


def _xlsx_value(column: Column, value):
    """A value as the spreadsheet stores it: numbers as numbers (a percentage as its fraction), dates as
    dates, anything else as text."""
    if value is None or value == "":
        return None
    if column.kind in NUMERIC and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if column.kind == "percent":
            return Decimal(str(value)) / 100
        if column.kind == "money":
            return Decimal(str(value)).quantize(Decimal("0.01"))
        return value
    if column.kind == "date" and isinstance(value, date):
        return value
    return str(value)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal | float | int):
        return len(f"{value:,.2f}")
    if isinstance(value, date):
        return len("yyyy-mm-dd")
    return len(str(value))


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of ``[]:*?/\\``), unique in the workbook; a long caption keeps
    its end, where the tables of one kind differ."""
    title = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ")
    if len(title) > 31:  # keep the end, which tells tables apart ("…wsparciem według grup" / "…według dzielnic")
        tail = title[-30:]
        tail = tail[tail.find(" ") + 1:] if " " in tail[:-1] else tail
        title = "…" + tail.strip()
    title = title or "Sheet"
    base, number = title, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def xlsx_bytes(tables: list[Table]) -> bytes:
    """The tables as an Excel workbook, one sheet each (named by the table's caption)."""
    # openpyxl (with Pillow) is imported when a workbook is asked for: ~10 MB that a worker serving pages never needs
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.caption or table.name, taken))
        lines = [[_xlsx_value(column, value) for column, value in zip(table.columns, table.cells(row), strict=True)]
                 for row in table.rows]
        totals = table.totals_cells()
        total_line = ([_xlsx_value(column, value) if index else (None if value is None else str(value))
                       for index, (column, value) in enumerate(zip(table.columns, totals, strict=True))]
                      if totals is not None else None)
        widths = [len(str(column.label)) + 2 for column in table.columns]
        for line in [*lines, *([total_line] if total_line else [])]:
            widths = [max(width, _width(item) + 2) for width, item in zip(widths, line, strict=True)]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
        sheet.freeze_panes = "A2"

        def cell(column: Column, item, *, strong: bool = False, sheet=sheet):
            if item is None:
                return None
            made = WriteOnlyCell(sheet, value=item)
            if isinstance(item, str):
                made.data_type = "s"  # text, never a formula
            elif column.kind in XLSX_FORMATS:
                made.number_format = XLSX_FORMATS[column.kind]
            if strong:
                made.font = bold
            return made

        sheet.append([cell(column, str(column.label), strong=True) for column in table.columns])
        for line in lines:
            sheet.append([cell(column, item) for column, item in zip(table.columns, line, strict=True)])
        if total_line is not None:
            sheet.append([cell(column, item, strong=True) for column, item in zip(table.columns, total_line,
                                                                                   strict=True)])
    if not tables:
        workbook.create_sheet(title="Sheet")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(tables: list[Table], filename: str) -> Response:
    """A download of ``tables`` as an Excel workbook, one sheet per table."""
    return Response(xlsx_bytes(tables), mimetype=XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{_slug(filename, "xlsx")}"'})
