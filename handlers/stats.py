"""The figures the organisation reports (001, 004, 002 §9), for a scope and a period.

答复率: matters answered within the response limit; 办结率: matters resolved; 满意率:
满意 and 基本满意 over rated matters; 走访覆盖率: households visited in the period over
households due (a member exempt from liaison duty has none due). Merged duplicates and
withdrawn entries are not counted as matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from handlers.escalation.limits import Limits, is_overdue, limits_for
from handlers.records.feedback import SATISFIED_FROM
from handlers.records.lifecycle import is_open
from handlers.records.queries import Counted, records_in_scope
from storage.enums import Kind, Role, Status
from storage.models import Household, Organisation, Person, Record, Visit

NOT_MATTERS = {Status.MERGED, Status.WITHDRAWN}


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Coverage:
    due: int
    visited: int
    focus_due: int
    focus_visited: int

    @property
    def rate(self) -> float | None:
        return _rate(self.visited, self.due)

    @property
    def focus_rate(self) -> float | None:
        return _rate(self.focus_visited, self.focus_due)


@dataclass(frozen=True)
class MatterCounts:
    """The record side of the figures, for any set of records (a month, a member, a chart's bucket)."""

    received: int
    responded_in_time: int
    resolved: int
    rated: int
    satisfied: int

    @property
    def response_rate(self) -> float | None:
        return _rate(self.responded_in_time, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return _rate(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        return _rate(self.satisfied, self.rated)


@dataclass(frozen=True)
class Figures(MatterCounts):
    coverage: Coverage
    overdue: list[Record]


def households_due(session: Session, org_id: int, actor: Person | None = None) -> list[Household]:
    """Active households whose liaising member is active and not exempt, within `actor`'s scope."""
    members = {p.id: p for p in session.exec(select(Person).where(Person.org_id == org_id, Person.active))}
    households = session.exec(select(Household).where(Household.org_id == org_id, Household.active))
    due = [h for h in households if h.member_id in members and not members[h.member_id].exempt]
    if actor is None or actor.role == Role.SECRETARY:
        return due
    if actor.role == Role.HUB:
        return [h for h in due if h.member_id == actor.id or members[h.member_id].hub_id == actor.id]
    return [h for h in due if h.member_id == actor.id]


def visited_ids(session: Session, household_ids: list[int], start: datetime, end: datetime) -> set[int]:
    query = select(Visit.household_id).where(
        col(Visit.household_id).in_(household_ids), Visit.visited_on >= start.date(), Visit.visited_on < end.date()
    )
    return set(session.exec(query))


def coverage(session: Session, org_id: int, start: datetime, end: datetime, actor: Person | None = None) -> Coverage:
    due = households_due(session, org_id, actor)
    visited = visited_ids(session, [h.id for h in due if h.id is not None], start, end)
    focus = [h for h in due if h.focus_tags]
    return Coverage(len(due), len(visited), len(focus), sum(1 for h in focus if h.id in visited))


def figures(
    session: Session, org_id: int, start: datetime, end: datetime, now: datetime, actor: Person | None = None
) -> Figures:
    org = session.get(Organisation, org_id)
    records = records_in_scope(session, org_id, actor, created_from=start, created_before=end)
    still_open = records_in_scope(session, org_id, actor, open_only=True)
    return _figures(records, still_open, limits_for(org), coverage(session, org_id, start, end, actor), now)


def figures_by_org(
    session: Session, org_ids: list[int], start: datetime, end: datetime, now: datetime
) -> dict[int, Figures]:
    """`figures` of each whole organisation in `org_ids` (a township's villages), each table read once."""
    orgs = {org.id: org for org in session.exec(select(Organisation).where(col(Organisation.id).in_(org_ids)))}
    in_orgs = col(Record.org_id).in_(org_ids)
    period = session.exec(select(Record).where(in_orgs, Record.created_at >= start, Record.created_at < end))  # type: ignore[arg-type,operator]
    still_open = session.exec(select(Record).where(in_orgs, is_open()).order_by(col(Record.created_at)))
    by_org: dict[int, tuple[list[Record], list[Record]]] = {org_id: ([], []) for org_id in org_ids}
    for record in period:
        by_org[record.org_id][0].append(record)
    for record in still_open:
        by_org[record.org_id][1].append(record)
    covered = coverage_by_org(session, org_ids, start, end)
    return {
        org_id: _figures(records, opened, limits_for(orgs.get(org_id)), covered[org_id], now)
        for org_id, (records, opened) in by_org.items()
    }


def coverage_by_org(session: Session, org_ids: list[int], start: datetime, end: datetime) -> dict[int, Coverage]:
    """Each whole organisation's `coverage`, from one read of members, households and visits."""
    members = session.exec(select(Person.id, Person.exempt).where(col(Person.org_id).in_(org_ids), Person.active))
    liaising = {member_id for member_id, exempt in members if not exempt}
    query = select(Household.id, Household.org_id, Household.member_id, Household.focus_tags)
    households = session.exec(query.where(col(Household.org_id).in_(org_ids), Household.active))
    due = [(hid, org_id, bool(tags)) for hid, org_id, member_id, tags in households if member_id in liaising]
    visits = select(Visit.household_id).join(Household, col(Household.id) == col(Visit.household_id))
    visits = visits.where(
        col(Household.org_id).in_(org_ids), Visit.visited_on >= start.date(), Visit.visited_on < end.date()
    )
    visited = set(session.exec(visits.distinct()))
    found: dict[int, Coverage] = {}
    for org_id in org_ids:
        mine = [(hid, focus) for hid, org, focus in due if org == org_id]
        focus = [hid for hid, is_focus in mine if is_focus]
        found[org_id] = Coverage(
            len(mine),
            sum(1 for hid, _ in mine if hid in visited),
            len(focus),
            sum(1 for hid in focus if hid in visited),
        )
    return found


def _figures(
    records: list[Record], still_open: list[Record], limits: Limits, covered: Coverage, now: datetime
) -> Figures:
    overdue = [r for r in still_open if is_overdue(r, limits, now)]
    return Figures(**vars(count_matters(records, limits)), coverage=covered, overdue=overdue)


def count_matters(records: Iterable[Counted], limits: Limits) -> MatterCounts:
    matters = [r for r in records if r.kind != Kind.VISIT and r.status not in NOT_MATTERS]
    in_time = [r for r in matters if r.responded_at and r.responded_at - r.created_at <= limits.response(r.kind)]
    rated = [r for r in matters if r.rating is not None]
    return MatterCounts(
        received=len(matters),
        responded_in_time=len(in_time),
        resolved=sum(1 for r in matters if r.resolved_at is not None or r.status == Status.CLOSED),
        rated=len(rated),
        satisfied=sum(1 for r in rated if (r.rating or 0) >= SATISFIED_FROM),
    )


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"
