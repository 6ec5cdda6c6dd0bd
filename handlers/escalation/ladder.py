"""When a record's clock at its level runs out, and which records' clocks run.

The levels are `Level`'s, beside the time limits of each; who answers at each is `Staff`'s.
A response (受理, 进展, 办结) after the record reached its level stops that level's clock
(`acknowledged_at >= level_since`); a reopened record's clock starts again from the reopening,
until someone responds to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, literal, not_, or_
from sqlmodel import Session, col, select

from handlers.escalation.limits import Level, Limits
from handlers.records.lifecycle import OPEN, is_open
from storage.enums import Kind, Status
from storage.models import Record, VisitTask


def deadline(record: Record, limits: Limits) -> datetime | None:
    """When the record climbs a level unless someone answers; None when its clock is stopped."""
    if record.status not in OPEN or record.level >= Level.TOWNSHIP:
        return None
    limit = limits.at_level(record.kind, record.level)
    if limit is None:
        return None
    # A reopened record has had no response since it came back, whatever the timestamps say.
    answered = record.acknowledged_at is not None and record.acknowledged_at >= record.level_since
    if answered and record.status != Status.REOPENED:
        return None
    return record.level_since + limit


def climbing(session: Session, due_by: datetime | None = None, shortest: Limits | None = None) -> list[Record]:
    """Open records below the top whose clock runs (no response since they reached their level, or
    reopened); a must-visit record with a task is chased through its task.

    With `due_by`, only those whose clock may have run out by then under `shortest` (no
    organisation's limits shorter): the sweep reads the few due records, not every open one.
    `deadline` still decides each one.
    """
    # spelled as CLOCK_RUNS_SQL, the partial index's WHERE, 'reopened' written into the SQL
    unanswered = or_(
        col(Record.acknowledged_at).is_(None),
        col(Record.acknowledged_at) < col(Record.level_since),
        col(Record.status) == literal(Status.REOPENED.value, literal_execute=True),
    )
    tasked = exists().where(col(VisitTask.record_id) == col(Record.id))
    # levels listed rather than `level < TOWNSHIP`: SQLite then seeks ix_record_clock_runs level by level
    below_top = col(Record.level).in_(range(Level.TOWNSHIP))
    query = select(Record).where(is_open(), below_top, unanswered, not_(and_(col(Record.kind) == Kind.VISIT, tasked)))
    if due_by is not None:
        query = query.where(_clock_ran_out(due_by, shortest or Limits()))
    return list(session.exec(query.order_by(col(Record.id))))


def _clock_ran_out(due_by: datetime, shortest: Limits) -> ColumnElement[bool]:
    emergency = col(Record.kind) == Kind.EMERGENCY
    steps = [and_(emergency, col(Record.level_since) <= due_by - shortest.emergency_ack)]
    for level in range(Level.TOWNSHIP):
        limit = shortest.at_level(Kind.GRIEVANCE, level)
        assert limit is not None
        steps.append(and_(not_(emergency), col(Record.level) == level, col(Record.level_since) <= due_by - limit))
    return or_(*steps)
