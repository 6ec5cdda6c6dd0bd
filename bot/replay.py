"""`lianhu replay`: a scripted conversation through the real pipeline, on a virtual clock.

Each line of the script is one step: `{"roster": path}`, `{"at": iso}`, `{"say": text,
"from": wechat name, "room": group}` (optionally with the message's own `"id"` and its time
`"at"`), `{"say_media": path, "kind": "image"|"voice"|"video"|"file", "from": …, "room": …}` (a file
beside the script, sent as a photo, voice or file), `{"friend_request": wechat name, "hello": text,
"phone": number}` (hello and phone optional) or `{"restart": true}`. Everything the bot sends is
printed as one JSON object per line.

`follow` reads the steps from a pipe instead, acknowledging each one, for a test that drives a
bot subprocess and kills it at random: the steps after the last acknowledged one are sent again
to the restarted bot, and a message id already in the inbox is not acted on twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import case
from sqlmodel import Session, col, select

from base.clock import TZ, SystemClock, VirtualClock
from base.messages import MEDIA_KINDS, Outgoing
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.transports.logged import LoggedTransport
from bot.transports.simulated import SimulatedTransport, media_from_file
from handlers.templates import Templates
from storage.models import Person
from storage.roster import RosterError, import_roster

# A script's errors are read by whoever wrote it, in the shipped wording (as the roster import's are).
say = Templates.load().render


class ScriptError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(say("replay.line", line=line, message=message))
        self.line = line


@dataclass(frozen=True)
class RosterStep:
    path: Path


@dataclass(frozen=True)
class AtStep:
    when: datetime


@dataclass(frozen=True)
class SayStep:
    text: str
    sender: str
    room: str | None
    message_id: str | None = None
    when: datetime | None = None


@dataclass(frozen=True)
class FriendRequestStep:
    sender: str
    hello: str
    phone: str | None


@dataclass(frozen=True)
class SayMediaStep:
    path: Path
    kind: str
    sender: str
    room: str | None


@dataclass(frozen=True)
class RestartStep:
    pass


Step = RosterStep | AtStep | SayStep | SayMediaStep | FriendRequestStep | RestartStep


def parse_step(line: int, raw: str, base: Path) -> Step:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ScriptError(line, say("replay.not_json", error=error.msg)) from error
    if not isinstance(data, dict):
        raise ScriptError(line, say("replay.not_object"))
    keys = set(data)
    if keys == {"roster"} and isinstance(data["roster"], str):
        return RosterStep(base / data["roster"])
    if keys == {"at"} and isinstance(data["at"], str):
        return AtStep(_when(line, data["at"]))
    if keys == {"restart"} and data["restart"] is True:
        return RestartStep()
    if "say" in keys and keys <= {"say", "from", "room", "id", "at"}:
        text, sender, room, message_id = data.get("say"), data.get("from"), data.get("room"), data.get("id")
        said = (
            isinstance(text, str)
            and isinstance(sender, str)
            and sender
            and (room is None or isinstance(room, str))
            and (message_id is None or isinstance(message_id, str))
            and (data.get("at") is None or isinstance(data["at"], str))
        )
        if said:
            when = _when(line, data["at"]) if data.get("at") else None
            return SayStep(text, sender, room, message_id, when)  # type: ignore[arg-type]
    if "friend_request" in keys and keys <= {"friend_request", "hello", "phone"}:
        sender, hello, phone = data.get("friend_request"), data.get("hello", ""), data.get("phone")
        if isinstance(sender, str) and sender and isinstance(hello, str) and (phone is None or isinstance(phone, str)):
            return FriendRequestStep(sender, hello, phone)
    if "say_media" in keys and keys <= {"say_media", "kind", "from", "room"}:
        path, kind, sender, room = data.get("say_media"), data.get("kind"), data.get("from"), data.get("room")
        if (
            isinstance(path, str)
            and kind in MEDIA_KINDS
            and isinstance(sender, str)
            and sender
            and (room is None or isinstance(room, str))
        ):
            return SayMediaStep(base / path, kind, sender, room)
    raise ScriptError(line, say("replay.unknown_step", step=raw.strip()[:120]))


def _when(line: int, text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError as error:
        raise ScriptError(line, say("replay.bad_time", text=repr(text))) from error
    return when if when.tzinfo else when.replace(tzinfo=TZ)


def parse_script(path: Path) -> list[tuple[int, Step]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ScriptError(0, say("replay.unreadable_script", path=path, error=error)) from error
    return [(n, parse_step(n, raw, path.parent)) for n, raw in enumerate(lines, 1) if raw.strip()]


class Replay:
    """One scripted world: a virtual clock that survives restarts, and the app built over it."""

    def __init__(self, settings: Settings, clock: VirtualClock, out: TextIO, sent_log: Path | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.out = out
        self.sent_log = sent_log
        self.app: Application | None = None
        self.transport = SimulatedTransport()

    async def boot(self) -> Application:
        """Build the app; with a sent log, sends go to that file instead of `out`."""
        self.transport = SimulatedTransport() if self.sent_log is None else LoggedTransport(self.sent_log, self.clock)
        app = ApplicationBuilder().settings(self.settings).transport(self.transport).clock(self.clock, virtual=True)
        self.app = app.build()
        self.transport.sync(self.app.engine)
        if self.sent_log is None:
            self.transport.on_sent(self._print)
        await self.app.start()
        return self.app

    async def shutdown(self) -> None:
        if self.app is not None:
            await self.app.stop()
            self.app = None

    async def run(self, line: int, step: Step) -> None:
        app = self.app
        assert app is not None and app.scheduler is not None
        match step:
            case RosterStep(path):
                try:
                    import_roster(app.engine, path, today=self.clock.now().date())
                except RosterError as error:
                    raise ScriptError(line, str(error)) from error
                self.transport.sync(app.engine)
            case AtStep(when):
                await app.scheduler.advance(when)  # type: ignore[attr-defined]
            case SayStep(text, sender, room, message_id, when):
                if when is not None:
                    await app.scheduler.advance(when)  # type: ignore[attr-defined]
                await self.transport.inject(sender, text, self.clock.now(), room, message_id=message_id)
            case FriendRequestStep(sender, hello, phone):
                await self.transport.request_friendship(sender, self.clock.now(), hello, phone)
            case SayMediaStep(path, kind, sender, room):
                try:
                    media = media_from_file(path, kind)
                except OSError as error:
                    raise ScriptError(line, say("replay.unreadable_file", path=path, error=error)) from error
                await self.transport.inject(sender, "", self.clock.now(), room, media)
            case RestartStep():
                await self.shutdown()
                await self.boot()

    def _print(self, message: Outgoing) -> None:
        assert self.app is not None
        line = {
            "at": self.clock.now().isoformat(),
            "room": self.transport.rooms.name_of(message.room_id) if message.room_id else None,
            "to": self._name(message.to_id) if message.to_id else None,
            "text": message.text,
            "mentions": [self._name(contact) for contact in message.mentions],
        }
        if message.attachment is not None:
            line["file"] = message.attachment.name
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.out.flush()

    def _name(self, contact_id: str) -> str:
        """The roster 姓名 of a contact (by its WeChat id or its WeChat name), else its WeChat name."""
        assert self.app is not None
        wechat_name = self.transport.contacts.name_of(contact_id) or contact_id
        bound = col(Person.wechat_id) == contact_id
        query = select(Person.name).where(Person.active, bound | (col(Person.wechat_name) == wechat_name))
        with Session(self.app.engine) as session:
            names = list(session.exec(query.order_by(case((bound, 0), else_=1))))
        return names[0] if names else wechat_name


async def run_script(path: Path, settings: Settings, out: TextIO) -> int:
    steps = parse_script(path)
    first_at = next((step.when for _, step in steps if isinstance(step, AtStep)), None)
    replay = Replay(settings, VirtualClock(first_at or SystemClock().now()), out)
    await replay.boot()
    try:
        for line, step in steps:
            await replay.run(line, step)
    finally:
        await replay.shutdown()
    return 0


def _start(step: Step) -> datetime | None:
    return step.when if isinstance(step, AtStep | SayStep) else None


async def follow(lines: Iterable[str], settings: Settings, sent_log: Path, acks: TextIO) -> int:
    """Run steps as they arrive, one per line, writing `{"done": n}` to `acks` after each."""
    replay: Replay | None = None
    try:
        for n, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            step = parse_step(n, raw, Path.cwd())
            if replay is None:
                replay = Replay(settings, VirtualClock(_start(step) or SystemClock().now()), acks, sent_log)
                await replay.boot()
            await replay.run(n, step)
            acks.write(json.dumps({"done": n}) + "\n")
            acks.flush()
    finally:
        if replay is not None:
            await replay.shutdown()
    return 0
