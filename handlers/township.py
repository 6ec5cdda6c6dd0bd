"""The township tier (乡镇): its villages, and which of their matters need the township's eye."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from handlers.escalation.limits import is_overdue, limits_for
from handlers.records.lifecycle import is_open
from handlers.stats import Coverage, Figures
from storage.models import Organisation, Record


def villages(session: Session, township_org_id: int) -> list[Organisation]:
    query = select(Organisation).where(Organisation.parent_id == township_org_id)
    return list(session.exec(query.order_by(col(Organisation.name))))


def needs_attention(session: Session, village_ids: list[int], now: datetime) -> tuple[list[tuple[Record, bool]], int]:
    """The open matters that climbed above their member or are past their limit, as (record, overdue),
    highest level first, then oldest; and how many other matters are open."""
    orgs = {org.id: org for org in session.exec(select(Organisation).where(col(Organisation.id).in_(village_ids)))}
    query = select(Record).where(col(Record.org_id).in_(village_ids), is_open())
    flagged, others = [], 0
    for record in session.exec(query.order_by(col(Record.created_at))):
        overdue = is_overdue(record, limits_for(orgs.get(record.org_id)), now)
        if record.level > 0 or overdue:
            flagged.append((record, overdue))
        else:
            others += 1
    flagged.sort(key=lambda item: (-item[0].level, not item[1], item[0].created_at))
    return flagged, others


def combined(parts: Iterable[Figures]) -> Figures:
    """The figures of several organisations taken together (rates over the summed counts)."""
    items = list(parts)
    return Figures(
        received=sum(f.received for f in items),
        responded_in_time=sum(f.responded_in_time for f in items),
        resolved=sum(f.resolved for f in items),
        rated=sum(f.rated for f in items),
        satisfied=sum(f.satisfied for f in items),
        coverage=Coverage(
            due=sum(f.coverage.due for f in items),
            visited=sum(f.coverage.visited for f in items),
            focus_due=sum(f.coverage.focus_due for f in items),
            focus_visited=sum(f.coverage.focus_visited for f in items),
        ),
        overdue=[record for f in items for record in f.overdue],
    )
