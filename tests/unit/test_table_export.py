"""Tables for a page and its downloads: the accessible table, CSV for Polish spreadsheets, XLSX with numbers
as numbers."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from flask import render_template_string
from flask_babel import force_locale
from openpyxl import load_workbook

from app.table_export import Column, Table, csv_response, xlsx_response


def _budget() -> Table:
    return Table(name="budget-by-source", caption="Budget by source",
                 columns=[Column("source", "Source"), Column("planned", "Planned", "money"),
                          Column("agreements", "Agreements", "int"), Column("share", "Share", "percent"),
                          Column("rate", "Rate", "number"), Column("since", "Since", "date")],
                 rows=[{"source": "Grant", "planned": Decimal("12000.5"), "agreements": 3, "share": 75,
                        "rate": 1.25, "since": date(2011, 5, 3)},
                       {"source": "=HYPERLINK(1)", "planned": Decimal("4000"), "agreements": 1, "share": 25,
                        "rate": None, "since": None}],
                 totals={"planned": Decimal("16000.5"), "agreements": 4, "share": 100})


def _render(table: Table, export_url=None) -> str:
    return render_template_string('{% from "macros/tables.html" import render_table %}'
                                  "{{ render_table(table, export_url) }}", table=table, export_url=export_url)


def test_the_table_has_its_caption_headings_and_totals(ctx):
    html = _render(_budget())
    assert '<caption id="budget-by-source-caption">Budget by source</caption>' in html
    assert '<th scope="col" class="number">Planned</th>' in html and '<th scope="col">Source</th>' in html
    assert '<th scope="row">Grant</th>' in html
    assert '<td class="number">PLN\u00a012,000.50</td>' in html
    assert "<tfoot>" in html and '<th scope="row">Total</th>' in html
    assert "<strong>PLN\u00a016,000.50</strong>" in html and "<strong>100%</strong>" in html
    assert 'class="table-scroll"' in html and 'aria-labelledby="budget-by-source-caption' in html
    assert "Download" not in html


def test_numbers_follow_the_readers_language(app):
    with app.test_request_context(), force_locale("pl"):
        html = _render(_budget())
    assert "12\u00a0000,50\u00a0zł" in html and "1,25" in html and "3 maja 2011" in html and "75%" in html


def test_download_links_add_the_format(ctx):
    html = _render(_budget(), "/console/indicators")
    assert 'href="/console/indicators?format=csv"' in html and 'href="/console/indicators?format=xlsx"' in html
    html = _render(_budget(), "/results?year=2011")
    assert 'href="/results?year=2011&amp;format=csv"' in html


def test_csv_is_for_polish_spreadsheets(ctx):
    response = csv_response(_budget(), "budget-by-source")
    assert response.mimetype == "text/csv"
    assert 'filename="budget-by-source.csv"' in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Source", "Planned", "Agreements", "Share", "Rate", "Since"]
    assert rows[1] == ["Grant", "12000,50", "3", "75", "1,25", "2011-05-03"]
    assert rows[2][0] == "'=HYPERLINK(1)" and rows[2][4:] == ["", ""]
    assert rows[3] == ["Total", "16000,50", "4", "100", "", ""]


def test_xlsx_has_numbers_as_numbers_a_bold_header_and_totals(ctx):
    other = Table(name="families", caption="Monitored families", columns=[Column("year", "Year"),
                                                                          Column("value", "Families", "int")],
                  rows=[{"year": "2007", "value": 76}])
    response = xlsx_response([_budget(), other], "dashboard.xlsx")
    assert 'filename="dashboard.xlsx"' in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["Budget by source", "Monitored families"]
    sheet = workbook["Budget by source"]
    assert [cell.value for cell in sheet[1]] == ["Source", "Planned", "Agreements", "Share", "Rate", "Since"]
    assert all(cell.font.bold for cell in sheet[1])
    grant = sheet[2]
    assert grant[1].value == 12000.5 and grant[1].number_format == "#,##0.00"
    assert grant[2].value == 3 and grant[3].value == 0.75 and grant[3].number_format == "0.0%"
    assert grant[5].value.date() == date(2011, 5, 3)
    assert sheet[3][0].value == "=HYPERLINK(1)" and sheet[3][0].data_type == "s"  # text, not a formula
    totals = sheet[4]
    assert totals[0].value == "Total" and totals[1].value == 16000.5 and totals[0].font.bold
    assert workbook["Monitored families"]["B2"].value == 76


def test_a_file_name_cannot_break_the_header(ctx):
    response = csv_response(_budget(), 'a"b\r\nc')
    assert response.headers["Content-Disposition"] == 'attachment; filename="a-b-c.csv"'
