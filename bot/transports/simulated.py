"""An in-memory WeChat: rooms and contacts from the roster, messages typed by tests or a person."""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from base.messages import FriendRequest, Incoming, Media, Outgoing
from base.templates import Templates
from bot.transport import EventHandler, FriendRequestHandler, MessageHandler
from bot.transports.address_book import AddressBook
from storage.models import Group, Person

SentListener = Callable[[Outgoing], None]


def media_from_file(path: Path, kind: str) -> Media:
    """A local file sent as a photo, voice, video or file; raises OSError when it cannot be read."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Media(kind=kind, data=path.read_bytes(), file_name=path.name, mime_type=mime)


class SimulatedTransport:
    name = "simulated"
    self_id = "sim-bot"

    def __init__(self) -> None:
        self.rooms = AddressBook("sim-room:", Group.name, Group.active)  # type: ignore[arg-type]
        self.contacts = AddressBook("sim-contact:", Person.wechat_name, Person.active)  # type: ignore[arg-type]
        self.sent: list[Outgoing] = []
        # what each file sent into the chat held when it was sent, by the name the chat shows
        self.files: dict[str, bytes] = {}
        self._listeners: list[SentListener] = []
        self._on_message: MessageHandler | None = None
        self.on_event: EventHandler | None = None  # a simulated WeChat never drops
        self.on_friend_request: FriendRequestHandler | None = None
        self.friends: set[str] = set()  # contact ids whose friend request was accepted

    @classmethod
    def from_database(cls, engine: Engine) -> SimulatedTransport:
        transport = cls()
        transport.sync(engine)
        return transport

    def sync(self, engine: Engine) -> None:
        """Every active group of the ledger's roster has a room, every active person a contact,
        from now on and after each import: the address books read the roster when asked."""
        self.rooms.engine = self.contacts.engine = engine

    def add_room(self, topic: str) -> str:
        """A room in WeChat from now on, whatever the roster says: someone speaks in it (no ledger read,
        so WeChat goes on when the bot's database is down)."""
        return self.rooms.add(topic)

    def add_contact(self, name: str) -> str:
        return self.contacts.add(name)

    def on_sent(self, listener: SentListener) -> None:
        self._listeners.append(listener)

    async def start(self, on_message: MessageHandler) -> None:
        self._on_message = on_message

    async def stop(self) -> None:
        self._on_message = None

    async def say(self, message: Outgoing) -> None:
        known = self.rooms if message.room_id else self.contacts
        if (message.room_id or message.to_id) not in known:
            raise LookupError(f"no such room or contact: {message.room_id or message.to_id}")
        if message.attachment is not None:
            self.files[message.attachment.name] = Path(message.attachment.path).read_bytes()
        self.sent.append(message)
        for listener in self._listeners:
            listener(message)

    async def find_room(self, topic: str) -> str | None:
        return self.rooms.find(topic)

    async def find_contact(self, name: str) -> str | None:
        return self.contacts.find(name)

    def status(self, words: Templates) -> dict[str, str]:
        return {
            "account": words.render("status.simulated.account"),
            "connection": words.render("status.simulated.connection"),
            "rooms": str(len(self.rooms)),
        }

    async def request_friendship(
        self, name: str, at: datetime, hello: str = "", phone: str | None = None
    ) -> FriendRequest:
        """The contact named `name` asks to become the bot's friend; accepted if the bot says so."""
        contact_id = self.add_contact(name)
        request = FriendRequest(f"sim-friendship-{uuid.uuid4().hex}", contact_id, name, hello, at, phone)
        if self.on_friend_request is not None and await self.on_friend_request(request):
            self.friends.add(contact_id)
        return request

    async def inject(
        self,
        sender: str,
        text: str,
        at: datetime,
        room: str | None = None,
        media: Media | None = None,
        *,
        message_id: str | None = None,
    ) -> Incoming:
        """Deliver a message (text, or a photo, voice or file) from the contact `sender`, into `room` or
        privately; `message_id` is WeChat's own id, the same when WeChat delivers a message again."""
        if self._on_message is None:
            raise RuntimeError("transport not started")
        sender_id = self.add_contact(sender)
        room_id = None
        if room is not None:
            room_id = self.add_room(room)
        incoming = Incoming(
            message_id=message_id or f"sim-{uuid.uuid4().hex}",
            sender_id=sender_id,
            sender_name=sender,
            text=text,
            at=at,
            room_id=room_id,
            room_topic=room,
            media=media,
        )
        await self.deliver(incoming)
        return incoming

    async def deliver(self, incoming: Incoming) -> None:
        """Hand the application a message as WeChat would, a redelivery included."""
        if self._on_message is None:
            raise RuntimeError("transport not started")
        await self._on_message(incoming)
