"""Who answers at each level of the ladder, and when a record's clock at its level runs out.

The levels are `Level`'s, beside the time limits of each. A response (受理, 进展, 办结)
after the record reached its level stops that level's clock (`acknowledged_at >= level_since`);
a reopened record's clock starts again from the reopening, until someone responds to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, not_, or_
from sqlmodel import Session, col, select

from handlers.escalation.limits import Level, Limits
from handlers.records.lifecycle import OPEN, is_open
from handlers.records.people import secretaries
from storage.enums import Kind, Status
from storage.models import Household, Person, Record, VisitTask


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
    unanswered = or_(
        col(Record.acknowledged_at).is_(None),
        col(Record.acknowledged_at) < col(Record.level_since),
        col(Record.status) == Status.REOPENED,
    )
    tasked = exists().where(col(VisitTask.record_id) == col(Record.id))
    # levels listed rather than `level < TOWNSHIP`: SQLite then seeks ix_record_open_clock level by level
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


def member_of(session: Session, record: Record) -> Person | None:
    """Who answers at level 0: the responsible person, else the household's liaising member."""
    if record.responsible_id is not None:
        return session.get(Person, record.responsible_id)
    household = session.get(Household, record.household_id) if record.household_id else None
    return session.get(Person, household.member_id) if household else None


def hub_of(session: Session, person: Person | None) -> Person | None:
    if person is None or person.hub_id is None:
        return None
    hub = session.get(Person, person.hub_id)
    return hub if hub is not None and hub.active else None


def people_at(session: Session, record: Record, level: int) -> list[Person]:
    """Who is expected to answer while the record stands at `level`."""
    member = member_of(session, record)
    if level == Level.MEMBER:
        return [member] if member else []
    if level == Level.HUB:
        hub = hub_of(session, member)
        return [hub] if hub else []
    if level == Level.ORG:
        return secretaries(session, record.org_id)
    return []
