"""Forms for signing in, the second factor, password reset and invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.passwords import MAX_LENGTH
from blueprints.forms import BaseForm


class SignInForm(BaseForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail address"), validators=[DataRequired(_l("Enter your e-mail address.")),
                                                          Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                         Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device for 14 days"))
    next = HiddenField()


class CodeForm(BaseForm):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter the code.")), Length(max=20)])


class ForgotPasswordForm(BaseForm):
    """Where to send the reset link."""

    email = EmailField(_l("E-mail address"), validators=[
        DataRequired(_l("Enter your e-mail address.")),
        Email(_l("Enter an e-mail address like name@example.org."), check_deliverability=False),
        Length(max=254)])


class NewPasswordForm(BaseForm):
    """A new password typed twice."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password.")),
                                                             Length(max=MAX_LENGTH)])
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Repeat the password.")), EqualTo("password", _l("The two passwords are different."))])


class AcceptInvitationForm(NewPasswordForm):
    """A new account's name and password, created on accepting an invitation."""

    full_name = StringField(_l("Your full name"), validators=[DataRequired(_l("Enter your name.")),
                                                              Length(max=200)])

    field_order = ("full_name", "password", "confirm")
