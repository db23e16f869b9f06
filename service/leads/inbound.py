"""Admins' view of the inbound dead-letter: unmatched, malformed and failed posts, one post's headers and
an escaped excerpt, and re-processing after a fix. Leads who are not admins get 404."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from redis.exceptions import RedisError

from service.leads import blueprint
from service.leads.forms import EmptyForm
from service.leads.users import admin_or_404
from service.replies.admin import post_detail, retry_posts, unmatched_posts
from service.replies.notify import enqueue_received
from service.web_db import db_session

log = logging.getLogger(__name__)

PAGE_LIMIT = 200


@blueprint.route("/admin/inbound/")
@login_required
def admin_inbound() -> ResponseReturnValue:
    admin_or_404()
    posts = unmatched_posts(db_session(), limit=PAGE_LIMIT)
    return (
        render_template("leads/inbound.html", posts=posts, limit=PAGE_LIMIT, button=EmptyForm()),
        200,
        {"Cache-Control": "no-store"},
    )


@blueprint.route("/admin/inbound/<int:post_id>")
@login_required
def admin_inbound_post(post_id: int) -> ResponseReturnValue:
    admin_or_404()
    detail = post_detail(db_session(), post_id)
    if detail is None:
        abort(404)
    return (
        render_template("leads/inbound_post.html", detail=detail, button=EmptyForm()),
        200,
        {"Cache-Control": "no-store"},
    )


@blueprint.route("/admin/inbound/<int:post_id>/retry", methods=["POST"])
@login_required
def admin_inbound_retry(post_id: int) -> ResponseReturnValue:
    user = admin_or_404()
    if not EmptyForm().validate_on_submit():
        abort(400)
    session = db_session()
    result = retry_posts(session, [post_id])
    if post_id in result.refused and result.refused[post_id] == "no such post":
        abort(404)
    session.commit()
    if result.retried:
        log.info("admin %s handed inbound post %s back to processing", user.id, post_id)
        try:
            enqueue_received()
        except (RedisError, OSError) as exc:
            log.warning("inbound post %s: queueing failed (%s), the cron run will process it", post_id,
                        type(exc).__name__)  # fmt: skip
        flash(f"Post {post_id} handed back to processing.", "info")
    else:
        flash(f"Post {post_id} was not retried: it {result.refused[post_id]}.", "error")
    return redirect(url_for("leads.admin_inbound"))
