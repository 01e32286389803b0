"""The dashboards' filters (GET forms, no token): a value not offered is shown beside its field and ignored."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional

from blueprints.forms import BaseForm, LongSelectField

CHOOSE = _l("Choose from the list: this value is not offered, so the figures are not narrowed by it.")


class _Filters(BaseForm):
    class Meta:
        csrf = False

    def chosen_int(self, name: str) -> int | None:
        """The valid value of one filter as a number, or None (any, or refused)."""
        field = self[name]
        if field.errors or not field.data:
            return None
        return int(field.data)


class DashboardFilterForm(_Filters):
    """The department's dashboard: year, programme, district and category (choices set by the view)."""

    year = LongSelectField(_l("Year"), validators=[Optional()], invalid_choice_message=CHOOSE)
    programme = LongSelectField(_l("Programme"), validators=[Optional()], invalid_choice_message=CHOOSE)
    district = LongSelectField(_l("District"), validators=[Optional()], invalid_choice_message=CHOOSE)
    category = LongSelectField(_l("Category of help"), validators=[Optional()], invalid_choice_message=CHOOSE)

    def __init__(self, *args, years=(), programmes=(), districts=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = [("", str(_l("All years"))), *[(str(year), str(year)) for year in years]]
        self.programme.choices = [("", str(_l("All programmes"))), *[(str(key), name) for key, name in programmes]]
        self.district.choices = [("", str(_l("All districts"))), *[(str(key), name) for key, name in districts]]
        self.category.choices = [("", str(_l("All categories"))), *[(str(key), name) for key, name in categories]]


class ResultsFilterForm(_Filters):
    """The public results page: year and programme (choices set by the view)."""

    year = LongSelectField(_l("Year"), validators=[Optional()], invalid_choice_message=CHOOSE)
    programme = LongSelectField(_l("Programme"), validators=[Optional()], invalid_choice_message=CHOOSE)

    def __init__(self, *args, years=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = [("", str(_l("All years"))), *[(str(year), str(year)) for year in years]]
        self.programme.choices = [("", str(_l("All programmes"))), *[(str(key), name) for key, name in programmes]]
