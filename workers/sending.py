"""Send jobs (being built: see issue 4)."""

from __future__ import annotations


def enqueue_send_jobs(message_ids: list[int]) -> None:
    raise NotImplementedError("the sending pipeline is not built yet")
