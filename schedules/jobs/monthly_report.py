"""`monthly-report`, on the 1st (default 08:00): last month's report to each secretary, privately."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.periods import Month
from handlers.records.people import secretaries
from handlers.reports.monthly import monthly_report
from schedules.sending import claimed, send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import monthly
from storage.models import Organisation
from storage.sends import SendKey

JOB_ID = "monthly-report"


def report(ctx: JobContext) -> None:
    month = Month.of(ctx.due).previous()
    for org in ctx.session.exec(select(Organisation)):
        readers = [
            p
            for p in secretaries(ctx.session, org.id)  # type: ignore[arg-type]
            if not claimed(ctx.session, SendKey(JOB_ID, f"person:{p.id}", str(month)))
        ]
        if not readers:
            continue
        text = monthly_report(ctx.session, ctx.deps, org, month, ctx.now)
        for person in readers:
            key = SendKey(JOB_ID, f"person:{person.id}", str(month))
            send_once(ctx.session, ctx.now, key, text, person_id=person.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, monthly(1, at), report, grace=timedelta(hours=48))
