"""Charts drawn on the server as SVG: readable without JavaScript, accessible, printable.

Hand-written SVG rather than a chart library: a line chart and a bar chart are a few dozen shapes, and
the page's Content-Security-Policy (``style-src 'self'``) refuses the inline ``<style>`` and ``style``
attributes that libraries such as pygal put inside the drawing. Everything here is drawn with
presentation attributes (``fill``, ``stroke``), which the policy allows and print keeps.

- Each chart is a ``<figure>``: the drawing (``role="img"``, named by its ``<title>`` and ``<desc>``) and a
  ``<figcaption>`` with the title and the text summary. The data table goes beside the figure (the
  ``render_table`` macro of ``app/templates/macros/tables.html``), never inside it.
- Colours reach 3:1 against white at least (WCAG 1.4.11 for graphics; most reach 7:1), and no series is
  told by its colour alone: lines carry their own marker and dash, bars their own pattern, and both show
  their values in words beside the marks; the legend draws the same marker or pattern.
- Numbers are written as the reader's language writes them; a missing value (None) has no point (never a
  zero): a line chart joins the points around it with a thin dotted line, a bar chart leaves its place empty.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from itertools import pairwise

from flask_babel import format_decimal
from markupsafe import Markup, escape

WIDTH, HEIGHT = 560, 300
TOP, RIGHT, BOTTOM = 26, 12, 40
LEGEND_ROW = 24
LEGEND_GAP = 48  # the colour box, its space and the gap before the next entry
LABEL_LINE = 16  # a wrapped category label's line
LABEL_LINES = 3  # at most, then "…"
TEXT_SIZE = 14  # in the drawing's units: about 12 px where a page column is ~480 px wide
CHAR_WIDTH = 8  # about how wide a character of TEXT_SIZE is
INK, MUTED, GRID = "#1b1b1b", "#4a4a4a", "#c8c8c8"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Series colours, each at least 4.5:1 on white (text drawn in them stays readable too).
COLOURS = ("#0b5d4b", "#b3261e", "#1f4e9c", "#7a4b00", "#5b2a86", "#1b1b1b")
DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 4", "12 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")


@dataclass(frozen=True)
class Series:
    """One named run of values, one per label (None: no value for that label)."""

    name: str
    values: list[float | None]


def _number(value: float) -> str:
    """A value as the reader's language writes it (``1 234,5``)."""
    if value == int(value):
        value = int(value)
    try:
        return format_decimal(value)
    except RuntimeError:  # outside an application context
        return f"{value:g}"


def _with_unit(value: float, unit: str) -> str:
    return f"{_number(value)}\u00a0{unit}" if unit else _number(value)


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) dividing ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale(low: float, high: float, whole: bool = False) -> tuple[float, float, list[float]]:
    """The axis' ends and ticks: from zero (or below, for negative values) to a round value above ``high``;
    ``whole``: the values are counts, so the ticks are whole numbers too."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    if whole:
        step = max(1.0, math.ceil(step))
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    count = round((top - bottom) / step)
    return bottom, top, [bottom + index * step for index in range(count + 1)]


def _chart_id(kind: str, title: str, labels: list[str], series: list[Series]) -> str:
    """An id for the drawing's parts, the same for the same chart (pages are cached) and different between
    the charts of one page."""
    text = repr((kind, title, labels, [(item.name, item.values) for item in series]))
    return "chart-" + hashlib.blake2s(text.encode("utf-8")).hexdigest()[:10]


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = TEXT_SIZE, fill: str = INK,
          weight: str | None = None) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{bold}>'
            f"{escape(content)}</text>")


def _marker(kind: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    """A series' marker at (x, y): filled shapes, and a cross drawn with lines."""
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'
    if kind == "square":
        return (f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" height="{2 * size:.1f}" '
                f'fill="{colour}"/>')
    if kind == "cross":
        return (f'<path d="M{x - size:.1f} {y - size:.1f}L{x + size:.1f} {y + size:.1f}'
                f'M{x - size:.1f} {y + size:.1f}L{x + size:.1f} {y - size:.1f}" stroke="{colour}" '
                f'stroke-width="2.5" fill="none"/>')
    s = size * 1.25
    points = {
        "triangle": ((x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)),
        "triangle-down": ((x, y + s), (x + s, y - s * 0.8), (x - s, y - s * 0.8)),
        "diamond": ((x, y - s), (x + s, y), (x, y + s), (x - s, y)),
    }[kind]
    return f'<polygon points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" fill="{colour}"/>'


