"""`overdue-digest`, daily (default 08:30): each secretary gets the list of matters open past
the resolution limit (default 7 days), once a day, only when there are any (跟踪督办, 003)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from handlers.context import Deps
from handlers.escalation.limits import is_overdue, limits_for
from handlers.labels import LEVEL_LABELS
from handlers.privacy import masked_excerpt
from handlers.records.describe import age, label
from handlers.records.people import secretaries
from handlers.theme_day.digest import open_matters
from schedules.sending import send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import daily
from storage.models import Organisation, Person, Record
from storage.sends import SendKey

JOB_ID = "overdue-digest"
SHOWN = 15


def overdue(session: Session, org: Organisation, now: datetime) -> list[Record]:
    limits = limits_for(org)
    return [r for r in open_matters(session, org.id) if is_overdue(r, limits, now)]  # type: ignore[arg-type]


def _text(session: Session, deps: Deps, org: Organisation, records: list[Record], now: datetime) -> str:
    render = deps.templates.render
    limit = limits_for(org).resolution
    lines = [render("schedules.overdue.header", count=len(records), limit=age(now - limit, now))]
    for r in records[:SHOWN]:
        responsible = session.get(Person, r.responsible_id) if r.responsible_id else None
        lines.append(
            render(
                "schedules.overdue.line",
                id=r.id,
                label=label(r),
                level=LEVEL_LABELS.get(r.level, ""),
                age=age(r.created_at, now),
                responsible=responsible.name if responsible else "—",
                text=masked_excerpt(r.text, 30),
            )
        )
    if len(records) > SHOWN:
        lines.append(render("schedules.overdue.more", count=len(records) - SHOWN))
    return "\n".join(lines)


def run(ctx: JobContext) -> None:
    day = ctx.due.date().isoformat()
    for org in ctx.session.exec(select(Organisation)):
        records = overdue(ctx.session, org, ctx.now)
        if not records:
            continue
        text = _text(ctx.session, ctx.deps, org, records, ctx.now)
        for person in secretaries(ctx.session, org.id):  # type: ignore[arg-type]
            send_once(ctx.session, ctx.now, SendKey(JOB_ID, f"person:{person.id}", day), text, person_id=person.id)


def spec(at: str) -> JobSpec:
    return JobSpec(JOB_ID, daily(at), run, grace=timedelta(hours=12))
