"""The leads' and admins' forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from service.accounts.passwords import MAX_LENGTH, MIN_LENGTH


def stripped(value: object) -> object:
    """An address as typed or pasted, without the spaces around it (sign-in trims them too)."""
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])


class EmptyForm(FlaskForm):
    """A button-only form (logout, revoke, deactivate): the CSRF token is its whole content."""


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[Optional(), Length(max=100)])


class UploadForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired()])


class PersonForm(FlaskForm):
    """One manager to invite; the checks a CSV line gets happen when they are enrolled."""

    email = StringField(
        "Email", validators=[DataRequired("Enter the manager's email address."), Length(max=320)]
    )
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    timezone = StringField("Timezone", validators=[Optional(), Length(max=64)])
    focus = SelectField("Focus", validate_choice=False, validators=[Optional()])


class ProgramForm(FlaskForm):
    name = StringField("Program name", validators=[DataRequired(), Length(max=200)])


class LeadForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)],
        filters=[stripped],
    )
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    password = PasswordField(
        "Password (leave empty to generate one)",
        validators=[Optional(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
    )
    is_admin = BooleanField("Administrator")
    program_id = SelectField("Program", coerce=int, validators=[Optional()], validate_choice=False)


class AssignForm(FlaskForm):
    program_id = SelectField("Program", coerce=int, validate_choice=False)


class TimezoneForm(FlaskForm):
    timezone = SelectField(
        "Show times in", validate_choice=False, validators=[DataRequired(), Length(max=64)]
    )


class TokenCreateForm(FlaskForm):
    """A new API token: a name and how long it lives (days; 0 = until revoked)."""

    name = StringField("Token name", validators=[Optional(), Length(max=100)])
    expires = SelectField("Expires", coerce=str, validate_choice=False, default="90")


class CoLeadForm(FlaskForm):
    email = EmailField(
        "Email of the co-lead's account",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)],
        filters=[stripped],
    )


class NewPasswordForm(FlaskForm):
    """A new password twice (from a reset link)."""

    password = PasswordField(
        "New password", validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)]
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two new passwords differ.")],
    )


class PasswordChangeForm(NewPasswordForm):
    """The current password, and the new one twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ForgotForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)], filters=[stripped])