def _pattern(chart: str, index: int, colour: str) -> str:
    """The fill of a bar series: solid for the first, then hatching in the series' colour."""
    ident = f"{chart}-p{index}"
    kind = index % 5
    if kind == 0:
        return ""
    shapes = {
        1: f'<path d="M0 8L8 0M-2 2L2 -2M6 10L10 6" stroke="{colour}" stroke-width="2.2"/>',
        2: f'<circle cx="4" cy="4" r="2" fill="{colour}"/>',
        3: f'<path d="M0 2H8M0 6H8" stroke="{colour}" stroke-width="2"/>',
        4: f'<path d="M0 0L8 8M-2 6L2 10M6 -2L10 2" stroke="{colour}" stroke-width="2.2"/>',
    }[kind]
    return (f'<pattern id="{ident}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="#ffffff"/>{shapes}</pattern>')


def _fill(chart: str, index: int, colour: str) -> str:
    return colour if index % 5 == 0 else f"url(#{chart}-p{index})"


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the drawing and how values map to it."""

    left: float
    top: float
    right: float
    bottom: float
    low: float
    high: float

    def y(self, value: float) -> float:
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


def _frame(values: list[float], legend_rows: int, unit: str, label_lines: int = 1) -> tuple[_Frame, list[float]]:
    whole = all(float(value).is_integer() for value in values)
    low, high, ticks = _scale(min(values, default=0.0), max(values, default=0.0), whole)
    widest = max((len(_with_unit(tick, unit)) for tick in ticks), default=1)
    left = 12 + widest * CHAR_WIDTH
    top = TOP + legend_rows * LEGEND_ROW
    bottom = HEIGHT - BOTTOM - (label_lines - 1) * LABEL_LINE
    return _Frame(left=left, top=top, right=WIDTH - RIGHT, bottom=bottom, low=low, high=high), ticks


def _axes(frame: _Frame, ticks: list[float], unit: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.right:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(_text(frame.left - 6, y + 4, _with_unit(tick, unit), anchor="end", fill=MUTED))
    base = frame.y(0.0)
    parts.append(f'<line x1="{frame.left:.1f}" y1="{base:.1f}" x2="{frame.right:.1f}" y2="{base:.1f}" '
                 f'stroke="{INK}" stroke-width="1.5"/>')
    return parts


def _x_labels(labels: list[str], centres: list[float], frame: _Frame) -> list[str]:
    """The category labels under the plot; with many, every n-th (the table beside the chart has them all)."""
    every = max(1, math.ceil(len(labels) * max((len(label) for label in labels), default=1) * CHAR_WIDTH
                             / (frame.right - frame.left) / 0.8))
    return [_text(x, frame.bottom + 20, label) for index, (label, x) in enumerate(zip(labels, centres, strict=True))
            if index % every == 0]


def _wrap(label: str, chars: int) -> list[str]:
    """A category label in lines of about ``chars`` characters, at most LABEL_LINES (the last cut with "…")."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: max(chars - 1, 1)] + "…"
    return [line if len(line) <= chars + 2 else line[: max(chars - 1, 1)] + "…" for line in lines] or [""]


def _wrapped_labels(wrapped: list[list[str]], centres: list[float], frame: _Frame) -> list[str]:
    """Every category label under its bar, wrapped on as many lines as it needs (up to LABEL_LINES)."""
    parts = []
    for lines, x in zip(wrapped, centres, strict=True):
        spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if index == 0 else LABEL_LINE}">{escape(line)}</tspan>'
                        for index, line in enumerate(lines))
        parts.append(f'<text x="{x:.1f}" y="{frame.bottom + 20:.1f}" text-anchor="middle" font-size="{TEXT_SIZE}" '
                     f'fill="{INK}">{spans}</text>')
    return parts


