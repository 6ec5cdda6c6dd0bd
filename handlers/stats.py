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

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from handlers.counts import MatterCounts, ratio
from handlers.escalation.limits import Limits, is_overdue, limits_for
from handlers.records.feedback import SATISFIED_FROM
from handlers.records.queries import Counted, records_in_scope
from handlers.records.scope import covered_org_ids, sees_all
from handlers.tally import NONE, created_in, overdue_at, summed, tally
from storage.enums import Kind, Role, Status
from storage.models import Household, Organisation, Person, Record, Visit

NOT_MATTERS = {Status.MERGED, Status.WITHDRAWN}


@dataclass(frozen=True)
class Coverage:
    due: int
    visited: int
    focus_due: int
    focus_visited: int

    @property
    def rate(self) -> float | None:
        return ratio(self.visited, self.due)

    @property
    def focus_rate(self) -> float | None:
        return ratio(self.focus_visited, self.focus_due)


@dataclass(frozen=True)
class Figures(MatterCounts):
    coverage: Coverage
    overdue: list[Record]


@dataclass(frozen=True)
class VillageFigures(MatterCounts):
    """An organisation's line in a township's table: its overdue matters counted, not listed."""

    coverage: Coverage
    overdue: int


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
    limits = limits_for(session.get(Organisation, org_id))
    covered = coverage(session, org_id, start, end, actor)
    org_ids = covered_org_ids(session, org_id)
    if actor is not None and not sees_all(session, actor, org_ids):
        records = records_in_scope(session, org_id, actor, created_from=start, created_before=end)
        still_open = records_in_scope(session, org_id, actor, open_only=True)
        return _figures(records, still_open, limits, covered, now)
    org_limits = dict.fromkeys(org_ids, limits)
    counts = summed(tally(session, org_limits, *created_in(start, end)).values())
    return Figures(**vars(counts), coverage=covered, overdue=overdue_records(session, org_limits, now))


def overdue_records(session: Session, org_limits: dict[int, Limits], now: datetime) -> list[Record]:
    """The open matters of the organisations in `org_limits` past their resolution limit, oldest first."""
    query = select(Record).where(col(Record.org_id).in_(list(org_limits)), overdue_at(org_limits, now))
    return list(session.exec(query.order_by(col(Record.created_at), col(Record.id))))


def figures_by_org(
    session: Session, org_ids: list[int], start: datetime, end: datetime, now: datetime
) -> dict[int, VillageFigures]:
    """`figures` of each whole organisation in `org_ids` (a township's villages), counted in the database."""
    orgs = {org.id: org for org in session.exec(select(Organisation).where(col(Organisation.id).in_(org_ids)))}
    org_limits = {org_id: limits_for(orgs.get(org_id)) for org_id in org_ids}
    counts = tally(session, org_limits, *created_in(start, end))
    overdue_query = sa_select(col(Record.org_id), func.count()).where(
        col(Record.org_id).in_(org_ids), overdue_at(org_limits, now)
    )
    overdue: dict[int, int] = {org: n for org, n in session.execute(overdue_query.group_by(col(Record.org_id)))}
    covered = coverage_by_org(session, org_ids, start, end)
    return {
        org_id: VillageFigures(
            **vars(counts.get((org_id, None), NONE)), coverage=covered[org_id], overdue=overdue.get(org_id, 0)
        )
        for org_id in org_ids
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
    """The definition `handlers.tally` counts in the database; still counts what a person's scope leaves."""
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
