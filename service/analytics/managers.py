"""The per-manager engagement table: one row per manager, sortable, filterable, paginated.

Statistics come from grouped subqueries over a *scope* of managers (a page of ids, a chunk of an
export, or the whole program when sorting or filtering needs them), never a query per manager.
Sort keys and filters are looked up in whitelists: no request text ever becomes SQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from service.analytics.kpis import status_now
from service.analytics.sql import answered, real_reply
from service.curriculum import load_curriculum
from service.enums import EmailKind, SubscriptionStatus
from service.models import Manager, Message, Reply, Subscription, iso_utc
from service.sharing import message_in_program
from service.text import single_spaced

STALLED_AFTER = 3  # unanswered prompts in a row
AWAITING_GRACE = timedelta(days=3)  # a prompt this recent is awaited, not missed: it keeps a streak alive
STATUSES = tuple(SubscriptionStatus)  # a manager without a subscription yet counts as pending
PER_PAGE = (25, 50, 100)
DEFAULT_PER_PAGE = 100
MAX_PAGE = 1_000_000  # keeps the row offset a small number on every database
SEARCH_MAX = 100
STALLED_YES = ("1", "true", "on", "yes")
STALLED_NO = ("0", "false", "off", "no")
EXPORT_CHUNK = 1000
COLUMNS = ("name", "email", "focus", "status", "last_email", "last_reply", "replies", "streak", "unanswered")
CHEAP_SORTS = frozenset({"name", "email", "focus", "status"})  # need no statistics to order by


@dataclass(frozen=True, slots=True)
class ManagerQuery:
    """A validated table request; build it with `from_args`, which drops anything not whitelisted."""

    sort: str = "name"
    descending: bool = False
    status: str | None = None
    focus: str | None = None
    search: str = ""
    stalled: bool = False
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: Mapping[str, Any], lessons: Collection[str]) -> ManagerQuery:
        sort = str(args.get("sort", "name"))
        status = str(args.get("status", ""))
        focus = str(args.get("focus", ""))
        per_page = _int(args.get("per_page"), DEFAULT_PER_PAGE)
        return cls(
            sort=sort if sort in COLUMNS else "name",
            descending=str(args.get("dir", "")) == "desc",
            status=status if status in STATUSES else None,
            focus=focus if focus in lessons else None,
            search=single_spaced(str(args.get("q", "")))[:SEARCH_MAX],
            stalled=str(args.get("stalled", "")).lower() in STALLED_YES,  # Python's requests sends "True"
            page=max(1, min(_int(args.get("page"), 1), MAX_PAGE)),
            per_page=per_page if per_page in PER_PAGE else DEFAULT_PER_PAGE,
        )

    def args(self, **changes: Any) -> dict[str, str]:
        """Query-string arguments for this request with `changes` applied (for links)."""
        query = replace(self, **changes)
        out = {"sort": query.sort, "dir": "desc" if query.descending else "asc", "page": str(query.page),
               "per_page": str(query.per_page)}  # fmt: skip
        if query.status:
            out["status"] = query.status
        if query.focus:
            out["focus"] = query.focus
        if query.search:
            out["q"] = query.search
        if query.stalled:
            out["stalled"] = "1"
        return out


def _int(raw: object, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class ManagerRow:
    """One manager's engagement; `streak` counts prompts answered in a row, `unanswered` the run of
    prompts left unanswered since their last reply (the spacing engine's count)."""

    id: int
    name: str
    email: str
    focus: str | None
    status: str
    share_replies: bool
    timezone: str
    last_email_at: datetime | None
    last_reply_at: datetime | None
    replies: int
    streak: int
    unanswered: int

    @property
    def stalled(self) -> bool:
        return self.unanswered >= STALLED_AFTER

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "email": self.email, "timezone": self.timezone,
            "focus": self.focus, "status": self.status, "last_email_at": iso_utc(self.last_email_at),
            "last_reply_at": iso_utc(self.last_reply_at),
            "replies": self.replies, "current_streak": self.streak, "unanswered_prompts": self.unanswered,
            "stalled": self.stalled,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ManagerPage:
    rows: list[ManagerRow]
    total: int
    query: ManagerQuery

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True, slots=True)
class _Stats:
    last_email: Subquery
    replies: Subquery
    unanswered: Subquery
    streak: Subquery


def _emails_in_program(managers: ColumnElement[bool], program_id: int) -> ColumnElement[bool]:
    """These managers' emails sent while they were in the program (service/sharing.py)."""
    return and_(managers, message_in_program(program_id))


