"""What "My reflections" lists: every reply of one manager, newest first, with the prompt it answered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.commitments import manager_commitments
from service.curriculum import Curriculum
from service.emails.followup import question_asked
from service.emails.formatting import split_prompt
from service.enums import EmailKind, ReplyVisibility
from service.models import Commitment, Manager, Message, Reply
from service.sharing import is_reflection, lead_can_read, reaches_program
from service.text import single_spaced

REFLECTIONS_LIMIT = 2000  # years of replies; the page and the downloads stay bounded
SEARCH_MAX = 200
PROMPT_TITLES: dict[str, str] = {
    EmailKind.CHECKIN: "Still want these emails?",
    EmailKind.WELCOME: "Welcome",
    EmailKind.CONFIRM: "Confirm your subscription",
    EmailKind.NOTICE: "A note from the coach",
    EmailKind.COMMITMENT: "You said you would: how did it go?",
}

VISIBILITY_WORDS: dict[str, str] = {  # who can read a reply, in the same words on the page and in downloads
    ReplyVisibility.SHARED: "Shared with your program lead",
    ReplyVisibility.PRIVATE: "Private: your lead can't read it",
    ReplyVisibility.PERSONAL: "Private: only you can read it",
    ReplyVisibility.EARLIER: "Private: written before you joined your program, so no lead can read it",
}


@dataclass(frozen=True, slots=True)
class Reflection:
    """One reply as its writer sees it: the words, what it answered, and who else may read it."""

    reply_id: int
    received_at: datetime
    text: str
    words: int
    prompt_subject: str
    prompt_question: str
    lesson_number: int | None
    lesson_title: str
    visibility: ReplyVisibility
    can_share: bool  # an earlier private reply the manager may share one by one (sharing is on, and
    # it answers an email of the program the manager is in now: otherwise sharing reaches nobody)
    can_withhold: bool = False  # a shared reply the manager may make private again on its own
    is_auto_reply: bool = False
    command: str | None = None
    commitments: int = 0  # taken from it: deleting the reply deletes them too


@dataclass(frozen=True, slots=True)
class CommitmentView:
    """A commitment with its due date and what became of it (`taken_on`: a nudge's move, no reply)."""

    commitment_id: int
    reply_id: int | None
    text: str
    made_on: date
    due_on: date
    due_phrase: str | None  # the words that named the date, while it is still that date
    status: str
    outcomes: tuple[tuple[str, date | None, datetime], ...]
    lesson_title: str
    taken_on: bool = False


@dataclass(frozen=True, slots=True)
class Reflections:
    """A manager's replies (newest first) and commitments (newest first)."""

    replies: list[Reflection] = field(default_factory=list)
    commitments: list[CommitmentView] = field(default_factory=list)


def _lesson(curriculum: Curriculum, slug: str | None) -> tuple[int | None, str]:
    if not slug:
        return None, ""
    try:
        lesson = curriculum.lesson(slug)
    except KeyError:
        return None, slug
    return lesson.number, lesson.title


def _prompt(curriculum: Curriculum, message: Message | None) -> tuple[str, str, str | None]:
    """(subject, question, lesson slug) of the email a reply answered."""
    if message is None:
        return "", "", None
    if message.content_id:
        try:
            item = curriculum.item(message.content_id)
        except KeyError:
            item = None
        if item is not None:
            if item.kind == EmailKind.FOLLOWUP:
                question = question_asked(item.text, message.context)
            else:
                question = item.question or split_prompt(item.text)[1]
            return item.subject, question, item.lesson_slug
    subject = message.context.get("subject") if isinstance(message.context, dict) else None
    title = str(subject) if subject else PROMPT_TITLES.get(message.kind, message.kind.capitalize())
    return title, "", message.lesson_slug


def _visibility(reply: Reply, message: Message | None, manager: Manager) -> ReplyVisibility:
    """Who may read the reply now: a lead only if it answers an email of the manager's program now
    (service/sharing.py); one from before a move stays with the manager, whatever was shared then."""
    if manager.program_id is None:
        return ReplyVisibility.PERSONAL
    if not reaches_program(message, manager):
        earlier = message is not None and message.kind != EmailKind.NOTICE
        return ReplyVisibility.EARLIER if earlier else ReplyVisibility.PERSONAL
    return ReplyVisibility.SHARED if lead_can_read(reply, manager) else ReplyVisibility.PRIVATE


def load_reflections(session: Session, manager: Manager, curriculum: Curriculum) -> Reflections:
    """Every reply and commitment of `manager`, newest first (two queries and one for outcomes)."""
    rows = session.execute(
        select(Reply, Message)
        .outerjoin(Message, Message.id == Reply.message_id)
        .where(Reply.manager_id == manager.id)
        .order_by(Reply.received_at.desc(), Reply.id.desc())
        .limit(REFLECTIONS_LIMIT)
    ).all()
    commitments = [_commitment(c, curriculum) for c in manager_commitments(session, manager.id)]
    taken = Counter(c.reply_id for c in commitments if c.reply_id is not None)
    replies = []
    for reply, message in rows:
        subject, question, slug = _prompt(curriculum, message)
        number, title = _lesson(curriculum, slug)
        visibility = _visibility(reply, message, manager)
        replies.append(
            Reflection(
                reply_id=reply.id,
                received_at=reply.received_at,
                text=reply.text,
                words=reply.word_count,
                prompt_subject=subject,
                prompt_question=question,
                lesson_number=number,
                lesson_title=title,
                visibility=visibility,
                can_share=visibility == ReplyVisibility.PRIVATE
                and manager.sharing_since is not None
                and is_reflection(reply),
                can_withhold=visibility == ReplyVisibility.SHARED,
                is_auto_reply=reply.is_auto_reply,
                command=reply.command,
                commitments=taken[reply.id],
            )
        )
    return Reflections(replies, commitments)


def _commitment(commitment: Commitment, curriculum: Curriculum) -> CommitmentView:
    return CommitmentView(
        commitment_id=commitment.id,
        reply_id=commitment.reply_id,
        text=commitment.text,
        made_on=commitment.made_on,
        due_on=commitment.due_on,
        due_phrase=None if commitment.postponed else commitment.due_phrase,  # it named the first date
        status=commitment.status,
        outcomes=tuple((o.outcome, o.new_due_on, o.recorded_at) for o in commitment.outcomes),
        lesson_title=_lesson(curriculum, commitment.lesson_slug)[1],
        taken_on=commitment.taken_on,
    )


def search_terms(raw: str | None) -> list[str]:
    """The words of a search box, case-folded; at most SEARCH_MAX characters are read."""
    return single_spaced((raw or "")[:SEARCH_MAX]).casefold().split()


def matches(reflections: Reflections, terms: list[str]) -> Reflections:
    """The replies (and commitments) containing every term in their text, prompt or lesson."""
    if not terms:
        return reflections

    def hit(*texts: str) -> bool:
        haystack = " ".join(texts).casefold()
        return all(term in haystack for term in terms)

    return Reflections(
        [r for r in reflections.replies if hit(r.text, r.prompt_subject, r.prompt_question, r.lesson_title)],
        [c for c in reflections.commitments if hit(c.text, c.due_phrase or "", c.lesson_title)],
    )
