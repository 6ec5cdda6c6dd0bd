"""Scheduled jobs on the wall clock: one APScheduler AsyncIOScheduler, stable ids, leased."""

from __future__ import annotations

from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from base.clock import TZ
from schedules.runner import JobRunner
from schedules.spec import JobSpec

HEARTBEAT_ID = "lease-heartbeat"


class RealtimeScheduler:
    def __init__(self, runner: JobRunner) -> None:
        self.runner = runner
        self.apscheduler = AsyncIOScheduler(timezone=TZ, job_defaults={"coalesce": True, "max_instances": 1})

    async def start(self) -> None:
        await self.runner.catch_up()
        for spec in self.runner.specs:
            self.apscheduler.add_job(
                self._fire,
                spec.trigger,
                args=[spec],
                id=spec.id,
                name=spec.id,
                replace_existing=True,
                misfire_grace_time=int(spec.grace.total_seconds()),
            )
        heartbeat = IntervalTrigger(seconds=max(self.runner.app.settings.lease_seconds // 3, 1), timezone=TZ)
        self.apscheduler.add_job(self.runner.heartbeat, heartbeat, id=HEARTBEAT_ID, replace_existing=True)
        self.apscheduler.start()

    async def stop(self) -> None:
        if self.apscheduler.running:
            self.apscheduler.shutdown(wait=False)
        self.runner.release()

    async def _fire(self, spec: JobSpec) -> None:
        # The scheduled time, not the moment the timer went off: a monthly job run late
        # just after midnight must still count as last month's.
        now = self.runner.app.clock.now()
        await self.runner.fire(spec, spec.latest_fire(now - spec.grace, now) or now)

    def next_runs(self) -> list[tuple[str, datetime]]:
        """The scheduled jobs' next runs, soonest first (the lease heartbeat is plumbing, not a job)."""
        jobs = self.apscheduler.get_jobs()
        runs = [(job.id, job.next_run_time) for job in jobs if job.next_run_time and job.id != HEARTBEAT_ID]
        return sorted(runs, key=lambda item: item[1])
