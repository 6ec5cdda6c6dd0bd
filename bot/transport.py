"""The boundary between WeChat and the domain.

Everything the domain knows about WeChat passes through these two value types and the
`Transport` protocol. Adapters (simulated, wechaty) live in `bot.transports`; nothing
outside them imports wechaty.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Incoming:
    """One message as a transport received it. Ids are the transport's own."""

    message_id: str
    sender_id: str
    sender_name: str
    text: str
    at: datetime
    room_id: str | None = None
    room_topic: str | None = None
    mentions: tuple[str, ...] = ()
    mentions_self: bool = False
    sender_alias: str | None = None  # the sender's nickname in this room (群昵称), if set


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: where it lies on this machine, and the name the chat shows."""

    path: str
    name: str


@dataclass(frozen=True)
class Outgoing:
    """One message to send: to a room (optionally @-mentioning contacts) or to a person.

    With an attachment the text (if any) goes first, then the file, as a second chat message."""

    text: str
    room_id: str | None = None
    to_id: str | None = None
    mentions: tuple[str, ...] = field(default=())
    attachment: Attachment | None = None

    def __post_init__(self) -> None:
        if (self.room_id is None) == (self.to_id is None):
            raise ValueError("Outgoing needs exactly one of room_id or to_id")
        if not self.text and self.attachment is None:
            raise ValueError("Outgoing needs text or an attachment")


MessageHandler = Callable[[Incoming], Awaitable[None]]
# (kind, detail): "login", "logout", "disconnected", "reconnected", "unreachable", "gave_up"
EventHandler = Callable[[str, str], Awaitable[None]]


class Transport(Protocol):
    """What the bot needs from WeChat: a stream of incoming messages and `say`."""

    name: str
    on_event: EventHandler | None

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

    def status(self) -> dict[str, str]:
        """Facts for `/状态`, under the keys "account", "connection", "rooms", "last_event"."""
