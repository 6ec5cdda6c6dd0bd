"""`quarterly-report`, on the first day of each quarter (default 08:00): last quarter's report
per hub, with its stars and the members' points, to each tier-1 group."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.periods import Quarter
from handlers.points import ledger_start
from handlers.records.people import tier1_group
from handlers.reports.quarterly import quarterly_report
from schedules.sending import claimed, send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import quarterly
from storage.models import Organisation
from storage.sends import SendKey

JOB_ID = "quarterly-report"


def report(ctx: JobContext) -> None:
    quarter = Quarter.of(ctx.due).previous()
    for org in ctx.session.exec(select(Organisation)):
        group = tier1_group(ctx.session, org.id)  # type: ignore[arg-type]
        started = ledger_start(ctx.session, org.id)  # type: ignore[arg-type]
        if group is None or started is None or started >= quarter.end:
            continue
        key = SendKey(JOB_ID, f"org:{org.id}", str(quarter))
        if claimed(ctx.session, key):
            continue
        text = quarterly_report(ctx.session, ctx.deps, org, quarter, ctx.now)
        send_once(ctx.session, ctx.now, key, text, group_id=group.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, quarterly(at), report, grace=timedelta(hours=48))
