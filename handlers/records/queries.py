"""Which records a person is answerable for, for `/待办`, `/统计` and the reports."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, select

from handlers.records.lifecycle import is_open
from handlers.records.scope import covered_org_ids, in_scope
from storage.models import Household, Person, Record


class Counted(Protocol):
    """What `count_matters` reads of a record."""

    kind: str
    status: str
    created_at: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    rating: int | None


def records_in_scope(
    session: Session,
    org_id: int,
    actor: Person | None = None,
    *,
    open_only: bool = False,
    created_from: datetime | None = None,
    created_before: datetime | None = None,
) -> list[Record]:
    """The organisation's records (a township's: its villages') filtered in SQL by status and time,
    then by `actor`'s scope."""
    org_ids = covered_org_ids(session, org_id)
    query = select(Record).where(col(Record.org_id).in_(org_ids))
    if open_only:
        query = query.where(is_open())
    if created_from is not None:
        query = query.where(Record.created_at >= created_from)  # type: ignore[arg-type]
    if created_before is not None:
        query = query.where(Record.created_at < created_before)  # type: ignore[arg-type]
    records = list(session.exec(query.order_by(col(Record.created_at), col(Record.id))))
    if actor is None:
        return records
    # The scope check looks up each record's household and people: read them all in two queries
    # (held here, so the session's identity map answers those look-ups) rather than one each.
    held = (
        list(session.exec(select(Household).where(col(Household.org_id).in_(org_ids)))),
        list(session.exec(select(Person).where(col(Person.org_id).in_(org_ids)))),
    )
    found = [record for record in records if in_scope(session, actor, record)]
    del held
    return found
