"""Build valid lesson files in a temporary directory so each test can break exactly one thing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Lesson = dict[str, Any]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r}")


def to_toml(data: Lesson) -> str:
    """A minimal TOML writer for the lesson shape: scalars, string lists, [table], [[array]]."""
    head, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(f"\n[{key}]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in value.items()))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for entry in value:
                tables.append(f"\n[[{key}]]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in entry.items()))
        else:
            head.append(f"{key} = {_value(value)}\n")
    return "".join(head) + "".join(tables)


def valid_lesson(number: int, slug: str) -> Lesson:
    """A lesson that passes every check; texts are unique per slug so lessons never collide."""
    tag = f"{slug} {number}"
    return {
        "number": number,
        "slug": slug,
        "title": f"Lesson {tag}",
        "tagline": f"A short tagline for {tag}.",
        "summary": f"What {tag} means for a sales manager.",
        "why_it_matters": f"Why {tag} matters for buy-in.",
        "qualities": ["listening", "sharing"],
        "benefits": ["buy-in", "trust"],
        "nudges": [
            {
                "id": f"n{i}",
                "subject": f"Nudge {i}",
                "text": f"Idea {i} of {tag}.",
                "action": f"Do {i} this week.",
            }
            for i in range(1, 7)
        ],
        "prompts": [
            {"id": f"p{i}", "subject": f"Prompt {i}", "text": f"Context {i} of {tag}. What happened?"}
            for i in range(1, 7)
        ],
        "followups": [
            *(
                {
                    "id": f"f{i}",
                    "answers": f"p{i}",
                    "subject": f"Follow-up {i}",
                    "text": f'You wrote: "{{quote}}". Bring it to your next pipeline review. {tag} {i}?',
                }
                for i in range(1, 7)
            ),
            {
                "id": "f7",
                "subject": "Generic follow-up",
                "text": f'You wrote: "{{quote}}". Try it in a one-on-one. {tag} next?',
            },
        ],
        "review": {"subject": "Wrapping up", "text": f"Recap of {tag}.", "question": "What changed?"},
    }


@pytest.fixture()
def lesson_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write lessons (dicts, named by "__file__" or NN-slug.toml, or (name, raw content)); returns the dir."""

    def write(*lessons: Lesson | tuple[str, str | bytes]) -> Path:
        for lesson in lessons:
            if isinstance(lesson, tuple):
                name, content = lesson
                path = tmp_path / name
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
            else:
                data = dict(lesson)
                name = data.pop("__file__", None) or f"{data['number']:02d}-{data['slug']}.toml"
                (tmp_path / name).write_text(to_toml(data), encoding="utf-8")
        return tmp_path

    return write
