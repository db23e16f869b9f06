"""Sorting the managers table by Focus follows the curriculum's lesson numbers, not the slugs' spelling,
in SQL, so every page of the table (HTML and API) continues where the last one stopped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from service.accounts import create_program
from service.analytics import ManagerQuery, manager_page
from service.curriculum import load_curriculum
from service.db import Database
from tests.leads.conftest import World, make_manager

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
PER_LESSON = 3  # ten lessons: 30 managers, and one invited without a lesson, over two pages of 25
FOCUS_CELL = re.compile(r'<td data-label="Focus">(\d+)\. ')


def _lessons_by_slug() -> list[tuple[str, int]]:
    """Every lesson as (slug, number), in slug order: the order the bug showed, not the wanted one."""
    return sorted((lesson.slug, lesson.number) for lesson in load_curriculum().lessons)


def _enrol(db: Database, program_id: int | None = None) -> tuple[int, list[tuple[int | None, int]]]:
    """A program with managers in every lesson (ids in slug order) and one invited; (lesson, id) each."""
    made: list[tuple[int | None, int]] = []
    with db.transaction() as session:
        program_id = program_id or create_program(session, "Focus order").id
        for round_ in range(PER_LESSON):
            for slug, number in _lessons_by_slug():
                manager = make_manager(session, program_id, f"{slug}.{round_}@example.com", lesson=slug)
                made.append((number, manager.id))
        invited = make_manager(session, program_id, "invited@example.com", status="invited")
        made.append((None, invited.id))
    return program_id, made


def _expected(made: list[tuple[int | None, int]], descending: bool) -> list[int]:
    """Ids by lesson number, then by id (both reversed when descending); no lesson comes last."""
    with_lesson = [(number, manager_id) for number, manager_id in made if number is not None]
    without = [manager_id for number, manager_id in made if number is None]
    return [manager_id for _, manager_id in sorted(with_lesson, reverse=descending)] + without


def _all_pages(db: Database, program_id: int, args: dict[str, str]) -> list[int]:
    """Every page of the table in turn, concatenated."""
    ids: list[int] = []
    page_number, pages = 1, 1
    while page_number <= pages:
        query = ManagerQuery.from_args({**args, "page": str(page_number)}, load_curriculum().slugs)
        with db.session() as session:
            page = manager_page(session, program_id, query, NOW)
        ids += [row.id for row in page.rows]
        page_number, pages = page_number + 1, page.pages
    return ids


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_focus_pages_through_lessons_in_curriculum_order(db: Database, direction: str) -> None:
    program_id, made = _enrol(db)
    ids = _all_pages(db, program_id, {"sort": "focus", "dir": direction, "per_page": "25"})
    assert ids == _expected(made, descending=direction == "desc")


def test_the_managers_page_lists_focus_by_lesson_number(
    as_lead_a: FlaskClient, db: Database, world: World
) -> None:
    _enrol(db, world.program_a)
    url = f"/leads/programs/{world.program_a}/managers?sort=focus"
    ascending = FOCUS_CELL.findall(as_lead_a.get(url).get_data(as_text=True))
    descending = FOCUS_CELL.findall(as_lead_a.get(f"{url}&dir=desc").get_data(as_text=True))
    numbers = [int(number) for number in ascending]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, 11))
    assert [int(number) for number in descending] == sorted(numbers, reverse=True)


def test_the_api_sorts_managers_by_lesson_number(client: FlaskClient, db: Database, world: World) -> None:
    _enrol(db, world.program_a)
    response = client.get(
        f"/api/v1/programs/{world.program_a}/engagement?sort=focus&per_page=100",
        headers={"Authorization": f"Bearer {world.lead_a.token}"},
    )
    numbers = {lesson.slug: lesson.number for lesson in load_curriculum().lessons}
    focus = [numbers[row["focus"]] for row in response.get_json()["managers"]["rows"] if row["focus"]]
    assert focus == sorted(focus) and set(focus) == set(range(1, 11))
