"""What a scheduled job is: a stable id, an APScheduler trigger, and a function over the ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.triggers.base import BaseTrigger
from sqlmodel import Session

from handlers.context import Deps

if TYPE_CHECKING:
    from bot.config import Settings


@dataclass(frozen=True)
class JobContext:
    session: Session
    deps: Deps
    settings: Settings
    due: datetime
    now: datetime


@dataclass(frozen=True)
class JobSpec:
    id: str
    trigger: BaseTrigger
    run: Callable[[JobContext], None]
    grace: timedelta
    # When the job would find nothing to do before a time, the virtual clock may skip to it.
    idle_until: Callable[[JobContext], datetime | None] | None = None

    def next_fire(self, after: datetime) -> datetime | None:
        """The first fire time strictly after `after`."""
        return self.trigger.get_next_fire_time(after, after + timedelta(microseconds=1))

    def first_fire_from(self, moment: datetime) -> datetime | None:
        """The first fire time at or after `moment` on the trigger's own grid."""
        return self.trigger.get_next_fire_time(None, moment)
