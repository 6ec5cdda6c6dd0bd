"""`visit-reminder-first` (default the 1st, 09:00) and `visit-reminder-second` (default the
20th): each liaising member gets one private message listing their households not yet visited
this month (`handlers.visit_reminders`). Nothing is sent to a member who is done.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.periods import Month
from handlers.visit_reminders import plan, reminder_text
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import monthly
from storage.sends import SendKey

FIRST, SECOND = "visit-reminder-first", "visit-reminder-second"
GRACE = timedelta(hours=48)


def remind(ctx: JobContext, second: bool) -> None:
    month = Month.of(ctx.due)
    job = SECOND if second else FIRST
    for reminder in plan(ctx.session, month):
        member = reminder.member
        key = SendKey(job, f"person:{member.id}", str(month))
        send_once(ctx.session, ctx.now, key, reminder_text(ctx.deps, reminder, month, second), person_id=member.id)


def specs(day: int, second_day: int, at: str) -> list[JobSpec]:
    return [
        JobSpec(FIRST, monthly(day, at), lambda ctx: remind(ctx, second=False), grace=GRACE),
        JobSpec(SECOND, monthly(second_day, at), lambda ctx: remind(ctx, second=True), grace=GRACE),
    ]
