"""Runs jobs for either scheduler: lease first, then the job in one transaction, then the outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from schedules import lease
from schedules.spec import JobContext, JobSpec
from storage.db import session_scope
from storage.models import JobState

if TYPE_CHECKING:
    from bot.app import Application

log = logging.getLogger(__name__)


class JobRunner:
    def __init__(self, app: Application, specs: list[JobSpec]) -> None:
        self.app = app
        self.specs = specs
        self._ttl = timedelta(seconds=app.settings.lease_seconds)
        self._holding = False

    def holds_lease(self) -> bool:
        held = lease.hold(self.app.engine, self.app.settings.instance_id, self.app.clock.now(), self._ttl)
        if held and not self._holding:
            log.info("%s holds the jobs lease", self.app.settings.instance_id)
        self._holding = held
        return held

    async def heartbeat(self) -> None:
        """Renew the lease; a process that just took it over catches up what fell due."""
        was_holding = self._holding
        if self.holds_lease() and not was_holding:
            await self.catch_up()

    def release(self) -> None:
        if self._holding:
            lease.release(self.app.engine, self.app.settings.instance_id)
            self._holding = False

    def last_fire(self, spec: JobSpec) -> datetime | None:
        with Session(self.app.engine) as session:
            state = session.get(JobState, spec.id)
            return state.last_fire_at if state else None

    async def fire(self, spec: JobSpec, due: datetime) -> None:
        if not self.holds_lease():
            log.debug("job %s skipped: another process holds the lease", spec.id)
            return
        now = self.app.clock.now()
        with session_scope(self.app.engine) as session:
            spec.run(JobContext(session, self.app.deps, self.app.settings, due, now))
            _record_fire(session, spec.id, due)
        await self.app.dispatcher.flush()

    async def catch_up(self) -> None:
        """After downtime: each job due while down runs once if within its grace, else is dropped."""
        if not self.holds_lease():
            return
        now = self.app.clock.now()
        for spec in self.specs:
            last = self.last_fire(spec)
            if last is None:
                with session_scope(self.app.engine) as session:
                    _record_fire(session, spec.id, now)
                continue
            due = _latest_fire(spec, last, now)
            if due is None:
                continue
            if now - due <= spec.grace:
                log.info("catching up job %s due at %s", spec.id, due.isoformat())
                await self.fire(spec, due)
            else:
                log.warning("job %s due at %s is stale (grace %s): dropped", spec.id, due.isoformat(), spec.grace)
                with session_scope(self.app.engine) as session:
                    _record_fire(session, spec.id, due)


def _latest_fire(spec: JobSpec, after: datetime, until: datetime) -> datetime | None:
    latest, cursor = None, spec.next_fire(after)
    while cursor is not None and cursor <= until:
        latest, cursor = cursor, spec.next_fire(cursor)
    return latest


def _record_fire(session: Session, job_id: str, due: datetime) -> None:
    state = session.get(JobState, job_id)
    if state is None:
        session.add(JobState(job_id=job_id, last_fire_at=due))
    else:
        state.last_fire_at = max(state.last_fire_at, due)
