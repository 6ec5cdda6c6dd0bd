"""The record state table and the audit trail. Every status change goes through `apply`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, bindparam
from sqlmodel import Session, col, select

from handlers.labels import MUST_VISIT_LABELS, STATUS_LABELS
from storage.enums import OPEN_STATUSES, Status
from storage.models import Person, Record, RecordEvent, VisitTask

OPEN = frozenset(OPEN_STATUSES)
# A withdrawn or merged record is no matter of its own: nothing it opened may chase anyone.
VOID = frozenset({Status.WITHDRAWN, Status.MERGED})


def is_open() -> ColumnElement[bool]:
    """`Record.status IN OPEN` with the statuses written into the SQL as `ix_record_open` spells them,
    so SQLite as well as PostgreSQL reads that partial index rather than every record."""
    statuses = [status.value for status in OPEN_STATUSES]
    return col(Record.status).in_(
        bindparam("open_statuses", statuses, expanding=True, literal_execute=True, unique=True)
    )


class Action(StrEnum):
    ACCEPT = "accept"
    DELIBERATE = "deliberate"
    PROGRESS = "progress"
    RESOLVE = "resolve"
    RATE = "rate"
    CLOSE = "close"
    REOPEN = "reopen"
    MERGE = "merge"
    WITHDRAW = "withdraw"


# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.ACCEPT: (frozenset({Status.NEW, Status.REOPENED}), Status.ACCEPTED),
    # 商议: the branch deliberates an accepted matter (支部研究议事), perhaps more than once.
    Action.DELIBERATE: (frozenset({Status.ACCEPTED, Status.DELIBERATED}), Status.DELIBERATED),
    Action.PROGRESS: (OPEN, Status.IN_PROGRESS),
    Action.RESOLVE: (OPEN, Status.RESOLVED),
    # 销号: closed off in the ledger, by the resident's satisfied rating or, unrated, by the schedule.
    Action.RATE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    # 不满意: the resident sends it back (12345's 重办), from resolved or already rated.
    Action.REOPEN: (frozenset({Status.RESOLVED, Status.CLOSED}), Status.REOPENED),
    Action.MERGE: (OPEN, Status.MERGED),
    Action.WITHDRAW: (OPEN, Status.WITHDRAWN),
}

RESPONSES = frozenset({Action.ACCEPT, Action.DELIBERATE, Action.PROGRESS, Action.RESOLVE})
ENDINGS = frozenset({Action.RATE, Action.CLOSE, Action.MERGE, Action.WITHDRAW})


class TransitionError(Exception):
    """The table forbids this action from the record's current status (`record.refused` says so)."""

    def __init__(self, record: Record, action: Action) -> None:
        self.record_id = record.id
        self.status = Status(record.status)
        super().__init__(f"#{record.id}: {action.value} is not allowed from status {self.status.value}")

    def fields(self) -> dict[str, object]:
        """The placeholders of `record.refused`."""
        return {"id": self.record_id, "status": STATUS_LABELS[self.status]}


def allowed(status: Status, action: Action) -> bool:
    return status in TRANSITIONS[action][0]


def apply(
    session: Session,
    record: Record,
    action: Action,
    now: datetime,
    actor: Person | None = None,
    note: str | None = None,
) -> None:
    """Move `record` by `action`, stamp its times, and append the audit event."""
    sources, target = TRANSITIONS[action]
    if record.status not in sources:
        raise TransitionError(record, action)
    before = record.status
    record.status = target
    record.updated_at = now
    if action in RESPONSES:
        record.responded_at = record.responded_at or now
        record.acknowledged_at = now
    if action is Action.RESOLVE:
        record.resolved_at = now
    if action in ENDINGS:
        record.closed_at = now
    if action is Action.REOPEN:
        record.resolved_at = record.closed_at = None
        record.level_since = now
    audit(session, record, action, now, actor, note, before, target)
    if target in VOID:
        _release_tasks(session, record, now, actor)


def _release_tasks(session: Session, record: Record, now: datetime, actor: Person | None) -> None:
    """Hand the record's open must-visit tasks to another open record of the same household and
    reason, or cancel them, so no reminder goes out for a matter that is not one."""
    tasks = session.exec(select(VisitTask).where(VisitTask.record_id == record.id, col(VisitTask.closed_at).is_(None)))
    for task in tasks:
        heir = session.exec(
            select(Record).where(
                Record.household_id == task.household_id,
                Record.must_visit == task.reason,
                col(Record.status).in_(OPEN),
                Record.id != record.id,
            )
        ).first()
        if heir is not None:
            task.record_id = heir.id
            continue
        task.closed_at = now
        audit(session, record, "cancel_task", now, actor, MUST_VISIT_LABELS.get(task.reason, task.reason))


def audit(
    session: Session,
    record: Record,
    action: str,
    now: datetime,
    actor: Person | None = None,
    note: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    """Append one event to the record's trail; events are never changed or deleted."""
    assert record.id is not None, "a record is flushed before its events are written"
    session.add(
        RecordEvent(
            record_id=record.id,
            at=now,
            actor_id=actor.id if actor else None,
            action=str(action),
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
    )
