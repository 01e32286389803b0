"""The resident's search form (GET, bookmarkable, no CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField
from wtforms.validators import Length as MaxLength
from wtforms.validators import NumberRange, Optional

from app.labels import GROUP_LABELS, LANGUAGE_LABELS
from blueprints.forms import BaseForm, LongSelectField

HOURS = [("", _l("Any hour"))] + [(str(h), f"{h:02d}:00") for h in range(24)]
PER_PAGE = (10, 20, 50)
DEFAULT_PER_PAGE = 20


class SearchForm(BaseForm):
    """What residents can ask: words, category, place, time (or "tonight"), cost, language, access, age, group."""

    class Meta:
        csrf = False

    q = StringField(_l("What do you need?"), validators=[Optional(), MaxLength(max=200)])
    category = LongSelectField(_l("Category"), validators=[Optional()], validate_choice=False)
    district = LongSelectField(_l("District"), validators=[Optional()], validate_choice=False)
    open_now = BooleanField(_l("Open now"))
    # The home page's "help tonight" shortcuts: open now or 24/7, walk-in or by phone, never referral-only.
    tonight = BooleanField(_l("Can go or call now"))
    day = DateField(_l("Open on day"), validators=[Optional()])
    hour = LongSelectField(_l("at hour"), choices=HOURS, validators=[Optional()])
    free = BooleanField(_l("Free of charge only"))
    always = BooleanField(_l("Open 24 hours a day"))
    language = LongSelectField(_l("Language spoken"), validators=[Optional()],
                           choices=[("", _l("Any language")), *LANGUAGE_LABELS.items()])
    step_free = BooleanField(_l("Step-free access"))
    age = IntegerField(_l("Age of the person who needs help"), validators=[
        Optional(), NumberRange(min=0, max=120, message=_l("Give an age from 0 to 120."))])
    group = LongSelectField(_l("Who is it for"), validators=[Optional()],
                        choices=[("", _l("Anyone")), *GROUP_LABELS.items()])
    sort = LongSelectField(_l("Sort by"), validators=[Optional()],
                       choices=[("relevance", _l("Best match")), ("name", _l("Service name, A to Z")),
                                ("distance", _l("Distance"))])
    # Distance from: a district (works everywhere) or the browser's position (filled by js/nearby.js).
    near = LongSelectField(_l("Distance from"), validators=[Optional()], validate_choice=False)
    lat = HiddenField()
    lon = HiddenField()
    per_page = LongSelectField(_l("Results per page"), validators=[Optional()], default=str(DEFAULT_PER_PAGE),
                           choices=[(str(n), str(n)) for n in PER_PAGE])
