"""An invitation's join page: the emailed link proves the inbox, so one form (or one button) joins.

A GET only shows the page; the POST accepts (service/subscriptions/invitations.py). Someone not yet
subscribed chooses a focus and schedule and is active at once; a live subscriber keeps theirs and
only joins. Either way no confirmation email follows, and only the POST makes anyone a member.
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, make_response, redirect, render_template, url_for

from service.enums import InvitationStatus
from service.extensions import limiter
from service.models import Manager, Program, ProgramInvitation, utcnow
from service.public import blueprint
from service.public.forms import SubscribeForm
from service.public.limits import SUBSCRIBE_LIMIT, SUBSCRIBE_SCOPE
from service.public.links import invitation_from, private, token_for
from service.public.reflections import forget_lead_views
from service.public.subscribe import form_values, page
from service.subscriptions import ValidationError, send_soon, validate_subscription
from service.subscriptions.invitations import accept_invitation, inviter_name, is_live
from service.subscriptions.lifecycle import find_manager
from service.subscriptions.validation import DEFAULT_TIMEZONE
from service.web_db import db_session


def _details(invitation: ProgramInvitation, manager: Manager | None) -> dict[str, Any]:
    """What the join page says: the program, who invited, and a program the manager would leave."""
    session = db_session()
    program = session.get(Program, invitation.program_id)
    current = manager.program_id if manager is not None else None
    leaving = session.get(Program, current) if current not in (None, invitation.program_id) else None
    return {
        "email": invitation.email,
        "program_name": program.name if program else "the program",
        "inviter_name": inviter_name(session, invitation),
        "leaving": leaving.name if leaving else None,
        # consent given to the leaving program's leads: the page says joining ends it
        "sharing_ends": leaving is not None and manager is not None and manager.share_replies,
    }


def _prefilled(invitation: ProgramInvitation, manager: Manager | None) -> dict[str, Any]:
    subscription = manager.subscription if manager is not None else None
    return {
        "email": invitation.email,
        "name": (manager.name if manager is not None else "") or invitation.name,
        "focus": invitation.lesson_slug or (subscription.lesson_slug if subscription else ""),
        "timezone": (manager.timezone if manager is not None else invitation.timezone) or DEFAULT_TIMEZONE,
        "send_time": subscription.send_time.strftime("%H:%M") if subscription else "09:00",
        "weekdays": subscription.weekday_list if subscription else ["mon", "tue", "wed", "thu", "fri"],
    }


def _timezone_chosen(invitation: ProgramInvitation, manager: Manager | None) -> bool:
    """Whether the pre-filled zone is someone's choice, so the browser's detected zone must not replace it."""
    if manager is not None:  # they chose theirs when they subscribed
        return True
    # An invitation holds UTC when the lead left the field empty, so only another zone is the lead's choice.
    return invitation.timezone != DEFAULT_TIMEZONE


def _joined(invitation: ProgramInvitation, manager: Manager | None) -> Response:
    """An invitation accepted before: say so, and lead to the preferences."""
    subscription = manager.subscription if manager is not None else None
    link = None
    if subscription is not None:
        link = {"url": url_for("public.preferences", token=token_for("preferences", subscription.id)),
                "label": "Your preferences"}  # fmt: skip
    html = render_template(
        "public/message.html",
        title=f"You've joined {_details(invitation, manager)['program_name']}",
        paragraphs=["This invitation has been accepted already; nothing more to do."],
        link=link,
    )
    return private(make_response(html))


def _sharing_ended(details: dict[str, Any]) -> str:
    """What joining did to sharing, said where the manager can turn it on again."""
    program, leaving = details["program_name"], details["leaving"]
    if not leaving:
        return (
            f"Your replies are private: the leads of {program} read none of them unless you share them below."
        )
    return (
        f"Sharing your replies is now off: you had agreed to share them with the leads of {leaving}, "
        f"not with those of {program}. They read none of your replies unless you turn sharing on again below."
    )


@blueprint.get("/subscribe/invite/<token>")
@limiter.limit(SUBSCRIBE_LIMIT)
def invite(token: str) -> Response:
    """Show the invitation: a live subscriber gets one Join button, anyone else the pre-filled form."""
    invitation = invitation_from(token)
    manager = find_manager(db_session(), invitation.email)
    if invitation.status == InvitationStatus.ACCEPTED:
        return _joined(invitation, manager)
    action = url_for("public.invite_form", token=token)
    details = _details(invitation, manager)
    if is_live(manager.subscription if manager is not None else None):
        return private(make_response(render_template("public/join.html", invite=details, action=action)))
    values = _prefilled(invitation, manager)
    chosen = _timezone_chosen(invitation, manager)
    return private(page(values, {}, action=action, submitted=False, invite=details, timezone_chosen=chosen))


@blueprint.post("/subscribe/invite/<token>")
@limiter.shared_limit(SUBSCRIBE_LIMIT, scope=SUBSCRIBE_SCOPE)
def invite_form(token: str) -> Response:
    """Accept for the invited address (never one typed in): active at once, no confirmation email."""
    invitation = invitation_from(token)
    session = db_session()
    manager = find_manager(session, invitation.email)
    if invitation.status == InvitationStatus.ACCEPTED:
        return _joined(invitation, manager)
    details = _details(invitation, manager)
    wanted = None
    if not is_live(manager.subscription if manager is not None else None):
        values = form_values(SubscribeForm()) | {"email": invitation.email}
        try:
            wanted = validate_subscription(values)
        except ValidationError as exc:
            session.rollback()
            action = url_for("public.invite_form", token=token)
            return private(
                page(values, exc.errors, action=action, submitted=True, invite=details, status=422)
            )
    result = accept_invitation(session, invitation.id, wanted, utcnow())
    session.commit()
    send_soon(result.message_ids)
    if result.joined:  # the old program's quotes lose this manager, the new one's count them
        forget_lead_views(result.left_program_id)
        forget_lead_views(invitation.program_id)
    if result.subscription_id is None:  # cannot happen: accepting leaves a subscription behind
        return _joined(invitation, manager)
    if result.joined:
        flash(f"You've joined {details['program_name']}. Your coaching emails are on their way.", "success")
    if result.sharing_ended:
        flash(_sharing_ended(details), "success")
    preferences = url_for("public.preferences", token=token_for("preferences", result.subscription_id))
    return redirect(preferences, 303)  # type: ignore[return-value]
