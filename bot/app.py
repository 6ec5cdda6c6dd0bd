"""The application: one inbox, one outbox, one transport, one clock, one scheduler."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from base.clock import Clock
from base.messages import Incoming
from bot.config import Settings
from bot.friends import FriendRequests
from bot.outbox import OutboxDispatcher
from bot.spool import Spool
from bot.transport import Transport
from handlers.context import Deps
from handlers.pipeline import handle
from storage import inbox
from storage.db import session_scope
from storage.enums import InboxState

log = logging.getLogger(__name__)


class Scheduler(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def next_runs(self) -> list[tuple[str, datetime]]: ...


class WebConsole(Protocol):
    async def start(self) -> str | None:
        """Listen; the address login links point to, or None when it could not start."""

    async def stop(self) -> None: ...


class Application:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        clock: Clock,
        transport: Transport,
        deps: Deps,
        dispatcher: OutboxDispatcher,
        spool: Spool,
        var_dir: Path,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self.transport = transport
        self.deps = deps
        self.dispatcher = dispatcher
        self.spool = spool
        self.var_dir = var_dir
        self.friend_requests = FriendRequests(engine)
        self.scheduler: Scheduler | None = None
        self.web: WebConsole | None = None
        self.failure: str | None = None
        self.stopped = asyncio.Event()
        self.started_at = clock.now()
        self.last_message_at: datetime | None = None
        self.database_lost = False
        self._recovering = False

    async def start(self) -> None:
        """Connect, then finish whatever a previous run stored but did not act on or send."""
        if self.web is not None:  # first, so a `/控制台` waiting since before the restart gets a working link
            self.deps = replace(self.deps, console_url=await self.web.start())
        try:
            await self.transport.start(self.receive)
        except BaseException:
            if self.web is not None:
                await self.web.stop()
            raise
        await self.recover()
        if self.scheduler is not None:
            await self.scheduler.start()

    def fail(self, reason: str) -> None:
        """Give up: whoever runs the app stops it and exits non-zero, so a supervisor restarts it."""
        self.failure = reason
        self.stopped.set()

    async def stop(self) -> None:
        if self.web is not None:
            await self.web.stop()
        if self.scheduler is not None:
            await self.scheduler.stop()
        await self.transport.stop()
        self.engine.dispose()

    async def receive(self, incoming: Incoming) -> None:
        """Store, then act, then send: a crash at any point loses nothing and repeats nothing."""
        if self.database_lost:
            await self.database_back()  # first, so what waited is acted on before this message
        if self.accept(incoming):
            await self.dispatcher.flush()

    def accept(self, incoming: Incoming) -> bool:
        """Store, then act (synchronously, the outbox left unsent); whether it was acted on."""
        self.last_message_at = incoming.at
        try:
            with session_scope(self.engine) as session:
                stored = inbox.store(session, incoming, self.clock.now(), self.deps.media)
                if stored is not None and incoming.skipped is not None:
                    inbox.finish(stored, InboxState.IGNORED, self.clock.now(), incoming.skipped)
        except OperationalError as error:
            log.error("database unavailable, spooling message %s: %s", incoming.message_id, error)
            self.spool.append(incoming)
            self.database_lost = True
            return False
        if stored is None:
            log.info("message %s already seen, ignored", incoming.message_id)
            return False
        if incoming.skipped is not None:
            log.warning("message %s kept but not acted on: %s", incoming.message_id, incoming.skipped)
            return False
        try:
            self.act(incoming.message_id)
        except OperationalError as error:
            log.error("database lost after storing %s; it is acted on at recovery: %s", incoming.message_id, error)
            self.database_lost = True
            return False
        return True

    def act(self, message_id: str) -> None:
        """Through the message middleware (handlers.pipeline); a lost database propagates."""
        handle(self.engine, self.deps, message_id)

    async def database_back(self) -> None:
        """After an outage: act on what waited, without a restart (still down: it waits on)."""
        if self._recovering:
            return
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError:
            return
        log.warning("database reachable again: acting on the messages that waited for it")
        try:
            await self.recover()
        except OperationalError as error:
            log.error("database still unavailable, messages keep waiting: %s", error)
            self.database_lost = True

    async def recover(self) -> None:
        """Replay the spool, act on stored-but-unprocessed messages, send what is pending."""
        self.database_lost, self._recovering = False, True
        try:
            for incoming in self.spool.drain():
                await self.receive(incoming)
            with session_scope(self.engine) as session:
                waiting = [row.message_id for row in inbox.unprocessed(session)]
            for message_id in waiting:
                log.info("acting on message %s stored before a restart or an outage", message_id)
                self.act(message_id)
        finally:
            self._recovering = False
        await self.dispatcher.flush()
