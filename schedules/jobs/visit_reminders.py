"""`visit-reminder-first` (default the 1st, 09:00) and `visit-reminder-second` (default the
20th): each liaising member gets one private message listing their households not yet visited
this month, focus households first with their tags. Nothing is sent to a member who is done.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers.context import Deps
from handlers.liaison import liaising_members, unvisited
from handlers.periods import Month
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import monthly
from storage.models import Household, Organisation, Person
from storage.sends import SendKey

FIRST, SECOND = "visit-reminder-first", "visit-reminder-second"
GRACE = timedelta(hours=48)


def _text(deps: Deps, member: Person, month: Month, households: list[Household], second: bool) -> str:
    render = deps.templates.render
    focus = [h for h in households if h.focus_tags]
    header = "schedules.visits.second_header" if second else "schedules.visits.first_header"
    lines = [render(header, name=member.name, month=month.label, count=len(households), focus=len(focus))]
    for h in households:
        address = h.address or ""
        if h.focus_tags:
            tags = "、".join(h.focus_tags)
            lines.append(render("schedules.visits.focus_line", household=h.head_name, tags=tags, address=address))
        else:
            lines.append(render("schedules.visits.line", household=h.head_name, address=address))
    lines.append(render("schedules.visits.footer"))
    return "\n".join(lines)


def remind(ctx: JobContext, second: bool) -> None:
    month = Month.of(ctx.due)
    job = SECOND if second else FIRST
    for org in ctx.session.exec(select(Organisation)):
        assert org.id is not None
        for member in liaising_members(ctx.session, org.id):
            households = unvisited(ctx.session, member, month)
            if households:
                text = _text(ctx.deps, member, month, households, second)
                key = SendKey(job, f"person:{member.id}", str(month))
                send_once(ctx.session, ctx.now, key, text, person_id=member.id)


def specs(day: int, second_day: int, at: str) -> list[JobSpec]:
    return [
        JobSpec(FIRST, monthly(day, at), lambda ctx: remind(ctx, second=False), grace=GRACE),
        JobSpec(SECOND, monthly(second_day, at), lambda ctx: remind(ctx, second=True), grace=GRACE),
    ]
