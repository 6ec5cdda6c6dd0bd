"""The organisation's figures over time and per member, for charts: `handlers.stats`' counting, bucketed.

Each function counts its records with one query for the whole span, grouped in the database
(`handlers.tally`), and reads its visits with one, so twelve months or forty members cost no more
queries than one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from handlers.counts import MatterCounts
from handlers.escalation.limits import Limits, limits_for
from handlers.periods import Month
from handlers.records.lifecycle import is_open
from handlers.records.scope import covered_org_ids
from handlers.stats import NOT_MATTERS, Coverage, households_due
from handlers.tally import NONE, bucket, created_before_limit, created_in, overdue_at, per_key, tally
from storage.enums import Kind
from storage.models import Household, Organisation, Person, Record, Visit


@dataclass(frozen=True)
class Bucket:
    """The figures of one month or one member."""

    counts: MatterCounts
    coverage: Coverage


@dataclass(frozen=True)
class MemberBucket:
    member: Person
    figures: Bucket


def last_months(now: datetime, count: int = 12) -> list[Month]:
    """`count` months ending with the current one, oldest first."""
    months = [Month.of(now)]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months


def _limits(session: Session, org_id: int) -> Limits:
    return limits_for(session.get(Organisation, org_id))


def visits_between(session: Session, household_ids: list[int], start: date, end: date) -> list[tuple[int, date]]:
    """(household, day) of every visit to `household_ids` from `start` up to `end`."""
    query = select(col(Visit.household_id), col(Visit.visited_on)).where(
        col(Visit.household_id).in_(household_ids), Visit.visited_on >= start, Visit.visited_on < end
    )
    return [(household_id, visited_on) for household_id, visited_on in session.exec(query)]


def _coverage(due: list[Household], visited: set[int]) -> Coverage:
    focus = [h for h in due if h.focus_tags]
    return Coverage(
        len(due), sum(1 for h in due if h.id in visited), len(focus), sum(1 for h in focus if h.id in visited)
    )


def _org_limits(session: Session, org_id: int) -> dict[int, Limits]:
    """The organisation's limits for each organisation whose records it counts (a township's villages)."""
    return dict.fromkeys(covered_org_ids(session, org_id), _limits(session, org_id))


def by_month(session: Session, org_id: int, months: list[Month]) -> list[Bucket]:
    """The organisation's figures for each of `months` (consecutive, oldest first).

    Households due are today's roster: the ledger keeps no history of who was due in a past month.
    """
    start, end = months[0].start, months[-1].end
    bounds = [m.start for m in months] + [end]
    counts = per_key(tally(session, _org_limits(session, org_id), *created_in(start, end), key=bucket(bounds)))
    due = households_due(session, org_id)
    visited: dict[Month, set[int]] = defaultdict(set)
    for household_id, visited_on in visits_between(session, [h.id for h in due if h.id], start.date(), end.date()):
        visited[Month(visited_on.year, visited_on.month)].add(household_id)
    return [Bucket(counts.get(i, NONE), _coverage(due, visited[m])) for i, m in enumerate(months)]


def by_member(session: Session, org_id: int, month: Month) -> list[MemberBucket]:
    """Each liaising member's figures for `month`: the matters they are responsible for, their households' visits."""
    due = households_due(session, org_id)
    households: dict[int, list[Household]] = defaultdict(list)
    for household in due:
        households[household.member_id].append(household)
    if not households:
        return []
    span = created_in(month.start, month.end)
    counts = per_key(tally(session, _org_limits(session, org_id), *span, key=col(Record.responsible_id)))
    visited = {h for h, _ in visits_between(session, [h.id for h in due if h.id], month.start.date(), month.end.date())}
    members = session.exec(select(Person).where(col(Person.id).in_(list(households))).order_by(col(Person.id))).all()
    return [MemberBucket(m, Bucket(counts.get(m.id, NONE), _coverage(households[m.id or 0], visited))) for m in members]


def _counted(session: Session, org_id: int, months: list[Month], key: Any, *where: ColumnElement[bool]) -> Counter[str]:
    """Records created in `months`, neither merged nor withdrawn, per `key`, in the order each first appears."""
    query = (
        sa_select(key, func.count())
        .where(
            col(Record.org_id).in_(covered_org_ids(session, org_id)),
            col(Record.status).not_in([s.value for s in NOT_MATTERS]),
            *created_in(months[0].start, months[-1].end),
            *where,
        )
        .group_by(key)
        .order_by(func.min(col(Record.created_at)))
    )
    return Counter({name: count for name, count in session.execute(query)})


def by_kind(session: Session, org_id: int, months: list[Month]) -> Counter[str]:
    """Records (visits included) created in `months`, per kind."""
    return _counted(session, org_id, months, col(Record.kind))


def by_category(session: Session, org_id: int, months: list[Month]) -> Counter[str]:
    """Matters created in `months`, per topic; a matter without one counts as ""."""
    return _counted(session, org_id, months, func.coalesce(col(Record.category), ""), col(Record.kind) != Kind.VISIT)


def overdue_by_month(session: Session, org_id: int, months: list[Month], now: datetime) -> list[int]:
    """How many matters were overdue at the end of each month; for the current month, now (as `/统计` counts).

    At a past month's end: created more than the resolution limit before it, and neither resolved
    nor closed by then (whatever its status now)."""
    org_limits = _org_limits(session, org_id)
    counts = []
    for month in months:
        if month.end > now:
            counts.append(overdue_at(org_limits, now))
        else:
            unfinished = [or_(col(c).is_(None), col(c) > month.end) for c in (Record.resolved_at, Record.closed_at)]
            counts.append(and_(created_before_limit(org_limits, month.end), *unfinished))
    sums = [func.sum(case((condition, 1), else_=0)) for condition in counts]
    # What every month's condition implies: open, or neither resolved nor closed at the first moment judged.
    first = min(months[0].end, now)
    unfinished_at_first = [or_(col(c).is_(None), col(c) > first) for c in (Record.resolved_at, Record.closed_at)]
    query = sa_select(*sums).where(
        col(Record.org_id).in_(list(org_limits)),
        col(Record.kind) != Kind.VISIT,
        col(Record.status).not_in([s.value for s in NOT_MATTERS]),
        created_before_limit(org_limits, max(min(m.end, now) for m in months)),
        or_(is_open(), and_(*unfinished_at_first)),
    )
    return [int(n or 0) for n in session.execute(query).one()]
