"""`theme-day`, every minute (the virtual clock skips to the next moment): each organisation's
theme-day reminders and digest (`handlers.theme_day`), to its tier-1 group, once each, at their
time; stale ones dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from handlers.records.people import tier1_group
from handlers.theme_day.calendar import moments_around
from handlers.theme_day.notice import moment_text
from schedules.sending import claimed, drop_once, send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every
from storage.models import Organisation

JOB_ID = "theme-day"


def _organisations(session: Session) -> list[Organisation]:
    query = select(Organisation).where(col(Organisation.theme_day_rule).is_not(None))
    return list(session.exec(query.order_by(col(Organisation.id))))


def run(ctx: JobContext) -> None:
    for org in _organisations(ctx.session):
        group = tier1_group(ctx.session, org.id)  # type: ignore[arg-type]
        for moment in moments_around(org, ctx.now):
            key = moment.key(org.id)
            if moment.at > ctx.now or claimed(ctx.session, key):
                continue
            if group is None or ctx.now >= moment.stale_at:
                why = "no tier-1 group" if group is None else f"stale since {moment.stale_at:%Y-%m-%d %H:%M}"
                drop_once(ctx.session, ctx.now, key, why)
                continue
            text = moment_text(ctx.session, ctx.deps, org, moment, ctx.now)
            send_once(ctx.session, ctx.now, key, text, group_id=group.id)


def idle_until(ctx: JobContext) -> datetime | None:
    pending = [
        m.at
        for org in _organisations(ctx.session)
        for m in moments_around(org, ctx.now)
        if not claimed(ctx.session, m.key(org.id))
    ]
    return min(pending, default=None)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(1), run, grace=timedelta(hours=6), idle_until=idle_until)
