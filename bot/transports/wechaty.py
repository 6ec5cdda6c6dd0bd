"""The real WeChat transport: python-wechaty 0.10.7 talking to a Wechaty puppet service.

A puppet service is a gRPC gateway in front of a logged-in WeChat account (a provider's token,
or a self-run `wechaty-puppet-service` gateway). python-wechaty supplies the gRPC client
(`PuppetService`) and the `Message`/`Room`/`Contact` accessors; this transport owns the rest,
because `Wechaty.start()` in 0.10.7 is unfit for a long-running bot:

- it blocks for the whole life of the event stream, swallows exceptions, sleeps 60 s after a
  dropped stream and calls `loop.stop()` on the *caller's* event loop when the gateway
  cannot be reached (`WechatyPuppetError`);
- its event bridge starts the plugin manager on login, which starts an APScheduler and probes
  (and may serve a Quart app on) 0.0.0.0:5000, and on a second login starts that scheduler
  again, which raises;
- its message handlers run as concurrent tasks, so messages can overtake each other.

So we drive `PuppetService` directly: one connection attempt at a time, listeners that put
events on one queue consumed in order, exponential back-off between attempts, a watchdog
`ding` for connections that die silently, and lifecycle events for the application. The
`Wechaty` object still exists (the accessors need it) with our scheduler and a loopback port,
but its plugin manager is never started, so neither its scheduler nor its web server runs.

This module is the facade; the parts are `wechaty_connection` (the session loop),
`wechaty_events` (the event consumer), `wechaty_sending` (sending and look-ups),
`wechaty_state` (what they share), `wechaty_status` and `wechaty_endpoint`.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from base.clock import Clock
from base.messages import Outgoing
from base.templates import Templates
from bot.transport import EventHandler, FriendRequestHandler, MessageHandler
from bot.transports import wechaty_shim
from bot.transports.wechaty_backoff import Backoff
from bot.transports.wechaty_connection import Connection, close_channel
from bot.transports.wechaty_endpoint import parse_endpoint, redact_token_in_wechaty_logs
from bot.transports.wechaty_events import EventConsumer
from bot.transports.wechaty_sending import Sender
from bot.transports.wechaty_state import (
    EVENT_DISCONNECTED,
    EVENT_GAVE_UP,
    EVENT_LOGIN,
    EVENT_LOGOUT,
    EVENT_RECONNECTED,
    EVENT_UNREACHABLE,
    LinkState,
)
from bot.transports.wechaty_status import describe

wechaty_shim.apply()

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # noqa: E402
from wechaty.user import Contact, Room  # noqa: E402

if TYPE_CHECKING:
    from bot.accounts import Account
    from bot.config import Settings

__all__ = [
    "DEFAULT_BACKOFF",
    "EVENT_DISCONNECTED",
    "EVENT_GAVE_UP",
    "EVENT_LOGIN",
    "EVENT_LOGOUT",
    "EVENT_RECONNECTED",
    "EVENT_UNREACHABLE",
    "WechatyStartError",
    "WechatyTransport",
    "parse_endpoint",
]

DEFAULT_BACKOFF = Backoff()


class WechatyStartError(RuntimeError):
    """`start()` could not get a logged-in account from the puppet service."""


class WechatyTransport:
    """The bot's `Transport` over a Wechaty puppet service.

    `start()` returns once the account is logged in. Afterwards the connection is kept up by
    itself: when the stream drops it retries with `backoff`, and `on_event` hears about it
    (see the EVENT_* constants) so the application can tell a secretary. Message ids are the
    puppet's, stable across redeliveries; the application deduplicates by them.
    """

    name = "wechaty"

    def __init__(
        self,
        endpoint: str | None,
        token: str | None,
        *,
        clock: Clock,
        backlog_max_age: timedelta = timedelta(minutes=5),
        on_event: EventHandler | None = None,
        scheduler: AsyncIOScheduler | None = None,
        backoff: Backoff = DEFAULT_BACKOFF,
        login_timeout: float = 600.0,
        alert_after: timedelta = timedelta(minutes=10),
        watchdog_interval: float = 60.0,
        watchdog_timeout: float = 15.0,
        send_timeout: float = 30.0,
        stop_grace: float = 5.0,
    ) -> None:
        if not endpoint:
            # python-wechaty would resolve a bare token through api.chatie.io, a discovery
            # service that no longer answers; we never send the token there.
            raise ValueError("LIANHU_WECHATY_ENDPOINT (host:port of the puppet service) is required")
        if not token:
            raise ValueError("LIANHU_WECHATY_TOKEN is required: the puppet service authenticates with it")
        host, port = parse_endpoint(endpoint)
        self._endpoint = endpoint.strip()
        self._login_timeout = login_timeout
        self._stop_grace = stop_grace
        self._link = LinkState()
        self._connection = Connection(
            self._link,
            endpoint=self._endpoint,
            host=host,
            port=port,
            token=token,
            scheduler=scheduler,
            backoff=backoff,
            alert_after=alert_after,
            watchdog_interval=watchdog_interval,
            watchdog_timeout=watchdog_timeout,
        )
        self._events = EventConsumer(self._link, clock=clock, backlog_max_age=backlog_max_age)
        self._sender = Sender(self._link, send_timeout=send_timeout)
        self.on_event = on_event
        redact_token_in_wechaty_logs(token)
        self._runner: asyncio.Task[None] | None = None
        self._consumer: asyncio.Task[None] | None = None

    @classmethod
    def from_account(cls, account: Account, settings: Settings, clock: Clock, **options: Any) -> WechatyTransport:
        return cls(
            account.endpoint,
            account.token,
            clock=clock,
            backlog_max_age=timedelta(seconds=settings.backlog_max_age_seconds),
            **options,
        )

    @property
    def on_event(self) -> EventHandler | None:
        """Told about logins, logouts, drops and reconnections, in order with the messages."""
        return self._events.on_event

    @on_event.setter
    def on_event(self, handler: EventHandler | None) -> None:
        self._events.on_event = handler

    @property
    def on_friend_request(self) -> FriendRequestHandler | None:
        """Asked about each friend request someone sends the account; True accepts it."""
        return self._events.on_friend_request

    @on_friend_request.setter
    def on_friend_request(self, handler: FriendRequestHandler | None) -> None:
        self._events.on_friend_request = handler

    @property
    def _bot(self) -> Any:
        """The python-wechaty `Wechaty` (None before the first `start()`); tests inspect it."""
        return self._link.bot

    # -- Transport protocol -------------------------------------------------------------

    async def start(self, on_message: MessageHandler) -> None:
        """Connect and wait until the account is logged in (`login_timeout` seconds at most)."""
        if self._runner is not None:
            raise RuntimeError("WechatyTransport already started")
        link = self._link
        self._events.on_message = on_message
        link.stopping = False
        link.fatal = None
        link.queue = asyncio.Queue()
        if link.bot is None:
            link.bot = await self._connection.make_bot(self._events.listen)
        # Accessor pools are class-level and shared by every Wechaty in the process.
        Room._pool.clear()
        Contact._pool.clear()
        self._consumer = asyncio.create_task(self._events.run(), name="wechaty-consumer")
        self._runner = asyncio.create_task(self._connection.run(), name="wechaty-connection")
        login = asyncio.create_task(link.logged_in.wait())
        try:
            await asyncio.wait({login, self._runner}, timeout=self._login_timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            login.cancel()
        if not link.logged_in.is_set():
            reason = link.fatal or f"no login from {self._endpoint} within {self._login_timeout:.0f} s"
            await self.stop()
            raise WechatyStartError(reason)

    async def say(self, message: Outgoing) -> None:
        """Send text to a room (with real @mentions) or to a contact; raises on any failure."""
        await self._sender.say(message)

    async def stop(self) -> None:
        """Finish the messages already received (up to `stop_grace` s), then disconnect."""
        if self._runner is None and self._consumer is None:
            return
        link = self._link
        link.stopping = True
        if self._consumer is not None and not self._consumer.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(link.queue.join(), self._stop_grace)
        for task in (self._runner, self._consumer):
            if task is not None:
                task.cancel()
        for task in (self._runner, self._consumer):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._runner = self._consumer = None
        if link.bot is not None:
            close_channel(link.bot.puppet)
        link.logged_in.clear()
        link.stream_open = False
        link.set_state("stopped")

    async def find_room(self, topic: str) -> str | None:
        """The id of the one room whose topic is exactly `topic` (None if none or several)."""
        return await self._sender.find_room(topic)

    async def find_contact(self, name: str) -> str | None:
        """The id of the one contact named `name` (WeChat nickname, else the bot's remark)."""
        return await self._sender.find_contact(name)

    @property
    def state(self) -> str:
        """connecting, connected, reconnecting, logged out, waiting for QR scan, gave up, stopped."""
        return self._link.state

    def status(self, words: Templates) -> dict[str, str]:
        """For `/状态`: "account", "connection", "rooms", "last_event" (read by a secretary)."""
        return describe(self._link, words)
