"""A manager's own space: their replies and commitments, searchable, downloadable and erasable."""

from __future__ import annotations

from service.reflections.entries import (
    CommitmentView,
    Reflection,
    Reflections,
    load_reflections,
    matches,
    search_terms,
)

__all__ = ["CommitmentView", "Reflection", "Reflections", "load_reflections", "matches", "search_terms"]
