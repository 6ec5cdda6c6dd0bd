"""Scheduled jobs: declared once in `schedules.jobs`, run by APScheduler or by a virtual clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.clock import VirtualClock
from schedules.jobs import all_jobs
from schedules.realtime import RealtimeScheduler
from schedules.runner import JobRunner
from schedules.virtual import VirtualScheduler

if TYPE_CHECKING:
    from bot.app import Application


def build_scheduler(app: Application, *, virtual: bool) -> RealtimeScheduler | VirtualScheduler:
    runner = JobRunner(app, all_jobs(app.settings))
    if virtual:
        if not isinstance(app.clock, VirtualClock):
            raise TypeError("a virtual scheduler needs a VirtualClock")
        return VirtualScheduler(runner, app.clock)
    return RealtimeScheduler(runner)
