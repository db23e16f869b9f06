"""The curriculum as immutable data: lessons and the content items the emails are built from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

QUOTE_PLACEHOLDER = "{quote}"


@dataclass(frozen=True, slots=True)
class ContentItem:
    """One email's worth of lesson content; `id` is qualified, e.g. "share-credit.p3".

    A review's `question` is its one closing question (its `text` only frames the look back).
    A follow-up's `answers` is the qualified id of the prompt it was written for ("share-credit.p3"),
    or None for the lesson's generic follow-up, which fits a reply to any of its prompts that answers
    it. `fits_no`: it also fits an answer that says there is none ("None. It's a feeling.").
    """

    id: str
    kind: str
    subject: str
    text: str
    action: str = ""
    question: str = ""
    answers: str | None = None
    fits_no: bool = False

    @property
    def lesson_slug(self) -> str:
        return self.id.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Lesson:
    """One of the ten lessons, with its content in sending order per kind."""

    number: int
    slug: str
    title: str
    tagline: str
    summary: str
    why_it_matters: str
    qualities: tuple[str, ...]
    benefits: tuple[str, ...]
    nudges: tuple[ContentItem, ...]
    prompts: tuple[ContentItem, ...]
    followups: tuple[ContentItem, ...]
    review: ContentItem

    @property
    def generic_followup(self) -> ContentItem:
        """The follow-up that fits a reply to any prompt (the loader guarantees exactly one)."""
        return next(item for item in self.followups if item.answers is None)

    def followup_for(self, prompt_id: str) -> ContentItem:
        """The follow-up written for the prompt `prompt_id` (qualified id), else the generic one."""
        bound = next((item for item in self.followups if item.answers == prompt_id), None)
        return bound or self.generic_followup

    def items(self) -> Iterator[ContentItem]:
        """Every content item of the lesson: nudges, prompts, follow-ups, then the review."""
        yield from self.nudges
        yield from self.prompts
        yield from self.followups
        yield self.review


@dataclass(frozen=True, slots=True)
class Curriculum:
    """The ordered lessons (numbers 1..N) with lookups by slug, number and content id."""

    lessons: tuple[Lesson, ...]
    _by_slug: dict[str, Lesson] = field(init=False, repr=False, compare=False)
    _items: dict[str, ContentItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {lesson.slug: lesson for lesson in self.lessons})
        items = {item.id: item for lesson in self.lessons for item in lesson.items()}
        object.__setattr__(self, "_items", items)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(lesson.slug for lesson in self.lessons)

    def lesson(self, slug: str) -> Lesson:
        """The lesson with this slug; KeyError if there is none."""
        try:
            return self._by_slug[slug]
        except KeyError:
            raise KeyError(f"unknown lesson {slug!r}") from None

    def by_number(self, number: int) -> Lesson:
        """The lesson numbered `number` (1-based); KeyError if out of range."""
        if not 1 <= number <= len(self.lessons):
            raise KeyError(f"no lesson number {number}")
        return self.lessons[number - 1]

    def next_lesson(self, slug: str) -> Lesson | None:
        """The lesson after `slug`, or None after the last one."""
        number = self.lesson(slug).number
        return self.lessons[number] if number < len(self.lessons) else None

    def item(self, content_id: str) -> ContentItem:
        """The content item with this qualified id; KeyError if there is none."""
        try:
            return self._items[content_id]
        except KeyError:
            raise KeyError(f"unknown content item {content_id!r}") from None
