"""The ten lessons as validated data: `load_curriculum()` is the one way in."""

from __future__ import annotations

from service.curriculum.content import QUOTE_PLACEHOLDER, ContentItem, Curriculum, Lesson
from service.curriculum.loader import CurriculumError, load_curriculum, read_curriculum
from service.curriculum.vocabulary import BENEFITS, QUALITIES, Term, benefit_name, quality_name

__all__ = [
    "BENEFITS",
    "QUALITIES",
    "QUOTE_PLACEHOLDER",
    "ContentItem",
    "Curriculum",
    "CurriculumError",
    "Lesson",
    "Term",
    "benefit_name",
    "load_curriculum",
    "quality_name",
    "read_curriculum",
]
