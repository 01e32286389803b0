"""The console's agreement forms: the list's filters, the two steps of a new service contract (the organisation
and programme, then the terms), the terms of a draft, recording the signing and terminating.

The forms read what was typed; the rules (what is required, the money left on a budget line, the dates within
the period) are the service's (app/services/agreements/lifecycle.py ``check_draft``), shown beside each field —
a row's field too (``funding-0-amount``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.i18n import money
from app.labels import (
    AGREEMENT_KIND_LABELS,
    AGREEMENT_STATUS_LABELS,
    FUNDING_SOURCE_LABELS,
    SERVICE_UNIT_LABELS,
    SIGNING_METHOD_LABELS,
)
from app.services.agreements.lifecycle import FUNDING_MAX, REPORTS_MAX, TARGETS_MAX
from blueprints.forms import AmountField, BaseForm, DayField, LongSelectField, MultiCheckboxField, RowsForm

CHOOSE = _l("Choose from the list.")


class Marked:
    """Marks a field "(required)" beside its label, as the portal's other forms do; what is missing is said by the
    service (its own message, beside the field), so this validator checks nothing itself."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


REQUIRED = [Marked(), Optional()]  # "(required)" beside the label; the service's message when it is left blank
ROW_LISTS = {"funding": FUNDING_MAX, "targets": TARGETS_MAX, "partial_reports": REPORTS_MAX}
BLANK_ROWS = {"funding": 2, "targets": 2, "partial_reports": 2}  # empty rows offered beside the saved ones


class UnitsField(AmountField):
    """A number of units (4380, or 2,5 hours), typed as amounts are, with messages about numbers, not money."""

    MESSAGES = dict.fromkeys(("negative", "too_large", "shape"), _l("Give a number such as 341 or 12,5."))


