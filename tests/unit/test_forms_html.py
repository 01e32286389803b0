"""The fast ``html_params`` writes exactly what WTForms' own writes."""

import pytest
from markupsafe import Markup

from blueprints.forms import WTFORMS_HTML_PARAMS, html_params

CASES = [
    {"name": "q", "id": "q", "value": 'dom "Przystań" <b> & co'},
    {"checked": True, "readonly": False, "name": "x", "abc": "hello"},
    {"class_": "wide", "for_": "q", "data_city_name": "Miasto", "aria_describedby": "q-hint q-error"},
    {"value": Markup('<i>"raw"</i>'), "type": "date", "min": 0, "max": 120, "step": None},
    {"placeholder": "психолог, нічліг", "autocomplete": "off", "aria-invalid": "true"},
]


@pytest.mark.parametrize("kwargs", CASES)
def test_the_same_attributes_as_wtforms(kwargs):
    assert html_params(**kwargs) == WTFORMS_HTML_PARAMS(**kwargs)
    assert isinstance(html_params(**kwargs), Markup)


def test_every_widget_uses_it():
    from wtforms.widgets import core

    assert core.html_params is html_params
    assert core.Input.html_params is html_params and core.CheckboxInput.html_params is html_params
    assert core.Button.html_params is html_params
