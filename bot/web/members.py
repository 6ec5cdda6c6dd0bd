"""党员: the liaising members, and each member's page with their households, this month's visits,
open matters and points (handlers.points, the same as `/积分`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiohttp import web
from sqlmodel import Session

from bot.web.auth import Viewer, signed_in
from bot.web.deps import web_deps
from bot.web.render import render
from handlers import trends
from handlers.escalation.limits import is_overdue, limits_for
from handlers.labels import ROLE_LABELS
from handlers.liaison import households_of
from handlers.periods import Month
from handlers.points import YearPoints, months_counted, year_points
from handlers.records.describe import label
from handlers.records.queries import records_in_scope
from handlers.stats import percent
from storage.enums import Role
from storage.models import Household, Person


@dataclass(frozen=True)
class HouseholdRow:
    household: Household
    representative: str
    visited_on: date | None


@dataclass(frozen=True)
class OpenRow:
    id: int
    label: str
    overdue: bool


@signed_in
def index(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    assert viewer.org.id is not None
    month = Month.of(web_deps(request).clock.now())
    return render(
        "members.html",
        viewer=viewer,
        active="members",
        month=month,
        members=trends.by_member(session, viewer.org.id, month),
        roles=ROLE_LABELS,
        percent=percent,
    )


def _visits(session: Session, households: list[Household], month: Month) -> dict[int, date]:
    """Each household's last visit this month."""
    ids = [h.id for h in households if h.id is not None]
    last: dict[int, date] = {}
    for household_id, visited_on in trends.visits_between(session, ids, month.start.date(), month.end.date()):
        last[household_id] = max(visited_on, last.get(household_id, visited_on))
    return last


def _points(session: Session, viewer: Viewer, member: Person, month: Month) -> YearPoints | None:
    if member.exempt or member.role not in (Role.MEMBER, Role.HUB):
        return None
    return year_points(session, member, months_counted(session, member.org_id, month), limits_for(viewer.org))


@signed_in
def show(request: web.Request, session: Session, viewer: Viewer) -> web.StreamResponse:
    member = session.get(Person, int(request.match_info["person_id"]))
    if member is None or member.org_id != viewer.org.id or member.role == Role.RESIDENT:
        raise web.HTTPNotFound()
    now = web_deps(request).clock.now()
    month = Month.of(now)
    households = households_of(session, member)
    visited = _visits(session, households, month)
    rows = [
        HouseholdRow(h, _name(session, h.representative_id), visited.get(h.id) if h.id is not None else None)
        for h in households
    ]
    limits = limits_for(viewer.org)
    matters = records_in_scope(session, member.org_id, member, open_only=True)
    hub = session.get(Person, member.hub_id) if member.hub_id else None
    return render(
        "member.html",
        viewer=viewer,
        active="members",
        member=member,
        role=ROLE_LABELS[Role(member.role)],
        hub=hub,
        month=month,
        households=rows,
        visited=[row for row in rows if row.visited_on is not None],
        waiting=sorted((row for row in rows if row.visited_on is None), key=lambda row: not row.household.focus_tags),
        matters=[OpenRow(r.id or 0, label(r), is_overdue(r, limits, now)) for r in reversed(matters)],
        points=_points(session, viewer, member, month),
    )


def _name(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.name if person is not None else "—"
