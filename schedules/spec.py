"""What a scheduled job is: a stable id, an APScheduler trigger, and a function over the ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from apscheduler.triggers.base import BaseTrigger
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.context import Deps


class JobSettings(Protocol):
    """What the jobs and their runner read of the deployment's settings (`bot.config.Settings`)."""

    @property
    def instance_id(self) -> str: ...
    @property
    def lease_seconds(self) -> int: ...
    @property
    def visit_reminder_day(self) -> int: ...
    @property
    def visit_second_reminder_day(self) -> int: ...
    @property
    def visit_reminder_time(self) -> str: ...
    @property
    def coverage_summary_time(self) -> str: ...
    @property
    def monthly_report_time(self) -> str: ...
    @property
    def quarterly_report_time(self) -> str: ...
    @property
    def overdue_digest_time(self) -> str: ...
    @property
    def township_endpoint(self) -> str | None: ...
    @property
    def township_api_key(self) -> str | None: ...
    @property
    def township_timeout_seconds(self) -> float: ...
    @property
    def township_retries(self) -> int: ...


@dataclass(frozen=True)
class JobContext:
    session: Session
    deps: Deps
    settings: JobSettings
    due: datetime
    now: datetime


@dataclass(frozen=True)
class OutsideContext:
    """For a job that talks to the outside world: it opens its own short transactions, so
    no database transaction is held open across a slow network call."""

    engine: Engine
    deps: Deps
    settings: JobSettings
    due: datetime
    now: datetime


@dataclass(frozen=True)
class JobSpec:
    id: str
    trigger: BaseTrigger
    run: Callable[[JobContext], None] | None
    grace: timedelta
    # When the job would find nothing to do before a time, the virtual clock may skip to it.
    idle_until: Callable[[JobContext], datetime | None] | None = None
    # Runs before `run`, outside any transaction (e.g. the township hand-off over HTTP).
    run_outside: Callable[[OutsideContext], Awaitable[None]] | None = None

    def next_fire(self, after: datetime) -> datetime | None:
        """The first fire time strictly after `after`, on the trigger's own grid.

        (Passed as a previous fire time, `after` would make an interval trigger count from it,
        off its grid when `after` is, say, the moment the bot first started.)"""
        return self.trigger.get_next_fire_time(None, after + timedelta(microseconds=1))

    def first_fire_from(self, moment: datetime) -> datetime | None:
        """The first fire time at or after `moment` on the trigger's own grid."""
        return self.trigger.get_next_fire_time(None, moment)

    def latest_fire(self, after: datetime, until: datetime) -> datetime | None:
        """The last fire time in (after, until], found without walking every fire in between.

        A minute-interval job last run a month ago has 43,200 fires in between; the window
        searched doubles from one minute back until it holds a fire.
        """
        span = timedelta(minutes=1)
        while True:
            start = max(until - span, after + timedelta(microseconds=1))
            first = self.first_fire_from(start)
            if first is not None and first <= until:
                latest, cursor = first, self.next_fire(first)
                while cursor is not None and cursor <= until:
                    latest, cursor = cursor, self.next_fire(cursor)
                return latest
            if start <= after + timedelta(microseconds=1):
                return None
            span *= 2
