"""The long selects of the filters (``LongSelectField``) draw the same HTML as WTForms' own select, only faster:
the chosen option, escaping, the required mark and choices WTForms must draw itself (groups, option attributes)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from blueprints.forms import LongSelectField

CHOICES = [("", "Any organisation"), ("2", "Stowarzyszenie \"A\" & <B>"), ("10", "Fundacja Ż"), (3, None)]


def _pair(choices, data: dict, **field_kwargs) -> tuple[str, str]:
    class Quick(Form):
        organisation = LongSelectField("Organisation", choices=choices, **field_kwargs)

    class Plain(Form):
        organisation = SelectField("Organisation", choices=choices, **field_kwargs)

    return str(Quick(MultiDict(data)).organisation()), str(Plain(MultiDict(data)).organisation())


@pytest.mark.parametrize("data", [{}, {"organisation": "2"}, {"organisation": "3"}, {"organisation": "junk"}])
def test_plain_choices_draw_as_wtforms_draws_them(data):
    quick, plain = _pair(CHOICES, data)
    assert quick == plain
    if data.get("organisation") == "2":
        assert '<option selected value="2">Stowarzyszenie &#34;A&#34; &amp; &lt;B&gt;</option>' in quick


def test_a_required_field_is_marked_required():
    quick, plain = _pair(CHOICES, {}, validators=[InputRequired()])
    assert quick == plain and " required" in quick


def test_groups_and_other_coercions_are_left_to_wtforms():
    groups = [SelectChoice("1", "Wydział", optgroup="Miasto"), SelectChoice("2", "Stowarzyszenie A", optgroup="NGO")]
    quick, plain = _pair(groups, {"organisation": "2"})
    assert quick == plain and "<optgroup" in quick
    quick, plain = _pair([(1, "Jeden"), (2, "Dwa")], {"organisation": "2"}, coerce=int)
    assert quick == plain and '<option selected value="2">Dwa</option>' in quick


def test_kept_options_follow_the_language_and_a_changed_label(app):
    """Options are kept per language, list and choice: a translated list is drawn in each reader's language, and a
    list whose label changed (an organisation renamed) is drawn anew, never from the kept copy."""
    from flask_babel import lazy_gettext

    translated = [("", lazy_gettext("Anyone")), ("children", lazy_gettext("Children"))]

    class Groups(Form):
        group = LongSelectField("Group", choices=translated)

    drawn = {}
    for language in ("en", "pl", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            drawn.setdefault(language, set()).add(str(Groups(MultiDict({"group": "children"})).group()))
    assert len(drawn["en"]) == 1 and drawn["en"] != drawn["pl"]
    assert '<option selected value="children">Children</option>' in next(iter(drawn["en"]))
    assert '<option selected value="children">Dzieci</option>' in next(iter(drawn["pl"]))

    before, _plain = _pair([("", "Any"), ("7", "Fundacja Stara")], {"organisation": "7"})
    after, plain = _pair([("", "Any"), ("7", "Fundacja Nowa")], {"organisation": "7"})
    assert "Fundacja Stara" in before and "Fundacja Nowa" in after and after == plain
