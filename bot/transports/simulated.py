"""An in-memory WeChat: rooms and contacts from the roster, messages typed by tests or a person."""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.messages import FriendRequest, Incoming, Media, Outgoing
from base.templates import Templates
from bot.transport import EventHandler, FriendRequestHandler, MessageHandler
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
        self.rooms: dict[str, str] = {}
        self.contacts: dict[str, str] = {}
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
        """Make sure every active group has a room and every active person a contact.

        Names only, checked against sets: a county's 330,000 people as ORM objects, each looked
        for among the contacts' values, took the bot past 700 MB and minutes to start.
        """
        with Session(engine) as session:
            topics = set(self.rooms.values())
            for name in session.exec(select(Group.name).where(Group.active)):
                if name not in topics:
                    topics.add(name)
                    self.add_room(name)
            names = set(self.contacts.values())
            for name in session.exec(select(Person.wechat_name).where(Person.active)):
                if name not in names:
                    names.add(name)
                    self.add_contact(name)

    def add_room(self, topic: str) -> str:
        room_id = f"sim-room:{topic}"
        self.rooms[room_id] = topic
        return room_id

    def add_contact(self, name: str) -> str:
        contact_id = f"sim-contact:{name}"
        self.contacts[contact_id] = name
        return contact_id

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
        return next((rid for rid, name in self.rooms.items() if name == topic), None)

    async def find_contact(self, name: str) -> str | None:
        return next((cid for cid, known in self.contacts.items() if known == name), None)

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
        contact_id = await self.find_contact(name) or self.add_contact(name)
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
        sender_id = await self.find_contact(sender) or self.add_contact(sender)
        room_id = None
        if room is not None:
            room_id = await self.find_room(room) or self.add_room(room)
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
