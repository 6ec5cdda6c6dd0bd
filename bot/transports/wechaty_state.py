"""What the wechaty transport's parts share about the link to the puppet service.

The connection loop, the event consumer and the sender each read and write some of these
facts (the consumer announces a reconnection the loop measured, the loop clears a login the
consumer set), so they live in one object that all three hold rather than in any one of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.transports.wechaty_incoming import Account

# The transport's one logger, named after its facade, whichever of its modules logs.
log = logging.getLogger("bot.transports.wechaty")

# Lifecycle events passed to `on_event(kind, detail)`.
EVENT_LOGIN = "login"  # the account logged in (at start, or again after a logout)
EVENT_LOGOUT = "logout"  # WeChat logged the account out; someone must scan a QR code
EVENT_DISCONNECTED = "disconnected"  # the puppet service connection dropped; retrying
EVENT_RECONNECTED = "reconnected"  # back after a drop; detail says how long it was away
EVENT_UNREACHABLE = "unreachable"  # still disconnected after `alert_after`; still retrying
EVENT_GAVE_UP = "gave_up"  # the service rejected the token: retrying cannot help

_RETRY_LIMIT = 1000  # message ids held for redelivery after a reconnect


def _retry_queue() -> deque[str]:
    return deque(maxlen=_RETRY_LIMIT)


@dataclass(eq=False)
class LinkState:
    """The shared, mutable facts about one transport's link; times are `time.monotonic()`."""

    bot: Any = None  # the python-wechaty `Wechaty`, made on the first `start()`
    queue: asyncio.Queue[tuple[str, Any]] = field(default_factory=asyncio.Queue)
    logged_in: asyncio.Event = field(default_factory=asyncio.Event)
    state: str = "stopped"
    stopping: bool = False
    stream_open: bool = False
    last_activity: float = 0.0
    account: Account | None = None
    ever_logged_in: bool = False
    logged_out: bool = False
    outage_since: float | None = None
    outage_alerted: bool = False
    fatal: str | None = None
    retry_ids: deque[str] = field(default_factory=_retry_queue)
    connected_since: datetime | None = None
    last_event: tuple[datetime, str, str] | None = None
    room_count: int | None = None
    reconnects: int = 0

    def set_state(self, state: str) -> None:
        if state != self.state:
            log.debug("wechaty transport: %s -> %s", self.state, state)
            self.state = state

    def announce(self, kind: str, detail: str) -> None:
        """Queue a lifecycle event behind the puppet events already received, to keep order."""
        self.queue.put_nowait(("lifecycle", (kind, detail)))
