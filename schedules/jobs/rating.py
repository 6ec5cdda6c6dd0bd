"""`rating-sweep`, every minute: a resolved matter the resident has not rated is reminded once
(default 3 days after 办结) and closed off (销号, default 7 days after 办结), each step claimed in
the send ledger under the record and the moment it was resolved, so a matter resolved again
after 重办 gets its own reminder and a restart never repeats one."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.escalation.deadlines import OrgLimits
from handlers.escalation.limits import Limits
from handlers.records.lifecycle import Action, apply, audit
from schedules.sending import claimed_keys, drop_once, send_once
from schedules.spec import JobContext, JobSpec
from schedules.triggers import every
from storage.enums import Kind, Status
from storage.models import Person, Record
from storage.sends import SendKey

JOB_ID = "rating-sweep"
REMIND = "rating-reminder"
CLOSE = "rating-close"


def resolved(session: Session) -> list[Record]:
    query = select(Record).where(Record.status == Status.RESOLVED, col(Record.resolved_at).is_not(None))
    return list(session.exec(query.order_by(col(Record.id))))


def _key(job: str, record: Record) -> SendKey:
    assert record.resolved_at is not None
    return SendKey(job, f"record:{record.id}", f"resolved:{record.resolved_at.isoformat()}")


def _reminds(record: Record) -> bool:
    """A visit record resolved by the visit itself never asked the resident for a rating."""
    return record.kind != Kind.VISIT


def due_steps(record: Record, limits: Limits) -> list[tuple[datetime, str]]:
    """The record's remaining steps and when each falls due."""
    assert record.resolved_at is not None
    steps = [(record.resolved_at + limits.rating_close, CLOSE)]
    if _reminds(record) and limits.rating_reminder < limits.rating_close:
        steps.append((record.resolved_at + limits.rating_reminder, REMIND))
    return sorted(steps)


def _send(session: Session, deps: Deps, record: Record, job: str, key: str, now: datetime) -> bool:
    """Claim the step and tell the record's group, mentioning its reporter, as the resolution was
    announced (else the reporter privately); False when the step was already claimed."""
    reporter = session.get(Person, record.reporter_id) if record.reporter_id else None
    text = deps.templates.render(key, id=record.id, reporter=reporter.name if reporter else "")
    if record.group_id is not None:
        mentions = [reporter.id] if reporter and reporter.id else None
        return send_once(session, now, _key(job, record), text, group_id=record.group_id, mention_ids=mentions)
    if reporter is not None:
        return send_once(session, now, _key(job, record), text, person_id=reporter.id)
    return drop_once(session, now, _key(job, record), "nobody to tell")


def remind(session: Session, deps: Deps, record: Record, now: datetime) -> None:
    if _send(session, deps, record, REMIND, "schedules.rating.reminder", now):
        audit(session, record, "rating_reminder", now, None, deps.templates.render("schedules.rating.note_reminded"))


def close(session: Session, deps: Deps, record: Record, now: datetime) -> None:
    if _send(session, deps, record, CLOSE, "schedules.rating.closed", now):
        apply(session, record, Action.CLOSE, now, None, deps.templates.render("schedules.rating.note_closed"))


def sweep(ctx: JobContext) -> None:
    limits = OrgLimits(ctx.session)
    done = claimed_keys(ctx.session, [REMIND, CLOSE])
    for record in resolved(ctx.session):
        due = {step for when, step in due_steps(record, limits(record.org_id)) if when <= ctx.now}
        # After downtime a reminder that fell due along with the close would only be noise.
        if CLOSE in due and _key(CLOSE, record) not in done:
            close(ctx.session, ctx.deps, record, ctx.now)
        elif REMIND in due and CLOSE not in due and _key(REMIND, record) not in done:
            remind(ctx.session, ctx.deps, record, ctx.now)


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
