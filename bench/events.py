"""Event Webhook: signed events ingested per second, in batches of 1,000, vs a no-op endpoint.

Batches as SendGrid sends them (processed, delivered, open incl. machine opens, click, deferred)
for 1,000 sent messages, each signed with ECDSA, are posted over 4 keep-alive connections to
POST /webhooks/sendgrid/events, which verifies, stores each event once and applies it inline; in
the same run, in alternating rounds, the same bodies go to the no-op route of the same app
(bench/webhook_stack.py). Figures are medians of the rounds. Target: >= 20,000 events/s.
Afterwards every event must be stored exactly once.

    python -m bench.events [--batches 40] [--full] [--database-url URL]
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import secrets
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, insert, select

from bench.app import NOOP_PATH
from bench.common import Result, print_table
from bench.webhook_stack import Measured, Server, measure, webhook_server
from service.db import database, forget_databases
from service.models import Message, ProviderEvent, utcnow

DEFAULT_BATCHES = 40
FULL_BATCHES = 200
BATCH = 1000
MESSAGES = 1000
ROUNDS = 4
CONCURRENCY = 4
EVENTS_PATH = "/webhooks/sendgrid/events"
TARGET = 20_000.0
MIX = (("processed", 25), ("delivered", 25), ("open", 30), ("click", 15), ("deferred", 5))


def run(full: bool = False, batches: int | None = None, database_url: str | None = None) -> list[Result]:
    """`make bench` entry point."""
    count = batches or (FULL_BATCHES if full else DEFAULT_BATCHES)
    per_round = max(1, count // ROUNDS)
    with (
        tempfile.TemporaryDirectory(prefix="coach-bench-events-") as tmp,
        webhook_server(Path(tmp), database_url) as server,
    ):
        messages = _seed(server)
        rng = random.Random(7)
        ours: list[Measured] = []
        noop: list[Measured] = []
        for _ in range(ROUNDS):  # signed just before use: the webhook refuses timestamps over 10 minutes old
            bodies = [_signed_batch(server.signing_key, messages, rng) for _ in range(per_round)]
            noop.append(measure(server, NOOP_PATH, bodies, CONCURRENCY))
            ours.append(measure(server, EVENTS_PATH, bodies, CONCURRENCY))
        stored = _stored(server)
    posted = per_round * ROUNDS
    accepted = sum(m.load.statuses.get(200, 0) for m in ours)
    rate = median(m.rate for m in ours) * BATCH
    baseline = median(m.rate for m in noop) * BATCH
    return [
        Result(
            scenario="events",
            figure=f"signed events ingested (batches of {BATCH:,}, median of {ROUNDS} rounds)",
            value=rate,
            unit="events/s",
            baseline=baseline,
            baseline_label="no-op endpoint",
            target=f">= {TARGET:,.0f}/s",
            ok=rate >= TARGET and accepted == posted and stored == posted * BATCH,
            extra={
                "batches": posted,
                "non_200": posted - accepted,
                "events_stored": stored,
                "server_cpu_ms_per_batch": round(median(m.server_cpu_ms for m in ours), 1),
                "server_cpu_ms_per_noop_batch": round(median(m.server_cpu_ms for m in noop), 1),
            },
        )
    ]


def _seed(server: Server) -> list[tuple[int, str]]:
    """MESSAGES sent emails: (id, X-Message-Id) pairs the events point at."""
    db = database(server.database_url)
    now = utcnow()
    try:
        with db.transaction() as session:
            session.execute(
                insert(Message),
                [
                    {"kind": "nudge", "to_email": f"manager{i}@example.com", "status": "sent", "sent_at": now,
                     "reply_token": secrets.token_hex(16), "provider_message_id": f"bench{i:06d}x"}
                    for i in range(MESSAGES)
                ],
            )  # fmt: skip
            return [
                (mid, pmid or "")
                for mid, pmid in session.execute(select(Message.id, Message.provider_message_id))
            ]
    finally:
        forget_databases()


def _signed_batch(
    key: ec.EllipticCurvePrivateKey, messages: list[tuple[int, str]], rng: random.Random
) -> tuple[bytes, dict[str, str]]:
    now = int(time.time())
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    events: list[dict[str, Any]] = []
    for _ in range(BATCH):
        message_id, provider_id = rng.choice(messages)
        kind = rng.choice(kinds)
        event: dict[str, Any] = {
            "email": f"manager{message_id}@example.com",
            "timestamp": now - rng.randint(0, 300),
            "smtp-id": f"<{provider_id}@ismtpd-0001>",
            "event": kind,
            "sg_event_id": secrets.token_urlsafe(16),
            "sg_message_id": f"{provider_id}.filterdrecv-1-0.0",
            "message_id": str(message_id),
        }
        if kind == "open":
            event.update(useragent="Mozilla/5.0", ip="203.0.113.9", sg_machine_open=rng.random() < 0.3)
        elif kind == "click":
            event.update(useragent="Mozilla/5.0", ip="203.0.113.9", url="https://coach.example/preferences/x")
        elif kind == "delivered":
            event.update(response="250 OK", ip="198.51.100.4", tls=1)
        events.append(event)
    body = json.dumps(events, separators=(",", ":")).encode()
    stamp = str(now)
    signature = base64.b64encode(key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))).decode()
    return body, {
        "Content-Type": "application/json",
        "X-Twilio-Email-Event-Webhook-Signature": signature,
        "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
    }


def _stored(server: Server) -> int:
    db = database(server.database_url)
    try:
        with db.session() as session:
            return int(session.scalar(select(func.count()).select_from(ProviderEvent)) or 0)
    finally:
        forget_databases()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--batches", type=int, default=None, help=f"batches per endpoint (default {DEFAULT_BATCHES})"
    )
    parser.add_argument("--full", action="store_true", help=f"{FULL_BATCHES} batches per endpoint")
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    args = parser.parse_args(argv)
    results = run(args.full, args.batches, args.database_url)
    print_table(results)
    for result in results:
        print(result.scenario, result.extra)


if __name__ == "__main__":
    main()
