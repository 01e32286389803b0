"""The forms of the minutes: attendance with minutes and decisions per agenda item (built for the meeting), an
action added at the meeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.networks.minutes import NOTES_FIELD, attendance_field, item_field
from app.services.networks.privacy import CONFIRM_FIELD
from blueprints.forms import BaseForm, CheckedByService, DayField

CONFIRM_LABEL = _l("I confirm that the text holds no personal data (no date of birth of a person)")
TEXT_LIMIT = 20000


class _Confirming(BaseForm):
    """A form of free text about a network's work, with the check box confirming it holds no personal data."""


def _confirm_field():
    return BooleanField(CONFIRM_LABEL)


def minutes_form_class(minutes):
    """A form for this meeting: each invitation's attendance, each agenda item's minutes and decisions, the notes."""
    meeting = minutes.meeting
    attrs = {}
    choices = [("yes", _l("Attended")), ("no", _l("Absent")), ("", _l("Not recorded"))]
    for invitation in sorted(meeting.invitations, key=lambda i: i.organisation.name):
        attrs[attendance_field(invitation.id)] = RadioField(invitation.organisation.name, choices=choices,
                                                           validate_choice=False, default="")
    for item in meeting.agenda_items:
        attrs[item_field(item.id, "minutes")] = TextAreaField(
            _l("Minutes of item %(number)s", number=item.position), validators=[Optional(), Length(max=TEXT_LIMIT)])
        attrs[item_field(item.id, "decisions")] = TextAreaField(
            _l("Decisions of item %(number)s", number=item.position),
            validators=[Optional(), Length(max=TEXT_LIMIT)])
    attrs[NOTES_FIELD] = TextAreaField(_l("General minutes"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    attrs[CONFIRM_FIELD] = _confirm_field()
    return type("MinutesForm", (_Confirming,), attrs)


def minutes_form(minutes, **kwargs):
    """The minutes' form, filled from the meeting when it is shown (not sent)."""
    form = minutes_form_class(minutes)(**kwargs)
    if not form.is_submitted():
        meeting = minutes.meeting
        for invitation in meeting.invitations:
            form[attendance_field(invitation.id)].data = {True: "yes", False: "no"}.get(invitation.attended, "")
        for item in meeting.agenda_items:
            form[item_field(item.id, "minutes")].data = item.minutes or ""
            form[item_field(item.id, "decisions")].data = item.decisions or ""
        form[NOTES_FIELD].data = meeting.minutes_notes or ""
    return form


def minutes_data(form, minutes) -> dict:
    """What the minutes' form says, as ``minutes.save_minutes`` takes it."""
    meeting = minutes.meeting
    return {"attended": {invitation.id: form[attendance_field(invitation.id)].data or ""
                         for invitation in meeting.invitations},
            "items": {item.id: {"minutes": form[item_field(item.id, "minutes")].data,
                                "decisions": form[item_field(item.id, "decisions")].data}
                      for item in meeting.agenda_items},
            "notes": form[NOTES_FIELD].data}


class ActionForm(BaseForm):
    """An action decided at the meeting: what, who is responsible, by when, under which agenda item."""

    title = StringField(_l("What is to be done"), validators=[CheckedByService(), Length(max=300)])
    details = TextAreaField(_l("Details"), validators=[Optional(), Length(max=5000)])
    organisation_id = SelectField(_l("Responsible organisation"), validators=[CheckedByService()],
                                  validate_choice=False)
    due_on = DayField(_l("Due date"), validators=[CheckedByService(), Optional()])
    agenda_item_id = SelectField(_l("Agenda item"), validators=[Optional()], validate_choice=False)
    no_personal_data = BooleanField(CONFIRM_LABEL)

    def __init__(self, *args, organisations=(), agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [("", _l("Choose"))] + [(str(i), name) for i, name in organisations]
        self.agenda_item_id.choices = [("", _l("None")), *agenda]
