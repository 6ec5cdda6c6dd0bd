"""The wechaty transport's event consumer: puppet events handled one at a time, in order.

python-wechaty would run a task per message, so messages could overtake each other. Here the
puppet's listeners only queue events, and one consumer handles them: it tracks logins and
logouts, delivers messages to the bot, and holds messages that arrive while the link is down
until the next login.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

from base.clock import Clock
from bot.transport import EventHandler, FriendRequestHandler, MessageHandler
from bot.transports import wechaty_shim
from bot.transports.wechaty_friendship import answer
from bot.transports.wechaty_incoming import Account, to_incoming
from bot.transports.wechaty_state import EVENT_LOGIN, EVENT_LOGOUT, EVENT_RECONNECTED, LinkState, log

wechaty_shim.apply()

from wechaty.user import Room  # noqa: E402

_LIVENESS_ONLY = frozenset({"heartbeat", "dong", "ready"})


class _MessageRef:
    """A message id re-queued after a reconnect, shaped like `EventMessagePayload`."""

    __slots__ = ("message_id",)

    def __init__(self, message_id: str) -> None:
        self.message_id = message_id


class EventConsumer:
    """Handles the events on `link.queue`; tells `on_message` and `on_event` what they are for."""

    def __init__(self, link: LinkState, *, clock: Clock, backlog_max_age: timedelta) -> None:
        self._link = link
        self._clock = clock
        self._backlog_max_age = backlog_max_age
        self.on_message: MessageHandler | None = None
        self.on_event: EventHandler | None = None
        self.on_friend_request: FriendRequestHandler | None = None

    def listen(self, event: str, payload: Any = None) -> None:
        """Synchronous listener: keeps events in arrival order on one queue."""
        link = self._link
        link.last_activity = time.monotonic()
        link.stream_open = True
        if event in _LIVENESS_ONLY or (link.stopping and event == "message"):
            return
        link.queue.put_nowait((event, payload))

    async def run(self) -> None:
        while True:
            event, payload = await self._link.queue.get()
            try:
                await self._handle(event, payload)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("handling wechaty event %s failed", event)
            finally:
                self._link.queue.task_done()

    async def _handle(self, event: str, payload: Any) -> None:
        link = self._link
        if event == "message":
            await self._deliver(payload.message_id)
        elif event == "login":
            await self._handle_login(payload.contact_id)
        elif event == "logout":
            link.logged_in.clear()
            link.logged_out = True
            link.set_state("logged out")
            log.warning("WeChat logged the account out: %s", payload.data or "")
            await self._notify(EVENT_LOGOUT, str(payload.data or "logged out"))
        elif event == "scan":
            link.set_state("waiting for QR scan")
            log.warning("WeChat login needs a QR scan (status %s): %s", payload.status, payload.qrcode or "")
        elif event == "friendship":
            await answer(link.bot, payload.friendship_id, self._clock.now(), self.on_friend_request)
        elif event == "room-topic":
            Room._pool.pop(payload.room_id, None)  # the cached payload holds the old topic
        elif event == "error":
            log.warning("puppet service error: %s", getattr(payload, "data", payload))
        elif event == "lifecycle":
            await self._notify(*payload)

    async def _handle_login(self, contact_id: str) -> None:
        link = self._link
        if not link.stream_open:
            return  # from a stream that has ended since; the next one announces the login again
        user = link.bot.ContactSelf.load(contact_id)
        try:
            await user.ready()
            name = user.name
        except Exception as error:  # noqa: BLE001 — the account is usable without its name
            log.warning("could not load the account's own contact: %s", error)
            name = ""
        link.account = Account(contact_id, name)
        try:
            link.room_count = len(await link.bot.puppet.room_search())
        except Exception as error:  # noqa: BLE001 — only for /状态
            log.debug("cannot count rooms: %r", error)
        link.connected_since = self._clock.now()
        link.set_state("connected")
        link.logged_in.set()
        if link.logged_out or not link.ever_logged_in:
            link.logged_out = False
            log.info("logged in as %s (%s)", name, contact_id)
            await self._notify(EVENT_LOGIN, f"{name} ({contact_id})")
        elif link.outage_since is not None:
            away = time.monotonic() - link.outage_since
            link.reconnects += 1
            log.info("reconnected to the puppet service after %.1f s", away)
            await self._notify(EVENT_RECONNECTED, f"after {away:.0f} s")
        link.ever_logged_in = True
        link.outage_since = None
        while link.retry_ids:
            link.queue.put_nowait(("message", _MessageRef(link.retry_ids.popleft())))

    async def _deliver(self, message_id: str) -> None:
        link = self._link
        if link.account is None or not link.logged_in.is_set():
            link.retry_ids.append(message_id)
            return
        try:
            msg = link.bot.Message.load(message_id)
            await msg.ready()
            incoming, reason = await to_incoming(
                msg,
                account=link.account,
                connected_since=link.connected_since or self._clock.now(),
                backlog_max_age=self._backlog_max_age,
            )
        except Exception as error:  # noqa: BLE001
            if not link.logged_in.is_set():
                link.retry_ids.append(message_id)  # the connection dropped; try after reconnecting
            else:
                log.warning("message %s dropped: cannot load it: %r", message_id, error)
            return
        if incoming is None:
            log.debug("message %s ignored: %s", message_id, reason)
            return
        assert self.on_message is not None
        try:
            await self.on_message(incoming)
        except Exception:
            log.exception("the bot failed on message %s", message_id)

    async def _notify(self, kind: str, detail: str) -> None:
        self._link.last_event = (self._clock.now(), kind, detail)
        if self.on_event is None:
            return
        try:
            await self.on_event(kind, detail)
        except Exception:
            log.exception("on_event(%s) failed", kind)
