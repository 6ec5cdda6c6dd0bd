"""Folding a burst into one record, and linking the same problem raised by several households."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from handlers.records.lifecycle import is_open
from storage.enums import Kind
from storage.models import Record

# Two reports are the same problem when their words overlap at least this much (Jaccard).
SAME_PROBLEM = 0.3


def recent_from_same_reporter(
    session: Session, reporter_id: int, kind: str | None, category: str | None, since: datetime
) -> Record | None:
    """An open record of the same kind (None: any) and topic this reporter touched within the fold window."""
    query = select(Record).where(
        Record.reporter_id == reporter_id,
        is_open(),
        Record.updated_at >= since,  # type: ignore[arg-type]
    )
    if kind is not None:
        query = query.where(Record.kind == kind)
    for record in session.exec(query.order_by(col(Record.updated_at).desc(), col(Record.id).desc())):
        if category is None or record.category in (None, category):
            return record
    return None


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def same_problem_elsewhere(
    session: Session,
    record_org: int,
    kind: str,
    category: str | None,
    words: set[str],
    household_id: int | None,
    now: datetime,
    window: timedelta,
    same_place: Callable[[Record], bool],
) -> Record | None:
    """The first open record of the same problem, at the same place, from another household within `window`."""
    query = select(Record).where(
        Record.org_id == record_org,
        Record.kind == kind,
        Record.category == category,
        is_open(),
        Record.created_at >= now - window,  # type: ignore[arg-type]
        Record.merged_into_id.is_(None),  # type: ignore[union-attr]
    )
    for record in session.exec(query.order_by(col(Record.id))):
        if household_id is not None and record.household_id == household_id:
            continue
        if similarity(words, set(record.keywords)) >= SAME_PROBLEM and same_place(record):
            return record
    return None


def open_emergencies(session: Session, group_id: int | None, reporter_id: int | None, since: datetime) -> list[Record]:
    """Open emergencies anyone added to since `since`, latest first: the group's, or in private the reporter's."""
    query = select(Record).where(
        Record.kind == Kind.EMERGENCY,
        is_open(),
        Record.updated_at >= since,  # type: ignore[arg-type]
        Record.merged_into_id.is_(None),  # type: ignore[union-attr]
    )
    if group_id is not None:
        query = query.where(Record.group_id == group_id)
    else:
        query = query.where(col(Record.group_id).is_(None), Record.reporter_id == reporter_id)
    return list(session.exec(query.order_by(col(Record.updated_at).desc(), col(Record.id).desc())))
