"""The next moment the sweep has anything to do, so a virtual clock can skip the idle minutes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from handlers.escalation.ladder import climbing, deadline
from handlers.escalation.limits import Limits, limits_for
from handlers.escalation.tasks import open_tasks, task_deadline
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
    found = []
    for task in open_tasks(session):
        household_org = task_org(session, task.household_id)
        when = task_deadline(task, limits(household_org)) if household_org is not None else None
        if when is not None and task.id is not None:
            found.append((when, task.id))
    return found


def task_org(session: Session, household_id: int) -> int | None:
    household = session.get(Household, household_id)
    return household.org_id if household else None


def earliest(session: Session) -> datetime | None:
    limits = OrgLimits(session)
    moments = [when for when, _ in record_deadlines(session, limits) + task_deadlines(session, limits)]
    return min(moments, default=None)
