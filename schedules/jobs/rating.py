"""`rating-sweep`, every minute: the reminder and the close-off of each resolved matter left
unrated (`handlers.records.unrated`), each claimed in the send ledger under the record and the
moment it was resolved, so a restart never repeats one."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.escalation.deadlines import OrgLimits
from handlers.records.unrated import CLOSE, REMIND, due_steps, notice, record_step, resolved, step_now
from schedules.sending import claimed_keys, drop_once, send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every
from storage.models import Record
from storage.sends import SendKey

JOB_ID = "rating-sweep"


def _key(step: str, record: Record) -> SendKey:
    assert record.resolved_at is not None
    return SendKey(step, f"record:{record.id}", f"resolved:{record.resolved_at.isoformat()}")


def _take(ctx: JobContext, record: Record, step: str) -> None:
    told = notice(ctx.session, ctx.deps, record, step)
    key = _key(step, record)
    if told.group_id is None and told.person_id is None:
        taken = drop_once(ctx.session, ctx.now, key, "nobody to tell")
    else:
        taken = send_once(
            ctx.session,
            ctx.now,
            key,
            told.text,
            group_id=told.group_id,
            person_id=told.person_id,
            mention_ids=told.mention_ids,
        )
    if taken:
        record_step(ctx.session, ctx.deps, record, step, ctx.now)


def sweep(ctx: JobContext) -> None:
    limits = OrgLimits(ctx.session)
    done = claimed_keys(ctx.session, [REMIND, CLOSE])
    for record in resolved(ctx.session):
        taken = {step for step in (REMIND, CLOSE) if _key(step, record) in done}
        step = step_now(record, limits(record.org_id), ctx.now, taken)
        if step is not None:
            _take(ctx, record, step)


def idle_until(ctx: JobContext) -> datetime | None:
    limits = OrgLimits(ctx.session)
    done = claimed_keys(ctx.session, [REMIND, CLOSE])
    moments = [
        when
        for record in resolved(ctx.session)
        for when, step in due_steps(record, limits(record.org_id))
        if _key(step, record) not in done
    ]
    return min(moments, default=None)


def spec() -> JobSpec:
    return JobSpec(JOB_ID, every(1), sweep, grace=timedelta(hours=12), idle_until=idle_until)
