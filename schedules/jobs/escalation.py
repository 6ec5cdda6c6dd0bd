"""`escalation-sweep`, every minute: climb every record and chase every must-visit task whose
clock ran out. Level-triggered, so a run after downtime simply does what fell due."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.escalation.deadlines import OrgLimits, earliest, record_deadlines, task_deadlines
from handlers.escalation.records import climb
from handlers.escalation.tasks import step
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every
from storage.models import Record, VisitTask

JOB_ID = "escalation-sweep"


def sweep(ctx: JobContext) -> None:
    limits = OrgLimits(ctx.session)
    auto = bool(ctx.settings.township_endpoint)
    for when, record_id in sorted(record_deadlines(ctx.session, limits, due_by=ctx.now)):
        record = ctx.session.get(Record, record_id)
        if when <= ctx.now and record is not None:
            climb(ctx.session, ctx.deps, record, limits(record.org_id), ctx.now, township_auto=auto)
    for when, task_id in sorted(task_deadlines(ctx.session, limits)):
        task = ctx.session.get(VisitTask, task_id) if when <= ctx.now else None
        if task is not None:
            step(ctx.session, ctx.deps, task, ctx.now)


def idle_until(ctx: JobContext) -> datetime | None:
    return earliest(ctx.session)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(1), sweep, grace=timedelta(hours=1), idle_until=idle_until)
