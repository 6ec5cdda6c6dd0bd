"""One escalation sweep: climb every record and chase every must-visit task whose clock ran out.

Level-triggered, so a run after downtime simply does what fell due. A county's sweep may find
dozens at once: who answers them, their send claims and the records the tasks chase are read or
taken for all of them together, and their messages and trail entries stored in one flush.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.context import Deps
from handlers.escalation.deadlines import OrgLimits, due_records, due_tasks
from handlers.escalation.records import climb, climb_key, next_level
from handlers.escalation.staff import Staff
from handlers.escalation.tasks import records_of, step, step_key
from storage.sends import claim_all


def sweep(session: Session, deps: Deps, now: datetime, *, township_auto: bool) -> None:
    limits = OrgLimits(session)
    records = [record for _, record in due_records(session, limits, due_by=now)]
    tasks = [task for _, task in due_tasks(session, limits, due_by=now)]
    staff = Staff(session, records, tasks)
    climbs = [(record, next_level(staff, record)) for record in records]
    claims = claim_all(session, [climb_key(r, level) for r, level in climbs] + [step_key(t) for t in tasks], now)
    chased = records_of(session, tasks)
    with session.no_autoflush:
        for record, level in climbs:
            claim = claims.get(climb_key(record, level))
            climb(session, deps, staff, record, level, claim, limits(record.org_id), now, township_auto=township_auto)
        for task in tasks:
            step(session, deps, staff, task, chased.get(task.record_id or 0), claims.get(step_key(task)), now)
