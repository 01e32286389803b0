"""The call form (the announcement, its money, dates and criteria) and the forms of its actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.labels import GRANT_MODE_LABELS, KIND_LABELS, PUBLIC_SPHERE_LABELS
from app.services.funding.awards import REASON_MAX as AWARD_REASON_MAX
from app.services.funding.calls import CRITERION_MAX, ELIGIBLE, MAX_CRITERIA, MAX_POINTS, TEXT_MAX, TITLE_MAX
from blueprints.forms import AmountField, BaseForm, MultiCheckboxField, WarsawDateTimeField

DATE_MESSAGE = _l("Give the date like 2026-05-01.")
NO_KIND = _l("Choose at least one kind of organisation that may apply.")
NO_REASON = _l("Give the reason for the annulment: it is published with the call.")
EXTRA_CRITERIA = 2  # empty rows offered beside the criteria a call has


class PercentField(AmountField):
    """A share in per cent as people type it (``10``, ``12,5``)."""

    MESSAGES = dict.fromkeys(("negative", "too_large", "shape"), _l("Give a share from 0 to 99 per cent."))

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace("%", "") for value in valuelist])


class CriterionRow(Form):
    """One criterion: its name in three languages and its maximum points (a sub-form of the call form)."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field

    code = HiddenField()
    name_pl = StringField(_l("Criterion, in Polish"), validators=[Optional(), Length(max=CRITERION_MAX)])
    name_uk = StringField(_l("Criterion, in Ukrainian"), validators=[Optional(), Length(max=CRITERION_MAX)])
    name_en = StringField(_l("Criterion, in English"), validators=[Optional(), Length(max=CRITERION_MAX)])
    max_points = IntegerField(_l("Maximum points"), validators=[
        Optional(), NumberRange(1, MAX_POINTS, _l("Give each criterion from 1 to %(max)d points.", max=MAX_POINTS))])


class CallForm(BaseForm):
    """A call for offers: what task, how much money and how it is given, when, who may apply, by what criteria."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    title_pl = StringField(_l("Title in Polish"), validators=[DataRequired(_l("Give the call's title in Polish.")),
                                                            Length(max=TITLE_MAX)])
    title_uk = StringField(_l("Title in Ukrainian"), validators=[Optional(), Length(max=TITLE_MAX)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=TITLE_MAX)])
    task_pl = TextAreaField(_l("The public task, in Polish"), validators=[
        DataRequired(_l("Describe the public task in Polish.")), Length(max=TEXT_MAX)])
    task_uk = TextAreaField(_l("The public task, in Ukrainian"), validators=[Optional(), Length(max=TEXT_MAX)])
    task_en = TextAreaField(_l("The public task, in English"), validators=[Optional(), Length(max=TEXT_MAX)])
    sphere = SelectField(_l("Sphere of public tasks"), choices=[("", "")] + [(s.value, label) for s, label in
                                                                             PUBLIC_SPHERE_LABELS.items()],
                         validators=[DataRequired(_l("Choose from the list."))])
    budget_line_id = SelectField(_l("Paid from the budget line"), coerce=str,
                                 validators=[DataRequired(_l("Choose a budget line of the programme."))])
    grant_mode = SelectField(_l("How the task is financed"), choices=[(m.value, label) for m, label in
                                                                       GRANT_MODE_LABELS.items()],
                             validators=[DataRequired(_l("Choose from the list."))])
    pool = AmountField(_l("Money for the call (zł)"),
                       validators=[InputRequired(_l("Give the amount in złoty, such as 64 500,00."))])
    minimum_grant = AmountField(_l("Smallest grant (zł, optional)"), validators=[Optional()])
    maximum_grant = AmountField(_l("Largest grant (zł, optional)"), validators=[Optional()])
    own_share_percent = PercentField(_l("Own contribution required, in per cent of the task's total cost"),
                                     validators=[Optional()])
    in_kind_counts = BooleanField(_l("Personal and in-kind contribution counts towards it"))
    task_starts_on = DateField(_l("The task may start on"), validators=[InputRequired(DATE_MESSAGE)])
    task_ends_on = DateField(_l("The task must end by"), validators=[InputRequired(DATE_MESSAGE)])
    eligible_kinds = MultiCheckboxField(_l("Who may apply"), choices=[(k.value, KIND_LABELS[k]) for k in ELIGIBLE],
                                        validators=[DataRequired(NO_KIND)])
    attachments_pl = TextAreaField(_l("Required attachments, in Polish (one a line)"),
                                   validators=[Optional(), Length(max=TEXT_MAX)])
    attachments_uk = TextAreaField(_l("Required attachments, in Ukrainian"),
                                   validators=[Optional(), Length(max=TEXT_MAX)])
    attachments_en = TextAreaField(_l("Required attachments, in English"),
                                   validators=[Optional(), Length(max=TEXT_MAX)])
    spent_this_year = AmountField(_l("Spent on such tasks this year (zł)"), validators=[Optional()])
    spent_last_year = AmountField(_l("Spent on such tasks last year (zł)"), validators=[Optional()])
    opens_at = WarsawDateTimeField(_l("Offers from (Warsaw time)"),
                                   validators=[InputRequired(_l("Enter a date and time like 2026-01-31 18:00."))])
    closes_at = WarsawDateTimeField(_l("Deadline for offers (Warsaw time)"),
                                    validators=[InputRequired(_l("Enter a date and time like 2026-01-31 18:00."))])
    decision_by = DateField(_l("Results expected by (optional)"), validators=[Optional()])
    criteria = FieldList(FormField(CriterionRow), min_entries=1, max_entries=MAX_CRITERIA)
    reason = TextAreaField(_l("Why the published call changes"), validators=[Optional(), Length(max=TEXT_MAX)])

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_line_id.choices = [("", str(_l("— choose a budget line —"))), *lines]

    def criteria_rows(self) -> list[dict]:
        """The criteria as typed (blank rows included: the service skips them)."""
        return [dict(row.data) for row in self.criteria]

    def add_empty_criteria(self) -> None:
        """Offer a few empty rows for more criteria, up to the maximum."""
        for _ in range(EXTRA_CRITERIA):
            if len(self.criteria) < MAX_CRITERIA:
                self.criteria.append_entry()


class ReasonForm(BaseForm):
    """The reason for annulling a call."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(NO_REASON), Length(max=TEXT_MAX)])


class CallFilterForm(BaseForm):
    """Filters of the public list of calls (a GET form, no token)."""

    class Meta:
        csrf = False

    stage = SelectField(_l("Stage"), validators=[Optional()])
    programme = SelectField(_l("Programme"), validators=[Optional()])
    sphere = SelectField(_l("Sphere of public tasks"), validators=[Optional()])


class AwardForm(BaseForm):
    """The amount an offer is funded with, and why it is less than requested (one form per offer: a prefix)."""

    amount = AmountField(_l("Amount awarded"), validators=[InputRequired(_l("Give the amount awarded."))])
    reason = TextAreaField(_l("Why less than requested (the organisation is told)"),
                           validators=[Optional(), Length(max=AWARD_REASON_MAX)])


class OutcomeReasonForm(BaseForm):
    """Why an offer is not funded, as its organisation is told when the results are published."""

    outcome_reason = TextAreaField(_l("Reason told to the organisation if not funded"),
                                   validators=[Optional(), Length(max=AWARD_REASON_MAX)])


class ReturnUpdateForm(BaseForm):
    """What the organisation should change in the updated budget it sent."""

    reason = TextAreaField(_l("What should change"), validators=[
        DataRequired(_l("Say what the organisation should change in its updated budget.")),
        Length(max=AWARD_REASON_MAX)])
