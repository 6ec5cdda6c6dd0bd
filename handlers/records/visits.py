"""Visits done and visits owed (八必访 tasks)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from handlers.context import Context
from handlers.formats import say
from handlers.records.create import open_record
from handlers.records.lifecycle import OPEN, Action, apply
from storage.enums import Kind, Status
from storage.models import Household, Person, Record, Visit, VisitTask

if TYPE_CHECKING:
    from nlp import Classification


def record_visit(
    session: Session,
    household: Household,
    member: Person,
    now: datetime,
    note: str | None,
    record: Record | None,
    done_note: str,
) -> list[VisitTask]:
    """Mark the household visited today and close the visit tasks it had open (their records
    resolved with `done_note`)."""
    session.add(
        Visit(
            household_id=household.id,  # type: ignore[arg-type]
            member_id=member.id,  # type: ignore[arg-type]
            visited_on=now.date(),
            at=now,
            note=note,
            record_id=record.id if record else None,
        )
    )
    still_open = select(VisitTask).where(VisitTask.household_id == household.id, col(VisitTask.closed_at).is_(None))
    tasks = list(session.exec(still_open.order_by(col(VisitTask.id))))
    for task in tasks:
        task.closed_at = now
        owed = session.get(Record, task.record_id) if task.record_id else None
        if owed is not None and owed.status in OPEN:
            apply(session, owed, Action.RESOLVE, now, member, done_note)
    return tasks


def open_visit_task(session: Session, household: Household, reason: str, record: Record, now: datetime) -> VisitTask:
    """Open a task for the household's member, unless one for the same reason is already open."""
    existing = session.exec(
        select(VisitTask).where(
            VisitTask.household_id == household.id,
            VisitTask.reason == reason,
            col(VisitTask.closed_at).is_(None),
        )
    ).first()
    if existing is not None:
        return existing
    task = VisitTask(
        household_id=household.id,  # type: ignore[arg-type]
        member_id=household.member_id,
        reason=reason,
        record_id=record.id,
        opened_at=now,
    )
    session.add(task)
    return task


def report_visit(ctx: Context, household: Household, text: str, note: str | None, found: Classification | None) -> None:
    """A visit done: a closed visit record, the household marked visited, its tasks closed, a receipt."""
    assert ctx.actor is not None
    record = open_record(
        ctx.session,
        org_id=household.org_id,
        kind=Kind.VISIT,
        text=text,
        now=ctx.now,
        reporter=ctx.actor,
        household=household,
        group=ctx.group,
        responsible=ctx.actor,
        found=found,
        status=Status.CLOSED,
        source_message_id=ctx.message.message_id,
    )
    record.closed_at = ctx.now
    member = ctx.session.get(Person, household.member_id) or ctx.actor
    done_note = ctx.say("record.note.visit_task_done", household=household.head_name)
    tasks = record_visit(ctx.session, household, member, ctx.now, note, record, done_note)
    closed = "、".join(f"#{task.record_id}" for task in tasks if task.record_id)
    ctx.reply(
        ctx.say(
            "visit.recorded",
            id=record.id,
            household=household.head_name,
            date=say("units.date_padded", month=ctx.now.month, day=ctx.now.day),
            closed=ctx.say("visit.closed_tasks", ids=closed) if closed else "",
        )
    )
