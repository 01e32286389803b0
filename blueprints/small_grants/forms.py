"""The simplified offer of a small grant, the department's decision and residents' comments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.labels import PUBLIC_SPHERE_LABELS
from app.services.funding.small_grants import (
    APPLICANT_LIMITS,
    AUTHOR_MAX,
    COMMENT_MAX,
    MAX_COSTS,
    MAX_RESULTS,
    ROW_MAX,
    TARGET_MAX,
    TEXT_MAX,
    TITLE_MAX,
    UNIT_MAX,
)
from blueprints.forms import AmountField, BaseForm

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")
DATE_MESSAGE = _l("Give the date like 2026-05-01.")
EXTRA_ROWS = 2  # empty rows offered beside the rows an offer has


class UnitsField(AmountField):
    """A number of units as people type it (``12``, ``2,5``)."""

    MESSAGES = dict.fromkeys(("negative", "too_large", "shape"), _l("Give a number such as 12 or 2,5."))


class _Row(Form):
    class Meta:
        bind_field = BaseForm.Meta.bind_field


class ResultRow(_Row):
    """An expected result: what, its target value, and how it is monitored."""

    result = StringField(_l("Result"), validators=[Optional(), Length(max=ROW_MAX, message=TOO_LONG)])
    target_value = StringField(_l("Target value"), validators=[Optional(), Length(max=TARGET_MAX, message=TOO_LONG)])
    monitoring = StringField(_l("How it is monitored"), validators=[Optional(), Length(max=ROW_MAX, message=TOO_LONG)])


class CostRow(_Row):
    """A cost line of the simplified cost estimate."""

    name = StringField(_l("Cost"), validators=[Optional(), Length(max=ROW_MAX, message=TOO_LONG)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=UNIT_MAX, message=TOO_LONG)])
    unit_cost = AmountField(_l("Unit cost (zł)"), validators=[Optional()])
    units = UnitsField(_l("Number of units"), validators=[Optional()])
    year = IntegerField(_l("Year"), validators=[Optional()])
    from_grant = AmountField(_l("From the grant (zł)"), validators=[Optional()])


class _WithRows(BaseForm):
    """A form with lists of rows: a refusal naming ``costs-1-unit_cost`` lands beside that row's field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    ROW_LISTS = ()

    def _row_field(self, name: str):
        for list_name in self.ROW_LISTS:
            prefix = f"{list_name}-"
            if isinstance(name, str) and name.startswith(prefix):
                index, _, sub = name[len(prefix):].partition("-")
                entries = self._fields[list_name].entries
                if index.isdigit() and int(index) < len(entries):
                    return entries[int(index)].form._fields.get(sub)
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


