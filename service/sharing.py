"""Which replies a program lead may read: sharing means from now on.

Turning sharing on shares the replies a manager writes from that moment; an earlier reply reaches a
lead only once the manager shares it one by one (while sharing is on); one shared reply can be made
private again on its own (`withhold_reply`); turning sharing off hides every reply again at once,
and turning it on later starts afresh. Every lead surface (dashboard,
timeline, CSV, API, digest) asks this module: `visible_to_leads()` in SQL, `lead_can_read()` in
Python, `shared_replies()` for lists of quotes, `commitment_visible_to_leads()` for the commitments
taken from replies. Nothing else decides from `Manager.sharing_since`.

Leads also count only what happened while the manager was in their program: a manager who
subscribed on their own and joined later brings a history the program never had a right to (the
join page promises "nothing from before you join is shown to them"). Every email is stamped with
the manager's program when it is sent, so an email belongs to the program it was sent under, a reply
to its email's program, a commitment to the program of the reply it was taken from (or of the nudge
whose move was taken on): `message_in_program()`, `reply_in_program()`, `commitment_in_program()`.
Notices (a link the manager asked for, the answer to an email command) are left out: they are the
manager's own dealings with the service. Only reflections are ever shared, never an email command or
an automatic reply (`is_reflection()`).

Consent is given to one program's leads, so a move to another program ends it: `move_to_program()`
is the one way a manager's program changes, and it turns sharing off (the manager turns it on again,
for the new leads, in the preferences). A reply answering an email from before the move reaches no
lead any more (the old leads no longer see the manager, the new ones never count it), so it cannot
be shared one by one either (`reaches_program()`, `OutsideProgram`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session, object_session

from service.enums import COACHING_KINDS, EmailKind
from service.models import Commitment, Manager, Message, Reply


def visible_to_leads() -> ColumnElement[bool]:
    """SQL: the reply's text may be shown to its manager's leads. The query must have `Reply` and
    `Manager` joined on `Reply.manager_id == Manager.id`. Only reflections are shared: an email
    command ("pause these for two weeks, I'm on leave") or an out-of-office is never one."""
    return and_(
        Manager.sharing_since.is_not(None),
        Reply.command.is_(None),
        Reply.is_auto_reply.is_(False),
        Reply.withheld_at.is_(None),
        or_(Reply.received_at >= Manager.sharing_since, Reply.shared_at >= Manager.sharing_since),
    )


def message_in_program(program_id: int) -> ColumnElement[bool]:
    """SQL on `Message`: sent while its manager was in the program, and part of the coaching: a
    notice (a link the manager asked for, the answer to their email command) is their own business."""
    return and_(Message.program_id == program_id, Message.kind != EmailKind.NOTICE)


# Emails only ever sent to a manager. Their kind and program stay when the manager erases their data
# (service/reflections/erasure.py keeps the rows, anonymous), so counts built on them do not move.
MANAGER_MAIL_KINDS: tuple[EmailKind, ...] = (EmailKind.CONFIRM, EmailKind.WELCOME, *COACHING_KINDS)


def mail_to_managers(program_id: int) -> ColumnElement[bool]:
    """SQL on `Message`: the program's emails to its managers that leads count (emails sent and
    delivered, prompts answered, time to reply), whether the manager is still there or erased their
    data, whose rows lose the manager but keep kind and program. Chosen by kind, not by
    `manager_id`: that is what erasure clears. Lead mail (digests, password resets), invitations and
    notices (as in `message_in_program`) are left out."""
    return and_(Message.program_id == program_id, Message.kind.in_(MANAGER_MAIL_KINDS))


def reply_in_program(program_id: int) -> ColumnElement[bool]:
    """SQL on `Reply`: an answer to an email sent while its manager was in the program."""
    return exists(
        select(Message.id)
        .where(Message.id == Reply.message_id, message_in_program(program_id))
        .correlate(Reply)
    )


def commitment_in_program(program_id: int) -> ColumnElement[bool]:
    """SQL on `Commitment`: taken from such a reply, or from such a nudge's move."""
    replies = (
        select(Reply.id).join(Message, Message.id == Reply.message_id).where(message_in_program(program_id))
    )
    nudges = select(Message.id).where(message_in_program(program_id))
    return or_(Commitment.reply_id.in_(replies), Commitment.nudge_message_id.in_(nudges))


def commitment_visible_to_leads() -> ColumnElement[bool]:
    """SQL: a commitment's text may be shown to leads, because the reply it was taken from may. The
    query must have `Commitment` in its FROM; it needs no join (a correlated EXISTS)."""
    return exists(
        select(Reply.id)
        .join(Manager, Manager.id == Reply.manager_id)
        .where(Reply.id == Commitment.reply_id, visible_to_leads())
        .correlate_except(Reply, Manager)
    )


def lead_can_read(reply: Reply, manager: Manager) -> bool:
    """`visible_to_leads()` for one loaded reply of `manager`."""
    since = manager.sharing_since
    if since is None or reply.manager_id != manager.id or not is_reflection(reply) or reply.withheld_at:
        return False
    return reply.received_at >= since or (reply.shared_at is not None and reply.shared_at >= since)


def is_reflection(reply: Reply) -> bool:
    """Written by the manager as an answer, not an email command or an automatic reply: only such a
    reply can ever be shared."""
    return reply.command is None and not reply.is_auto_reply


