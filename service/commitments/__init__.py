"""Commitments: what managers say they will do in their replies, when, and whether they did it."""

from __future__ import annotations

from service.commitments.queries import (
    CommitmentCounts,
    counts_by_manager,
    manager_commitments,
    program_counts,
)

__all__ = [
    "CommitmentCounts",
    "counts_by_manager",
    "manager_commitments",
    "program_counts",
]
