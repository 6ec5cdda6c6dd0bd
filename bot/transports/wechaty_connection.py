"""The wechaty transport's connection: one session at a time, reconnecting with back-off.

Each session probes the endpoint, starts `PuppetService` (which reads the event stream until
it ends) and runs a watchdog beside it. Between sessions the loop waits per `Backoff`, tells
the application about drops and long outages, and gives up only when the token is rejected.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from bot.transports import wechaty_shim
from bot.transports.wechaty_backoff import Backoff
from bot.transports.wechaty_endpoint import free_loopback_port
from bot.transports.wechaty_state import (
    EVENT_DISCONNECTED,
    EVENT_GAVE_UP,
    EVENT_UNREACHABLE,
    LinkState,
    log,
)

wechaty_shim.apply()

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # noqa: E402
from grpclib.const import Status  # noqa: E402
from grpclib.exceptions import GRPCError  # noqa: E402
from wechaty import Wechaty, WechatyOptions  # noqa: E402
from wechaty_puppet import PuppetOptions  # noqa: E402

PuppetListener = Callable[[str, Any], None]

_PUPPET_EVENTS = (
    "login",
    "logout",
    "message",
    "friendship",
    "scan",
    "error",
    "room-topic",
    "heartbeat",
    "dong",
    "ready",
)
_FATAL_STATUSES = frozenset({Status.UNAUTHENTICATED, Status.PERMISSION_DENIED})
_STABLE_SESSION = 30.0  # seconds


def close_channel(puppet: Any) -> None:
    """Drop the gRPC channel, which ends the event stream of the current session.

    We do not call `PuppetService.stop()`: it removes our listeners and first sends a Stop
    RPC that hangs on a dead connection. The next `start()` opens a fresh channel. The
    stub is cleared too, so nothing can silently reconnect through the old channel.
    """
    channel = getattr(puppet, "channel", None)
    puppet.channel = None
    puppet._puppet_stub = None
    if channel is not None:
        channel.close()


class Connection:
    """Keeps `link.bot`'s puppet connected; `run()` returns only after giving up."""

    def __init__(
        self,
        link: LinkState,
        *,
        endpoint: str,
        host: str,
        port: int,
        token: str,
        scheduler: AsyncIOScheduler | None,
        backoff: Backoff,
        alert_after: timedelta,
        watchdog_interval: float,
        watchdog_timeout: float,
    ) -> None:
        self._link = link
        self._endpoint = endpoint
        self._host, self._port = host, port
        self._token = token
        self._scheduler = scheduler
        self._backoff = backoff
        self._alert_after = alert_after
        self._watchdog_interval = watchdog_interval
        self._watchdog_timeout = watchdog_timeout

    async def make_bot(self, listener: PuppetListener) -> Any:
        """A `Wechaty` whose puppet passes every event to `listener(event, payload)`."""
        options = WechatyOptions(
            name="lianhu",
            puppet_options=PuppetOptions(end_point=self._endpoint, token=self._token),
            # Never started (we do not run its event bridge), but if it ever were, it must
            # use our scheduler and must not listen on 0.0.0.0:5000.
            host="127.0.0.1",
            port=free_loopback_port(),
            scheduler=self._scheduler or AsyncIOScheduler(),
        )
        bot = Wechaty(options)
        await bot.init_puppet()  # binds bot.Message/Room/Contact to this bot's puppet
        for event in _PUPPET_EVENTS:
            bot.puppet.on(event, partial(listener, event))
        return bot

    async def run(self) -> None:
        link = self._link
        attempt = 0
        while True:
            link.set_state("connecting" if not link.ever_logged_in else "reconnecting")
            began = time.monotonic()
            try:
                await self._session()
                reason = "the puppet service ended the event stream"
            except GRPCError as error:
                if error.status in _FATAL_STATUSES:
                    self._give_up(f"the puppet service rejected the token ({error.status.name}: {error.message})")
                    return
                reason = f"gRPC {error.status.name}: {error.message}"
            except Exception as error:  # noqa: BLE001 — refused, reset, timed out: all retryable
                reason = f"{type(error).__name__}: {error}"
            was_open, link.stream_open = link.stream_open, False
            was_logged_in = link.logged_in.is_set()
            link.logged_in.clear()
            link.connected_since = None
            if was_open and time.monotonic() - began >= _STABLE_SESSION:
                # Only a session that lasted resets the back-off: two bots sharing one token
                # end each other's streams, and must not do so every second.
                attempt = 0
            self._note_drop(was_logged_in, reason)
            self._check_outage(reason)
            delay = self._backoff.delay(attempt)
            attempt += 1
            link.set_state("reconnecting")
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        """One connection: Stop+Start the puppet, then read events until the stream ends."""
        await self._probe()
        puppet = self._link.bot.puppet
        self._link.last_activity = time.monotonic()
        watchdog = asyncio.create_task(self._watchdog(puppet), name="wechaty-watchdog")
        try:
            await puppet.start()
        finally:
            watchdog.cancel()
            close_channel(puppet)

    async def _probe(self) -> None:
        """Fail fast, without blocking the loop, while the service is down.

        `PuppetService.start()` checks the endpoint with a blocking telnet connect (3 s
        timeout) inside the event loop; this check keeps that from stalling the bot.
        """
        _, writer = await asyncio.wait_for(asyncio.open_connection(self._host, self._port), 5.0)
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()

    async def _watchdog(self, puppet: Any) -> None:
        """Close a connection that went silent and does not answer a `ding` in time.

        A successful `ding` round trip proves the HTTP/2 connection (which also carries the
        event stream) is alive; we do not wait for the `dong` event, which some puppets omit.
        """
        while True:
            idle = time.monotonic() - self._link.last_activity
            if idle < self._watchdog_interval:
                await asyncio.sleep(self._watchdog_interval - idle)
                continue
            try:
                await asyncio.wait_for(puppet.ding("lianhu-watchdog"), self._watchdog_timeout)
            except Exception as error:  # noqa: BLE001 — any failure means the line is dead
                log.warning("puppet service silent for %.0f s and no answer to ding (%r): reconnecting", idle, error)
                close_channel(puppet)
                return
            self._link.last_activity = time.monotonic()

    def _note_drop(self, was_logged_in: bool, reason: str) -> None:
        """Start timing the outage; a drop of a logged-in session is news for the application."""
        link = self._link
        if was_logged_in:
            link.outage_since = time.monotonic()
            link.outage_alerted = False
            log.warning("lost the puppet service at %s: %s", self._endpoint, reason)
            link.announce(EVENT_DISCONNECTED, reason)
        else:
            if link.outage_since is None:
                link.outage_since = time.monotonic()
            log.info("cannot reach the puppet service at %s: %s", self._endpoint, reason)

    def _give_up(self, reason: str) -> None:
        link = self._link
        log.error("wechaty transport gave up: %s", reason)
        link.fatal = reason
        link.stream_open = False
        link.logged_in.clear()
        link.set_state("gave up")
        link.announce(EVENT_GAVE_UP, reason)

    def _check_outage(self, reason: str) -> None:
        link = self._link
        if link.outage_since is None or link.outage_alerted or not link.ever_logged_in:
            return
        away = time.monotonic() - link.outage_since
        if away >= self._alert_after.total_seconds():
            link.outage_alerted = True
            link.announce(EVENT_UNREACHABLE, f"no connection for {away:.0f} s: {reason}")
