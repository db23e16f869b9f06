"""Inbound Parse: authenticated posts acknowledged per second (stored, committed, queued) vs a no-op.

The same ~9 kB parsed-mode reply (text and HTML with quoted history, like Gmail's) is posted N times
over 8 keep-alive connections to POST /webhooks/sendgrid/inbound and, in the same run in
alternating rounds, to the no-op route of the same app (bench/webhook_stack.py); each figure is the
median of the rounds' rates (shared machines are noisy), with gunicorn's CPU time per request. Target: inbound
>= 0.8x the no-op rate. Afterwards every post must be in the database with a processing job queued.

    python -m bench.inbound [--n 2000] [--full] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from statistics import median

from redis import Redis
from sqlalchemy import func, select

from bench.app import NOOP_PATH
from bench.common import Result, print_table
from bench.webhook_stack import Measured, Server, basic_auth, hammer, measure, webhook_server
from service.db import database, forget_databases
from service.models import InboundPost

DEFAULT_N = 4000
FULL_N = 10_000
ROUNDS = 10
CONCURRENCY = 8
TARGET = 0.8  # of the no-op endpoint (issue 19)
INBOUND_PATH = "/webhooks/sendgrid/inbound"


def run(full: bool = False, n: int | None = None, database_url: str | None = None) -> list[Result]:
    """`make bench` entry point."""
    n = n or (FULL_N if full else DEFAULT_N)
    with (
        tempfile.TemporaryDirectory(prefix="coach-bench-inbound-") as tmp,
        webhook_server(Path(tmp), database_url) as server,
    ):
        request = reply_post()
        requests = [request] * (n // ROUNDS)
        hammer(server, NOOP_PATH, requests[:50], CONCURRENCY)  # warm both paths' imports and pools
        hammer(server, INBOUND_PATH, requests[:50], CONCURRENCY)
        noop: list[Measured] = []
        inbound: list[Measured] = []
        for round_ in range(ROUNDS):  # alternate, so a noisy neighbour hurts both sides alike
            if round_ % 2:
                inbound.append(measure(server, INBOUND_PATH, requests, CONCURRENCY))
            noop.append(measure(server, NOOP_PATH, requests, CONCURRENCY))
            if not round_ % 2:
                inbound.append(measure(server, INBOUND_PATH, requests, CONCURRENCY))
        stored, queued = _check(server)
    posted = sum(m.load.requests for m in inbound) + 50
    ok_posts = sum(m.load.statuses.get(200, 0) for m in inbound) + 50
    rate = median(m.rate for m in inbound)
    baseline = median(m.rate for m in noop)
    return [
        Result(
            scenario="inbound",
            figure=f"posts acknowledged ({len(request[0]) // 1024} kB each, median of {ROUNDS} rounds)",
            value=rate,
            unit="posts/s",
            baseline=baseline,
            baseline_label="no-op endpoint",
            target=f">= {TARGET}x no-op",
            ok=rate >= TARGET * baseline and ok_posts == posted and stored == posted and queued >= 1,
            extra={
                "posts": posted,
                "non_200": posted - ok_posts,
                "stored": stored,
                "processing_jobs_queued": queued,
                "round_ratios": " ".join(
                    f"{i.rate / o.rate:.2f}" for i, o in zip(inbound, noop, strict=True)
                ),
                "server_cpu_ms_per_post": round(median(m.server_cpu_ms for m in inbound), 3),
                "server_cpu_ms_per_noop": round(median(m.server_cpu_ms for m in noop), 3),
            },
        )
    ]


def reply_post() -> tuple[bytes, dict[str, str]]:
    """A Gmail-style reply in the default parsed mode, framed as SendGrid frames it."""
    address = f"reply+{'ab' * 16}@reply.coach.localhost"
    quoted = "\n".join(f"> {line}" for line in QUOTED.splitlines())
    text = f"{NEW}\n\nOn Mon, Jan 6, 2025 at 9:15 AM Coach <{address}> wrote:\n{quoted}\n"
    html = (f'<div dir="ltr">{NEW}</div><div class="gmail_quote"><blockquote class="gmail_quote">'
            f"{QUOTED.replace(chr(10), '<br>')}</blockquote></div>")  # fmt: skip
    headers = (
        f"From: Anna Schmidt <anna@example.com>\nTo: Coach <{address}>\n"
        "Subject: Re: What did you share?\nMessage-ID: <bench@mail.example.com>\n"
        "In-Reply-To: <prompt@ismtpd>\n"
    )
    fields = {
        "headers": headers,
        "dkim": "{@example.com : pass}",
        "to": f"Coach <{address}>",
        "from": "Anna Schmidt <anna@example.com>",
        "text": text,
        "html": html,
        "sender_ip": "203.0.113.7",
        "envelope": json.dumps({"to": [address], "from": "anna@example.com"}),
        "subject": "Re: What did you share?",
        "charsets": json.dumps(
            {"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8", "text": "UTF-8", "html": "UTF-8"}
        ),
        "SPF": "pass",
        "attachments": "0",
    }
    boundary = "xYzZY" + "b" * 24
    chunks = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": basic_auth()}


def _check(server: Server) -> tuple[int, int]:
    """Posts in the database, and processing jobs waiting on the inbound queue (no worker runs here)."""
    db = database(server.database_url)
    try:
        with db.session() as session:
            stored = int(session.scalar(select(func.count()).select_from(InboundPost)) or 0)
    finally:
        forget_databases()
    queued = int(Redis.from_url(server.redis_url).llen("rq:queue:inbound"))
    return stored, queued


NEW = (
    "In Tuesday's forecast review I gave Priya the credit for rescuing the Acme renewal, in front of the VP. "
    "Two reps asked her for help the next day, and the channel team noticed too."
)
QUOTED = "\n".join(
    f"Reflection prompt paragraph {i}: think of a moment this week when someone else's work made your "
    f"number. Who saw it? What did you say, and what would you say next time? {json.dumps(i)}"
    for i in range(25)
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=None, help=f"posts per endpoint (default {DEFAULT_N})")
    parser.add_argument("--full", action="store_true", help=f"{FULL_N} posts per endpoint")
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.n, args.database_url))


if __name__ == "__main__":
    main()
