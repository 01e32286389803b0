"""The forms of reports. The report's own fields follow its agreement (targets, schedule, cost lines), so they
are drawn from ``app.services.reports.content.Layout`` and read by the service; ``ReportForm`` carries the CSRF
token. The attachment form and the review's comments per section are plain forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.reports.content import SECTION_LABELS, SECTIONS, TEXT_MAX
from blueprints.forms import BaseForm, CheckedByService

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")


class ReportForm(BaseForm):
    """The report's draft or submission (its fields are the layout's)."""


class AttachmentForm(BaseForm):
    """A file attached to a report, with what it is."""

    label = StringField(_l("What the file is"), validators=[CheckedByService(), Optional(),
                                                             Length(max=300, message=TOO_LONG)])
    file = FileField(_l("File (PDF, image or office document)"))


def _comment(label) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])


class ReviewForm(BaseForm):
    """The department's comments on a submitted report, per section (all optional when accepting; at least one
    when returning it)."""

    results = _comment(SECTION_LABELS["results"])
    activities = _comment(SECTION_LABELS["activities"])
    beneficiaries = _comment(SECTION_LABELS["beneficiaries"])
    spending = _comment(SECTION_LABELS["spending"])
    income = _comment(SECTION_LABELS["income"])
    narrative = _comment(SECTION_LABELS["narrative"])
    attachments = _comment(_l("Attachments"))
    general = _comment(_l("General comment"))

    def comments(self) -> dict[str, str]:
        """{section: comment} as typed."""
        return {name: self[name].data or "" for name in (*SECTIONS, "attachments", "general")}
