"""The triggers jobs use, all in Asia/Shanghai and on grids that do not move across restarts."""

from __future__ import annotations

from datetime import datetime, time

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from base.clock import TZ

# Interval grids count from here, so "every minute" means the same minutes after a restart.
EPOCH = datetime(2020, 1, 1, tzinfo=TZ)


def clock_time(text: str) -> time:
    """ "09:00" → 09:00; configuration errors fail at start, naming the value."""
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute)
    except ValueError as error:
        raise ValueError(f"not a HH:MM time: {text!r}") from error


def every(minutes: int) -> IntervalTrigger:
    return IntervalTrigger(minutes=minutes, start_date=EPOCH, timezone=TZ)


def daily(at: str) -> CronTrigger:
    when = clock_time(at)
    return CronTrigger(hour=when.hour, minute=when.minute, timezone=TZ)


def monthly(day: int | str, at: str) -> CronTrigger:
    """On `day` of each month ("last" for the last day) at `at`."""
    when = clock_time(at)
    return CronTrigger(day=day, hour=when.hour, minute=when.minute, timezone=TZ)


def quarterly(at: str) -> CronTrigger:
    """On the first day of each quarter (January, April, July, October) at `at`."""
    when = clock_time(at)
    return CronTrigger(month="1,4,7,10", day=1, hour=when.hour, minute=when.minute, timezone=TZ)
