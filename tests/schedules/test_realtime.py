"""The wall-clock scheduler: one APScheduler, stable ids, coalesce, one instance, hours of grace.

Nothing here waits for a timer: the jobs are inspected, and a fire is called directly.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from base.clock import TZ, VirtualClock
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.transports.simulated import SimulatedTransport
from schedules.realtime import HEARTBEAT_ID, RealtimeScheduler
from storage.models import JobState
from tests.schedules.world import at

JOB_IDS = {
    "escalation-sweep",
    "rating-sweep",
    "township-handoff",
    "theme-day",
    "overdue-digest",
    "visit-reminder-first",
    "visit-reminder-second",
    "visit-coverage-summary",
    "monthly-report",
    "quarterly-report",
}


async def test_jobs_are_registered_once_with_their_discipline(tmp_path: Path) -> None:
    clock = VirtualClock(at("2026-03-01T08:59:30"))
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lianhu.db'}", instance_id="rt")
    app = ApplicationBuilder().settings(settings).transport(SimulatedTransport()).clock(clock).build()
    scheduler = app.scheduler
    assert isinstance(scheduler, RealtimeScheduler)
    await app.start()
    try:
        jobs = {job.id: job for job in scheduler.apscheduler.get_jobs()}
        assert set(jobs) == JOB_IDS | {HEARTBEAT_ID}
        assert str(scheduler.apscheduler.timezone) == "Asia/Shanghai"
        for spec in scheduler.runner.specs:
            job = jobs[spec.id]
            assert job.coalesce and job.max_instances == 1
            assert job.misfire_grace_time == int(spec.grace.total_seconds()) >= 3600
            assert str(job.trigger.timezone) == "Asia/Shanghai"
        daily_or_monthly = [s for s in scheduler.runner.specs if "cron" in str(s.trigger)]
        assert all(s.grace >= timedelta(hours=12) for s in daily_or_monthly)
        next_runs = dict(scheduler.next_runs())  # APScheduler's own timers run on the wall clock
        first = next_runs["visit-reminder-first"]
        assert (first.day, first.hour, first.minute, first.utcoffset()) == (1, 9, 0, timedelta(hours=8))
        assert next_runs["escalation-sweep"].second == 0

        clock.set(at("2026-03-01T09:00:07"))  # the timer went off seven seconds late
        spec = next(s for s in scheduler.runner.specs if s.id == "visit-reminder-first")
        await scheduler._fire(spec)
        with Session(app.engine) as session:
            state = session.get(JobState, "visit-reminder-first")
            assert state is not None and state.last_fire_at == at("2026-03-01T09:00").astimezone(TZ)
    finally:
        await app.stop()