class SmallGrantForm(_WithRows):
    """The simplified offer (art. 19a): the applicant, the task, its results, the cost estimate, the sources."""

    ROW_LISTS = ("results", "costs")

    applicant_name = StringField(_l("Name of the organisation"),
                                 validators=[Optional(), Length(max=APPLICANT_LIMITS["name"], message=TOO_LONG)])
    applicant_krs = StringField(_l("KRS or other register number"),
                                validators=[Optional(), Length(max=APPLICANT_LIMITS["krs"], message=TOO_LONG)])
    applicant_nip = StringField(_l("NIP"),
                                validators=[Optional(), Length(max=APPLICANT_LIMITS["nip"], message=TOO_LONG)])
    applicant_address = StringField(_l("Address"), validators=[Optional(), Length(max=APPLICANT_LIMITS["address"],
                                                                                  message=TOO_LONG)])
    applicant_contact = StringField(_l("Person who can explain the offer"),
                                    validators=[Optional(), Length(max=APPLICANT_LIMITS["contact"], message=TOO_LONG)])
    applicant_email = StringField(_l("E-mail"),
                                  validators=[Optional(), Length(max=APPLICANT_LIMITS["email"], message=TOO_LONG)])
    applicant_phone = StringField(_l("Phone"),
                                  validators=[Optional(), Length(max=APPLICANT_LIMITS["phone"], message=TOO_LONG)])
    title = StringField(_l("Title of the task"), validators=[DataRequired(_l("Give the task's title.")),
                                                             Length(max=TITLE_MAX, message=TOO_LONG)])
    sphere = SelectField(_l("Sphere of public tasks"), choices=[("", "")] + [(s.value, label) for s, label in
                                                                             PUBLIC_SPHERE_LABELS.items()],
                         validators=[Optional()], validate_choice=True)
    starts_on = DateField(_l("The task starts on"), validators=[Optional()])
    ends_on = DateField(_l("The task ends on"), validators=[Optional()])
    place = TextAreaField(_l("Where the task is carried out"), validators=[Optional(), Length(max=TEXT_MAX,
                                                                                             message=TOO_LONG)])
    target_group = TextAreaField(_l("For whom"), validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    summary = TextAreaField(_l("The task and its results"), validators=[Optional(), Length(max=TEXT_MAX,
                                                                                          message=TOO_LONG)])
    results = FieldList(FormField(ResultRow), min_entries=1, max_entries=MAX_RESULTS)
    costs = FieldList(FormField(CostRow), min_entries=1, max_entries=MAX_COSTS)
    requested_grant = AmountField(_l("Grant asked for (zł)"), validators=[Optional()])
    own_financial = AmountField(_l("Own financial contribution (zł)"), validators=[Optional()])
    own_in_kind = AmountField(_l("Own personal and in-kind contribution (zł)"), validators=[Optional()])
    representatives = TextAreaField(_l("Who signs for the organisation (per KRS), one a line"),
                                    validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    statements_accepted = BooleanField(_l("I state that the organisation carries out the task as a non-profit "
                                          "activity, that the data are true and that it has no tax or social "
                                          "insurance arrears"))

    def add_empty_rows(self) -> None:
        """Offer a few empty rows for more results and cost lines, up to the maximum."""
        for rows, maximum in ((self.results, MAX_RESULTS), (self.costs, MAX_COSTS)):
            for _ in range(EXTRA_ROWS):
                if len(rows) < maximum:
                    rows.append_entry()

    def result_rows(self) -> list[dict]:
        return [dict(row.data) for row in self.results]

    def cost_rows(self) -> list[dict]:
        return [dict(row.data) for row in self.costs]


class FundForm(BaseForm):
    """Fund a small grant: the amount and the budget line of the task's year."""

    amount = AmountField(_l("Amount (zł)"),
                         validators=[InputRequired(_l("Give the amount in złoty, such as 2 500,00."))])
    budget_line_id = SelectField(_l("Paid from the budget line"), coerce=str,
                                 validators=[DataRequired(_l("Choose a budget line of the task's year."))])
    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_line_id.choices = [("", str(_l("— choose a budget line —"))), *lines]


class RefuseForm(BaseForm):
    """Refuse a small grant with the reason the organisation is told."""

    outcome_reason = TextAreaField(_l("Why the offer is not funded"), validators=[
        DataRequired(_l("Say why the offer is not funded: the organisation is told.")),
        Length(max=TEXT_MAX, message=TOO_LONG)])


class CommentForm(BaseForm):
    """Anyone's comment on a small grant offer; ``subject`` is the honeypot people never see."""

    message = TextAreaField(_l("Your comment"), validators=[DataRequired(_l("Write your comment.")),
                                                            Length(max=COMMENT_MAX, message=TOO_LONG)])
    author = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=AUTHOR_MAX, message=TOO_LONG)])
    email = EmailField(_l("Your e-mail address, if you would like a reply"), validators=[
        Optional(), Length(max=254, message=TOO_LONG),
        Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False)])
    subject = StringField(_l("Leave this field empty"), validators=[Optional()])
    started = HiddenField()
