"""Managers' subscriptions as domain logic (no Flask): validate, subscribe, confirm, change, leave."""

from __future__ import annotations

from service.subscriptions.arc import LessonState, lesson_states
from service.subscriptions.enrolment import Enrolment, RowResult, enrol_managers
from service.subscriptions.lifecycle import (
    RESEND_INTERVAL,
    UNCONFIRMED_LIFETIME,
    ChangeResult,
    SubscribeResult,
    confirm,
    expire_unconfirmed,
    subscribe,
    unsubscribe,
)
from service.subscriptions.mail import public_id, send_soon
from service.subscriptions.preferences import (
    MAX_PAUSE,
    PAUSE_WEEKS,
    change_focus,
    keeps_focus,
    pause,
    pause_until,
    request_link,
    resume,
    set_sharing,
    update_schedule,
)
from service.subscriptions.validation import (
    SubscriptionRequest,
    ValidationError,
    normalise_email,
    validate_subscription,
)

__all__ = [
    "MAX_PAUSE",
    "PAUSE_WEEKS",
    "RESEND_INTERVAL",
    "UNCONFIRMED_LIFETIME",
    "ChangeResult",
    "Enrolment",
    "LessonState",
    "RowResult",
    "SubscribeResult",
    "SubscriptionRequest",
    "ValidationError",
    "change_focus",
    "confirm",
    "enrol_managers",
    "expire_unconfirmed",
    "keeps_focus",
    "lesson_states",
    "normalise_email",
    "pause",
    "pause_until",
    "public_id",
    "request_link",
    "resume",
    "send_soon",
    "set_sharing",
    "subscribe",
    "unsubscribe",
    "update_schedule",
    "validate_subscription",
]
