"""A whole bot on a virtual clock, for schedule tests: the demo village, messages by WeChat
name, `advance` to move time (running what falls due), `restart` and `down_until` to stop it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Outgoing
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from schedules.virtual import VirtualScheduler
from storage.models import Person
from storage.roster import import_roster


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@dataclass(frozen=True)
class Sent:
    at: datetime
    room: str | None
    to: str | None
    text: str
    mentions: tuple[str, ...]
    by: str
    key: str | None = None  # the outbox row it came from


class World:
    def __init__(self, db_url: str, start: datetime, **settings: object) -> None:
        self.settings = Settings(database_url=db_url, instance_id=str(settings.pop("instance_id", "bot-a")), **settings)  # type: ignore[arg-type]
        self.clock = VirtualClock(start)
        self.sent: list[Sent] = []
        self.app: Application | None = None
        self.transport = SimulatedTransport()

    async def boot(self, roster: bool = False) -> World:
        self.transport = SimulatedTransport()
        builder = ApplicationBuilder().settings(self.settings).transport(self.transport).clock(self.clock, virtual=True)
        self.app = builder.build()
        if roster:
            import_roster(self.app.engine, DEMO_ROSTER, today=self.clock.now().date())
        self.transport.sync(self.app.engine)
        self.transport.on_sent(self._record)
        await self.app.start()
        return self

    @property
    def scheduler(self) -> VirtualScheduler:
        assert self.app is not None and isinstance(self.app.scheduler, VirtualScheduler)
        return self.app.scheduler

    async def say(self, sender: str, text: str, room: str | None) -> None:
        await self.transport.inject(sender, text, self.clock.now(), room)

    async def advance(self, until: datetime | str) -> None:
        await self.scheduler.advance(at(until) if isinstance(until, str) else until)

    async def stop(self) -> None:
        if self.app is not None:
            await self.app.stop()
            self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.boot()

    async def down_until(self, when: datetime | str) -> None:
        """Stop the bot, let time pass with nobody running, start it again."""
        await self.stop()
        self.clock.set(at(when) if isinstance(when, str) else when)
        await self.boot()

    def _record(self, message: Outgoing) -> None:
        assert self.app is not None
        with Session(self.app.engine) as session:
            names = {p.wechat_id: p.name for p in session.exec(select(Person).where(Person.wechat_id.is_not(None)))}  # type: ignore[union-attr]

        def name(contact: str) -> str:
            return names.get(contact) or self.transport.contacts.get(contact, contact)

        self.sent.append(
            Sent(
                self.clock.now(),
                self.transport.rooms.get(message.room_id) if message.room_id else None,
                name(message.to_id) if message.to_id else None,
                message.text,
                tuple(name(m) for m in message.mentions),
                self.settings.instance_id,
                message.key,
            )
        )

    def containing(self, fragment: str) -> list[Sent]:
        return [s for s in self.sent if fragment in s.text]
