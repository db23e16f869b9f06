"""The subscribe page and "check your inbox" (an invitation's join page, built on it, is in join.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, make_response, redirect, render_template, url_for
from flask import session as flask_session

from service.curriculum import load_curriculum
from service.extensions import limiter
from service.models import utcnow
from service.public import blueprint
from service.public.forms import SubscribeForm
from service.public.limits import SUBSCRIBE_LIMIT, SUBSCRIBE_SCOPE
from service.spacing.outline import lesson_outline, outline_sentence
from service.spacing.rules import DEFAULT_INTENSITY
from service.subscriptions import ValidationError, send_soon, subscribe, validate_subscription
from service.subscriptions.validation import (
    DEFAULT_TIMEZONE,
    WEEKDAY_LABELS,
    parse_entered_send_time,
    timezone_names,
)
from service.web_db import db_session

CHECK_INBOX_KEY = "check_inbox_email"
FIELD_LABELS = {
    "email": "Email address",
    "name": "Name",
    "focus": "Focus lesson",
    "timezone": "Timezone",
    "send_time": "Send time",
    "weekdays": "Weekdays",
    "intensity": "How often",
}


def form_values(form: SubscribeForm) -> dict[str, Any]:
    return {
        "email": form.email.data or "",
        "name": form.name.data or "",
        "focus": form.focus.data or "",
        "timezone": form.timezone.data or DEFAULT_TIMEZONE,
        "send_time": form.send_time.data or "",
        "weekdays": list(form.weekdays.data or []),
    }


def page(
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    *,
    action: str,
    submitted: bool,
    invite: Mapping[str, Any] | None = None,
    timezone_chosen: bool = False,
    status: int = 200,
) -> Response:
    """The subscribe or join form; the browser's zone may replace its timezone only if nobody chose one."""
    html = render_template(
        "public/subscribe.html",
        values=values,
        errors=errors,
        labels=FIELD_LABELS,
        lessons=load_curriculum().lessons,
        timezones=timezone_names(),
        weekday_labels=WEEKDAY_LABELS,
        action=action,
        submitted=submitted,
        detect_timezone=not (submitted or timezone_chosen),
        invite=invite,
        outline=outline_sentence(
            lesson_outline(load_curriculum(), load_curriculum().lessons[0].slug, DEFAULT_INTENSITY)
        ),
    )
    return make_response(html, status)


@blueprint.get("/")
def index() -> Response:
    form = SubscribeForm()
    return page(form_values(form), {}, action=url_for("public.index"), submitted=False)


@blueprint.post("/")
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def subscribe_form() -> Response:
    """Validate, subscribe, and answer the same for new and known addresses (no enumeration)."""
    form = SubscribeForm()
    values = form_values(form)
    return _submit(values, dict(values), action=url_for("public.index"))


def _submit(
    values: Mapping[str, Any],
    data: dict[str, Any],
    *,
    action: str,
) -> Response:
    session = db_session()
    errors: dict[str, str] = {}
    try:
        wanted = validate_subscription(data)
    except ValidationError as exc:
        errors = exc.errors
    try:  # a cleared box is an error here, though the API's missing time means the default
        parse_entered_send_time(data.get("send_time"))
    except ValueError as exc:
        errors["send_time"] = str(exc)
    if errors:
        session.rollback()
        return page(values, errors, action=action, submitted=True, status=422)
    result = subscribe(session, wanted, utcnow())
    session.commit()
    send_soon(result.message_ids)
    flask_session[CHECK_INBOX_KEY] = wanted.email  # the next page repeats it (the person's own cookie)
    return redirect(url_for("public.check_inbox"), 303)  # type: ignore[return-value]


@blueprint.get("/subscribe/check-your-inbox")
def check_inbox() -> str:
    return render_template("public/check_inbox.html", email=flask_session.get(CHECK_INBOX_KEY))
