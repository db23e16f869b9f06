"""Per-request database sessions for the web app, on the shared database module."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from service.db import Database, database


def init_app(app: Flask) -> None:
    app.extensions["database"] = database(app.config["SETTINGS"].database_url)
    app.teardown_appcontext(_close_session)


def current_database() -> Database:
    db: Database = current_app.extensions["database"]
    return db


def db_session() -> Session:
    """The session of the current request, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = current_database().sessionmaker()
    session: Session = g.db_session
    return session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
