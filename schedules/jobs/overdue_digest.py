"""`overdue-digest`, daily (default 08:30): each secretary gets the list of matters open past
the resolution limit (`handlers.reports.overdue`), once a day, only when there are any."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.records.people import secretaries
from handlers.reports.overdue import overdue, overdue_digest
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import daily
from storage.models import Organisation
from storage.sends import SendKey

JOB_ID = "overdue-digest"


def run(ctx: JobContext) -> None:
    day = ctx.due.date().isoformat()
    for org in ctx.session.exec(select(Organisation)):
        records = overdue(ctx.session, org, ctx.now)
        if not records:
            continue
        text = overdue_digest(ctx.session, ctx.deps, org, records, ctx.now)
        for person in secretaries(ctx.session, org.id):  # type: ignore[arg-type]
            send_once(ctx.session, ctx.now, SendKey(JOB_ID, f"person:{person.id}", day), text, person_id=person.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, daily(at), run, grace=timedelta(hours=12))
