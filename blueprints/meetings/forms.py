"""The forms of network meetings: convening or changing one (with its agenda rows), cancelling, answering."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional

from app.labels import INVITATION_ANSWER_LABELS
from app.services.networks.invitations import ANSWERS
from app.services.networks.privacy import CONFIRM_FIELD
from blueprints.forms import BaseForm, DayField, MultiCheckboxField, RowsForm

AGENDA_ROWS_MAX = 20
BLANK_AGENDA_ROWS = 3
BAD_TIME = _l("Give the time like 17:30.")
CONFIRM_LABEL = _l("I confirm that this text holds no person's data")


class _TimeField(TimeField):
    """A wall-clock time in Warsaw (``17:30``); junk gets one clear message."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format=["%H:%M", "%H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(BAD_TIME)) from None


class AgendaRow(Form):
    """One agenda item: its title and (optionally) the invited organisation that brings it."""

    title = StringField(_l("Agenda item"), validators=[Optional(), Length(max=300)])
    presenter_id = SelectField(_l("Brought by"), validators=[Optional()], validate_choice=False)


class _WithRows(RowsForm):
    """A form with agenda rows; a refusal naming a row's field (``agenda-0-title``) is shown beside it."""

    @property
    def errors(self):
        """The form's errors, each row's too (a refusal put beside a row's field after validation)."""
        errors = dict(super().errors)
        rows = {sub.name: sub.errors for entry in self._fields["agenda"] for sub in entry.form if sub.errors}
        errors.pop("agenda", None)
        errors.update(rows)
        return errors


class MeetingForm(_WithRows):
    """Convene or change a meeting: title, date and times (Warsaw), place and/or call link, the invited
    organisations (of the network), the agenda."""

    network = HiddenField()
    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the meeting a title.")), Length(max=200)])
    day = DayField(_l("Date"), validators=[InputRequired(_l("Give the meeting's date."))])
    start_time = _TimeField(_l("Starts at"), validators=[InputRequired(_l("Give the time it starts."))])
    end_time = _TimeField(_l("Ends at"), validators=[InputRequired(_l("Give the time it ends."))])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    call_link = StringField(_l("Call link"), validators=[Optional(), Length(max=500)])
    invitees = MultiCheckboxField(_l("Invited organisations"), validate_choice=False)  # checked by the service
    agenda = FieldList(FormField(AgendaRow), label=_l("Agenda"), min_entries=0, max_entries=AGENDA_ROWS_MAX)
    no_personal_data = BooleanField(CONFIRM_LABEL)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees.choices = [(str(key), name) for key, name in organisations]
        self._presenters = [("", str(_l("— nobody in particular —"))), *self.invitees.choices]
        self._set_rows()

    def _set_rows(self) -> None:
        """Each row's choice of presenters, and labels naming the row's number (a screen reader tells them apart)."""
        for number, entry in enumerate(self.agenda, start=1):
            entry.form.presenter_id.choices = self._presenters
            entry.form.title.label.text = str(_l("Agenda item %(number)d", number=number))
            entry.form.presenter_id.label.text = str(_l("Brought by (item %(number)d)", number=number))

    def add_agenda_row(self, title: str = "", presenter_id=None) -> None:
        """One more agenda row (filled, or blank to type into), up to the most allowed."""
        if len(self.agenda) < AGENDA_ROWS_MAX:
            self.agenda.append_entry({"title": title, "presenter_id": str(presenter_id or "")})
            self._set_rows()

    def add_blank_rows(self) -> None:
        """A few empty agenda rows to type into (after a refused form, enough to leave that many empty)."""
        blank = sum(1 for entry in self.agenda if not (entry.form.title.data or "").strip())
        for _ in range(max(0, BLANK_AGENDA_ROWS - blank)):
            self.add_agenda_row()

    def plan(self) -> dict:
        """What was typed, as ``meetings.check_plan`` reads it."""
        return {"title": self.title.data, "day": self.day.data, "start_time": self.start_time.data,
                "end_time": self.end_time.data, "place": self.place.data, "call_link": self.call_link.data,
                "invitees": list(self.invitees.data or []),
                "agenda": [{"title": entry.form.title.data, "presenter_id": entry.form.presenter_id.data}
                           for entry in self.agenda],
                CONFIRM_FIELD: self.no_personal_data.data}


class CancelForm(BaseForm):
    """Cancel a meeting, with the reason every invitee reads."""

    reason = TextAreaField(_l("Why is the meeting cancelled?"), validators=[
        InputRequired(_l("Say why the meeting is cancelled.")), Length(max=500)])
    no_personal_data = BooleanField(CONFIRM_LABEL)


class AnswerForm(BaseForm):
    """The invited organisation's answer and who will come (roles, not names)."""

    answer = RadioField(_l("Will your organisation attend?"),
                        choices=[(answer.value, INVITATION_ANSWER_LABELS[answer]) for answer in ANSWERS],
                        validators=[InputRequired(_l("Choose whether your organisation will attend."))])
    attendees = StringField(_l("Who will come (roles, e.g. “pedagogue, head of the day club”)"),
                            validators=[Optional(), Length(max=300)])
    no_personal_data = BooleanField(CONFIRM_LABEL)