def lead_text(reply: Reply, manager: Manager) -> str | None:
    """The reply's text as a lead may see it: None when it is private."""
    return reply.text if lead_can_read(reply, manager) else None


def reaches_program(message: Message | None, manager: Manager) -> bool:
    """`reply_in_program()` for one loaded reply's email, against the manager's program now: only an
    answer to such an email can ever reach a lead (an earlier program's, or a notice's, never can)."""
    return (
        message is not None
        and manager.program_id is not None
        and message.program_id == manager.program_id
        and message.kind != EmailKind.NOTICE
    )


def move_to_program(manager: Manager, program_id: int | None) -> bool:
    """The one way a manager's program changes; True when the move turned sharing off.

    Sharing was consent for the old program's leads (or, outside any program, for nobody), never
    for the new ones: it ends here, and the manager may turn it on again in the preferences."""
    if program_id == manager.program_id:
        return False
    manager.program_id = program_id
    if manager.sharing_since is None:
        return False
    manager.sharing_since = None
    return True


def set_sharing(manager: Manager, share: bool, now: datetime) -> bool:
    """Turn sharing on (from `now`) or off (everything hidden at once); True when it changed.
    Saving "on" again keeps the original moment, so it never widens what was shared."""
    if share == manager.share_replies:
        return False
    manager.sharing_since = now if share else None
    return True


class SharingOff(ValueError):
    """A single reply can be shared only while sharing is on (turning it off hides everything)."""


class NotAReflection(ValueError):
    """An email command or an automatic reply is never shared, one by one or otherwise."""


class OutsideProgram(ValueError):
    """A reply to an email from before the manager joined their program (or to a notice) reaches no
    lead: sharing it would do nothing, so it is refused rather than pretended."""


def share_reply(reply: Reply, manager: Manager, now: datetime) -> bool:
    """Share one earlier reply with the lead; True when it was private until now."""
    if manager.sharing_since is None:
        raise SharingOff("Turn sharing on first.")
    if reply.manager_id != manager.id:
        raise ValueError("not this manager's reply")
    if not is_reflection(reply):
        raise NotAReflection("Only your answers can be shared, not commands or automatic replies.")
    message = _email_of(reply)
    if not reaches_program(message, manager):
        raise OutsideProgram(_why_no_lead(message, manager))
    if lead_can_read(reply, manager):
        return False
    reply.shared_at, reply.withheld_at = now, None
    return True


def _why_no_lead(message: Message | None, manager: Manager) -> str:
    if manager.program_id is None:
        return "You're not in a program, so only you can read your replies."
    if message is not None and message.program_id == manager.program_id:  # a notice, or no email at all
        return "This reply answers a note to you alone, so no lead can read it."
    return "This reply answers an email from before you joined your program, so no lead can read it."


def _email_of(reply: Reply) -> Message | None:
    """The email a loaded reply answers (from the reply's own session)."""
    session = object_session(reply)
    if reply.message_id is None or session is None:
        return None
    return session.get(Message, reply.message_id)


def withhold_reply(reply: Reply, manager: Manager, now: datetime) -> bool:
    """Make one shared reply private again (the others stay shared); True when a lead could read it."""
    if reply.manager_id != manager.id:
        raise ValueError("not this manager's reply")
    if not lead_can_read(reply, manager):
        return False
    reply.withheld_at, reply.shared_at = now, None
    return True


@dataclass(frozen=True, slots=True)
class SharedReply:
    """A reply a lead may quote."""

    reply_id: int
    manager_id: int
    name: str
    lesson_slug: str | None
    text: str
    word_count: int
    received_at: datetime


def shared_replies(
    session: Session,
    program_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    min_words: int = 0,
    limit: int = 50,
) -> list[SharedReply]:
    """A program's replies its leads may read (reflections, answering emails sent while the manager
    was in the program), received in [since, until), longest first."""
    conditions = [
        Manager.program_id == program_id,
        message_in_program(program_id),  # an answer to an email of the program, as on the timeline
        visible_to_leads(),  # reflections only: never commands or auto-replies
        Reply.word_count >= min_words,
    ]
    if since is not None:
        conditions.append(Reply.received_at >= since)
    if until is not None:
        conditions.append(Reply.received_at < until)
    rows = session.execute(
        select(
            Reply.id,
            Manager.id,
            Manager.name,
            Message.lesson_slug,
            Reply.text,
            Reply.word_count,
            Reply.received_at,
        )
        .join(Manager, Manager.id == Reply.manager_id)
        .join(Message, Message.id == Reply.message_id)
        .where(*conditions)
        .order_by(Reply.word_count.desc(), Reply.received_at.desc(), Reply.id.desc())
        .limit(limit)
    ).all()
    return [SharedReply(*row) for row in rows]


def readable_reply_ids(session: Session, reply_ids: list[int]) -> set[int]:
    """Of these replies, the ones a lead may read now (for quotes stored earlier, e.g. in a digest)."""
    if not reply_ids:
        return set()
    return set(
        session.scalars(
            select(Reply.id)
            .join(Manager, Manager.id == Reply.manager_id)
            .where(Reply.id.in_(reply_ids), visible_to_leads())
        )
    )
