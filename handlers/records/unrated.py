"""A resolved matter the resident has not rated: reminded once (default 3 days after 办结) and
closed off (销号, default 7 days after 办结), in the record's group with its reporter mentioned, as
the resolution was announced (else the reporter privately). The `rating-sweep` job claims each
step in the send ledger under the record and the moment it was resolved, so a matter resolved
again after 重办 gets its own reminder; it sends what `notice` says and then records the step."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.escalation.limits import Limits
from handlers.records.lifecycle import Action, apply, audit
from storage.enums import Kind, Status
from storage.models import Person, Record

REMIND = "rating-reminder"
CLOSE = "rating-close"
_WORDING = {REMIND: "schedules.rating.reminder", CLOSE: "schedules.rating.closed"}


@dataclass(frozen=True)
class Notice:
    """A step's message and where it goes: a group (mentioning `mention_ids`), else a person, else nowhere."""

    text: str
    group_id: int | None = None
    person_id: int | None = None
    mention_ids: list[int] | None = None


def resolved(session: Session) -> list[Record]:
    query = select(Record).where(Record.status == Status.RESOLVED, col(Record.resolved_at).is_not(None))
    return list(session.exec(query.order_by(col(Record.id))))


def _reminds(record: Record) -> bool:
    """A visit record resolved by the visit itself never asked the resident for a rating."""
    return record.kind != Kind.VISIT


def due_steps(record: Record, limits: Limits) -> list[tuple[datetime, str]]:
    """The record's steps and when each falls due."""
    assert record.resolved_at is not None
    steps = [(record.resolved_at + limits.rating_close, CLOSE)]
    if _reminds(record) and limits.rating_reminder < limits.rating_close:
        steps.append((record.resolved_at + limits.rating_reminder, REMIND))
    return sorted(steps)


def step_now(record: Record, limits: Limits, now: datetime, taken: Collection[str]) -> str | None:
    """The step to take now, given the steps already `taken`; after downtime a reminder that fell
    due along with the close would only be noise, so only the close is taken."""
    due = {step for when, step in due_steps(record, limits) if when <= now}
    if CLOSE in due:
        return CLOSE if CLOSE not in taken else None
    return REMIND if REMIND in due and REMIND not in taken else None


def notice(session: Session, deps: Deps, record: Record, step: str) -> Notice:
    reporter = session.get(Person, record.reporter_id) if record.reporter_id else None
    text = deps.templates.render(_WORDING[step], id=record.id, reporter=reporter.name if reporter else "")
    if record.group_id is not None:
        mentions = [reporter.id] if reporter and reporter.id else None
        return Notice(text, group_id=record.group_id, mention_ids=mentions)
    return Notice(text, person_id=reporter.id if reporter else None)


def record_step(session: Session, deps: Deps, record: Record, step: str, now: datetime) -> None:
    """The step taken, in the record's trail: the reminder audited, the close applied."""
    if step == REMIND:
        audit(session, record, "rating_reminder", now, None, deps.templates.render("schedules.rating.note_reminded"))
    else:
        apply(session, record, Action.CLOSE, now, None, deps.templates.render("schedules.rating.note_closed"))
