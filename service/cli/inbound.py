"""`coach inbound list|show|retry`: the inbound dead-letter, for operators.

Posts that produced no reply (unmatched, malformed, failed) stay stored; an operator lists them,
reads one's headers (never its body: the terminal may be logged or shared) and, after fixing what
stopped them (a manager's address, a bug), hands them back to processing.
"""

from __future__ import annotations

import click

from service.cli.errors import settings_or_exit
from service.db import database
from service.enums import ATTENTION_STATUSES, InboundStatus
from service.replies.admin import post_detail, retry_posts, unmatched_posts
from service.replies.notify import enqueue_received

LIST_LIMIT = 10_000
POST_ID = click.IntRange(1, 2**31 - 1)  # an INTEGER key on every backend


@click.group("inbound")
def inbound() -> None:
    """Inbound posts that produced no reply: list, show, retry."""


@inbound.command("list")
@click.option(
    "--status",
    type=click.Choice([*[s.value for s in ATTENTION_STATUSES], "all"]),
    default="all",
    show_default=True,
    help="Only posts with this status (all = unmatched, malformed and failed).",
)
@click.option("--limit", type=click.IntRange(1, LIST_LIMIT), default=100, show_default=True)
def list_posts(status: str, limit: int) -> None:
    """Newest first: id, received (UTC), status, size, and why processing stopped."""
    settings = settings_or_exit()
    statuses = ATTENTION_STATUSES if status == "all" else (InboundStatus(status),)
    with database(settings.database_url).session() as session:
        posts = unmatched_posts(session, limit=limit, statuses=statuses)
    if not posts:
        click.echo("no inbound posts need attention")
        return
    for post in posts:
        click.echo(
            f"{post.id:>8}  {post.received_at:%Y-%m-%d %H:%M}  {post.status:<9}  {post.size:>8} B  "
            f"{post.note}"
        )


@inbound.command("show")
@click.argument("post_id", type=POST_ID)
def show(post_id: int) -> None:
    """A post's status, error and headers (From, To, Subject, Message-ID...); never its body."""
    settings = settings_or_exit()
    with database(settings.database_url).session() as session:
        detail = post_detail(session, post_id)
    if detail is None:
        raise click.ClickException(f"no inbound post {post_id}")
    post = detail.post
    click.echo(f"post {post.id}: {post.status}, received {post.received_at:%Y-%m-%d %H:%M:%S} UTC")
    click.echo(f"  size: {post.size} bytes, content type: {post.content_type}")
    click.echo(f"  note: {post.note or '-'}")
    if not detail.readable:
        click.echo("  headers: unreadable (the body is not an Inbound Parse form)")
    for name, value in detail.headers:
        click.echo(f"  {name}: {value}")


@inbound.command("retry")
@click.argument("post_ids", nargs=-1, type=POST_ID)
@click.option("--all", "retry_all", is_flag=True, help="Every unmatched, malformed and failed post.")
def retry(post_ids: tuple[int, ...], retry_all: bool) -> None:
    """Hand posts back to processing (after fixing what stopped them); the reply worker picks them up."""
    if bool(post_ids) == retry_all:
        raise click.UsageError("name post ids or --all (not both)")
    settings = settings_or_exit()
    with database(settings.database_url).session() as session:
        ids = list(post_ids) or [post.id for post in unmatched_posts(session, limit=LIST_LIMIT)]
        result = retry_posts(session, ids)
        session.commit()
    if result.retried:
        enqueue_received()
    for post_id, reason in result.refused.items():
        click.echo(f"post {post_id}: not retried ({reason})", err=True)
    click.echo(f"{len(result.retried)} posts handed back to processing")
    if result.refused:
        raise SystemExit(1)


commands: list[click.Command] = [inbound]
