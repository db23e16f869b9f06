"""GET /healthz: is the database reachable, is Redis reachable, is sending allowed."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.queues import redis_connection, sending_paused_reason
from service.web_db import current_database

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    body: dict[str, str] = {}
    ok = True
    try:
        with current_database().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        body["db"] = "ok"
    except SQLAlchemyError as exc:
        current_app.logger.warning("healthz: database check failed: %s", type(exc).__name__)
        body["db"] = "down"
        ok = False
    try:
        redis = redis_connection(current_app.config["SETTINGS"].redis_url)
        redis.ping()
        body["redis"] = "ok"
        pause = sending_paused_reason(redis)
        if pause:
            body["sending"] = f"paused: {pause}"
    except (RedisError, OSError) as exc:
        current_app.logger.warning("healthz: redis check failed: %s", type(exc).__name__)
        body["redis"] = "down"
        ok = False
    return jsonify(body), 200 if ok else 503
