"""The forms of the formal check, of the commission and of the evaluator's scoring."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from app.labels import COMMISSION_ROLE_LABELS, FORMAL_ITEM_LABELS, FORMAL_OUTCOME_LABELS
from app.services.funding.formal import REASON_MAX
from blueprints.forms import BaseForm, MultiCheckboxField


class FormalCheckForm(BaseForm):
    """The checklist of one offer and the outcome of its formal check."""

    met = MultiCheckboxField(_l("Items met"), choices=list(FORMAL_ITEM_LABELS.items()))
    outcome = RadioField(_l("Outcome"), choices=[(outcome.value, label) for outcome, label in
                                                 FORMAL_OUTCOME_LABELS.items()],
                         validators=[InputRequired(_l("Choose the outcome of the check."))])
    correct_by = DateField(_l("To be corrected by"), validators=[Optional()])
    reason = TextAreaField(_l("Reason, or what to correct (the organisation reads it)"),
                           validators=[Optional(), Length(max=REASON_MAX)])


class MemberForm(BaseForm):
    """A person named to the commission: their e-mail, role and (for organisations' people) whom they represent."""

    email = StringField(_l("E-mail of the person's account"),
                        validators=[DataRequired(_l("Give the e-mail address of an account.")), Length(max=254),
                                    Email(_l("Enter an e-mail address like name@example.org."),
                                          check_deliverability=False)])
    role = SelectField(_l("Role"), choices=[(role.value, label) for role, label in COMMISSION_ROLE_LABELS.items()],
                       default="member", validators=[DataRequired(_l("Choose from the list."))])
    represents_id = SelectField(_l("Represents (for people of organisations)"), validators=[Optional()],
                                validate_choice=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.represents_id.choices = [("", str(_l("— nobody, a department officer —"))),
                                      *[(str(o.id), o.name) for o in organisations]]

    def validate_represents_id(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(str(_l("Choose from the list.")))


class AssignmentsForm(BaseForm):
    """The offers one member evaluates."""

    offers = MultiCheckboxField(_l("Offers this member evaluates"))


class DeclarationForm(BaseForm):
    """A member's declaration on one offer, before seeing it."""

    conflict = RadioField(_l("Conflict of interest"), choices=[
        ("none", _l("I declare no conflict of interest with the applicant or the joint applicants.")),
        ("conflict", _l("I have a conflict of interest: I do not evaluate this offer."))],
        validators=[InputRequired(_l("Choose one."))])


class ScoreRow(Form):
    """The points for one criterion and their justification (a sub-form of the scoring form)."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field

    points = StringField(_l("Points"))
    justification = TextAreaField(_l("Justification"))  # the service checks both, beside each row


class ScoreForm(BaseForm):
    """A member's points per criterion, each with its justification."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    criteria = FieldList(FormField(ScoreRow), min_entries=0, max_entries=20)

    def rows(self) -> list[dict]:
        return [dict(row.data) for row in self.criteria]
