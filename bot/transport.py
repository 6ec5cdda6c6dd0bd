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

from bot.accounts import DEFAULT_ACCOUNT

MEDIA_KINDS = ("image", "voice", "video", "file")


@dataclass(frozen=True)
class Media:
    """A photo, voice message, video or file that came with a message, already read from WeChat."""

    kind: str  # one of MEDIA_KINDS
    data: bytes = field(repr=False)
    file_name: str = ""
    mime_type: str = "application/octet-stream"
    error: str | None = None  # the transport could not read the file; the message is kept without it

    def __post_init__(self) -> None:
        if self.kind not in MEDIA_KINDS:
            raise ValueError(f"unknown media kind {self.kind!r}")

    @property
    def size(self) -> int:
        return len(self.data)


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
    media: Media | None = None  # a photo, voice, video or file; `text` is then usually empty
    account: str = DEFAULT_ACCOUNT  # the WeChat account that received it
    skipped: str | None = None  # why the bot must not act on it (a reconnect's backlog): kept as ignored


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
    key: str | None = field(default=None, compare=False)  # the outbox row it comes from, to spot a resend

    def __post_init__(self) -> None:
        if (self.room_id is None) == (self.to_id is None):
            raise ValueError("Outgoing needs exactly one of room_id or to_id")
        if not self.text and self.attachment is None:
            raise ValueError("Outgoing needs text or an attachment")


@dataclass(frozen=True)
class FriendRequest:
    """Someone asked to become the bot account's WeChat friend (needed to write to them privately)."""

    request_id: str
    contact_id: str
    contact_name: str
    hello: str
    at: datetime
    phone: str | None = None  # the contact's phone number, when the transport knows it


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

    def status(self) -> dict[str, str]:
        """Facts for `/状态`, under the keys "account", "connection", "rooms", "last_event"."""
