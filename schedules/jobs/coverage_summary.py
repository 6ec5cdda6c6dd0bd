"""`visit-coverage-summary`, on the last day of the month (default 20:00): one message to each
tier-1 group with the month's visit coverage (`handlers.reports.coverage`)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.periods import Month
from handlers.records.people import tier1_group
from handlers.reports.coverage import coverage_summary
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import monthly
from storage.models import Organisation
from storage.sends import SendKey

JOB_ID = "visit-coverage-summary"


def summarise(ctx: JobContext) -> None:
    month = Month.of(ctx.due)
    for org in ctx.session.exec(select(Organisation)):
        group = tier1_group(ctx.session, org.id)  # type: ignore[arg-type]
        if group is None:
            continue
        text = coverage_summary(ctx.session, ctx.deps, org.id, month)  # type: ignore[arg-type]
        send_once(ctx.session, ctx.now, SendKey(JOB_ID, f"org:{org.id}", str(month)), text, group_id=group.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, monthly("last", at), summarise, grace=timedelta(hours=12))
