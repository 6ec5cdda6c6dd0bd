"""The boundary between WeChat and the domain.

Everything the domain knows about WeChat passes through the value types of `base.messages`
and the `Transport` protocol. Adapters (simulated, wechaty) live in `bot.transports`; nothing
outside them imports wechaty.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from base.messages import FriendRequest, Incoming, Outgoing
from base.templates import Templates

MessageHandler = Callable[[Incoming], Awaitable[None]]
# True: accept the request; False: leave it unanswered
FriendRequestHandler = Callable[[FriendRequest], Awaitable[bool]]
# (kind, detail): "login", "logout", "disconnected", "reconnected", "unreachable", "gave_up"
EventHandler = Callable[[str, str], Awaitable[None]]


class Transport(Protocol):
    """What the bot needs from WeChat: a stream of incoming messages and `say`."""

    name: str
    on_event: EventHandler | None
    on_friend_request: FriendRequestHandler | None

    async def start(self, on_message: MessageHandler) -> None:
        """Connect and begin delivering messages to `on_message`; returns once connected."""

    async def say(self, message: Outgoing) -> None:
        """Send one message; raises on failure so the outbox can retry."""

    async def stop(self) -> None:
        """Disconnect; idempotent."""

    async def find_room(self, topic: str) -> str | None:
        """The id of the room with this topic, for a group nobody has spoken in yet."""

    async def find_contact(self, name: str) -> str | None:
        """The id of the contact with this WeChat name, for a person not yet seen."""

    def status(self, words: Templates) -> dict[str, str]:
        """Facts for `/状态`, under the keys "account", "connection", "rooms", "last_event", worded by `words`."""
