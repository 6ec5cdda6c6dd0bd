"""The record state table and the audit trail. Every status change goes through `apply`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from handlers.labels import STATUS_LABELS
from storage.enums import Status
from storage.models import Person, Record, RecordEvent

OPEN = frozenset({Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.REOPENED})


class Action(StrEnum):
    ACCEPT = "accept"
    PROGRESS = "progress"
    RESOLVE = "resolve"
    RATE = "rate"
    REOPEN = "reopen"
    MERGE = "merge"
    WITHDRAW = "withdraw"


# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.ACCEPT: (frozenset({Status.NEW, Status.REOPENED}), Status.ACCEPTED),
    Action.PROGRESS: (OPEN, Status.IN_PROGRESS),
    Action.RESOLVE: (OPEN, Status.RESOLVED),
    Action.RATE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    # 不满意: the resident sends it back (12345's 重办), from resolved or already rated.
    Action.REOPEN: (frozenset({Status.RESOLVED, Status.CLOSED}), Status.REOPENED),
    Action.MERGE: (OPEN, Status.MERGED),
    Action.WITHDRAW: (OPEN, Status.WITHDRAWN),
}

RESPONSES = frozenset({Action.ACCEPT, Action.PROGRESS, Action.RESOLVE})
ENDINGS = frozenset({Action.RATE, Action.MERGE, Action.WITHDRAW})


class TransitionError(Exception):
    """The table forbids this action from the record's current status."""

    def __init__(self, record: Record, action: Action) -> None:
        status = STATUS_LABELS[Status(record.status)]
        super().__init__(f"#{record.id} 当前状态为“{status}”，不能进行此操作。")


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
