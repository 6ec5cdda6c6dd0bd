"""Runs jobs for either scheduler: lease first, then the job in one transaction, then the outbox."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from base.clock import Clock
from handlers.context import Deps
from schedules import lease
from schedules.spec import JobContext, JobSettings, JobSpec, OutsideContext
from storage.db import session_scope
from storage.models import JobState

log = logging.getLogger(__name__)


class Outbox(Protocol):
    async def flush(self) -> int:
        """Send what the job queued; returns how many were sent."""


class JobHost(Protocol):
    """What the runner needs of the running bot (`bot.app.Application` is one)."""

    engine: Engine
    clock: Clock
    deps: Deps
    database_lost: bool

    @property
    def settings(self) -> JobSettings: ...
    @property
    def dispatcher(self) -> Outbox: ...

    async def database_back(self) -> None:
        """Called once the database answers again after an outage."""


class JobRunner:
    def __init__(self, app: JobHost, specs: list[JobSpec]) -> None:
        self.app = app
        self.specs = specs
        self._ttl = timedelta(seconds=app.settings.lease_seconds)
        self._holding = False
        self._renewed_at: datetime | None = None

    @property
    def holding(self) -> bool:
        """Whether this process held the lease when it last asked."""
        return self._holding

    def holds_lease(self) -> bool:
        """Take or renew the lease. A holder renews at most every third of its term, as the
        realtime heartbeat does, so a virtual clock firing job after job does not write each time."""
        now = self.app.clock.now()
        if self._holding and self._renewed_at is not None and timedelta(0) <= now - self._renewed_at < self._ttl / 3:
            return True
        held = lease.hold(self.app.engine, self.app.settings.instance_id, now, self._ttl)
        if held and not self._holding:
            log.info("%s holds the jobs lease", self.app.settings.instance_id)
        self._holding, self._renewed_at = held, now if held else None
        return held

    async def heartbeat(self) -> bool:
        """Renew the lease; a process that just took it over (or got its database back after an
        outage) catches up what fell due meanwhile."""
        was_holding = self._holding
        try:
            held = self.holds_lease()
        except OperationalError as error:
            log.error("cannot reach the database to renew the jobs lease: %s", error)
            self._holding = False
            self.app.database_lost = True
            return False
        if self.app.database_lost:
            await self.app.database_back()
        if held and not was_holding:
            await self.catch_up()
        return held

    def release(self) -> None:
        if self._holding:
            lease.release(self.app.engine, self.app.settings.instance_id)
            self._holding, self._renewed_at = False, None

    def last_fire(self, spec: JobSpec) -> datetime | None:
        with Session(self.app.engine) as session:
            state = session.get(JobState, spec.id)
            return state.last_fire_at if state else None

    def last_fires(self, session: Session) -> dict[str, datetime]:
        """Every job's last fire time, in one query."""
        return {state.job_id: state.last_fire_at for state in session.exec(select(JobState))}

    async def fire(self, spec: JobSpec, due: datetime, *, leased: bool = False) -> None:
        """Run one job for its fire time `due` (`leased`: the caller has just renewed the lease).

        A job that raises is logged and counted as run (a bug does not go away by retrying it
        every minute; the frequent jobs are level-triggered and pick up what it left). A lost
        database is not counted: the catch-up once it is back runs the job again."""
        if not leased and not self.holds_lease():
            log.debug("job %s skipped: another process holds the lease", spec.id)
            return
        try:
            await self._run(spec, due)
        except OperationalError:
            self._holding = False  # not counted as run: the heartbeat that next reaches the database catches up
            raise
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
