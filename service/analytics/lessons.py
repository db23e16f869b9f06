"""Per-lesson engagement of a program: who is on each lesson, and how its prompts are answered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.analytics.periods import Window
from service.analytics.series import rate
from service.analytics.sql import answered, count_if, real_reply
from service.curriculum import Curriculum
from service.enums import EmailKind
from service.models import Message, Reply


@dataclass(frozen=True, slots=True)
class LessonRow:
    """One lesson: live subscribers focused on it now; prompts sent in the period, how many were
    answered, and the average length of the replies to them."""

    number: int
    slug: str
    title: str
    subscribers: int
    prompts: int
    answered: int
    avg_reply_words: float | None

    @property
    def reply_rate(self) -> float | None:
        return rate(self.answered, self.prompts)

    def as_dict(self) -> dict[str, object]:
        return {
            "lesson": self.slug,
            "title": self.title,
            "subscribers": self.subscribers,
            "prompts": self.prompts,
            "prompts_answered": self.answered,
            "reply_rate": self.reply_rate,
            "avg_reply_words": self.avg_reply_words,
        }


def lesson_table(
    session: Session,
    program_id: int,
    period: Window,
    curriculum: Curriculum,
    subscribers: Mapping[str, int],
) -> list[LessonRow]:
    """Every lesson in curriculum order, with zeros where nothing happened (two grouped queries)."""
    prompt_rows = session.execute(
        select(
            Message.lesson_slug,
            func.count(),
            count_if(answered()),
        )
        .where(
            Message.program_id == program_id,
            Message.kind == EmailKind.PROMPT,
            Message.sent_at >= period.start,
            Message.sent_at < period.end,
        )
        .group_by(Message.lesson_slug)
    ).all()
    prompts = {slug: (int(sent), int(done)) for slug, sent, done in prompt_rows}
    length_rows = session.execute(
        select(Message.lesson_slug, func.avg(Reply.word_count))
        .join(Message, Message.id == Reply.message_id)
        .where(
            Message.program_id == program_id,
            Message.kind == EmailKind.PROMPT,
            Message.sent_at >= period.start,
            Message.sent_at < period.end,
            answered(),
            real_reply(),
        )
        .group_by(Message.lesson_slug)
    ).all()
    lengths = {slug: round(float(str(avg)), 1) for slug, avg in length_rows if avg is not None}
    return [
        LessonRow(
            number=lesson.number,
            slug=lesson.slug,
            title=lesson.title,
            subscribers=subscribers.get(lesson.slug, 0),
            prompts=prompts.get(lesson.slug, (0, 0))[0],
            answered=prompts.get(lesson.slug, (0, 0))[1],
            avg_reply_words=lengths.get(lesson.slug),
        )
        for lesson in curriculum.lessons
    ]
