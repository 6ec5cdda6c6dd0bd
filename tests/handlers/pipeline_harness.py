"""The demo village run by the real `Application`: messages by speaker name, answers as text.

`Village.say` goes through `Application.accept`, what `receive` does before sending (store,
deduplicate, the middleware with its row lock and error apology), and returns the outbox rows it
enqueued. It is synchronous, so it serves sync tests and code already inside an event loop (the
console's aiohttp tests) alike. `Village.deliver` is the whole `receive`, sends included, for
tests that look at what the simulated WeChat got.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming, Media, Outgoing
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from handlers.context import Deps
from storage.models import OutboxMessage

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
SPEAKERS = {"secretary": "王志强", "hub": "刘宏伟", "member": "李建国", "resident": "秀英🌸", "unknown": "路人甲"}
TIER2 = "李建国联户群"


class Village:
    """The demo village on the test's database, the bot built as `lianhu run` builds it (no web console)."""

    def __init__(self, engine: Engine) -> None:
        self.clock = VirtualClock(START)
        self.transport = SimulatedTransport()
        self._var = tempfile.TemporaryDirectory(prefix="village-")  # spool, exports, media; gone with the village
        settings = Settings(roster=DEMO_ROSTER, var_dir=Path(self._var.name), web_port=0)
        builder = ApplicationBuilder().settings(settings).engine(engine).transport(self.transport)
        self.app: Application = builder.clock(self.clock, virtual=True).build()
        self.transport.sync(engine)
        self._ids = itertools.count(1)

    @property
    def engine(self) -> Engine:
        return self.app.engine

    @property
    def deps(self) -> Deps:
        return self.app.deps

    @deps.setter
    def deps(self, deps: Deps) -> None:
        self.app.deps = deps

    def message(self, speaker: str, text: str, room: str | None = TIER2, media: Media | None = None) -> Incoming:
        """The next message from `speaker` (a WeChat name), one second after the last, with a new id."""
        self.clock.set(self.clock.now() + timedelta(seconds=1))
        return Incoming(
            message_id=f"t-{next(self._ids)}",
            sender_id=f"sim-contact:{speaker}",
            sender_name=speaker,
            text=text,
            at=self.clock.now(),
            room_id=f"sim-room:{room}" if room else None,
            room_topic=room,
            media=media,
        )

    def say(self, speaker: str, text: str, room: str | None = TIER2, media: Media | None = None) -> list[str]:
        """Have the bot take `text` from `speaker`; what it answered (not sent yet)."""
        return self.accept(self.message(speaker, text, room, media))

    def accept(self, incoming: Incoming) -> list[str]:
        """`incoming` as WeChat delivers it (again, if its id was seen); what the bot answered."""
        since = self._last_outbox_id()
        self.app.accept(incoming)
        with Session(self.engine) as session:
            query = select(OutboxMessage.text).where(col(OutboxMessage.id) > since)
            return list(session.exec(query.order_by(col(OutboxMessage.id))))

    async def deliver(
        self, speaker: str, text: str, room: str | None = TIER2, media: Media | None = None
    ) -> list[Outgoing]:
        """The whole `Application.receive`: what the simulated WeChat was sent meanwhile (all that was pending)."""
        before = len(self.transport.sent)
        await self.app.receive(self.message(speaker, text, room, media))
        return self.transport.sent[before:]

    def _last_outbox_id(self) -> int:
        with Session(self.engine) as session:
            return session.exec(select(func.max(OutboxMessage.id))).one() or 0
