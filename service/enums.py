"""The service's closed vocabularies: email kinds, row statuses and roles, each one `StrEnum`.

Each enum is the single list of its values. The database holds the same lists as CHECK constraints
(`service.models` builds them from these enums; migrations freeze them as literal lists), so adding a
value is: add the member here, then a migration that rebuilds the constraint with
`service.schema_checks.replace_check` (its docstring shows the recipe). Members are strings, so rows,
JSON and templates read them as plain text.
"""

from __future__ import annotations

from enum import StrEnum


class EmailKind(StrEnum):
    """Every kind of email the service sends; one template pair per kind in templates/emails/."""

    CONFIRM = "confirm"
    WELCOME = "welcome"
    NUDGE = "nudge"
    PROMPT = "prompt"
    FOLLOWUP = "followup"
    CHECKIN = "checkin"
    REVIEW = "review"
    DIGEST = "digest"
    INVITATION = "invitation"
    NOTICE = "notice"
    COMMITMENT = "commitment"  # a check-back on something the manager said they would do
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an email kind, not a password: the reset link
    HANDOVER = "handover"  # after a lesson's review: choose the next lesson (after all ten: graduation)


EMAIL_KINDS: frozenset[str] = frozenset(EmailKind)  # for `kind in EMAIL_KINDS` with a plain string
# The spaced coaching sequence the engine plans (the rest is transactional mail).
COACHING_KINDS: tuple[EmailKind, ...] = (
    EmailKind.NUDGE,
    EmailKind.PROMPT,
    EmailKind.FOLLOWUP,
    EmailKind.CHECKIN,
    EmailKind.REVIEW,
    EmailKind.COMMITMENT,
    EmailKind.HANDOVER,
)
# Coaching emails beside the lesson's sequence: they neither move it on nor set its gaps.
SIDE_KINDS: tuple[EmailKind, ...] = (EmailKind.COMMITMENT,)
# Coaching emails built from a lesson's content items (a check-in has no lesson content).
LESSON_KINDS: tuple[EmailKind, ...] = (
    EmailKind.NUDGE,
    EmailKind.PROMPT,
    EmailKind.FOLLOWUP,
    EmailKind.REVIEW,
)
# Emails that ask the manager something, so a reply most likely answers one of them.
PROMPT_KINDS: tuple[EmailKind, ...] = (
    EmailKind.PROMPT,
    EmailKind.FOLLOWUP,
    EmailKind.CHECKIN,
    EmailKind.REVIEW,
    EmailKind.COMMITMENT,
    EmailKind.HANDOVER,
)


class MessageStatus(StrEnum):
    """An outbox row's state: queued -> sending -> sent | failed (or skipped before sending)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


TERMINAL_STATUSES: tuple[MessageStatus, ...] = (
    MessageStatus.SENT,
    MessageStatus.FAILED,
    MessageStatus.SKIPPED,
)


class SubscriptionStatus(StrEnum):
    """A manager's subscription: pending until confirmed, then active, paused, unsubscribed or expired."""

    PENDING = "pending"
    ACTIVE = "active"
    PAUSED = "paused"
    UNSUBSCRIBED = "unsubscribed"
    EXPIRED = "expired"


# Subscriptions that receive coaching mail now or after a pause.
LIVE_SUBSCRIPTIONS: tuple[SubscriptionStatus, ...] = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED)
# Subscriptions that receive no more coaching mail.
STOPPED_SUBSCRIPTIONS: tuple[SubscriptionStatus, ...] = (
    SubscriptionStatus.UNSUBSCRIBED,
    SubscriptionStatus.EXPIRED,
)


class InboundStatus(StrEnum):
    """A stored Inbound Parse post: received, then what processing made of it."""

    RECEIVED = "received"
    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    MALFORMED = "malformed"
    UNMATCHED = "unmatched"
    FAILED = "failed"
    IGNORED = "ignored"  # mail no person wrote (a bounce, a read receipt): neither reflection nor command


# Posts that produced no reply and wait for an operator (`coach inbound`, the admin page).
ATTENTION_STATUSES: tuple[InboundStatus, ...] = (
    InboundStatus.UNMATCHED,
    InboundStatus.MALFORMED,
    InboundStatus.FAILED,
)


class LeadRole(StrEnum):
    """A user account: a program lead, or an admin who also manages programs and leads."""

    LEAD = "lead"
    ADMIN = "admin"


