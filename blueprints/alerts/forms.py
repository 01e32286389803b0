"""The alert form: messages in three languages, level, link, and the time window in Europe/Warsaw."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.labels import ALERT_LEVEL_LABELS
from app.services.directory.alerts import LINK_MAX, MESSAGE_MAX
from blueprints.forms import BaseForm, WarsawDateTimeField

TOO_LONG = _l("Write at most %(max)d characters; you wrote %(length)d.")


class AlertForm(BaseForm):
    """What an alert says, how serious it is, and when it shows."""

    message_pl = TextAreaField(_l("Message in Polish"), validators=[
        DataRequired(_l("Write the message in Polish; the other languages are optional.")),
        Length(max=MESSAGE_MAX, message=TOO_LONG)])
    message_uk = TextAreaField(_l("Message in Ukrainian"), validators=[Optional(), Length(max=MESSAGE_MAX,
                                                                                          message=TOO_LONG)])
    message_en = TextAreaField(_l("Message in English"), validators=[Optional(), Length(max=MESSAGE_MAX,
                                                                                        message=TOO_LONG)])
    level = SelectField(_l("Level"), choices=list(ALERT_LEVEL_LABELS.items()), default="info",
                        validators=[DataRequired(_l("Choose one of the levels in the list."))])
    link_url = StringField(_l("Link for more information (optional)"), validators=[
        Optional(), Length(max=LINK_MAX, message=TOO_LONG)])
    starts_at = WarsawDateTimeField(_l("Shown from"), validators=[InputRequired(_l("Enter when the alert starts."))])
    ends_at = WarsawDateTimeField(_l("Shown until"), validators=[InputRequired(_l("Enter when the alert ends."))])
