"""The demo city's own indicators: the seed documents' 2007–2011 series, each with its source, and nothing made
up."""

from __future__ import annotations

from decimal import Decimal

from app.models import CityIndicator, IndicatorValue, User
from tests.functional.support import page


def _series(rows, code: str) -> list[tuple[int, Decimal]]:
    indicator = rows.one(CityIndicator, code=code)
    return [(value.year, value.value) for value in sorted(rows.all(IndicatorValue, indicator_id=indicator.id),
                                                          key=lambda value: value.year)]


def test_the_demo_loads_the_seeds_series_with_their_sources(app, browser, rows):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert _series(rows, "rodziny-monitorowane") == [(2007, Decimal(76)), (2009, Decimal(63)), (2010, Decimal(57)),
                                                     (2011, Decimal(43))]
    assert _series(rows, "dzieci-w-pieczy-zastepczej") == [(2007, Decimal(15)), (2009, Decimal(8)),
                                                           (2011, Decimal(6))]
    for indicator in rows.all(CityIndicator):
        assert indicator.source_note, indicator.code
        if indicator.is_public:
            assert "Dzierżoni" in indicator.source_note or "1990 – 2014" in indicator.source_note
        else:  # the seeds give no figure: kept empty, and the note says so
            assert _series(rows, indicator.code) == [] and "nie podają" in indicator.source_note

    shown = page(browser().get("/results/city"))
    assert "Families monitored by social workers fell from 76 in 2007 to 43 in 2011." in shown
    assert "Children placed in foster or residential care fell from 15 in 2007 to 6 in 2011." in shown
    assert "People in shelters" not in shown and "crisis-intervention centre" not in shown
    polish = page(browser(lang="pl").get("/results/city"))
    assert "Rodziny objęte monitoringiem: spadek z 76 w 2007 r. do 43 w 2011 r." in polish
    ukrainian = page(browser(lang="uk").get("/results/city"))
    assert "Сім'ї під моніторингом" in ukrainian

    analyst = browser(rows.one(User, email="analyst@demo.example"))
    console = page(analyst.get("/console/indicators/"))
    assert console.status == 200 and "People in shelters and night shelters" in console
    assert "Not published" in console

    counts = (rows.count(CityIndicator), rows.count(IndicatorValue))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert (rows.count(CityIndicator), rows.count(IndicatorValue)) == counts
