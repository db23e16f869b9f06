"""What every sandbox request shares: config, store, fault dice, signing key and the event sender."""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app

from sandbox import events, inbound
from sandbox.config import SandboxConfig
from sandbox.faults import FaultInjector
from sandbox.store import Store

log = logging.getLogger(__name__)

AUTO_EVENTS = ("processed", "delivered")
AUTO_BATCH_MESSAGES = 500
AUTO_RETRIES = 5


@dataclass
class Sandbox:
    """One per app; safe to share between the threads of a server process."""

    config: SandboxConfig
    store: Store
    injector: FaultInjector
    private_key: ec.EllipticCurvePrivateKey
    auto_events: AutoEvents | None = None

    def reply(
        self,
        message: Mapping[str, Any],
        text: str,
        options: inbound.ReplyOptions | None = None,
    ) -> int:
        """Post a reply to the service's inbound webhook; its status code (OSError if unreachable)."""
        status = inbound.post_reply(self.config.inbound_url, self.config.inbound_auth, message, text, options)
        self.store.bump("replies_posted")
        log.info("reply to sandbox message %s posted: webhook answered %s", message["id"], status)
        return status

    def post_events(
        self, messages: Sequence[Mapping[str, Any]], specs: Sequence[str | Mapping[str, Any]]
    ) -> tuple[int, list[dict[str, Any]]]:
        """Build, sign and post one batch; the webhook's status code and the events sent."""
        batch = events.build_batch(messages, specs)
        status = events.post_events(self.config.events_url, self.private_key, batch)
        self.store.bump("event_batches_posted")
        self.store.bump("events_posted", len(batch))
        log.info("posted %d events: webhook answered %s", len(batch), status)
        return status, batch


def current_sandbox() -> Sandbox:
    sandbox: Sandbox = current_app.extensions["sandbox"]
    return sandbox


@dataclass
class AutoEvents:
    """Posts processed + delivered for accepted messages in batches from a background thread."""

    sandbox: Sandbox
    interval: float = 0.5
    _queue: queue.Queue[int] = field(default_factory=queue.Queue)
    _pid: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(self, ids: Sequence[int]) -> None:
        self._ensure_thread()
        for message_id in ids:
            self._queue.put(message_id)

    def _ensure_thread(self) -> None:
        """Start the sender once per process: a forked server worker does not inherit threads."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid != os.getpid():
                self._queue = queue.Queue()
                threading.Thread(target=self._run, name="sandbox-auto-events", daemon=True).start()
                self._pid = os.getpid()

    def _run(self) -> None:
        while True:
            ids = [self._queue.get()]
            deadline = time.monotonic() + self.interval
            while len(ids) < AUTO_BATCH_MESSAGES and (left := deadline - time.monotonic()) > 0:
                try:
                    ids.append(self._queue.get(timeout=left))
                except queue.Empty:
                    break
            self._send(ids)

    def _send(self, ids: list[int]) -> None:
        """Retry a failed batch a few times with backoff, as SendGrid does (for much longer)."""
        messages = [m for m in (self.sandbox.store.get(i) for i in ids) if m is not None]
        if not messages:
            return
        for attempt in range(AUTO_RETRIES):
            try:
                status, _ = self.sandbox.post_events(messages, AUTO_EVENTS)
            except OSError as exc:
                log.warning("auto events: webhook unreachable (%s), attempt %d", exc, attempt + 1)
            else:
                if status < 300:
                    return
                log.warning("auto events: webhook answered %s, attempt %d", status, attempt + 1)
            time.sleep(min(2**attempt, 10))
        log.error("auto events: gave up on a batch of %d messages", len(messages))
