"""`lianhu replay`: a scripted conversation through the real pipeline, on a virtual clock.

Each line of the script is one step: `{"roster": path}`, `{"at": iso}`, `{"say": text,
"from": wechat name, "room": group}` or `{"restart": true}`. Everything the bot sends is
printed as one JSON object per line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlmodel import Session, select

from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.clock import TZ, SystemClock, VirtualClock
from bot.config import Settings
from bot.transport import Outgoing
from bot.transports.simulated import SimulatedTransport
from storage.models import Person
from storage.roster import RosterError, import_roster


class ScriptError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"第 {line} 行: {message}")
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


@dataclass(frozen=True)
class RestartStep:
    pass


Step = RosterStep | AtStep | SayStep | RestartStep


def parse_step(line: int, raw: str, base: Path) -> Step:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ScriptError(line, f"不是合法的 JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise ScriptError(line, "每一步应是一个 JSON 对象")
    keys = set(data)
    if keys == {"roster"} and isinstance(data["roster"], str):
        return RosterStep(base / data["roster"])
    if keys == {"at"} and isinstance(data["at"], str):
        try:
            when = datetime.fromisoformat(data["at"])
        except ValueError as error:
            raise ScriptError(line, f"时间格式错误: {data['at']!r}") from error
        return AtStep(when if when.tzinfo else when.replace(tzinfo=TZ))
    if keys == {"restart"} and data["restart"] is True:
        return RestartStep()
    if "say" in keys and keys <= {"say", "from", "room"}:
        text, sender, room = data.get("say"), data.get("from"), data.get("room")
        if isinstance(text, str) and isinstance(sender, str) and sender and (room is None or isinstance(room, str)):
            return SayStep(text, sender, room)
    raise ScriptError(line, f"无法识别的步骤: {raw.strip()[:120]}")


def parse_script(path: Path) -> list[tuple[int, Step]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ScriptError(0, f"无法读取脚本 {path}: {error}") from error
    return [(n, parse_step(n, raw, path.parent)) for n, raw in enumerate(lines, 1) if raw.strip()]


class Replay:
    """One scripted world: a virtual clock that survives restarts, and the app built over it."""

    def __init__(self, settings: Settings, clock: VirtualClock, out: TextIO) -> None:
        self.settings = settings
        self.clock = clock
        self.out = out
        self.app: Application | None = None
        self.transport = SimulatedTransport()

    async def boot(self) -> Application:
        self.transport = SimulatedTransport()
        app = ApplicationBuilder().settings(self.settings).transport(self.transport).clock(self.clock, virtual=True)
        self.app = app.build()
        self.transport.sync(self.app.engine)
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
            case SayStep(text, sender, room):
                await self.transport.inject(sender, text, self.clock.now(), room)
            case RestartStep():
                await self.shutdown()
                await self.boot()

    def _print(self, message: Outgoing) -> None:
        assert self.app is not None
        with Session(self.app.engine) as session:
            people = list(session.exec(select(Person).where(Person.active)))
        by_wechat_name = {p.wechat_name: p.name for p in people}
        names = {cid: by_wechat_name[name] for cid, name in self.transport.contacts.items() if name in by_wechat_name}
        names |= {p.wechat_id: p.name for p in people if p.wechat_id}
        line = {
            "at": self.clock.now().isoformat(),
            "room": self.transport.rooms.get(message.room_id) if message.room_id else None,
            "to": self._name(message.to_id, names) if message.to_id else None,
            "text": message.text,
            "mentions": [self._name(contact, names) for contact in message.mentions],
        }
        if message.attachment is not None:
            line["file"] = message.attachment.name
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.out.flush()

    def _name(self, contact_id: str, roster_names: dict[str, str]) -> str:
        """The roster 姓名 of a contact, else its WeChat name."""
        return roster_names.get(contact_id) or self.transport.contacts.get(contact_id, contact_id)


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
