"""An indicator drawn for a page: its line chart over the years, its table beside it and the downloads —
shared by the console and the public page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, request
from flask_babel import format_decimal, gettext
from markupsafe import Markup

from app.charts import Series, line_chart
from app.models import CityIndicator
from app.services.reports import indicators as service
from app.table_export import Column, Table, csv_response, xlsx_response


@dataclass(frozen=True)
class Figure:
    """One indicator ready to draw: its name and unit in the reader's language, the chart, the table."""

    indicator: CityIndicator
    name: str
    unit: str | None
    name_translated: bool
    chart: Markup | None  # None: no figure recorded yet
    table: Table
    summary: str


def _number(value) -> str:
    return format_decimal(value)


def summary_of(indicator: CityIndicator, name: str) -> str:
    """The chart's text summary: where the figures started and ended."""
    trend = service.trend_of(indicator)
    if trend is None:
        return gettext("%(name)s: no figure recorded yet.", name=name)
    if trend.count == 1:
        return gettext("%(name)s: %(value)s in %(year)d.", name=name, value=_number(trend.last), year=trend.last_year)
    words = {"first": _number(trend.first), "first_year": trend.first_year, "last": _number(trend.last),
             "last_year": trend.last_year, "name": name}
    if trend.last < trend.first:
        return gettext("%(name)s fell from %(first)s in %(first_year)d to %(last)s in %(last_year)d.", **words)
    if trend.last > trend.first:
        return gettext("%(name)s rose from %(first)s in %(first_year)d to %(last)s in %(last_year)d.", **words)
    return gettext("%(name)s was %(last)s both in %(first_year)d and in %(last_year)d.", **words)


def table_of(indicator: CityIndicator, name: str, unit: str | None) -> Table:
    """The indicator's figures as a table: year, figure, note."""
    label = gettext("Figure (%(unit)s)", unit=unit) if unit else gettext("Figure")
    return Table(name=f"figures-{indicator.code}", caption=name,
                 columns=[Column("year", gettext("Year")), Column("value", label, "number"),
                          Column("note", gettext("Note"))],
                 rows=[{"year": str(value.year), "value": value.value, "note": value.note or ""}
                       for value in sorted(indicator.values, key=lambda item: item.year)])


def figure_of(indicator: CityIndicator, locale: str) -> Figure:
    """An indicator drawn in ``locale``: the chart over every year from its first figure to its last."""
    name = indicator.text("name", locale) or indicator.name_pl
    unit = indicator.text("unit", locale)
    summary = summary_of(indicator, name)
    chart = None
    if indicator.values:
        years = service.year_span(indicator)
        by_year = {value.year: float(value.value) for value in indicator.values}
        title = f"{name} ({unit})" if unit else name
        chart = line_chart(title=title, labels=[str(year) for year in years],
                           series=[Series(name, [by_year.get(year) for year in years])], summary=summary)
    return Figure(indicator=indicator, name=name, unit=unit, name_translated=indicator.is_translated("name", locale),
                  chart=chart, table=table_of(indicator, name, unit), summary=summary)


def overview_table(figures: list[Figure]) -> Table:
    """Every indicator side by side: a row per year, a column per indicator (the CSV of the whole page)."""
    years = sorted({value.year for figure in figures for value in figure.indicator.values})
    columns = [Column("year", gettext("Year"))] + [
        Column(f"i{figure.indicator.id}", f"{figure.name} ({figure.unit})" if figure.unit else figure.name, "number")
        for figure in figures]
    rows = []
    for year in years:
        row = {"year": str(year)}
        for figure in figures:
            found = next((value.value for value in figure.indicator.values if value.year == year), None)
            row[f"i{figure.indicator.id}"] = found
        rows.append(row)
    return Table(name="city-indicators", caption=gettext("The city in figures"), columns=columns, rows=rows)


def download(figures: list[Figure], filename: str, *, key) -> Response | None:
    """The answer to ``?format=csv|xlsx`` (``&indicator=…`` for one indicator, ``key`` finding it among
    ``figures``); None when the page itself is asked for."""
    wanted = request.args.get("format")
    if wanted is None:
        return None
    chosen = request.args.get("indicator")
    if chosen is not None:
        figures = [figure for figure in figures if key(figure.indicator) == chosen]
        if not figures:
            abort(404)
        filename = f"{filename}-{figures[0].indicator.code}"
        tables = [figures[0].table]
    else:
        tables = [figure.table for figure in figures]
    if wanted == "csv":
        return csv_response(tables[0] if chosen is not None else overview_table(figures), filename)
    if wanted == "xlsx":
        return xlsx_response(tables if chosen is not None else [overview_table(figures), *tables], filename)
    abort(404)
