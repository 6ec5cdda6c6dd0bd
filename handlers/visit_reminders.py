"""The monthly visit reminder: who is reminded of which households, and what they are told.

It sits beside `handlers.liaison` because it keeps that module's rules (active, non-exempt
members with an active household in their own organisation; their active households with no
visit this month, focus households first), computed for the whole ledger at once: a county is
30,000 members and 300,000 households, and asking per organisation and per member took a query
per member. The `visit-reminder-*` jobs only claim and send what `plan` and `reminder_text` give.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import String, cast, select
from sqlmodel import Session, col

from handlers.context import Deps
from handlers.periods import Month
from storage.enums import Role
from storage.models import Household, Person, Visit


class Home(NamedTuple):
    id: int
    member_id: int
    head_name: str
    address: str | None
    focus_tags: list[str]


@dataclass(frozen=True)
class Reminder:
    member: Any
    """The member's id, organisation and name (a row of `Person.id, Person.org_id, Person.name`)."""
    households: Sequence[Home]
    """Not visited this month, focus households first, then in roster order."""


def plan(session: Session, month: Month) -> list[Reminder]:
    """Every member to remind this month, by organisation and then roster order.

    The month's visits and the active households are read whole and joined here: SQLite plans a
    correlated NOT EXISTS on the visits by their date index, one scan of the month per household.
    """
    this_month = (col(Visit.visited_on) >= month.start.date(), col(Visit.visited_on) < month.end.date())
    visited = set(session.scalars(select(col(Visit.household_id)).where(*this_month)))
    # focus_tags as its JSON text: most households have none, and decoding 300,000 "[]" took a second
    homes = session.execute(
        select(
            col(Household.id),
            col(Household.org_id),
            col(Household.member_id),
            col(Household.head_name),
            col(Household.address),
            cast(col(Household.focus_tags), String),
        )
        .where(col(Household.active))
        .order_by(col(Household.id))
    )
    owners: set[tuple[int, int]] = set()
    waiting: dict[int, list[Home]] = defaultdict(list)
    for home_id, org_id, member_id, head, address, tags in homes:
        owners.add((org_id, member_id))
        if home_id not in visited:
            focus = [] if tags == "[]" else json.loads(tags)
            waiting[member_id].append(Home(home_id, member_id, head, address, focus))
    members = session.execute(
        select(col(Person.id), col(Person.org_id), col(Person.name))
        .where(col(Person.active), col(Person.exempt).is_(False), col(Person.role) != Role.RESIDENT)
        .order_by(col(Person.org_id), col(Person.id))
    )
    return [
        Reminder(member, sorted(waiting[member.id], key=lambda h: not h.focus_tags))
        for member in members
        if member.id in waiting and (member.org_id, member.id) in owners
    ]


def reminder_text(deps: Deps, reminder: Reminder, month: Month, second: bool) -> str:
    """The private message to the member: the first reminder of the month, or the second."""
    render = deps.templates.render
    households = reminder.households
    focus = [h for h in households if h.focus_tags]
    header = "schedules.visits.second_header" if second else "schedules.visits.first_header"
    name = reminder.member.name
    lines = [render(header, name=name, month=month.label, count=len(households), focus=len(focus))]
    for h in households:
        address = h.address or ""
        if h.focus_tags:
            tags = "、".join(h.focus_tags)
            lines.append(render("schedules.visits.focus_line", household=h.head_name, tags=tags, address=address))
        else:
            lines.append(render("schedules.visits.line", household=h.head_name, address=address))
    lines.append(render("schedules.visits.footer"))
    return "\n".join(lines)
