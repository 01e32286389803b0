"""The offer form (the 2018 statutory sections, rows added without JavaScript) and the forms of its actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from app.labels import COST_KIND_LABELS
from app.services.funding.offers import MAX_ROWS, SHORT_MAX, TEXT_MAX, TITLE_MAX
from blueprints.forms import AmountField, BaseForm, DayField, RowsForm

ROW_LISTS = ("activities", "results", "costs")


class UnitsField(AmountField):
    """A number of units (12, or 2,5 hours), typed as amounts are, with messages about units, not money."""

    MESSAGES = {
        "negative": _l("Give the number of units without a minus sign."),
        "too_large": _l("This number of units is too large."),
        "shape": _l("Give the number of units as a number, such as 12 or 2,5."),
    }


class _Row(Form):
    class Meta:
        bind_field = BaseForm.Meta.bind_field

    remove = BooleanField(_l("Remove this row"))


class ActivityRow(_Row):
    """One activity of the plan with its schedule."""

    name = StringField(_l("Activity"), validators=[Optional(), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=TEXT_MAX)])
    starts_on = DayField(_l("From"), validators=[Optional()])
    ends_on = DayField(_l("To"), validators=[Optional()])


class ResultRow(_Row):
    """One expected result."""

    result = StringField(_l("Result"), validators=[Optional(), Length(max=TITLE_MAX)])
    target_value = StringField(_l("Target value"), validators=[Optional(), Length(max=200)])
    monitoring = StringField(_l("How it is monitored"), validators=[Optional(), Length(max=SHORT_MAX)])


class CostRow(_Row):
    """One line of the cost estimate."""

    kind = SelectField(_l("Kind of cost"), choices=[(kind.value, label) for kind, label in COST_KIND_LABELS.items()],
                       validators=[Optional()])
    name = StringField(_l("Cost"), validators=[Optional(), Length(max=TITLE_MAX)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)])
    unit_cost = AmountField(_l("Unit cost (zł)"), validators=[Optional()])
    units = UnitsField(_l("Number of units"), validators=[Optional()])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100, _l("Give the year like 2027."))])
    from_grant = AmountField(_l("From the grant (zł)"), validators=[Optional()])


class _RowsForm(RowsForm):
    """The offer's forms: lists of activities, results and costs."""

    def add_row(self, name: str) -> None:
        """One more empty row in a list, up to the most allowed."""
        if name in self._fields and len(self[name]) < MAX_ROWS:
            self[name].append_entry()


class OfferForm(_RowsForm):
    """The offer in the 2018 form's order: the applicant, the task, plan and results, costs and their funding,
    other information and statements."""

    applicant_name = StringField(_l("Name of the organisation"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_krs = StringField(_l("KRS number or other register"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_nip = StringField(_l("NIP"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_address = StringField(_l("Address"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_contact = StringField(_l("Contact person"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_email = StringField(_l("E-mail"), validators=[Optional(), Length(max=SHORT_MAX)])
    applicant_phone = StringField(_l("Phone"), validators=[Optional(), Length(max=SHORT_MAX)])
    title = StringField(_l("Title of the public task"), validators=[Optional(), Length(max=TITLE_MAX)])
    starts_on = DayField(_l("The task starts on"), validators=[Optional()])
    ends_on = DayField(_l("The task ends on"), validators=[Optional()])
    place = StringField(_l("Place where the task is carried out"), validators=[Optional(), Length(max=SHORT_MAX)])
    target_group = TextAreaField(_l("Whom the task is for"), validators=[Optional(), Length(max=TEXT_MAX)])
    summary = TextAreaField(_l("The task in brief: the need, the aim and how"),
                            validators=[Optional(), Length(max=TEXT_MAX)])
    activities = FieldList(FormField(ActivityRow), label=_l("Activities"), min_entries=0, max_entries=MAX_ROWS)
    results = FieldList(FormField(ResultRow), label=_l("Expected results"), min_entries=0, max_entries=MAX_ROWS)
    costs = FieldList(FormField(CostRow), label=_l("Cost estimate"), min_entries=0, max_entries=MAX_ROWS)
    requested_grant = AmountField(_l("Requested grant (zł)"), validators=[Optional()])
    own_financial = AmountField(_l("Own financial contribution (zł)"), validators=[Optional()])
    own_in_kind = AmountField(_l("Own personal and in-kind contribution, volunteers included (zł)"),
                              validators=[Optional()])
    recipients_payments = AmountField(_l("Payments from the recipients (zł)"), validators=[Optional()])
    other_funds = AmountField(_l("Other public or private funds (zł)"), validators=[Optional()])
    other_information = TextAreaField(_l("Other information"), validators=[Optional(), Length(max=TEXT_MAX)])
    representatives = TextAreaField(_l("People entitled to sign for the organisation per KRS (one a line)"),
                                    validators=[Optional(), Length(max=TEXT_MAX)])
    statements_accepted = BooleanField(_l("I make the statements of the offer form (the organisation's public "
                                          "benefit activity, its data are true, its dues are paid)"))

    def rows_data(self) -> dict:
        """Every list of rows as typed."""
        return {name: self.rows(name) for name in ROW_LISTS}


class BudgetForm(_RowsForm):
    """The plan and cost estimate re-entered within a reduced award."""

    activities = FieldList(FormField(ActivityRow), label=_l("Activities"), min_entries=0, max_entries=MAX_ROWS)
    costs = FieldList(FormField(CostRow), label=_l("Cost estimate"), min_entries=0, max_entries=MAX_ROWS)


class AttachmentForm(BaseForm):
    """A file attached to an offer, and which of the call's required attachments it is."""

    label = SelectField(_l("Which attachment this is"), validators=[Optional()])
    file = FileField(_l("File (PDF, image or office document)"))


class PartnerForm(BaseForm):
    """A joint applicant, by its name or KRS number."""

    partner = StringField(_l("Name or KRS number of the organisation"), validators=[Optional(), Length(max=300)])
