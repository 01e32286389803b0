"""Forms of residents' feedback: the public form, the handling form and the inbox filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.labels import FEEDBACK_STATUS_LABELS
from app.services.feedback.inbox import NOTE_MAX
from app.services.feedback.intake import MESSAGE_MAX, MESSAGE_MIN
from blueprints.forms import BaseForm


class FeedbackForm(BaseForm):
    """What a resident says is wrong; ``subject`` is the honeypot people never see (a name autofill leaves alone)."""

    message = TextAreaField(_l("What is wrong or out of date?"), validators=[
        DataRequired(_l("Write what is wrong, so that it can be corrected.")),
        Length(min=MESSAGE_MIN, message=_l("Write at least %(min)d characters, so that the organisation knows "
                                           "what to correct.")),
        Length(max=MESSAGE_MAX, message=_l("Write at most %(max)d characters; you wrote %(length)d."))])
    email = EmailField(_l("Your e-mail address, if you would like a reply"), validators=[
        Optional(), Length(max=254, message=_l("Write at most %(max)d characters; you wrote %(length)d.")),
        Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False)])
    subject = StringField(_l("Leave this field empty"), validators=[Optional()])
    started = HiddenField()


class HandleFeedbackForm(BaseForm):
    """Close a report as resolved or dismissed, with an optional note."""

    status = SelectField(_l("Outcome"), validators=[DataRequired(_l("Choose what happened to the report."))],
                         choices=[("resolved", _l("Resolved: the listing has been corrected")),
                                  ("dismissed", _l("Dismissed: not a mistake, or spam"))])
    note = TextAreaField(_l("Note (optional)"), validators=[
        Optional(), Length(max=NOTE_MAX, message=_l("Write at most %(max)d characters; you wrote %(length)d."))])


class FeedbackFilterForm(BaseForm):
    """Filters of the feedback inboxes (GET, no CSRF)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="new", validators=[Optional()],
                         choices=[*FEEDBACK_STATUS_LABELS.items(), ("all", lazy_pgettext("feedback filter", "All"))])
    organisation = SelectField(_l("Organisation"), validators=[Optional()], coerce=str)

    def chosen_status(self) -> str:
        """The status to list ('' for all); a value not in the list means the default."""
        value = self.status.data if not self.status.errors else "new"
        return "" if value == "all" else (value or "new")
