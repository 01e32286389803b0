"""The forms of an agreement's payments: a tranche planned, a payment recorded, a return of unused money, a monthly
statement prepared, and a statement sent back for correction."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.services.agreements.payments import NOTE_MAX, REFERENCE_MAX
from app.services.agreements.statements import REASON_MAX, units_number
from blueprints.forms import AmountField, BaseForm, CheckedByService, DayField

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")
MONTH_MESSAGE = _l("Choose the month, like 2026-03.")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


class UnitsField(AmountField):
    """A number of units as people type it (``341``, ``12,5``)."""

    MESSAGES = dict.fromkeys(("negative", "too_large", "shape"), _l("Give a number such as 341 or 12,5."))

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return units_number(self.data)  # "8", "12,5": a count, not money


class MonthField(StringField):
    """A month as the browser's month field sends it (``2026-03``); ``data`` is its first day, or None."""

    def process_formdata(self, valuelist):
        self.raw_text = valuelist[0] if valuelist else ""
        self.data = None
        if not self.raw_text.strip():
            return
        match = _MONTH.match(self.raw_text)
        try:
            self.data = date(int(match[1]), int(match[2]), 1) if match else None
        except ValueError:
            self.data = None
        if self.data is None:
            raise ValueError(str(MONTH_MESSAGE))

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return self.data.strftime("%Y-%m") if self.data else ""


def _choices(field: SelectField, choices, empty=None) -> None:
    field.choices = ([("", str(empty))] if empty is not None else []) + list(choices)


class TrancheForm(BaseForm):
    """A tranche of a draft grant agreement: when, how much, from which budget line, after which report."""

    due_on = DayField(_l("Due on"), validators=[InputRequired(_l("Give the day the tranche is due."))])
    amount = AmountField(_l("Amount (zł)"), validators=[InputRequired(_l("Give the amount in złoty."))])
    funding_id = SelectField(_l("Paid from"), validate_choice=False, coerce=str)
    report_due_id = SelectField(_l("Waits for the partial report"), validate_choice=False, coerce=str)

    def __init__(self, *args, rows=(), reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.funding_id, rows)
        _choices(self.report_due_id, reports, _l("— it waits for no report —"))


class PayForm(BaseForm):
    """The payment of an approved tranche: the day and the transfer's reference."""

    paid_on = DayField(_l("Paid on"), validators=[CheckedByService(), Optional()])  # the service says both at once
    reference = StringField(_l("Transfer reference"), validators=[CheckedByService(), Optional(),
                                                                   Length(max=REFERENCE_MAX, message=TOO_LONG)])


class RefundForm(BaseForm):
    """Unused money the organisation returned, with interest for a late return. The amounts are read by the
    service (``payments.record_refund``), which says every problem at once."""

    funding_id = SelectField(_l("Returned to"), validate_choice=False, coerce=str)
    amount = StringField(_l("Amount returned (zł)"), validators=[CheckedByService()])
    returned_on = DayField(_l("Returned on"), validators=[CheckedByService(), Optional()])
    due_on = DayField(_l("Due back by"), validators=[Optional()])
    interest = StringField(_l("Interest for a late return (zł)"))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)])

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.funding_id, rows)


class ReturnStatementForm(BaseForm):
    """A submitted statement sent back to the organisation with what should be corrected."""

    reason = TextAreaField(_l("What should be corrected"), validators=[
        DataRequired(_l("Say what should be corrected: the organisation is told.")),
        Length(max=REASON_MAX, message=TOO_LONG)])


class StatementForm(BaseForm):
    """A monthly statement: the month and the units delivered in it."""

    month = MonthField(_l("Month"), validators=[InputRequired(MONTH_MESSAGE)])
    units = UnitsField(_l("Units delivered"), validators=[InputRequired(_l("Give the units delivered, such as 341."))])
    note = TextAreaField(_l("Note for the department"), validators=[Optional(),
                                                                     Length(max=NOTE_MAX, message=TOO_LONG)])


class StatementEditForm(BaseForm):
    """A prepared or returned statement corrected: the units and the note (the month stays)."""

    units = UnitsField(_l("Units delivered"), validators=[InputRequired(_l("Give the units delivered, such as 341."))])
    note = TextAreaField(_l("Note for the department"), validators=[Optional(),
                                                                     Length(max=NOTE_MAX, message=TOO_LONG)])
