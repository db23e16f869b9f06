"""The subscribe page, its invitation-prefilled twin, and "check your inbox"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, make_response, redirect, render_template, url_for
from sqlalchemy import select

from service.curriculum import load_curriculum
from service.enums import EmailKind, SubscriptionStatus
from service.extensions import limiter
from service.models import Manager, Message, Program, utcnow
from service.public import blueprint
from service.public.forms import SubscribeForm
from service.public.limits import SUBSCRIBE_LIMIT, SUBSCRIBE_SCOPE
from service.public.links import manager_from, private, token_for
from service.subscriptions import ValidationError, send_soon, subscribe, validate_subscription
from service.subscriptions.validation import DEFAULT_TIMEZONE, WEEKDAY_LABELS, timezone_names
from service.web_db import db_session

FIELD_LABELS = {
    "email": "Email address",
    "name": "Name",
    "focus": "Focus lesson",
    "timezone": "Timezone",
    "send_time": "Send time",
    "weekdays": "Weekdays",
    "program_id": "Program",
    "intensity": "How often",
}


def _form_values(form: SubscribeForm) -> dict[str, Any]:
    return {
        "email": form.email.data or "",
        "name": form.name.data or "",
        "focus": form.focus.data or "",
        "timezone": form.timezone.data or DEFAULT_TIMEZONE,
        "send_time": form.send_time.data or "",
        "weekdays": list(form.weekdays.data or []),
    }


def _page(
    values: Mapping[str, Any],
    errors: Mapping[str, str],
    *,
    action: str,
    submitted: bool,
    invite: Mapping[str, Any] | None = None,
    status: int = 200,
) -> Response:
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
        invite=invite,
    )
    return make_response(html, status)


@blueprint.get("/")
def index() -> Response:
    form = SubscribeForm()
    return _page(_form_values(form), {}, action=url_for("public.index"), submitted=False)


@blueprint.post("/")
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def subscribe_form() -> Response:
    """Validate, subscribe, and answer the same for new and known addresses (no enumeration)."""
    form = SubscribeForm()
    values = _form_values(form)
    return _submit(values, dict(values), action=url_for("public.index"))


def _submit(
    values: Mapping[str, Any],
    data: dict[str, Any],
    *,
    action: str,
    invite: Mapping[str, Any] | None = None,
) -> Response:
    session = db_session()
    try:
        wanted = validate_subscription(data, session)
    except ValidationError as exc:
        session.rollback()
        return _page(values, exc.errors, action=action, submitted=True, invite=invite, status=422)
    result = subscribe(session, wanted, utcnow())
    session.commit()
    send_soon(result.message_ids)
    return redirect(url_for("public.check_inbox"), 303)  # type: ignore[return-value]


@blueprint.get("/subscribe/check-your-inbox")
def check_inbox() -> str:
    return render_template("public/check_inbox.html")


def _invite_details(manager: Manager) -> dict[str, Any]:
    session = db_session()
    program = session.get(Program, manager.program_id) if manager.program_id else None
    invitation = session.scalars(
        select(Message)
        .where(Message.manager_id == manager.id, Message.kind == EmailKind.INVITATION)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    ).first()
    suggested = (invitation.context or {}).get("focus") if invitation else None
    return {
        "email": manager.email,
        "program_name": program.name if program else None,
        "program_id": program.id if program else None,
        "focus": suggested if isinstance(suggested, str) else "",
    }


@blueprint.get("/subscribe/invite/<token>")
@limiter.limit(SUBSCRIBE_LIMIT)
def invite(token: str) -> Response:
    """An enrolled manager's invitation: the subscribe form, pre-filled, for their own address."""
    manager = manager_from("invite", token)
    subscription = manager.subscription
    if subscription is not None and subscription.status in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.PAUSED,
    ):
        # The invitation reached this mailbox, so its owner may go straight to their preferences.
        link = url_for("public.preferences", token=token_for("preferences", subscription.id))
        return private(
            make_response(
                render_template(
                    "public/message.html",
                    title="You're already subscribed",
                    paragraphs=["Your coaching emails are already on their way."],
                    link={"url": link, "label": "Change your preferences"},
                )
            )
        )
    details = _invite_details(manager)
    values = {
        "email": manager.email,
        "name": manager.name,
        "focus": details["focus"] or (subscription.lesson_slug if subscription else ""),
        "timezone": manager.timezone or DEFAULT_TIMEZONE,
        "send_time": "09:00",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    }
    action = url_for("public.invite_form", token=token)
    return private(_page(values, {}, action=action, submitted=False, invite=details))


@blueprint.post("/subscribe/invite/<token>")
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def invite_form(token: str) -> Response:
    """Subscribe the invited address (never one typed in) into the inviting program; confirm follows."""
    manager = manager_from("invite", token)
    details = _invite_details(manager)
    form = SubscribeForm()
    values = _form_values(form) | {"email": manager.email}
    data = dict(values) | {"program_id": details["program_id"]}
    action = url_for("public.invite_form", token=token)
    return private(_submit(values, data, action=action, invite=details))
