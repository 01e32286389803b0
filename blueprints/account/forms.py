"""Forms for the user's own account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.passwords import MAX_LENGTH
from blueprints.forms import BaseForm


class ProfileForm(BaseForm):
    """Name and preferred language."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)])
    locale = SelectField(_l("Preferred language"), choices=[
        ("", _l("As chosen on the page")), ("pl", "Polski"), ("uk", "Українська"), ("en", "English")])


class ChangePasswordForm(BaseForm):
    """The current password and a new one."""

    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)])
    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a password.")), Length(max=MAX_LENGTH)])
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Repeat the password.")), EqualTo("new_password", _l("The two passwords are different."))])


class ConfirmCodeForm(BaseForm):
    """A six-digit code, to turn two-factor sign-in on."""

    code = StringField(_l("Code from the app"), validators=[DataRequired(_l("Enter the code.")), Length(max=20)])


class PasswordConfirmForm(BaseForm):
    """The current password, to confirm a sensitive change."""

    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)])