def _stats(scope: ColumnElement[bool], now: datetime) -> _Stats:
    """Grouped per-manager statistics of the emails `scope` (a condition on Message) selects and of
    the replies to them (selected through the same emails, so a chunk reads only its own)."""
    reply_scope = Reply.message_id.in_(select(Message.id).where(scope))
    last_email = (
        select(Message.manager_id, func.max(Message.sent_at).label("at"))
        .where(scope, Message.sent_at.is_not(None))
        .group_by(Message.manager_id)
        .subquery("last_email")
    )
    replies = (
        select(Reply.manager_id, func.count().label("n"), func.max(Reply.received_at).label("at"))
        .where(reply_scope, real_reply())
        .group_by(Reply.manager_id)
        .subquery("reply_stats")
    )
    unanswered = (
        select(Message.manager_id, func.count(func.distinct(Message.content_id)).label("n"))
        .join(Subscription, Subscription.id == Message.subscription_id)
        .outerjoin(replies, replies.c.manager_id == Message.manager_id)
        .where(
            scope,
            Message.kind == EmailKind.PROMPT,
            Message.sent_at.is_not(None),
            ~answered(),
            or_(replies.c.at.is_(None), Message.sent_at > replies.c.at),
            or_(Subscription.resumed_at.is_(None), Message.sent_at >= Subscription.resumed_at),
        )
        .group_by(Message.manager_id)
        .subquery("unanswered")
    )
    last_miss = (
        select(Message.manager_id, func.max(Message.sent_at).label("at"))
        .where(
            scope,
            Message.kind == EmailKind.PROMPT,
            Message.sent_at.is_not(None),
            Message.sent_at < now - AWAITING_GRACE,
            ~answered(),
        )
        .group_by(Message.manager_id)
        .subquery("last_miss")
    )
    streak = (
        select(Message.manager_id, func.count(func.distinct(Message.content_id)).label("n"))
        .outerjoin(last_miss, last_miss.c.manager_id == Message.manager_id)
        .where(
            scope,
            Message.kind == EmailKind.PROMPT,
            answered(),
            or_(last_miss.c.at.is_(None), Message.sent_at > last_miss.c.at),
        )
        .group_by(Message.manager_id)
        .subquery("streak")
    )
    return _Stats(last_email, replies, unanswered, streak)


def _table(stats: _Stats) -> Select[Any]:
    return (
        select(
            Manager.id,
            Manager.name,
            Manager.email,
            Subscription.lesson_slug,
            status_now().label("status"),
            Manager.sharing_since,
            Manager.timezone,
            stats.last_email.c.at.label("last_email_at"),
            stats.replies.c.at.label("last_reply_at"),
            func.coalesce(stats.replies.c.n, 0).label("replies"),
            func.coalesce(stats.streak.c.n, 0).label("streak"),
            func.coalesce(stats.unanswered.c.n, 0).label("unanswered"),
        )
        .select_from(Manager)
        .outerjoin(Subscription, Subscription.manager_id == Manager.id)
        .outerjoin(stats.last_email, stats.last_email.c.manager_id == Manager.id)
        .outerjoin(stats.replies, stats.replies.c.manager_id == Manager.id)
        .outerjoin(stats.unanswered, stats.unanswered.c.manager_id == Manager.id)
        .outerjoin(stats.streak, stats.streak.c.manager_id == Manager.id)
    )


def _row(record: Any) -> ManagerRow:
    return ManagerRow(
        id=record.id,
        name=record.name,
        email=record.email,
        focus=record.lesson_slug,
        status=record.status,
        share_replies=record.sharing_since is not None,
        timezone=record.timezone,
        last_email_at=record.last_email_at,
        last_reply_at=record.last_reply_at,
        replies=int(record.replies),
        streak=int(record.streak),
        unanswered=int(record.unanswered),
    )


def _filters(program_id: int, query: ManagerQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Manager.program_id == program_id]
    if query.status:
        conditions.append(status_now() == query.status)
    if query.focus:
        conditions.append(Subscription.lesson_slug == query.focus)
    if query.search:
        pattern = "%" + query.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            or_(Manager.name.ilike(pattern, escape="\\"), Manager.email.ilike(pattern, escape="\\"))
        )
    return conditions


def _lesson_number() -> ColumnElement[Any]:
    """The focus lesson's curriculum number in SQL, so the table pages in lesson order, not by slug."""
    numbers = {lesson.slug: lesson.number for lesson in load_curriculum().lessons}
    return case(numbers, value=Subscription.lesson_slug, else_=None)  # no or an unknown lesson: last


