"""The next moment the sweep has anything to do, so a virtual clock can skip the idle minutes."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from sqlmodel import Session, select

from handlers.escalation.ladder import climbing, deadline
from handlers.escalation.limits import Limits, limits_for
from handlers.escalation.tasks import open_tasks, task_deadline
from storage.models import Organisation


class OrgLimits:
    """Every organisation's limits, read in one query per sweep."""

    def __init__(self, session: Session) -> None:
        self._default = Limits()
        self._cache: dict[int, Limits] = {
            org.id: limits_for(org) for org in session.exec(select(Organisation)) if org.id is not None
        }

    def __call__(self, org_id: int) -> Limits:
        return self._cache.get(org_id, self._default)

    def shortest(self) -> Limits:
        """Each limit at its shortest over all organisations: nothing falls due sooner than these."""
        every = [self._default, *self._cache.values()]
        return Limits(**{f.name: min(getattr(lim, f.name) for lim in every) for f in fields(Limits)})


def record_deadlines(session: Session, limits: OrgLimits, due_by: datetime | None = None) -> list[tuple[datetime, int]]:
    """(deadline, record) of the records whose clock runs; with `due_by`, only those due by then."""
    found = [(deadline(r, limits(r.org_id)), r.id) for r in climbing(session, due_by, limits.shortest())]
    return [(when, rid) for when, rid in found if when is not None and rid is not None]


def task_deadlines(session: Session, limits: OrgLimits) -> list[tuple[datetime, int]]:
    found = [(task_deadline(task, limits(org_id)), task.id) for task, org_id in open_tasks(session)]
    return [(when, task_id) for when, task_id in found if when is not None and task_id is not None]


def earliest(session: Session) -> datetime | None:
    limits = OrgLimits(session)
    moments = [when for when, _ in record_deadlines(session, limits) + task_deadlines(session, limits)]
    return min(moments, default=None)
