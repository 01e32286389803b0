"""Server-drawn charts: an accessible figure, values in words, series told apart without colour, nothing the
page's Content-Security-Policy would refuse."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from flask_babel import force_locale

from app.charts import COLOURS, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ElementTree.Element:
    svg = re.search(r"<svg.*</svg>", str(markup), re.S).group(0)
    return ElementTree.fromstring(svg)  # noqa: S314 (the chart module's own output)


def _contrast(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[index:index + 2], 16) for index in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def test_a_line_chart_is_a_named_figure_with_its_summary(ctx):
    markup = str(line_chart(title="Monitored families", labels=["2007", "2008", "2009", "2010", "2011"],
                            series=[Series("Families", [76, 63, 57, None, 43])],
                            summary="Monitored families fell from 76 in 2007 to 43 in 2011"))
    assert markup.startswith("<figure") and markup.endswith("</figure>")
    assert "<figcaption>" in markup and "Monitored families fell from 76 in 2007 to 43 in 2011" in markup
    svg = _svg(markup)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}title").text == "Monitored families"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    for written in ("76", "63", "57", "43", "2007", "2011"):
        assert written in texts
    assert "<?xml" not in markup and "<script" not in markup and "<style" not in markup and "style=" not in markup


def test_a_missing_value_breaks_the_line_instead_of_dropping_to_zero(ctx):
    svg = _svg(line_chart(title="T", labels=["a", "b", "c", "d", "e"],
                          series=[Series("S", [5, 6, None, 7, 8])], summary="s"))
    paths = [path for path in svg.iter(f"{SVG}path") if path.get("fill") == "none"]
    assert len([path for path in paths if not path.get("stroke-dasharray")]) == 2  # a-b and d-e, not through c
    bridges = [path for path in paths if path.get("stroke-dasharray") == "2 4"]
    assert len(bridges) == 1 and bridges[0].get("stroke-width") == "1.25"  # b to d, thin and dotted
    assert "0" not in [element.text for element in svg.iter(f"{SVG}text") if element.get("font-weight")]


def test_series_differ_by_marker_and_dash_not_only_by_colour(ctx):
    svg = _svg(line_chart(title="T", labels=["2010", "2011"],
                          series=[Series("One", [1, 2]), Series("Two", [3, 4]), Series("Three", [5, 6])],
                          summary="s"))
    lines = [path for path in svg.iter(f"{SVG}path") if path.get("fill") == "none"]
    assert len({path.get("stroke-dasharray") for path in lines}) == 3
    assert svg.findall(f".//{SVG}circle") and svg.findall(f".//{SVG}rect") and svg.findall(f".//{SVG}polygon")
    legend = [element.text for element in svg.iter(f"{SVG}text") if element.get("text-anchor") == "start"]
    assert legend == ["One", "Two", "Three"]


def test_every_colour_reads_on_white():
    assert all(_contrast(colour) >= 4.5 for colour in COLOURS)


def test_numbers_are_written_in_the_readers_language(app):
    with app.test_request_context(), force_locale("pl"):
        svg = _svg(line_chart(title="T", labels=["2010"], series=[Series("S", [1234.5])], summary="s"))
    assert "1\u00a0234,5" in [element.text for element in svg.iter(f"{SVG}text")]


def test_text_is_escaped(ctx):
    markup = str(bar_chart(title="<b>x</b>", labels=["<i>"], series=[Series("a&b", [1])], summary="<script>"))
    assert "<b>" not in markup and "<i>" not in markup and "<script>" not in markup
    _svg(markup)  # well-formed


def test_grouped_bars_show_each_value_and_patterns_tell_series_apart(ctx):
    svg = _svg(bar_chart(title="Budget", labels=["2010", "2011"],
                         series=[Series("Grant", [100, 120]), Series("Own", [40, 50])], unit="zł",
                         summary="s"))
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("stroke") and rect.get("height") != "14"]
    assert len(bars) == 4
    fills = {rect.get("fill") for rect in bars}
    assert any(fill.startswith("url(#") for fill in fills) and any(fill.startswith("#") for fill in fills)
    pattern_ids = {pattern.get("id") for pattern in svg.iter(f"{SVG}pattern")}
    assert {fill[5:-1] for fill in fills if fill.startswith("url(")} <= pattern_ids
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert {"100", "120", "40", "50"} <= set(texts)
    assert any(text.endswith("zł") for text in texts)  # the axis carries the unit


def test_stacked_bars_write_each_labels_total(ctx):
    svg = _svg(bar_chart(title="B", labels=["2010", "2011"], stacked=True,
                         series=[Series("Grant", [100, 120]), Series("Own", [40, None])], summary="s"))
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert "140" in texts and "120" in texts
    heights = sorted(float(rect.get("height")) for rect in svg.iter(f"{SVG}rect")
                     if rect.get("stroke") and rect.get("width") != "22")
    assert len(heights) == 3


def test_two_different_charts_have_different_ids(ctx):
    one = _svg(line_chart(title="A", labels=["1"], series=[Series("S", [1])], summary="s"))
    two = _svg(line_chart(title="B", labels=["1"], series=[Series("S", [1])], summary="s"))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")


def test_values_must_match_the_labels(ctx):
    with pytest.raises(ValueError):
        line_chart(title="T", labels=["a", "b"], series=[Series("S", [1])], summary="s")


def test_an_empty_chart_still_draws(ctx):
    svg = _svg(bar_chart(title="Nothing yet", labels=[], series=[], summary="No figures yet"))
    assert svg.find(f"{SVG}desc").text == "No figures yet"


def test_counts_get_whole_numbers_on_the_axis(ctx):
    svg = _svg(line_chart(title="Flats", labels=["2014"], series=[Series("Flats", [2])], summary="s"))
    ticks = [element.text for element in svg.iter(f"{SVG}text") if element.get("text-anchor") == "end"]
    assert ticks == ["0", "1", "2"]