class WholeNumberField(IntegerField):
    """A whole number; junk gets the portal's message in the reader's language (what was typed stays)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Give a whole number, e.g. 12."))) from None


# -- the list ---------------------------------------------------------------------------------------------------

class FilterForm(BaseForm):
    """The register's filters (GET, no CSRF): a value that is not among the choices is ignored, with a message."""

    class Meta:
        csrf = False

    programme = LongSelectField(_l("Programme"), validators=[Optional()], invalid_choice_message=CHOOSE)
    organisation = LongSelectField(_l("Organisation"), validators=[Optional()], invalid_choice_message=CHOOSE)
    status = LongSelectField(lazy_pgettext("agreement", "Status"), validators=[Optional()],
                             invalid_choice_message=CHOOSE, choices=[("", _l("Any status")),
                                      *[(status.value, label) for status, label in AGREEMENT_STATUS_LABELS.items()]])
    kind = LongSelectField(lazy_pgettext("agreement", "Kind"), validators=[Optional()], invalid_choice_message=CHOOSE,
                           choices=[("", _l("Both kinds")),
                                    *[(kind.value, label) for kind, label in AGREEMENT_KIND_LABELS.items()]])
    year = LongSelectField(_l("Year"), validators=[Optional()], invalid_choice_message=CHOOSE)

    def __init__(self, *args, programmes=(), organisations=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.programme.choices = [("", str(_l("All programmes"))), *programmes]
        self.organisation.choices = [("", str(_l("All organisations"))), *organisations]
        self.year.choices = [("", str(_l("Any year"))), *[(str(year), str(year)) for year in years]]

    def chosen(self, name: str) -> str:
        """The value of one filter, or "" when it was refused."""
        field = self[name]
        return "" if field.errors else (field.data or "")


# -- a new service contract, step 1 ------------------------------------------------------------------------------

class StartForm(BaseForm):
    """Step 1 of a new service contract (GET, no CSRF): with whom, and from which programme's budget."""

    class Meta:
        csrf = False

    organisation = LongSelectField(_l("Organisation"), validators=[DataRequired(_l("Choose the organisation."))],
                               invalid_choice_message=CHOOSE)
    programme = SelectField(_l("Programme"), validators=[DataRequired(_l("Choose the programme."))],
                            invalid_choice_message=CHOOSE)

    def __init__(self, *args, organisations=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", str(_l("— choose an organisation —"))), *organisations]
        self.programme.choices = [("", str(_l("— choose a programme —"))), *programmes]


# -- the terms ---------------------------------------------------------------------------------------------------

class _Row(Form):
    class Meta:
        bind_field = BaseForm.Meta.bind_field


class FundingRow(_Row):
    """The part of the value paid from one budget line of the programme."""

    budget_line_id = LongSelectField(_l("Budget line"), validators=[Optional()], invalid_choice_message=CHOOSE)
    amount = AmountField(_l("Amount (zł)"), validators=[Optional()])


class TargetRow(_Row):
    """An indicator target: the result, the value to reach and its unit, how it is measured."""

    name = StringField(_l("Result"), validators=[Optional()])
    target_value = UnitsField(_l("Target value"), validators=[Optional()])
    unit = StringField(_l("Unit, e.g. people"), validators=[Optional()])
    monitoring = StringField(_l("How it is measured"), validators=[Optional()])
    target_text = HiddenField()  # a grant's target as the offer put it, when not a number: kept as it was


class ReportRow(_Row):
    """The day a partial report is due."""

    due_on = DayField(_l("Report due on"), validators=[Optional()])


class _RowsForm(RowsForm):
    """The agreement's forms: lists of funding, targets and partial reports."""

    @property
    def errors(self):
        """The form's errors, a row's too: a refusal the service put beside a row's field after validation
        (``funding-1-amount``) is not among the list's own ``errors``, so the error summary would not show."""
        errors = dict(super().errors)
        for field in self:
            if field.type == "FieldList" and not errors.get(field.name):
                rows = [{sub.short_name: sub.errors for sub in entry.form if sub.errors} for entry in field]
                if any(rows):
                    errors[field.name] = rows
        return errors

    def add_row(self, name: str) -> None:
        """One more empty row in a list, up to the most allowed."""
        if name in ROW_LISTS and name in self._fields and len(self[name]) < ROW_LISTS[name]:
            self[name].append_entry()

    def add_blank_rows(self) -> None:
        """A few empty rows in each list to type into."""
        for name, count in BLANK_ROWS.items():
            for _ in range(count):
                self.add_row(name)


class GrantTermsForm(_RowsForm):
    """The terms of a grant agreement the department sets (its value and funding are the award's)."""

    title = StringField(_l("Title"), validators=REQUIRED)
    subject = TextAreaField(_l("Subject of the agreement"), validators=[Optional()])
    starts_on = DayField(_l("First day"), validators=REQUIRED)
    ends_on = DayField(_l("Last day"), validators=REQUIRED)
    district_id = SelectField(_l("District"), validators=[Optional()], invalid_choice_message=CHOOSE)
    return_days = WholeNumberField(_l("Days to return unused money"), validators=[Optional()])
    services = MultiCheckboxField(_l("Services that deliver it"), coerce=int)
    parties = MultiCheckboxField(_l("Joint parties"), coerce=int)
    targets = FieldList(FormField(TargetRow), label=_l("Indicator targets"), min_entries=0, max_entries=TARGETS_MAX)
    partial_reports = FieldList(FormField(ReportRow), label=_l("Partial reports"), min_entries=0,
                                max_entries=REPORTS_MAX)

    def __init__(self, *args, districts=(), services=(), parties=(), lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = [("", str(_l("The whole city"))), *[(str(key), name) for key, name in districts]]
        self.services.choices = list(services)
        self.parties.choices = list(parties)
        if "funding" in self._fields:
            choices = [("", str(_l("— choose a budget line —"))), *lines]
            for entry in self["funding"]:
                entry.form.budget_line_id.choices = choices
            self._line_choices = choices

    def add_row(self, name: str) -> None:
        super().add_row(name)
        if name == "funding" and "funding" in self._fields and len(self["funding"]):
            self["funding"][-1].form.budget_line_id.choices = self._line_choices

    def terms(self) -> dict:
        """What was typed, as ``lifecycle.check_draft`` reads it (blank rows left out by the service)."""
        data = {"title": self.title.data, "subject": self.subject.data, "starts_on": self.starts_on.data,
                "ends_on": self.ends_on.data, "district_id": self.district_id.data or None,
                "return_days": self.return_days.data, "services": list(self.services.data or []),
                "parties": list(self.parties.data or []),
                "targets": [dict(entry.form.data) for entry in self.targets],
                "partial_reports": [entry.form.due_on.data for entry in self.partial_reports]}
        return data


class ContractForm(GrantTermsForm):
    """The whole of a service contract: the terms, the price per unit and the funding per budget line."""

    procurement_reference = StringField(_l("Reference of the procurement or decision"), validators=REQUIRED)
    unit = SelectField(_l("Paid per"), validators=REQUIRED, invalid_choice_message=CHOOSE,
                       choices=[("", _l("— choose a unit —")),
                                *[(unit.value, label) for unit, label in SERVICE_UNIT_LABELS.items()]])
    unit_price = AmountField(_l("Price per unit (zł)"), validators=REQUIRED)
    units_planned = UnitsField(_l("Units planned"), validators=[Optional()])
    places = WholeNumberField(_l("Places kept (beds, flats)"), validators=[Optional()])
    funding = FieldList(FormField(FundingRow), label=_l("Funding"), min_entries=0, max_entries=FUNDING_MAX)

    def terms(self) -> dict:
        data = super().terms()
        data.update({"procurement_reference": self.procurement_reference.data, "unit": self.unit.data,
                     "unit_price": self.unit_price.data, "units_planned": self.units_planned.data,
                     "places": self.places.data,
                     "funding": [dict(entry.form.data) for entry in self.funding]})
        return data


def line_label(line, free, language: str) -> str:
    """A budget line as the funding rows offer it: "2026 · City budget · Shelters (left: 12 000,00 zł)"."""
    return str(_l("%(year)d · %(source)s · %(task)s (left: %(free)s)", year=line.year,
                  source=FUNDING_SOURCE_LABELS[line.source], task=line.text("task", language), free=money(free)))


# -- signing and terminating -------------------------------------------------------------------------------------

class SigningForm(BaseForm):
    """The signing of an accepted agreement: when, how, and the scan of the signed document."""

    signed_on = DayField(_l("Date of signing"), validators=REQUIRED)
    method = SelectField(_l("How it was signed"), validators=REQUIRED, invalid_choice_message=CHOOSE,
                         choices=[("", _l("— choose how —")),
                                  *[(method.value, label) for method, label in SIGNING_METHOD_LABELS.items()]])
    file = FileField(_l("Scan of the signed agreement (PDF or image)"), validators=REQUIRED)


class TerminateForm(BaseForm):
    """Ending an agreement early: the last day and the reason the organisation is told."""

    ended_on = DayField(_l("The agreement ends on"), validators=REQUIRED)
    reason = TextAreaField(_l("Reason"), validators=REQUIRED)
