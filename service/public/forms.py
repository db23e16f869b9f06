"""Flask-WTF forms of the managers' pages: CSRF and field parsing; the rules live in service.subscriptions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField

from service.subscriptions.validation import DEFAULT_TIMEZONE, INTENSITIES


class SubscribeForm(FlaskForm):
    """The subscribe page (and an invitation's pre-filled copy of it)."""

    email = StringField("Email address")
    name = StringField("Your name")
    focus = RadioField("Focus lesson", validate_choice=False)
    timezone = SelectField("Timezone", default=DEFAULT_TIMEZONE, validate_choice=False)
    send_time = StringField("Send time", default="09:00")
    weekdays = SelectMultipleField(
        "Weekdays", default=["mon", "tue", "wed", "thu", "fri"], validate_choice=False
    )


class ScheduleForm(FlaskForm):
    """When the emails arrive: timezone, local send time, weekdays and how often."""

    timezone = SelectField("Timezone", validate_choice=False)
    send_time = StringField("Send time")
    weekdays = SelectMultipleField("Weekdays", validate_choice=False)
    intensity = SelectField("How often", choices=list(INTENSITIES), validate_choice=False)


class FocusForm(FlaskForm):
    """Change the focus lesson: start it from the beginning or resume an unfinished one."""

    focus = RadioField("Focus lesson", validate_choice=False)
    mode = RadioField("Where to start", choices=["resume", "start"], default="resume", validate_choice=False)


class PauseForm(FlaskForm):
    weeks = SelectField("Pause for", default="2", validate_choice=False)


class SharingForm(FlaskForm):
    share = BooleanField("Share my replies with my program lead")


class LinkRequestForm(FlaskForm):
    email = StringField("Email address")


class ActionForm(FlaskForm):
    """A button with nothing to fill in (delete or share one reply): CSRF only."""


class LeaveForm(FlaskForm):
    """Unsubscribe, with an optional reason (service/subscriptions/leaving.py)."""

    reason = RadioField("Why are you leaving?", validate_choice=False)


class EraseForm(FlaskForm):
    """Delete all my data: the box must be ticked."""

    understood = BooleanField("I understand this can't be undone")
