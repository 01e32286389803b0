"""Forms of the department's moderation area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.models import ListingKind
from app.services.moderation.review import KIND_LABELS
from app.services.moderation.takedown import REASON_MAX
from app.services.workflow.revisions import NOTE_MAX
from blueprints.forms import BaseForm


class QueueFilterForm(BaseForm):
    """Which changes to list (GET, no CSRF)."""

    class Meta:
        csrf = False

    organisation = SelectField(_l("Organisation"), validators=[Optional()])
    kind = SelectField(_l("Kind of listing"), validators=[Optional()],
                       choices=[("", _l("All kinds")), *[(k.value, KIND_LABELS[k]) for k in ListingKind]])
    decided = SelectField(_l("Show"), validators=[Optional()],
                          choices=[("", _l("Waiting for a decision")), ("1", _l("Decided recently"))])

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", _l("All organisations"))] + [(str(o.id), o.name) for o in organisations]


class ApproveForm(BaseForm):
    """Approve a change, optionally with a note for the organisation."""

    note = TextAreaField(_l("Note for the organisation (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])


class RejectForm(BaseForm):
    """Reject a change: the organisation reads the reason."""

    note = TextAreaField(_l("Why the change is rejected"), validators=[
        DataRequired(_l("Say why the change is rejected: the organisation will see this.")), Length(max=NOTE_MAX)])


class ServiceFilterForm(BaseForm):
    """Search of every service in the directory (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Service or organisation name"), validators=[Optional(), Length(max=100)])
    state = SelectField(_l("In the directory"), validators=[Optional()], choices=[
        ("", lazy_pgettext("services filter", "All")), ("published", lazy_pgettext("service", "Public")),
        ("unpublished", _l("Taken down by the department")), ("new", _l("Not public yet")),
        ("stale", _l("Public, not confirmed for 180 days"))])


class UnpublishForm(BaseForm):
    """Take a service out of the directory, with a reason the organisation reads."""

    reason = TextAreaField(_l("Why the listing is taken down"), validators=[
        DataRequired(_l("Say why the listing is taken down: the organisation will see this.")),
        Length(max=REASON_MAX)])
