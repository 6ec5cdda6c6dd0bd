"""The next moment the sweep has anything to do, so a virtual clock can skip the idle minutes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from handlers.limits import Limits, limits_for
from schedules.escalation.ladder import climbing, deadline
from schedules.escalation.tasks import open_tasks, task_deadline
from storage.models import Household, Organisation


class OrgLimits:
    """Each organisation's limits, read once per sweep."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[int, Limits] = {}

    def __call__(self, org_id: int) -> Limits:
        if org_id not in self._cache:
            self._cache[org_id] = limits_for(self._session.get(Organisation, org_id))
        return self._cache[org_id]


def record_deadlines(session: Session, limits: OrgLimits) -> list[tuple[datetime, int]]:
    found = [(deadline(r, limits(r.org_id)), r.id) for r in climbing(session)]
    return [(when, rid) for when, rid in found if when is not None and rid is not None]


def task_deadlines(session: Session, limits: OrgLimits) -> list[tuple[datetime, int]]:
    tasks = open_tasks(session)
    households = {task.household_id for task in tasks}
    orgs = dict(session.exec(select(Household.id, Household.org_id).where(col(Household.id).in_(households))).all())
    found = []
    for task in tasks:
        household_org = orgs.get(task.household_id)
        when = task_deadline(task, limits(household_org)) if household_org is not None else None
        if when is not None and task.id is not None:
            found.append((when, task.id))
    return found


def earliest(session: Session) -> datetime | None:
    limits = OrgLimits(session)
    moments = [when for when, _ in record_deadlines(session, limits) + task_deadlines(session, limits)]
    return min(moments, default=None)
