"""Who owes which visits this month: each liaising member's households not yet visited.

Members exempt from liaison duty (70+, frail, long away; 002 §2) owe none and get no reminder.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from handlers.periods import Month
from handlers.stats import Coverage, visited_ids
from storage.models import Household, Person


def liaising_members(session: Session, org_id: int) -> list[Person]:
    """Active, non-exempt people who have households to visit, in roster order."""
    owners = set(session.exec(select(Household.member_id).where(Household.org_id == org_id, Household.active)))
    query = select(Person).where(Person.org_id == org_id, Person.active, col(Person.id).in_(owners))
    return [p for p in session.exec(query.order_by(col(Person.id))) if not p.exempt]


def households_of(session: Session, member: Person) -> list[Household]:
    query = select(Household).where(Household.member_id == member.id, Household.active)
    return list(session.exec(query.order_by(col(Household.id))))


def unvisited(session: Session, member: Person, month: Month) -> list[Household]:
    """The member's households with no visit this month, focus households first."""
    households = households_of(session, member)
    seen = visited_ids(session, [h.id for h in households if h.id is not None], month.start, month.end)
    waiting = [h for h in households if h.id not in seen]
    return sorted(waiting, key=lambda h: not h.focus_tags)


def member_coverage(session: Session, member: Person, month: Month) -> Coverage:
    """The member's own households only (a hub's or secretary's scope would include others')."""
    households = households_of(session, member)
    seen = visited_ids(session, [h.id for h in households if h.id is not None], month.start, month.end)
    focus = [h for h in households if h.focus_tags]
    return Coverage(len(households), len(seen), len(focus), sum(1 for h in focus if h.id in seen))
