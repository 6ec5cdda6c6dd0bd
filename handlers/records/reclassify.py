"""Changing a record's kind (`/改为`), and how often each correction is made, to tune the rules by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from handlers.context import Deps
from handlers.labels import KIND_LABELS
from handlers.records.lifecycle import audit
from storage.enums import Kind
from storage.models import KindChange, Person, Record


def change_kind(session: Session, deps: Deps, record: Record, kind: Kind, now: datetime, actor: Person | None) -> Kind:
    """Set the new kind, restart its escalation clock, and keep the change; returns the old kind."""
    assert record.id is not None
    old = Kind(record.kind)
    record.kind = kind
    record.updated_at = now
    record.level_since = now
    session.add(
        KindChange(record_id=record.id, at=now, actor_id=actor.id if actor else None, from_kind=old, to_kind=kind)
    )
    note = deps.templates.render("record.note.reclassified", old=KIND_LABELS[old], new=KIND_LABELS[kind])
    audit(session, record, "reclassify", now, actor, note)
    return old


def kind_change_counts(session: Session, org_id: int) -> dict[tuple[str, str], int]:
    """How many records of the organisation were changed from one kind to another."""
    query = (
        select(KindChange.from_kind, KindChange.to_kind, func.count())
        .join(Record, col(Record.id) == col(KindChange.record_id))
        .where(Record.org_id == org_id)
        .group_by(col(KindChange.from_kind), col(KindChange.to_kind))
    )
    return {(from_kind, to_kind): count for from_kind, to_kind, count in session.exec(query)}
