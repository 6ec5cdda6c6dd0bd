"""Opening a record: one place that sets every field and writes the first audit event."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from handlers.records.lifecycle import audit
from storage.enums import Kind, Status
from storage.models import Group, Household, Person, Record

if TYPE_CHECKING:
    from nlp import Classification


def open_record(
    session: Session,
    *,
    org_id: int,
    kind: Kind,
    text: str,
    now: datetime,
    reporter: Person | None,
    household: Household | None,
    group: Group | None,
    responsible: Person | None,
    found: Classification | None = None,
    status: Status = Status.NEW,
    source_message_id: str | None = None,
    reporter_name: str | None = None,
) -> Record:
    """`reporter_name` keeps the WeChat name of a writer not on the roster in the first audit event."""
    record = Record(
        org_id=org_id,
        kind=kind,
        category=found.category if found else None,
        must_visit=found.must_visit if found else None,
        urgency=found.urgency if found else "normal",
        keywords=list(found.keywords) if found else [],
        status=status,
        text=text,
        reporter_id=reporter.id if reporter else None,
        household_id=household.id if household else None,
        group_id=group.id if group else None,
        responsible_id=responsible.id if responsible else None,
        source_message_id=source_message_id,
        created_at=now,
        updated_at=now,
        level_since=now,
    )
    session.add(record)
    session.flush()
    audit(session, record, "create", now, reporter, reporter_name, None, status)
    return record
