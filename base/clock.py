"""Injected time. Every rule about "overdue" or "this month" reads a `Clock`."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in Asia/Shanghai."""

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock's time."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(TZ)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class VirtualClock:
    """A clock that only moves when told to; `sleep` advances it instead of waiting."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(TZ)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        """Move to `when`; the clock never goes backwards."""
        when = when.astimezone(TZ)
        if when > self._now:
            self._now = when

    async def sleep(self, seconds: float) -> None:
        self._now += timedelta(seconds=max(seconds, 0))
        await asyncio.sleep(0)
