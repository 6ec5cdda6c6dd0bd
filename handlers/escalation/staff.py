"""Who answers at each level of the ladder, for the records and tasks of one sweep.

A county's sweep may climb dozens of records across as many villages; asking for each record's
member, hub, secretaries and tier-1 group one query at a time was most of its time. `Staff`
reads them for the whole batch in a few queries and answers from what it read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from sqlmodel import Session, col, select

from handlers.escalation.limits import Level
from storage.enums import Role
from storage.models import Group, Household, Person, Record, VisitTask

T = TypeVar("T", Household, Person)


class Staff:
    def __init__(self, session: Session, records: Iterable[Record] = (), tasks: Iterable[VisitTask] = ()) -> None:
        records, tasks = list(records), list(tasks)
        home_ids = {r.household_id for r in records if r.household_id} | {t.household_id for t in tasks}
        self.households = _by_id(session, Household, home_ids)
        wanted = {r.responsible_id for r in records if r.responsible_id} | {t.member_id for t in tasks}
        wanted |= {h.member_id for h in self.households.values()}
        self.people = _by_id(session, Person, wanted)
        self.people |= _by_id(session, Person, {p.hub_id for p in self.people.values() if p.hub_id} - set(self.people))
        orgs = {r.org_id for r in records} | {p.org_id for p in self.people.values()}
        self._secretaries: dict[int, list[Person]] = defaultdict(list)
        chosen = select(Person).where(Person.role == Role.SECRETARY, Person.active, col(Person.org_id).in_(orgs))
        for person in session.exec(chosen.order_by(col(Person.id))):
            self._secretaries[person.org_id].append(person)
        self._tier1: dict[int, Group] = {}
        groups = select(Group).where(col(Group.org_id).in_(orgs), Group.tier == 1, Group.active)
        for group in session.exec(groups.order_by(col(Group.id))):
            self._tier1.setdefault(group.org_id, group)

    def secretaries(self, org_id: int) -> list[Person]:
        return self._secretaries.get(org_id, [])

    def tier1(self, org_id: int) -> Group | None:
        return self._tier1.get(org_id)

    def member_of(self, record: Record) -> Person | None:
        """Who answers at level 0: the responsible person, else the household's liaising member."""
        if record.responsible_id is not None:
            return self.people.get(record.responsible_id)
        household = self.households.get(record.household_id) if record.household_id else None
        return self.people.get(household.member_id) if household else None

    def hub_of(self, person: Person | None) -> Person | None:
        if person is None or person.hub_id is None:
            return None
        hub = self.people.get(person.hub_id)
        return hub if hub is not None and hub.active else None

    def people_at(self, record: Record, level: int) -> list[Person]:
        """Who is expected to answer while the record stands at `level`."""
        member = self.member_of(record)
        if level == Level.MEMBER:
            return [member] if member else []
        if level == Level.HUB:
            hub = self.hub_of(member)
            return [hub] if hub else []
        if level == Level.ORG:
            return self.secretaries(record.org_id)
        return []


def _by_id(session: Session, model: type[T], ids: set[int]) -> dict[int, T]:
    if not ids:
        return {}
    rows = session.exec(select(model).where(col(model.id).in_(ids)))
    return {row.id: row for row in rows if row.id is not None}
