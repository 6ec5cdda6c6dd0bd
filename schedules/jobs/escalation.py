"""`escalation-sweep`, every minute: `handlers.escalation.sweep`."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.escalation.deadlines import earliest
from handlers.escalation.sweep import sweep as escalate
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every

JOB_ID = "escalation-sweep"


def sweep(ctx: JobContext) -> None:
    escalate(ctx.session, ctx.deps, ctx.now, township_auto=bool(ctx.settings.township_endpoint))


def idle_until(ctx: JobContext) -> datetime | None:
    return earliest(ctx.session)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(1), sweep, grace=timedelta(hours=1), idle_until=idle_until)