def _legend_rows(series: list[Series]) -> int:
    if len(series) < 2:
        return 0
    width = sum(LEGEND_GAP + len(item.name) * CHAR_WIDTH for item in series)
    return max(1, math.ceil(width / (WIDTH - 40)))


def _legend_layout(series: list[Series]) -> list[tuple[float, float]]:
    """Where each legend entry starts (x, baseline y)."""
    x, row, places = 8.0, 0, []
    for item in series:
        width = LEGEND_GAP + len(item.name) * CHAR_WIDTH
        if x + width > WIDTH - 8 and x > 8:
            x, row = 8.0, row + 1
        places.append((x, TOP - 6 + row * LEGEND_ROW))
        x += width
    return places


def _svg(chart: str, title: str, summary: str, body: list[str], defs: list[str]) -> str:
    definitions = f"<defs>{''.join(defs)}</defs>" if defs else ""
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{chart}-title {chart}-desc" '
            f'font-family="{FONT}" preserveAspectRatio="xMidYMid meet">'
            f'<title id="{chart}-title">{escape(title)}</title><desc id="{chart}-desc">{escape(summary)}</desc>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>{definitions}{"".join(body)}</svg>')


def _figure(chart: str, kind: str, title: str, summary: str, svg: str) -> Markup:
    # Every text in the drawing and the caption went through escape(); the rest is numbers and fixed names.
    return Markup(  # noqa: S704
        f'<figure class="chart-figure chart-{kind}" id="{chart}">{svg}'
        f'<figcaption><span class="chart-title">{escape(title)}</span> '
        f'<span class="chart-summary">{escape(summary)}</span></figcaption></figure>')


def _check(labels: list[str], series: list[Series]) -> None:
    for item in series:
        if len(item.values) != len(labels):
            raise ValueError(f"series {item.name!r} has {len(item.values)} values for {len(labels)} labels")


def line_chart(*, title: str, labels: list[str], series: list[Series], unit: str = "", summary: str) -> Markup:
    """A line chart of ``series`` over ``labels`` (years, months…): a line per series with its own marker and
    dash, each point's value written above it (when there are few points); where a value is None there is no point,
    and a thin dotted line joins the points around it."""
    _check(labels, series)
    chart = _chart_id("line", title, labels, series)
    values = [value for item in series for value in item.values if value is not None]
    rows = _legend_rows(series)
    frame, ticks = _frame(values, rows, unit)
    step = (frame.right - frame.left) / max(len(labels), 1)
    centres = [frame.left + step * (index + 0.5) for index in range(len(labels))]
    body = _axes(frame, ticks, unit) + _x_labels(labels, centres, frame)
    write_values = len(labels) * len(series) <= 40
    for index, item in enumerate(series):
        colour, dash, marker = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)], \
            MARKERS[index % len(MARKERS)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for x, value in zip(centres, item.values, strict=True):
            if value is None:
                runs.append([])
                continue
            runs[-1].append((x, frame.y(value)))
        filled = [run for run in runs if run]
        for before, after in pairwise(filled):  # a thin dotted line across missing values
            (x1, y1), (x2, y2) = before[-1], after[0]
            body.append(f'<path d="M{x1:.1f} {y1:.1f}L{x2:.1f} {y2:.1f}" fill="none" stroke="{colour}" '
                        f'stroke-width="1.25" stroke-dasharray="2 4" stroke-opacity="0.8"/>')
        for run in runs:
            if len(run) > 1:
                path = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in run)
                body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                            f'{dash_attribute} stroke-linejoin="round"/>')
        for x, value in zip(centres, item.values, strict=True):
            if value is None:
                continue
            y = frame.y(value)
            body.append(_marker(marker, x, y, colour))
            if write_values:
                offset = -10 if index % 2 == 0 else 20
                body.append(_text(x, y + offset, _number(value), size=TEXT_SIZE - 1, fill=colour, weight="700"))
    if rows:
        for index, ((x, y), item) in enumerate(zip(_legend_layout(series), series, strict=True)):
            colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
            dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 24:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
                        f'stroke-width="2.5"{dash_attribute}/>')
            body.append(_marker(MARKERS[index % len(MARKERS)], x + 12, y - 4, colour, size=4))
            body.append(_text(x + 30, y, item.name, anchor="start"))
    return _figure(chart, "line", title, summary, _svg(chart, title, summary, body, []))


