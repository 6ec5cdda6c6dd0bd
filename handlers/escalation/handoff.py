"""The top of the ladder, outside WeChat: a level-3 matter waits (`township_state = "pending"`)
until the township platform takes it. A failed hand-off stays pending with its attempts counted
and is tried again after a back-off, so it is never lost; after a few failures the secretaries
are told. The `township-handoff` job does the HTTP call (`schedules.township`) and the sending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.records.lifecycle import OPEN, audit
from storage.enums import TownshipState
from storage.models import Record

ALERT_AFTER = 3


def pending(session: Session) -> list[Record]:
    query = select(Record).where(Record.township_state == TownshipState.PENDING, col(Record.status).in_(OPEN))
    return list(session.exec(query.order_by(col(Record.id))))


def retry_after(attempts: int) -> timedelta:
    """Back-off between attempts (sweeps): 5 minutes, doubling, at most 6 hours."""
    return min(timedelta(minutes=5) * 2 ** max(attempts - 1, 0), timedelta(hours=6))


def due_for_handoff(record: Record, now: datetime) -> bool:
    waiting = record.township_state == TownshipState.PENDING
    return waiting and (record.township_retry_at is None or record.township_retry_at <= now)


def handed_off(session: Session, deps: Deps, record: Record, ref: str, now: datetime) -> str:
    """The platform took the matter as `ref`: recorded, and what the tier-1 group is told."""
    record.township_state, record.township_ref, record.township_retry_at = TownshipState.SENT, ref, None
    audit(session, record, "township", now, None, deps.templates.render("schedules.township.note_sent", ref=ref))
    return deps.templates.render("schedules.township.sent", id=record.id, ref=ref)


def hand_off_failed(session: Session, deps: Deps, record: Record, error: str, now: datetime) -> str | None:
    """The attempt counted and the next one scheduled; what the secretaries are told once the
    failures reach `ALERT_AFTER`, else None."""
    record.township_attempts += 1
    record.township_retry_at = now + retry_after(record.township_attempts)
    render = deps.templates.render
    attempts = record.township_attempts
    if attempts == 1:
        audit(session, record, "township", now, None, render("schedules.township.note_failed", error=error))
    if attempts < ALERT_AFTER:
        return None
    return render("schedules.township.failing", id=record.id, attempts=attempts, error=error)
