"""`visit-coverage-summary`, on the last day of the month (default 20:00): one message to each
tier-1 group with the month's visit coverage, village-wide and per member, focus households apart."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.liaison import liaising_members, member_coverage, unvisited
from handlers.periods import Month
from handlers.records.people import tier1_group
from handlers.stats import coverage, percent
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import monthly
from storage.models import Organisation
from storage.sends import SendKey

JOB_ID = "visit-coverage-summary"
MISSING_SHOWN = 5


def summarise(ctx: JobContext) -> None:
    month = Month.of(ctx.due)
    render = ctx.deps.templates.render
    for org in ctx.session.exec(select(Organisation)):
        group = tier1_group(ctx.session, org.id)  # type: ignore[arg-type]
        if group is None:
            continue
        whole = coverage(ctx.session, org.id, month.start, month.end)  # type: ignore[arg-type]
        lines = [
            render(
                "schedules.visits.summary_header",
                month=month.label,
                visited=whole.visited,
                due=whole.due,
                rate=percent(whole.rate),
                focus_visited=whole.focus_visited,
                focus_due=whole.focus_due,
                focus_rate=percent(whole.focus_rate),
            )
        ]
        for member in liaising_members(ctx.session, org.id):  # type: ignore[arg-type]
            mine = member_coverage(ctx.session, member, month)
            missing = [h.head_name for h in unvisited(ctx.session, member, month)]
            shown = "、".join(missing[:MISSING_SHOWN]) + ("等" if len(missing) > MISSING_SHOWN else "")
            lines.append(
                render(
                    "schedules.visits.summary_line",
                    name=member.name,
                    visited=mine.visited,
                    due=mine.due,
                    focus_visited=mine.focus_visited,
                    focus_due=mine.focus_due,
                    missing=render("schedules.visits.summary_missing", names=shown) if missing else "",
                )
            )
        key = SendKey(JOB_ID, f"org:{org.id}", str(month))
        send_once(ctx.session, ctx.now, key, "\n".join(lines), group_id=group.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, monthly("last", at), summarise, grace=timedelta(hours=12))
