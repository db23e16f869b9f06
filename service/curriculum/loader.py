"""Read the lesson TOML files once and refuse to start on any schema error, naming file and field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from service.curriculum.content import QUOTE_PLACEHOLDER, ContentItem, Curriculum, Lesson
from service.curriculum.vocabulary import BENEFITS, QUALITIES, ROUTINES, routines_in
from service.curriculum.wording import action_problems, question_problems
from service.enums import EmailKind

LESSONS_DIR = Path(__file__).with_name("lessons")

MIN_NUDGES = 6
MIN_PROMPTS = 6
MIN_FOLLOWUPS = MIN_PROMPTS + 1  # one bound to each prompt, plus the generic one
MAX_WORDS = 170
MAX_TAGLINE_CHARS = 90
MAX_SUBJECT_CHARS = 70

FILENAME = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")
TOP_LEVEL = {
    "number",
    "slug",
    "title",
    "tagline",
    "summary",
    "why_it_matters",
    "qualities",
    "benefits",
    "nudges",
    "prompts",
    "followups",
    "review",
}
# section name -> (item kind, id prefix, minimum count, allowed fields)
SECTIONS = {
    "nudges": (EmailKind.NUDGE, "n", MIN_NUDGES, {"id", "subject", "text", "action"}),
    "prompts": (EmailKind.PROMPT, "p", MIN_PROMPTS, {"id", "subject", "text"}),
    "followups": (EmailKind.FOLLOWUP, "f", MIN_FOLLOWUPS, {"id", "subject", "text", "answers", "fits_no"}),
}
REVIEW_FIELDS = {"subject", "text", "question"}


class CurriculumError(ValueError):
    """One or more lesson files break the schema; each problem names its file and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid curriculum:\n  " + "\n  ".join(problems))


