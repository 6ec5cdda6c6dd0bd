"""Scheduled jobs on a virtual clock: advancing the clock runs every job due, in order, at its time.

Only the lease holder runs jobs. A process that does not hold the lease only moves its clock,
except that when the holder's lease runs out before `until` it takes over at that moment,
as the realtime heartbeat would.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from base.clock import VirtualClock
from schedules import lease
from schedules.runner import JobRunner
from schedules.spec import JobContext, JobSpec

TICK = timedelta(microseconds=1)
log = logging.getLogger(__name__)


class VirtualScheduler:
    def __init__(self, runner: JobRunner, clock: VirtualClock) -> None:
        self.runner = runner
        self._clock = clock

    async def start(self) -> None:
        await self.runner.catch_up()

    async def stop(self) -> None:
        self.runner.release()

    async def advance(self, until: datetime) -> None:
        try:
            await self._run_due(until)
        except OperationalError as error:  # the heartbeat that next reaches the database catches up
            log.error("database unavailable, jobs wait for it: %s", error)
        self._clock.set(until)
        await self.runner.heartbeat()

    async def _run_due(self, until: datetime) -> None:
        while (due := self._next_due(until)) is not None:
            spec, when = due
            self._clock.set(when)
            was_holding = self.runner.holding
            if not await self.runner.heartbeat():
                free_at = lease.expiry(self.runner.app.engine)
                if free_at is None or free_at >= until:
                    break
                self._clock.set(free_at + TICK)
                continue
            if not was_holding:
                continue  # just took over: catch_up ran what was due; look again
            await self.runner.fire(spec, when, leased=True)

    def next_runs(self) -> list[tuple[str, datetime]]:
        now = self._clock.now()
        runs = [(spec.id, spec.next_fire(self.runner.last_fire(spec) or now)) for spec in self.runner.specs]
        return sorted((job, at) for job, at in runs if at is not None)

    def _next_due(self, until: datetime) -> tuple[JobSpec, datetime] | None:
        best: tuple[JobSpec, datetime] | None = None
        with Session(self.runner.app.engine) as session:  # one read for every job's last fire and idle hint
            last_fires = self.runner.last_fires(session)
            for spec in self.runner.specs:
                when = self._next_useful_fire(session, spec, last_fires.get(spec.id), until)
                if when is not None and when <= until and (best is None or when < best[1]):
                    best = (spec, when)
        return best

    def _next_useful_fire(
        self, session: Session, spec: JobSpec, last: datetime | None, until: datetime
    ) -> datetime | None:
        """The job's next fire time, skipping runs its idle hint says would find nothing to do."""
        now = self._clock.now()
        when = spec.next_fire(last or now)
        if spec.idle_until is None or when is None or when > until:
            return when
        idle = spec.idle_until(JobContext(session, self.runner.app.deps, self.runner.app.settings, when, now))
        if idle is None:
            return None
        floor = max(idle, now)
        return when if when >= floor else spec.first_fire_from(floor)