def _order(query: ManagerQuery, stats: _Stats | None = None) -> list[SQLColumnExpression[Any]]:
    columns: dict[str, SQLColumnExpression[Any]] = {
        "name": func.lower(Manager.name),
        "email": Manager.email,
        "focus": _lesson_number(),
        "status": status_now(),
    }
    if stats is not None:
        columns.update(
            last_email=stats.last_email.c.at,
            last_reply=stats.replies.c.at,
            replies=func.coalesce(stats.replies.c.n, 0),
            streak=func.coalesce(stats.streak.c.n, 0),
            unanswered=func.coalesce(stats.unanswered.c.n, 0),
        )
    column = columns[query.sort]
    ordered = column.desc() if query.descending else column.asc()
    tie = Manager.id.desc() if query.descending else Manager.id.asc()
    return [ordered.nulls_last(), tie]


def manager_page(session: Session, program_id: int, query: ManagerQuery, now: datetime) -> ManagerPage:
    """One page of the table, with statistics read for the page's managers only. Sorting by a
    statistic or filtering stalled managers first orders the program by that one statistic (one
    grouped query), then reads the page like any other."""
    conditions = _filters(program_id, query)
    offset = (query.page - 1) * query.per_page
    if query.sort in CHEAP_SORTS and not query.stalled:
        base = (
            select(Manager.id)
            .select_from(Manager)
            .outerjoin(Subscription, Subscription.manager_id == Manager.id)
            .where(*conditions)
        )
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        ids = list(session.scalars(base.order_by(*_order(query)).limit(query.per_page).offset(offset)))
        rows = rows_for(session, ids, now, program_id)
        return ManagerPage(rows, total, query)
    in_program = select(Manager.id).where(Manager.program_id == program_id).scalar_subquery()
    stats = _stats(_emails_in_program(Message.manager_id.in_(in_program), program_id), now)
    by_sort = {"last_email": stats.last_email, "last_reply": stats.replies, "replies": stats.replies,
               "streak": stats.streak, "unanswered": stats.unanswered}  # fmt: skip
    needed = [by_sort[query.sort]] if query.sort in by_sort else []
    if query.stalled:
        needed.append(stats.unanswered)
        conditions.append(func.coalesce(stats.unanswered.c.n, 0) >= STALLED_AFTER)
    base = (
        select(Manager.id).select_from(Manager).outerjoin(Subscription, Subscription.manager_id == Manager.id)
    )
    for subquery in dict.fromkeys(needed):  # only the statistics this order or filter needs
        base = base.outerjoin(subquery, subquery.c.manager_id == Manager.id)
    base = base.where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    ids = list(session.scalars(base.order_by(*_order(query, stats)).limit(query.per_page).offset(offset)))
    return ManagerPage(rows_for(session, ids, now, program_id), total, query)


def shown_page(session: Session, program_id: int, query: ManagerQuery, now: datetime) -> ManagerPage:
    """The page a person asked for, or the last one when that is past the end (an edited URL never
    shows "Page 4 of 3"); the API answers the page asked for instead, empty, with the true count."""
    page = manager_page(session, program_id, query, now)
    if query.page <= page.pages:
        return page
    return manager_page(session, program_id, replace(query, page=page.pages), now)


def rows_for(session: Session, manager_ids: list[int], now: datetime, program_id: int) -> list[ManagerRow]:
    """Rows for these managers, in the order given (statistics limited to them, and to what happened
    while they were in the program: service/sharing.py)."""
    if not manager_ids:
        return []
    stats = _stats(_emails_in_program(Message.manager_id.in_(manager_ids), program_id), now)
    by_id = {
        record.id: _row(record)
        for record in session.execute(_table(stats).where(Manager.id.in_(manager_ids)))
    }
    return [by_id[manager_id] for manager_id in manager_ids if manager_id in by_id]


def iter_manager_rows(
    session: Session, program_id: int, now: datetime, chunk: int = EXPORT_CHUNK
) -> Iterator[ManagerRow]:
    """Every manager of the program by id, `chunk` at a time: memory stays flat and the first rows
    come out after one chunk's work, however large the program. Each chunk is read in its own
    transaction, so the session must have no pending writes."""
    after = 0
    while True:
        ids = list(
            session.scalars(
                select(Manager.id)
                .where(Manager.program_id == program_id, Manager.id > after)
                .order_by(Manager.id)
                .limit(chunk)
            )
        )
        rows = rows_for(session, ids, now, program_id)
        session.rollback()  # end the read between chunks: no lock or snapshot held while the client reads
        if not ids:
            return
        yield from rows
        after = ids[-1]


__all__ = [
    "COLUMNS",
    "MAX_PAGE",
    "PER_PAGE",
    "SEARCH_MAX",
    "STALLED_AFTER",
    "STALLED_NO",
    "STALLED_YES",
    "STATUSES",
    "ManagerPage",
    "ManagerQuery",
    "ManagerRow",
    "iter_manager_rows",
    "manager_page",
    "rows_for",
    "shown_page",
]