class _FileCheck:
    """Collects the problems of one lesson file so a writer sees all of them at once."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.name}: {where}: {message}")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, max_chars: int | None = None) -> str:
        value = data.get(key)
        path = f"{where}.{key}" if where else key
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "missing or not a non-empty string")
            return ""
        value = value.strip()
        words = len(value.split())
        if words > MAX_WORDS:
            self.fail(path, f"{words} words (limit {MAX_WORDS})")
        if max_chars is not None and len(value) > max_chars:
            self.fail(path, f"{len(value)} characters (limit {max_chars})")
        if ("{" in value or "}" in value) and key != "text":
            self.fail(path, "braces are not allowed")
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed):
            self.fail(f"{where}.{key}" if where else key, "unknown field")

    def terms(
        self, data: Mapping[str, Any], key: str, noun: str, known: Mapping[str, object]
    ) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            self.fail(key, "missing or not a non-empty list of strings")
            return ()
        for term in value:
            if term not in known:
                self.fail(key, f"unknown {noun} {term!r} (known: {', '.join(known)})")
        if len(set(value)) != len(value):
            self.fail(key, "duplicate entries")
        return tuple(value)


class _Bindings:
    """Which prompt each follow-up answers: a prompt of the same lesson, at most one follow-up each."""

    def __init__(self, check: _FileCheck, slug: str, prompts: tuple[ContentItem, ...]) -> None:
        self.check = check
        self.slug = slug
        self.prompt_ids = [item.id.rsplit(".", 1)[1] for item in prompts]
        self.bound: dict[str, str] = {}
        self.generic: list[str] = []

    def answers(self, entry: Mapping[str, Any], local_id: str, where: str) -> str | None:
        """The qualified prompt id this follow-up answers, or None for a generic follow-up."""
        if "answers" not in entry:
            self.generic.append(local_id)
            return None
        value = entry["answers"]
        known = ", ".join(self.prompt_ids) or "none"
        if not isinstance(value, str) or value not in self.prompt_ids:
            shown = repr(value) if isinstance(value, str | int | float | bool) else "this value"
            self.check.fail(
                f"{where}.answers",
                f"{shown} is not a prompt of lesson {self.slug!r} (its prompts: {known}; "
                "leave `answers` out for the lesson's generic follow-up)",
            )
            return None
        if value in self.bound:
            self.check.fail(f"{where}.answers", f"{value} is already answered by {self.bound[value]}")
        self.bound.setdefault(value, local_id)
        return f"{self.slug}.{value}"

    def finish(self) -> None:
        missing = [prompt for prompt in self.prompt_ids if prompt not in self.bound]
        if missing:
            self.check.fail(
                "followups", f"no follow-up answers {', '.join(missing)} (every prompt needs its own)"
            )
        if len(self.generic) != 1:
            found = ", ".join(self.generic) or "none"
            self.check.fail(
                "followups",
                f"exactly one generic follow-up (without `answers`) is required, found {found}",
            )


def _section(
    check: _FileCheck,
    data: Mapping[str, Any],
    section: str,
    slug: str,
    prompts: tuple[ContentItem, ...] = (),
) -> tuple[ContentItem, ...]:
    kind, prefix, minimum, allowed = SECTIONS[section]
    bindings = _Bindings(check, slug, prompts) if kind == EmailKind.FOLLOWUP else None
    raw = data.get(section)
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        check.fail(section, f"missing or not an array of tables ([[{section}]])")
        return ()
    if len(raw) < minimum:
        check.fail(section, f"{len(raw)} items (at least {minimum} required)")
    items: list[ContentItem] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"{section}[{index}]"
        local_id = entry.get("id")
        if not isinstance(local_id, str) or not re.fullmatch(rf"{prefix}[1-9]\d*", local_id):
            check.fail(f"{where}.id", f"must look like {prefix}1, {prefix}2, ...")
            local_id = f"{prefix}?{index}"
        elif local_id in seen:
            check.fail(f"{where}.id", f"duplicate id {local_id!r}")
        seen.add(local_id)
        where = f"{where} ({local_id})"
        check.unknown_keys(entry, allowed, where)
        subject = check.text(entry, "subject", where, max_chars=MAX_SUBJECT_CHARS)
        text = check.text(entry, "text", where)
        _check_placeholders(check, f"{where}.text", text, quote_required=kind == EmailKind.FOLLOWUP)
        if kind in (EmailKind.PROMPT, EmailKind.FOLLOWUP) and text:
            _wording(check, f"{where}.text", kind, text.replace(QUOTE_PLACEHOLDER, ""))
        action = check.text(entry, "action", where) if kind == EmailKind.NUDGE else ""
        for problem in action_problems(action) if action else ():
            check.fail(f"{where}.action", problem)
        answers = bindings.answers(entry, local_id, where) if bindings is not None else None
        fits_no = _fits_no(check, entry, where, answers)
        items.append(
            ContentItem(
                f"{slug}.{local_id}", kind, subject, text, action=action, answers=answers, fits_no=fits_no
            )
        )
    if bindings is not None:
        bindings.finish()
    return tuple(items)


def _fits_no(check: _FileCheck, entry: Mapping[str, Any], where: str, answers: str | None) -> bool:
    """`fits_no = true`: the follow-up also fits an answer that says there is none ("None. It's a
    feeling, not evidence."); only a follow-up written for one prompt can say so."""
    value = entry.get("fits_no", False)
    if not isinstance(value, bool):
        check.fail(f"{where}.fits_no", "must be true or false")
        return False
    if value and answers is None:
        check.fail(f"{where}.fits_no", "only a follow-up with `answers` can fit a no")
        return False
    return value


def _wording(check: _FileCheck, where: str, kind: str, text: str) -> None:
    """A prompt or follow-up asks one question; a follow-up also names a sales routine."""
    for problem in question_problems(text):
        check.fail(where, problem)
    if kind == EmailKind.FOLLOWUP and not routines_in(text):
        check.fail(where, f"must name a sales routine ({', '.join(r.name for r in ROUTINES.values())})")


def _check_placeholders(check: _FileCheck, where: str, text: str, *, quote_required: bool) -> None:
    quotes = text.count(QUOTE_PLACEHOLDER)
    if quote_required and quotes != 1:
        check.fail(where, f"must contain {QUOTE_PLACEHOLDER} exactly once (found {quotes})")
    elif not quote_required and quotes:
        check.fail(where, f"{QUOTE_PLACEHOLDER} is only allowed in follow-ups")
    rest = text.replace(QUOTE_PLACEHOLDER, "")
    if "{" in rest or "}" in rest:
        check.fail(where, f"braces are only allowed as {QUOTE_PLACEHOLDER}")


def _review(check: _FileCheck, data: Mapping[str, Any], slug: str) -> ContentItem:
    raw = data.get("review")
    if not isinstance(raw, dict):
        check.fail("review", "missing or not a table ([review])")
        raw = {}
    check.unknown_keys(raw, REVIEW_FIELDS, "review")
    subject = check.text(raw, "subject", "review", max_chars=MAX_SUBJECT_CHARS)
    text = check.text(raw, "text", "review")
    _check_placeholders(check, "review.text", text, quote_required=False)
    if "?" in text:
        check.fail(
            "review.text", "frames the look back without asking; the one question goes in review.question"
        )
    question = check.text(raw, "question", "review")
    for problem in question_problems(question) if question else ():
        check.fail("review.question", problem)
    return ContentItem(f"{slug}.review", EmailKind.REVIEW, subject, text, question=question)


def parse_lesson(path: Path, problems: list[str]) -> Lesson | None:
    """Parse one lesson file, appending its problems; None when it cannot be read at all."""
    check = _FileCheck(path.name, problems)
    match = FILENAME.match(path.name)
    if match is None:
        check.fail("filename", "must be NN-slug.toml (two digits, dash, lower-case slug)")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        check.fail("file", f"not valid TOML: {exc}")
        return None
    check.unknown_keys(data, TOP_LEVEL, "")
    number, slug = data.get("number"), data.get("slug")
    if not isinstance(number, int) or isinstance(number, bool) or number != int(match["number"]):
        check.fail("number", f"must be the integer {int(match['number'])} (from the filename)")
    if slug != match["slug"]:
        check.fail("slug", f"must be {match['slug']!r} (from the filename)")
    slug = match["slug"]
    return Lesson(
        number=int(match["number"]),
        slug=slug,
        title=check.text(data, "title", ""),
        tagline=check.text(data, "tagline", "", max_chars=MAX_TAGLINE_CHARS),
        summary=check.text(data, "summary", ""),
        why_it_matters=check.text(data, "why_it_matters", ""),
        qualities=check.terms(data, "qualities", "quality", QUALITIES),
        benefits=check.terms(data, "benefits", "benefit", BENEFITS),
        nudges=_section(check, data, "nudges", slug),
        prompts=(prompts := _section(check, data, "prompts", slug)),
        followups=_section(check, data, "followups", slug, prompts),
        review=_review(check, data, slug),
    )


def _check_curriculum(files: list[tuple[str, Lesson]], problems: list[str]) -> None:
    lessons = [lesson for _, lesson in files]
    numbers = sorted(lesson.number for lesson in lessons)
    if numbers != list(range(1, len(lessons) + 1)):
        problems.append(f"lessons: numbers must run 1..{len(lessons)} without gaps or repeats, got {numbers}")
    slugs = [lesson.slug for lesson in lessons]
    for slug in sorted({slug for slug in slugs if slugs.count(slug) > 1}):
        problems.append(f"lessons: slug {slug!r} is used by more than one file")
    first_use: dict[str, str] = {}
    for name, lesson in files:
        for section in ("nudges", "prompts", "followups"):
            for index, item in enumerate(getattr(lesson, section)):
                key = " ".join(item.text.split()).casefold()
                where = f"{name}: {section}[{index}] ({item.id.rsplit('.', 1)[1]}).text"
                if key and key in first_use:
                    problems.append(f"{where}: same text as {first_use[key]}")
                first_use.setdefault(key, where)


def read_curriculum(directory: Path) -> Curriculum:
    """Load and validate every `*.toml` lesson in `directory`; raise CurriculumError listing all problems."""
    problems: list[str] = []
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise CurriculumError([f"{directory}: no lesson files (*.toml)"])
    files: list[tuple[str, Lesson]] = []
    for path in paths:
        lesson = parse_lesson(path, problems)
        if lesson is not None:
            files.append((path.name, lesson))
    _check_curriculum(files, problems)
    if problems:
        raise CurriculumError(problems)
    return Curriculum(tuple(sorted((lesson for _, lesson in files), key=lambda lesson: lesson.number)))


@cache
def load_curriculum() -> Curriculum:
    """The packaged curriculum, read and validated once per process."""
    return read_curriculum(LESSONS_DIR)
