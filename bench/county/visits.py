"""The month's visits before the reminder plan runs, and who the plan should then remind.

Last month's visits (which must not count) go to `visited_last_month_share` of the households;
this month's, made on the 1st before the 09:00 reminder, to the first two members of every
village (all their households, so they are done) and to a few households elsewhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from base.clock import TZ
from bench.county.generate import County
from bench.county.shape import TODAY
from storage.models import Household, Organisation, Visit

LAST_MONTH = date(TODAY.year, TODAY.month - 1, 15) if TODAY.month > 1 else date(TODAY.year - 1, 12, 15)
DONE_PER_VILLAGE = 2
THIS_MONTH_SHARE = 0.05
LAST_MONTH_SHARE = 0.4
REMINDER_AT = datetime.combine(TODAY, time(9, 0), tzinfo=TZ)


@dataclass(frozen=True)
class Visited:
    this_month: frozenset[tuple[str, str]]
    """(village, household head) visited this month."""
    last_month: int


def seed_visits(engine: Engine, county: County, seed: int = 3) -> Visited:
    """Bulk-insert the visits (not part of any measured figure)."""
    rng = random.Random(seed)
    this_month: set[tuple[str, str]] = set()
    rows = []
    with engine.begin() as connection:
        homes = connection.execute(
            select(col(Organisation.name), col(Household.head_name), col(Household.id), col(Household.member_id))
            .join(Organisation, col(Organisation.id) == col(Household.org_id))
            .where(col(Household.active))
        ).all()
        ids = {(org, head): (home_id, member_id) for org, head, home_id, member_id in homes}
        last_month = 0
        for village in county.villages:
            done = {p.name for p in village.party[:DONE_PER_VILLAGE]}
            for household in village.households:
                home_id, member_id = ids[(village.name, household.head)]
                if household.member in done or rng.random() < THIS_MONTH_SHARE:
                    this_month.add((village.name, household.head))
                    rows.append(_visit(home_id, member_id, TODAY))
                if rng.random() < LAST_MONTH_SHARE:
                    last_month += 1
                    rows.append(_visit(home_id, member_id, LAST_MONTH))
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(Visit.__table__), rows[start : start + 10_000])  # type: ignore[attr-defined]
    return Visited(frozenset(this_month), last_month)


def _visit(household_id: int | None, member_id: int, on: date) -> dict[str, object]:
    return {
        "household_id": household_id,
        "member_id": member_id,
        "visited_on": on,
        "at": datetime.combine(on, time(8, 0), tzinfo=TZ),
    }


def expected_reminders(county: County, visited: Visited) -> dict[tuple[str, str], list[str]]:
    """(village, member) → the heads of their households not visited this month, focus households first."""
    expected: dict[tuple[str, str], list[str]] = {}
    for village in county.villages:
        exempt = {p.name for p in village.party if TODAY.year - p.birth_year >= 70}
        waiting: dict[str, list[tuple[bool, str]]] = {}
        for household in village.households:
            if (village.name, household.head) not in visited.this_month and household.member not in exempt:
                waiting.setdefault(household.member, []).append((not household.focus, household.head))
        for member, households in waiting.items():
            expected[(village.name, member)] = [head for _, head in sorted(households, key=lambda h: h[0])]
    return expected