def bar_chart(*, title: str, labels: list[str], series: list[Series], stacked: bool = False, unit: str = "",
              summary: str) -> Markup:
    """A bar chart of ``series`` over ``labels``: bars side by side per label, or ``stacked`` one on another
    (then each label's total is written above its bar). Each series has its own colour and pattern; values
    are written on or above the bars when they fit."""
    _check(labels, series)
    chart = _chart_id("bar-stacked" if stacked else "bar", title, labels, series)
    rows = _legend_rows(series)
    if stacked:
        positives = [sum(value for value in column if value is not None and value > 0)
                     for column in zip(*(item.values for item in series), strict=True)] if series else []
        negatives = [sum(value for value in column if value is not None and value < 0)
                     for column in zip(*(item.values for item in series), strict=True)] if series else []
        values = positives + negatives
    else:
        values = [value for item in series for value in item.values if value is not None]
    chars = max(int((WIDTH - 90) / max(len(labels), 1) * 0.92 / CHAR_WIDTH), 4)
    wrapped = [_wrap(label, chars) for label in labels] if len(labels) <= 8 else None
    frame, ticks = _frame(values, rows, unit, max((len(lines) for lines in wrapped), default=1) if wrapped else 1)
    step = (frame.right - frame.left) / max(len(labels), 1)
    centres = [frame.left + step * (index + 0.5) for index in range(len(labels))]
    group = step * 0.72
    body = _axes(frame, ticks, unit)
    defs = [pattern for index in range(len(series))
            if (pattern := _pattern(chart, index, COLOURS[index % len(COLOURS)]))]
    base = frame.y(0.0)
    bar_width = group if stacked else group / max(len(series), 1)
    widest = max((len(_number(value)) for item in series for value in item.values if value is not None), default=0)
    write_values = widest * (CHAR_WIDTH - 1) <= bar_width + 2  # only where the words fit above their bar
    for position, centre in enumerate(centres):
        up, down = 0.0, 0.0
        for index, item in enumerate(series):
            value = item.values[position]
            if value is None:
                continue
            colour = COLOURS[index % len(COLOURS)]
            if stacked:
                start = up if value >= 0 else down
                end = start + value
                if value >= 0:
                    up = end
                else:
                    down = end
                x = centre - group / 2
            else:
                start, end = 0.0, value
                x = centre - group / 2 + index * bar_width
            y_top, y_bottom = sorted((frame.y(start), frame.y(end)))
            body.append(f'<rect x="{x:.1f}" y="{y_top:.1f}" width="{bar_width - 1:.1f}" '
                        f'height="{max(y_bottom - y_top, 0.5):.1f}" fill="{_fill(chart, index, colour)}" '
                        f'stroke="{colour}" stroke-width="1.5"/>')
            if write_values and not stacked:
                label_y = y_top - 4 if value >= 0 else y_bottom + 13
                body.append(_text(x + bar_width / 2, label_y, _number(value), size=TEXT_SIZE - 1, fill=colour,
                                  weight="700"))
        if stacked and series and any(item.values[position] is not None for item in series):
            body.append(_text(centre, frame.y(up) - 4, _number(up + down), size=TEXT_SIZE - 1, weight="700"))
    body.append(f'<line x1="{frame.left:.1f}" y1="{base:.1f}" x2="{frame.right:.1f}" y2="{base:.1f}" '
                f'stroke="{INK}" stroke-width="1.5"/>')
    body += _wrapped_labels(wrapped, centres, frame) if wrapped else _x_labels(labels, centres, frame)
    if rows:
        for index, ((x, y), item) in enumerate(zip(_legend_layout(series), series, strict=True)):
            colour = COLOURS[index % len(COLOURS)]
            body.append(f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="22" height="14" '
                        f'fill="{_fill(chart, index, colour)}" stroke="{colour}" stroke-width="1.5"/>')
            body.append(_text(x + 30, y, item.name, anchor="start"))
    return _figure(chart, "bar", title, summary, _svg(chart, title, summary, body, defs))
