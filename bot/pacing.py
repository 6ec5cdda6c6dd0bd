"""Pacing of outgoing messages: WeChat punishes bursts."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from base.clock import Clock

WINDOW = timedelta(minutes=1)


class Pacer:
    """At most one message per `room_interval` seconds per room and `per_minute` in all."""

    def __init__(self, clock: Clock, room_interval: float, per_minute: int) -> None:
        self._clock = clock
        self._room_interval = timedelta(seconds=room_interval)
        self._per_minute = per_minute
        self._last_by_room: dict[str, datetime] = {}
        self._recent: deque[datetime] = deque()

    def wait_seconds(self, room: str) -> float:
        now = self._clock.now()
        while self._recent and now - self._recent[0] >= WINDOW:
            self._recent.popleft()
        waits = [timedelta(0)]
        last = self._last_by_room.get(room)
        if last is not None:
            waits.append(last + self._room_interval - now)
        if len(self._recent) >= self._per_minute:
            waits.append(self._recent[0] + WINDOW - now)
        return max(waits).total_seconds()

    def record(self, room: str) -> None:
        now = self._clock.now()
        self._last_by_room[room] = now
        self._recent.append(now)

    async def wait_turn(self, room: str) -> None:
        while (seconds := self.wait_seconds(room)) > 0:
            await self._clock.sleep(seconds)
