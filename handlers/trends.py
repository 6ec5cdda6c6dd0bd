"""The organisation's figures over time and per member, for charts: `handlers.stats`' counting, bucketed.

Each function reads its records or visits with one query for the whole span and buckets them in Python,
so twelve months or forty members cost no more queries than one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from handlers.escalation.limits import Limits, is_overdue, limits_for
from handlers.periods import Month
from handlers.records.queries import Counted, counted_in_scope, records_in_scope
from handlers.stats import NOT_MATTERS, Coverage, MatterCounts, count_matters, households_due
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


def by_month(session: Session, org_id: int, months: list[Month]) -> list[Bucket]:
    """The organisation's figures for each of `months` (consecutive, oldest first).

    Households due are today's roster: the ledger keeps no history of who was due in a past month.
    """
    start, end = months[0].start, months[-1].end
    records = counted_in_scope(session, org_id, start, end)
    per_month: dict[Month, list[Counted]] = defaultdict(list)
    for record in records:
        per_month[Month.of(record.created_at)].append(record)
    due = households_due(session, org_id)
    visited: dict[Month, set[int]] = defaultdict(set)
    for household_id, visited_on in visits_between(session, [h.id for h in due if h.id], start.date(), end.date()):
        visited[Month(visited_on.year, visited_on.month)].add(household_id)
    limits = _limits(session, org_id)
    return [Bucket(count_matters(per_month[m], limits), _coverage(due, visited[m])) for m in months]


def by_member(session: Session, org_id: int, month: Month) -> list[MemberBucket]:
    """Each liaising member's figures for `month`: the matters they are responsible for, their households' visits."""
    records = records_in_scope(session, org_id, created_from=month.start, created_before=month.end)
    per_member: dict[int | None, list[Record]] = defaultdict(list)
    for record in records:
        per_member[record.responsible_id].append(record)
    due = households_due(session, org_id)
    households: dict[int, list[Household]] = defaultdict(list)
    for household in due:
        households[household.member_id].append(household)
    visited = {h for h, _ in visits_between(session, [h.id for h in due if h.id], month.start.date(), month.end.date())}
    members = session.exec(select(Person).where(col(Person.id).in_(list(households))).order_by(col(Person.id))).all()
    limits = _limits(session, org_id)
    return [
        MemberBucket(m, Bucket(count_matters(per_member[m.id], limits), _coverage(households[m.id or 0], visited)))
        for m in members
    ]


def _matters(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.status not in NOT_MATTERS]


def by_kind(session: Session, org_id: int, months: list[Month]) -> Counter[str]:
    """Records (visits included) created in `months`, per kind."""
    records = records_in_scope(session, org_id, created_from=months[0].start, created_before=months[-1].end)
    return Counter(r.kind for r in _matters(records))


def by_category(session: Session, org_id: int, months: list[Month]) -> Counter[str]:
    """Matters created in `months`, per topic; a matter without one counts as ""."""
    records = records_in_scope(session, org_id, created_from=months[0].start, created_before=months[-1].end)
    return Counter(r.category or "" for r in _matters(records) if r.kind != Kind.VISIT)


def _overdue_at(record: Record, limits: Limits, moment: datetime) -> bool:
    """Open past the resolution limit at `moment`, judged from when it was resolved or closed."""
    if record.kind == Kind.VISIT or moment - record.created_at <= limits.resolution:
        return False
    finished = [at for at in (record.resolved_at, record.closed_at) if at is not None]
    return not finished or min(finished) > moment


def overdue_by_month(session: Session, org_id: int, months: list[Month], now: datetime) -> list[int]:
    """How many matters were overdue at the end of each month; for the current month, now (as `/统计` counts)."""
    # A matter finished before the first moment judged is overdue at none of them: left in the database.
    first = min(months[0].end, now)
    records = _matters(records_in_scope(session, org_id, created_before=min(months[-1].end, now), unfinished_at=first))
    limits = _limits(session, org_id)
    counts = []
    for month in months:
        if month.end > now:
            counts.append(sum(1 for r in records if is_overdue(r, limits, now)))
        else:
            counts.append(sum(1 for r in records if _overdue_at(r, limits, month.end)))
    return counts
