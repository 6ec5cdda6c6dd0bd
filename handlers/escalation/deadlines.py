"""The next moment the sweep has anything to do, so a virtual clock can skip the idle minutes."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from sqlmodel import Session, select

from handlers.escalation.ladder import climbing, deadline
from handlers.escalation.limits import Limits, limits_in
from handlers.escalation.tasks import open_tasks, task_deadline
from storage.models import Organisation, Record, VisitTask


class OrgLimits:
    """Every organisation's limits, read in one query per sweep."""

    def __init__(self, session: Session) -> None:
        self._default = Limits()
        settings = session.exec(select(Organisation.id, Organisation.settings))
        self._cache = {org_id: limits_in(chosen) for org_id, chosen in settings if org_id is not None}

    def __call__(self, org_id: int) -> Limits:
        return self._cache.get(org_id, self._default)

    def shortest(self) -> Limits:
        """Each limit at its shortest over all organisations: nothing falls due sooner than these."""
        every = [self._default, *self._cache.values()]
        return Limits(**{f.name: min(getattr(lim, f.name) for lim in every) for f in fields(Limits)})


def due_records(session: Session, limits: OrgLimits, due_by: datetime | None = None) -> list[tuple[datetime, Record]]:
    """(deadline, record) of the records whose clock runs, soonest first; with `due_by`, those due by then."""
    found = [(deadline(r, limits(r.org_id)), r) for r in climbing(session, due_by, limits.shortest())]
    due = [(when, r) for when, r in found if when is not None and (due_by is None or when <= due_by)]
    return sorted(due, key=lambda pair: (pair[0], pair[1].id or 0))


def due_tasks(session: Session, limits: OrgLimits, due_by: datetime | None = None) -> list[tuple[datetime, VisitTask]]:
    """(deadline, task) of the must-visit tasks with a step to take, soonest first; with `due_by`, those due by then."""
    tasks = open_tasks(session, due_by, limits.shortest())
    found = [(task_deadline(task, limits(org_id)), task) for task, org_id in tasks]
    due = [(when, t) for when, t in found if when is not None and (due_by is None or when <= due_by)]
    return sorted(due, key=lambda pair: (pair[0], pair[1].id or 0))


def earliest(session: Session) -> datetime | None:
    limits = OrgLimits(session)
    moments = [when for when, _ in due_records(session, limits) + due_tasks(session, limits)]
    return min(moments, default=None)