class CommitmentStatus(StrEnum):
    """A commitment: open until the manager says it is done or drops it ("not yet" keeps it open)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Outcome(StrEnum):
    """An answer to a commitment check-back."""

    DONE = "done"
    NOT_YET = "not_yet"
    DROPPED = "dropped"


class OutcomeSource(StrEnum):
    """How the answer came: a one-click link (its page's button) or a reply word."""

    LINK = "link"
    REPLY = "reply"


class ExportFormat(StrEnum):
    """How a manager downloads "My reflections": a readable Markdown file or machine-readable JSON."""

    MARKDOWN = "md"
    JSON = "json"


class ReplyVisibility(StrEnum):
    """Who may read one reply, as "My reflections" shows it (service/sharing.py decides)."""

    PERSONAL = "personal"  # no program (or an answer to a notice): nobody but the manager
    PRIVATE = "private"  # in a program, not shared
    SHARED = "shared"  # the program's leads may read it
    EARLIER = "earlier"  # answers an email from before joining the current program: no lead ever can


class PauseReason(StrEnum):
    """Why a subscription is paused: the manager asked, the coach heard nothing, or the lesson ended."""

    MANAGER = "manager"  # the manager paused (a link, a page, a reply); only they resume it
    UNRESPONSIVE = "unresponsive"  # prompts went unanswered; a reply resumes it
    LESSON_COMPLETE = "lesson-complete"  # the review and handover are done; choosing a lesson resumes it


class UnsubscribeReason(StrEnum):
    """The optional reason a manager gives when leaving; leads see only counts, never who."""

    TOO_MANY = "too_many"
    NOT_RELEVANT = "not_relevant"
    NO_TIME = "no_time"
    FINISHED = "finished"
    OTHER = "other"


class ReplyCommand(StrEnum):
    """What a reply was, when not a reflection (Reply.command); a "yes" to a question stores the command."""

    STOP = "stop"
    PAUSE = "pause"
    RESUME = "resume"
    SWITCH = "switch"
    HELP = "help"
    FEWER = "fewer"  # fewer emails: the light schedule, as on the unsubscribe page
    SCHEDULE = "schedule"  # other days or another time: answered with the way to the preferences page
    DECLINE = "decline"  # "no" to a confirmation question: nothing changed
    ASK = "ask"  # a likely request the service asked the manager to confirm
    UNSUBSCRIBE = "unsubscribe"  # a message to the List-Unsubscribe mailto address
    UNCONFIRMED = "unconfirmed"  # a command from a sender we could not verify, waiting for the manager's link


# The commands a manager can give by reply (the rest of ReplyCommand records what became of a reply).
ACTION_COMMANDS: tuple[ReplyCommand, ...] = (
    ReplyCommand.STOP,
    ReplyCommand.PAUSE,
    ReplyCommand.RESUME,
    ReplyCommand.SWITCH,
    ReplyCommand.HELP,
    ReplyCommand.FEWER,
    ReplyCommand.SCHEDULE,
)


class InvitationStatus(StrEnum):
    """A lead's invitation to join a program: pending until the invited person accepts it."""

    PENDING = "pending"
    ACCEPTED = "accepted"


class EnrolmentRowStatus(StrEnum):
    """What enrolling one row did. `invited` is the answer for every new address, known to the
    service or not, so enrolment reveals nothing about people outside the program."""

    INVITED = "invited"
    ALREADY_ENROLLED = "already-enrolled"  # a member of this program already (the lead sees them anyway)
    DUPLICATE = "duplicate"  # the same address earlier in the same list
    ERROR = "error"


class EventType(StrEnum):
    """The Event Webhook's event names, as SendGrid documents them (anything else is counted "other")."""

    PROCESSED = "processed"
    DROPPED = "dropped"
    DELIVERED = "delivered"
    DEFERRED = "deferred"
    BOUNCE = "bounce"
    OPEN = "open"
    CLICK = "click"
    SPAMREPORT = "spamreport"
    UNSUBSCRIBE = "unsubscribe"
    GROUP_UNSUBSCRIBE = "group_unsubscribe"
    GROUP_RESUBSCRIBE = "group_resubscribe"


class BounceType(StrEnum):
    """A `bounce` event's `type`: a permanent bounce, or a temporary block (and SendGrid's expiry)."""

    BOUNCE = "bounce"
    BLOCKED = "blocked"
    EXPIRED = "expired"


class SuppressionReason(StrEnum):
    """Why an address gets no more coaching mail: the provider event that suppressed it, or the
    List-Unsubscribe mailto (stored as `unsubscribe`, like SendGrid's own unsubscribe event)."""

    BOUNCE = "bounce"
    DROPPED = "dropped"
    SPAMREPORT = "spamreport"
    UNSUBSCRIBE = "unsubscribe"
    GROUP_UNSUBSCRIBE = "group_unsubscribe"


# Events that suppress the address (a `bounce` only when permanent, a `dropped` only for some reasons).
SUPPRESSING_EVENTS: tuple[EventType, ...] = (
    EventType.BOUNCE,
    EventType.DROPPED,
    EventType.SPAMREPORT,
    EventType.UNSUBSCRIBE,
    EventType.GROUP_UNSUBSCRIBE,
)
# Temporary: the address is fine, the event is recorded and shown, nothing is suppressed.
SOFT_BOUNCE_TYPES: tuple[BounceType, ...] = (BounceType.BLOCKED, BounceType.EXPIRED)


class SubscribeOutcome(StrEnum):
    """What a subscribe request did; callers answer the same whatever it is (no enumeration)."""

    CREATED = "created"  # a new address: a pending subscription and its confirmation
    CHANGE_PENDING = "change-pending"  # a known address: the request waits for the owner's confirmation
    ALREADY_SUBSCRIBED = "already-subscribed"  # active or paused: nothing changes, a notice goes out
