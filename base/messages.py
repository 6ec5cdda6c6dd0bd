"""What passes the transport boundary: messages in and out, their media, friend requests.

Plain value types, so storage and the domain can speak of messages without importing the
runtime (`bot/`) that moves them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

DEFAULT_ACCOUNT = "default"  # the one account of a deployment that names none

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
