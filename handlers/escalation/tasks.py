"""Chasing must-visit tasks (八必访): after 3 days a reminder to the member, after 7 to the hub.

`VisitTask.level` counts the steps taken: 0 none, 1 member reminded, 2 hub told. Without a
hub, the secretaries are told instead.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.escalation.limits import Limits
from handlers.escalation.staff import Staff
from handlers.labels import MUST_VISIT_LABELS
from handlers.records.describe import age
from handlers.records.lifecycle import audit
from storage import outbox
from storage.models import Household, Record, SendClaim, VisitTask
from storage.sends import SendKey

log = logging.getLogger(__name__)
STEPS = 2


def task_deadline(task: VisitTask, limits: Limits) -> datetime | None:
    if task.closed_at is not None or task.level >= STEPS:
        return None
    return task.opened_at + (limits.visit_reminder if task.level == 0 else limits.visit_to_hub)


def open_tasks(
    session: Session, due_by: datetime | None = None, shortest: Limits | None = None
) -> list[tuple[VisitTask, int]]:
    """Tasks with a step still to take, each with its household's organisation, in one query.

    With `due_by`, only those whose step may have fallen due by then under `shortest` (no
    organisation's limits shorter); `task_deadline` still decides each one.
    """
    # steps listed rather than `level < STEPS`: SQLite then reads the partial ix_visittask_open
    query = select(VisitTask, Household.org_id).join(Household, col(Household.id) == col(VisitTask.household_id))
    query = query.where(col(VisitTask.closed_at).is_(None), col(VisitTask.level).in_(range(STEPS)))
    if due_by is not None:
        limits = shortest or Limits()
        waits = (limits.visit_reminder, limits.visit_to_hub)
        steps = [and_(col(VisitTask.level) == n, col(VisitTask.opened_at) <= due_by - waits[n]) for n in range(STEPS)]
        query = query.where(or_(*steps))
    return [(task, org_id) for task, org_id in session.exec(query.order_by(col(VisitTask.id)))]


def records_of(session: Session, tasks: list[VisitTask]) -> dict[int, Record]:
    """The must-visit records the tasks chase, in one query."""
    ids = {task.record_id for task in tasks if task.record_id is not None}
    if not ids:
        return {}
    return {record.id: record for record in session.exec(select(Record).where(col(Record.id).in_(ids))) if record.id}


def step_key(task: VisitTask) -> SendKey:
    """The send ledger's key of the task's next step."""
    return SendKey("visit-task", f"task:{task.id}", f"level:{task.level + 1}")


def step(
    session: Session,
    deps: Deps,
    staff: Staff,
    task: VisitTask,
    record: Record | None,
    claim: SendClaim | None,
    now: datetime,
) -> None:
    """Take the task's next step under `claim` (its `step_key`'s; None: told before): remind its
    member, then tell the hub; noted in `record`'s trail. A task whose household or member is gone
    steps without a message."""
    target = task.level + 1
    household = staff.households.get(task.household_id)
    member = staff.people.get(task.member_id)
    if household is None or member is None:
        task.level = target
        return
    fields = {
        "household": household.head_name,
        "member": member.name,
        "id": task.record_id or "",
        "reason": MUST_VISIT_LABELS.get(task.reason, task.reason),
        "age": age(task.opened_at, now),
    }
    if claim is not None:
        key = "schedules.visit_task.remind_member" if target == 1 else "schedules.visit_task.to_hub"
        hub = staff.hub_of(member)
        people = [member] if target == 1 else [hub] if hub else staff.secretaries(member.org_id)
        rows = [outbox.enqueue(session, now, deps.templates.render(key, **fields), person_id=p.id) for p in people]
        claim.outbox = rows[0] if rows else None
    if record is not None:
        note_key = "schedules.visit_task.note_member" if target == 1 else "schedules.visit_task.note_hub"
        audit(session, record, "escalate", now, None, deps.templates.render(note_key, age=fields["age"]))
    log.info("visit task %s stepped to %s", task.id, target)
    task.level = target
