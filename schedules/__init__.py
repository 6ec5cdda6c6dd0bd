"""Scheduled jobs: declared once in `schedules.jobs`, run by APScheduler or by a virtual clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Application
    from schedules.realtime import RealtimeScheduler
    from schedules.virtual import VirtualScheduler


def build_scheduler(app: Application, *, virtual: bool) -> RealtimeScheduler | VirtualScheduler:
    # Imported here so that `schedules.theme_rule` stays importable from handlers without
    # pulling in every job (and, through them, the handlers) first.
    from bot.clock import VirtualClock
    from schedules.jobs import all_jobs
    from schedules.realtime import RealtimeScheduler
    from schedules.runner import JobRunner
    from schedules.virtual import VirtualScheduler

    runner = JobRunner(app, all_jobs(app.settings))
    if virtual:
        if not isinstance(app.clock, VirtualClock):
            raise TypeError("a virtual scheduler needs a VirtualClock")
        return VirtualScheduler(runner, app.clock)
    return RealtimeScheduler(runner)
