"""The simulated WeChat for a bot running in a subprocess: every send is appended to a JSON Lines
file and synced to disk before `say` returns, so whoever watches from outside (a fault test that
kills the process at random) sees exactly what the transport took, resends included.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from base.clock import Clock
from base.messages import Outgoing
from bot.transports.simulated import SimulatedTransport


class LoggedTransport(SimulatedTransport):
    name = "logged"

    def __init__(self, path: Path, clock: Clock) -> None:
        super().__init__()
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("a", encoding="utf-8")

    async def say(self, message: Outgoing) -> None:
        await super().say(message)
        line = {
            "key": message.key,
            "at": self._clock.now().isoformat(),
            "room": self.rooms.name_of(message.room_id) if message.room_id else None,
            "to": self.contacts.name_of(message.to_id) if message.to_id else None,
            "text": message.text,
        }
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    async def stop(self) -> None:
        await super().stop()
        self._file.close()
