"""`escalation-sweep`, every minute: climb every record and chase every must-visit task whose
clock ran out. Level-triggered, so a run after downtime simply does what fell due."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.escalation.deadlines import OrgLimits, due_records, due_tasks, earliest
from handlers.escalation.records import climb
from handlers.escalation.staff import Staff
from handlers.escalation.tasks import records_of, step
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every

JOB_ID = "escalation-sweep"


def sweep(ctx: JobContext) -> None:
    limits = OrgLimits(ctx.session)
    auto = bool(ctx.settings.township_endpoint)
    records = [record for _, record in due_records(ctx.session, limits, due_by=ctx.now)]
    tasks = [task for _, task in due_tasks(ctx.session, limits, due_by=ctx.now)]
    staff = Staff(ctx.session, records, tasks)
    with ctx.session.no_autoflush:  # every step's rows go in at the end, a statement per table
        for record in records:
            climb(ctx.session, ctx.deps, staff, record, limits(record.org_id), ctx.now, township_auto=auto)
        chased = records_of(ctx.session, tasks)
        for task in tasks:
            step(ctx.session, ctx.deps, staff, task, chased.get(task.record_id or 0), ctx.now)


def idle_until(ctx: JobContext) -> datetime | None:
    return earliest(ctx.session)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(1), sweep, grace=timedelta(hours=1), idle_until=idle_until)
