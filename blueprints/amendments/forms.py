"""The forms of amendments: the proposal (the new terms and the reason) and the rejection's reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, Label, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.agreements.amendments import FUNDING_MAX, REASON_MAX, REPORTS_MAX, TARGETS_MAX
from blueprints.forms import AmountField, BaseForm, CheckedByService, DayField

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")
EXTRA_TARGETS, EXTRA_REPORTS = 2, 2  # empty rows offered beside the agreement's own


class _Row(Form):
    class Meta:
        bind_field = BaseForm.Meta.bind_field


class FundingRow(_Row):
    """The amount on one budget line (a line the agreement has, or one to add)."""

    budget_line_id = SelectField(_l("Budget line to add"), choices=[], validate_choice=False)
    amount = AmountField(_l("Amount (zł)"), validators=[Optional()])


class TargetRow(_Row):
    """An indicator target: what is to be achieved, the value and its unit (or in words), how it is measured."""

    name = StringField(_l("Result"), validators=[Optional(), Length(max=300, message=TOO_LONG)])
    target_value = StringField(_l("Target value"), validators=[Optional(), Length(max=30, message=TOO_LONG)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60, message=TOO_LONG)])
    target_text = StringField(_l("Target in words (when not a number)"),
                              validators=[Optional(), Length(max=200, message=TOO_LONG)])
    monitoring = StringField(_l("How it is measured"), validators=[Optional(), Length(max=300, message=TOO_LONG)])


class AmendmentForm(BaseForm):
    """An amendment: the agreement's terms as they should become, and why. A refusal naming ``funding-1-amount``
    or ``partial_reports-0`` lands beside that row's field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    ROW_LISTS = ("funding", "targets", "partial_reports")

    starts_on = DayField(_l("The agreement starts on"), validators=[Optional()])
    ends_on = DayField(_l("The agreement ends on"), validators=[Optional()])
    funding = FieldList(FormField(FundingRow), max_entries=FUNDING_MAX + 1)
    targets = FieldList(FormField(TargetRow), max_entries=TARGETS_MAX + EXTRA_TARGETS)
    partial_reports = FieldList(DayField(_l("Partial report due on"), validators=[Optional()]),
                                max_entries=REPORTS_MAX + EXTRA_REPORTS)
    reason = TextAreaField(_l("Why the agreement is amended"),
                           validators=[CheckedByService(), Optional(), Length(max=REASON_MAX, message=TOO_LONG)])

    def _row_field(self, name):
        for list_name in self.ROW_LISTS:
            prefix = f"{list_name}-"
            if isinstance(name, str) and name.startswith(prefix):
                index, _, sub = name[len(prefix):].partition("-")
                entries = self._fields[list_name].entries
                if index.isdigit() and int(index) < len(entries):
                    entry = entries[int(index)]
                    return entry.form._fields.get(sub) if isinstance(entry, FormField) else (None if sub else entry)
        return None

    def __contains__(self, name) -> bool:
        return super().__contains__(name) or self._row_field(name) is not None

    def __getitem__(self, name):
        try:
            return super().__getitem__(name)
        except KeyError:
            found = self._row_field(name)
            if found is None:
                raise
            return found

    def offer_rows(self, lines: list[tuple[str, str]], current: set[int]) -> None:
        """Empty rows for one more budget line, more targets and more report dates; the lines to choose from."""
        if all(_line_id(row.form.budget_line_id.data) in current for row in self.funding) \
                and len(self.funding) <= FUNDING_MAX:
            self.funding.append_entry()
        for rows, extra, maximum in ((self.targets, EXTRA_TARGETS, TARGETS_MAX + EXTRA_TARGETS),
                                     (self.partial_reports, EXTRA_REPORTS, REPORTS_MAX + EXTRA_REPORTS)):
            for _ in range(extra):
                if len(rows) < maximum:
                    rows.append_entry()
        choices = [("", str(_l("— no line to add —"))), *[(value, label) for value, label in lines
                                                            if _line_id(value) not in current]]
        for row in self.funding:
            row.form.budget_line_id.choices = choices
        for number, field in enumerate(self.partial_reports, start=1):
            field.label = Label(field.id, _l("Partial report %(num)d is due on", num=number))

    def terms_data(self) -> dict:
        """The new terms as the service reads them."""
        return {"starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
                "funding": [{"budget_line_id": row.form.budget_line_id.data or "",
                             "amount": row.form.amount.data} for row in self.funding],
                "targets": [dict(row.data) for row in self.targets],
                "partial_reports": [field.data for field in self.partial_reports]}


def _line_id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


class RejectForm(BaseForm):
    """Reject an amendment with the reason the other side reads."""

    reason = TextAreaField(_l("Why the amendment is rejected"),
                           validators=[CheckedByService(), Optional(), Length(max=REASON_MAX, message=TOO_LONG)])
