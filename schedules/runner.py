"""Runs jobs for either scheduler: lease first, then the job in one transaction, then the outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from schedules import lease
from schedules.spec import JobContext, JobSpec, OutsideContext
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

    @property
    def holding(self) -> bool:
        """Whether this process held the lease when it last asked."""
        return self._holding

    def holds_lease(self) -> bool:
        held = lease.hold(self.app.engine, self.app.settings.instance_id, self.app.clock.now(), self._ttl)
        if held and not self._holding:
            log.info("%s holds the jobs lease", self.app.settings.instance_id)
        self._holding = held
        return held

    async def heartbeat(self) -> bool:
        """Renew the lease; a process that just took it over catches up what fell due."""
        was_holding = self._holding
        if self.holds_lease() and not was_holding:
            await self.catch_up()
        return self._holding

    def release(self) -> None:
        if self._holding:
            lease.release(self.app.engine, self.app.settings.instance_id)
            self._holding = False

    def last_fire(self, spec: JobSpec) -> datetime | None:
        with Session(self.app.engine) as session:
            state = session.get(JobState, spec.id)
            return state.last_fire_at if state else None

    async def fire(self, spec: JobSpec, due: datetime) -> None:
        """Run one job for its fire time `due`. A job that fails is logged and counted as run:
        every job is level-triggered, so its next run picks up what this one left."""
        if not self.holds_lease():
            log.debug("job %s skipped: another process holds the lease", spec.id)
            return
        try:
            await self._run(spec, due)
        except Exception:
            log.exception("job %s due at %s failed", spec.id, due.isoformat())
            with session_scope(self.app.engine) as session:
                _record_fire(session, spec.id, due)
        await self.app.dispatcher.flush()

    async def _run(self, spec: JobSpec, due: datetime) -> None:
        app = self.app
        if spec.run_outside is not None:
            await spec.run_outside(OutsideContext(app.engine, app.deps, app.settings, due, app.clock.now()))
        with session_scope(app.engine) as session:
            if spec.run is not None:
                spec.run(JobContext(session, app.deps, app.settings, due, app.clock.now()))
            _record_fire(session, spec.id, due)

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
            due = spec.latest_fire(last, now)
            if due is None:
                continue
            if now - due <= spec.grace:
                log.info("catching up job %s due at %s", spec.id, due.isoformat())
                await self.fire(spec, due)
            else:
                log.warning("job %s due at %s is stale (grace %s): dropped", spec.id, due.isoformat(), spec.grace)
                with session_scope(self.app.engine) as session:
                    _record_fire(session, spec.id, due)


def _record_fire(session: Session, job_id: str, due: datetime) -> None:
    state = session.get(JobState, job_id)
    if state is None:
        session.add(JobState(job_id=job_id, last_fire_at=due))
    else:
        state.last_fire_at = max(state.last_fire_at, due)
