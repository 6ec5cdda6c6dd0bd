"""The township tier (乡镇): its villages, and which of their matters need the township's eye."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from handlers.escalation.limits import is_overdue, limits_for
from handlers.records.lifecycle import is_open
from handlers.stats import Coverage, VillageFigures
from handlers.tally import overdue_at, summed
from storage.models import Organisation, Record


def villages(session: Session, township_org_id: int) -> list[Organisation]:
    query = select(Organisation).where(Organisation.parent_id == township_org_id)
    return list(session.exec(query.order_by(col(Organisation.name))))


def needs_attention(session: Session, village_ids: list[int], now: datetime) -> tuple[list[tuple[Record, bool]], int]:
    """The open matters that climbed above their member or are past their limit, as (record, overdue),
    highest level first, then oldest; and how many other matters are open."""
    orgs = {org.id: org for org in session.exec(select(Organisation).where(col(Organisation.id).in_(village_ids)))}
    org_limits = {org_id: limits_for(orgs.get(org_id)) for org_id in village_ids}
    in_villages = col(Record.org_id).in_(village_ids)
    query = select(Record).where(in_villages, is_open(), or_(col(Record.level) > 0, overdue_at(org_limits, now)))
    flagged = [
        (record, is_overdue(record, org_limits[record.org_id], now))
        for record in session.exec(query.order_by(col(Record.created_at), col(Record.id)))
    ]
    still_open = session.exec(select(func.count()).select_from(Record).where(in_villages, is_open())).one()
    flagged.sort(key=lambda item: (-item[0].level, not item[1], item[0].created_at))
    return flagged, still_open - len(flagged)


def escalated(session: Session, village_ids: list[int]) -> int:
    """How many open matters climbed above their member."""
    query = (
        select(func.count())
        .select_from(Record)
        .where(col(Record.org_id).in_(village_ids), is_open(), col(Record.level) > 0)
    )
    return session.exec(query).one()


def combined(parts: Iterable[VillageFigures]) -> VillageFigures:
    """The figures of several organisations taken together (rates over the summed counts)."""
    items = list(parts)
    return VillageFigures(
        **vars(summed(items)),
        coverage=Coverage(
            due=sum(f.coverage.due for f in items),
            visited=sum(f.coverage.visited for f in items),
            focus_due=sum(f.coverage.focus_due for f in items),
            focus_visited=sum(f.coverage.focus_visited for f in items),
        ),
        overdue=sum(f.overdue for f in items),
    )
