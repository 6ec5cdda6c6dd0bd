"""The real WeChat transport: python-wechaty 0.10.7 talking to a Wechaty puppet service.

A puppet service is a gRPC gateway in front of a logged-in WeChat account (a provider's token,
or a self-run `wechaty-puppet-service` gateway). python-wechaty supplies the gRPC client
(`PuppetService`) and the `Message`/`Room`/`Contact` accessors; this module owns the rest,
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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.clock import Clock
from bot.transport import EventHandler, MessageHandler, Outgoing
from bot.transports import wechaty_shim
from bot.transports.wechaty_backoff import Backoff
from bot.transports.wechaty_incoming import Account, to_incoming

wechaty_shim.apply()

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # noqa: E402
from grpclib.const import Status  # noqa: E402
from grpclib.exceptions import GRPCError  # noqa: E402
from wechaty import Wechaty, WechatyOptions  # noqa: E402
from wechaty.config import AT_SEPARATOR  # noqa: E402
from wechaty.user import Contact, Room  # noqa: E402
from wechaty_puppet import PuppetOptions  # noqa: E402

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)


# Lifecycle events passed to `on_event(kind, detail)`.
EVENT_LOGIN = "login"  # the account logged in (at start, or again after a logout)
EVENT_LOGOUT = "logout"  # WeChat logged the account out; someone must scan a QR code
EVENT_DISCONNECTED = "disconnected"  # the puppet service connection dropped; retrying
EVENT_RECONNECTED = "reconnected"  # back after a drop; detail says how long it was away
EVENT_UNREACHABLE = "unreachable"  # still disconnected after `alert_after`; still retrying
EVENT_GAVE_UP = "gave_up"  # the service rejected the token: retrying cannot help

_PUPPET_EVENTS = ("login", "logout", "message", "scan", "error", "room-topic", "heartbeat", "dong", "ready")
_LIVENESS_ONLY = frozenset({"heartbeat", "dong", "ready"})
_FATAL_STATUSES = frozenset({Status.UNAUTHENTICATED, Status.PERMISSION_DENIED})
_LOOKUP_CONCURRENCY = 16
DEFAULT_BACKOFF = Backoff()
_STABLE_SESSION = 30.0  # seconds

# How `status()` words states and events for a secretary.
_STATE_WORDS = {
    "connecting": "连接中",
    "connected": "已连接",
    "reconnecting": "断线重连中",
    "logged out": "微信已退出登录，需扫码",
    "waiting for QR scan": "等待扫码登录",
    "gave up": "已停止：令牌被拒绝",
    "stopped": "未连接",
}
_EVENT_WORDS = {
    EVENT_LOGIN: "登录",
    EVENT_LOGOUT: "退出登录",
    EVENT_DISCONNECTED: "断线",
    EVENT_RECONNECTED: "重新连接",
    EVENT_UNREACHABLE: "长时间连不上",
    EVENT_GAVE_UP: "停止重连",
}


class WechatyStartError(RuntimeError):
    """`start()` could not get a logged-in account from the puppet service."""


def parse_endpoint(endpoint: str) -> tuple[str, int]:
    """`host:port` of a puppet service (plaintext gRPC; python-wechaty 0.10.7 has no TLS)."""
    host, sep, port = endpoint.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"wechaty endpoint must be host:port, got {endpoint!r}")
    return host.strip("[]"), int(port)


class _Redact(logging.Filter):
    """python-wechaty logs the token in a warning whenever both endpoint and token are set."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, "***"), ()
        return True


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
        self._host, self._port = parse_endpoint(endpoint)
        self._endpoint = endpoint.strip()
        self._token = token
        self._clock = clock
        self._backlog_max_age = backlog_max_age
        self.on_event = on_event
        self._scheduler = scheduler
        self._backoff = backoff
        self._login_timeout = login_timeout
        self._alert_after = alert_after
        self._watchdog_interval = watchdog_interval
        self._watchdog_timeout = watchdog_timeout
        self._send_timeout = send_timeout
        self._stop_grace = stop_grace
        logging.getLogger("PuppetService").addFilter(_Redact(token))

        self._bot: Any = None
        self._on_message: MessageHandler | None = None
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._runner: asyncio.Task[None] | None = None
        self._consumer: asyncio.Task[None] | None = None
        self._logged_in = asyncio.Event()
        self._stopping = False
        self._stream_open = False
        self._last_activity = 0.0
        self._account: Account | None = None
        self._ever_logged_in = False
        self._logged_out = False
        self._outage_since: float | None = None
        self._outage_alerted = False
        self._fatal: str | None = None
        self._retry_ids: deque[str] = deque(maxlen=1000)
        self._state = "stopped"
        self._connected_since: datetime | None = None
        self._last_event: tuple[datetime, str, str] | None = None
        self._room_count: int | None = None
        self._reconnects = 0

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock, **options: Any) -> WechatyTransport:
        return cls(
            settings.wechaty_endpoint,
            settings.wechaty_token,
            clock=clock,
            backlog_max_age=timedelta(seconds=settings.backlog_max_age_seconds),
            **options,
        )

    # -- Transport protocol -------------------------------------------------------------

    async def start(self, on_message: MessageHandler) -> None:
        """Connect and wait until the account is logged in (`login_timeout` seconds at most)."""
        if self._runner is not None:
            raise RuntimeError("WechatyTransport already started")
        self._on_message = on_message
        self._stopping = False
        self._fatal = None
        self._queue = asyncio.Queue()
        if self._bot is None:
            self._bot = await self._make_bot()
        # Accessor pools are class-level and shared by every Wechaty in the process.
        Room._pool.clear()
        Contact._pool.clear()
        self._consumer = asyncio.create_task(self._consume(), name="wechaty-consumer")
        self._runner = asyncio.create_task(self._run(), name="wechaty-connection")
        login = asyncio.create_task(self._logged_in.wait())
        try:
            await asyncio.wait({login, self._runner}, timeout=self._login_timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            login.cancel()
        if not self._logged_in.is_set():
            reason = self._fatal or f"no login from {self._endpoint} within {self._login_timeout:.0f} s"
            await self.stop()
            raise WechatyStartError(reason)

    async def say(self, message: Outgoing) -> None:
        """Send text to a room (with real @mentions) or to a contact; raises on any failure."""
        puppet = self._connected_puppet()
        if message.room_id is not None:
            text, mention_ids = await self._with_mentions(message.text, message.mentions)
            conversation = message.room_id
        else:
            assert message.to_id is not None  # Outgoing guarantees one of the two
            text, mention_ids, conversation = message.text, None, message.to_id
        # Not `Room.say()`/`Contact.say()`: after sending they load the new message by the id
        # the service returned, and raise when a service returns none. The message would
        # have gone out, the outbox would retry, and the room would see it twice.
        message_id = await asyncio.wait_for(
            puppet.message_send_text(conversation_id=conversation, message=text, mention_ids=mention_ids),
            self._send_timeout,
        )
        log.debug("sent message %s to %s", message_id or "(no id)", conversation)

    async def stop(self) -> None:
        """Finish the messages already received (up to `stop_grace` s), then disconnect."""
        if self._runner is None and self._consumer is None:
            return
        self._stopping = True
        if self._consumer is not None and not self._consumer.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), self._stop_grace)
        for task in (self._runner, self._consumer):
            if task is not None:
                task.cancel()
        for task in (self._runner, self._consumer):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._runner = self._consumer = None
        if self._bot is not None:
            self._close_channel(self._bot.puppet)
        self._logged_in.clear()
        self._stream_open = False
        self._set_state("stopped")

    async def find_room(self, topic: str) -> str | None:
        """The id of the one room whose topic is exactly `topic` (None if none or several)."""
        puppet = self._connected_puppet()
        wanted = topic.strip()
        room_ids = await puppet.room_search()
        payloads = await self._gather_limited(puppet.room_payload, room_ids)
        found: list[str] = [p.id for p in payloads if p is not None and (p.topic or "").strip() == wanted]
        if len(found) > 1:
            log.warning("%d rooms are named %r; bind the right one with /绑定", len(found), topic)
            return None
        return found[0] if found else None

    async def find_contact(self, name: str) -> str | None:
        """The id of the one contact named `name` (WeChat nickname, else the bot's remark)."""
        puppet = self._connected_puppet()
        wanted = name.strip()
        contact_ids = [cid for cid in await puppet.contact_list() if cid != self._account_id()]
        payloads = [p for p in await self._gather_limited(puppet.contact_payload, contact_ids) if p is not None]
        for field in ("name", "alias"):
            found: list[str] = [p.id for p in payloads if (getattr(p, field, "") or "").strip() == wanted]
            if len(found) > 1:
                log.warning("%d contacts are called %r; ask them to /认领", len(found), name)
                return None
            if found:
                return found[0]
        return None

    @property
    def state(self) -> str:
        """connecting, connected, reconnecting, logged out, waiting for QR scan, gave up, stopped."""
        return self._state

    def status(self) -> dict[str, str]:
        """For `/状态`: "account", "connection", "rooms", "last_event" (read by a secretary)."""
        connection = _STATE_WORDS.get(self._state, self._state)
        if self._state == "connected" and self._connected_since is not None:
            connection += f"（自 {self._connected_since:%m-%d %H:%M}）"
        if self._reconnects:
            connection += f"，已重连 {self._reconnects} 次"
        if self._last_event is None:
            last_event = "—"
        else:
            at, kind, detail = self._last_event
            last_event = f"{at:%m-%d %H:%M} {_EVENT_WORDS.get(kind, kind)}（{detail}）"
        return {
            "account": f"{self._account.name}（{self._account.contact_id}）" if self._account else "—",
            "connection": connection,
            "rooms": str(self._room_count) if self._room_count is not None else "—",
            "last_event": last_event,
        }

    # -- the connection -----------------------------------------------------------------

    async def _make_bot(self) -> Any:
        options = WechatyOptions(
            name="lianhu",
            puppet_options=PuppetOptions(end_point=self._endpoint, token=self._token),
            # Never started (we do not run its event bridge), but if it ever were, it must
            # use our scheduler and must not listen on 0.0.0.0:5000.
            host="127.0.0.1",
            port=_free_loopback_port(),
            scheduler=self._scheduler or AsyncIOScheduler(),
        )
        bot = Wechaty(options)
        await bot.init_puppet()  # binds bot.Message/Room/Contact to this bot's puppet
        for event in _PUPPET_EVENTS:
            bot.puppet.on(event, partial(self._on_puppet_event, event))
        return bot

    def _on_puppet_event(self, event: str, payload: Any = None) -> None:
        """Synchronous listener: keeps events in arrival order on one queue."""
        self._last_activity = time.monotonic()
        self._stream_open = True
        if event in _LIVENESS_ONLY or (self._stopping and event == "message"):
            return
        self._queue.put_nowait((event, payload))

    async def _run(self) -> None:
        attempt = 0
        while True:
            self._set_state("connecting" if not self._ever_logged_in else "reconnecting")
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
            was_open, self._stream_open = self._stream_open, False
            was_logged_in = self._logged_in.is_set()
            self._logged_in.clear()
            self._connected_since = None
            if was_open and time.monotonic() - began >= _STABLE_SESSION:
                # Only a session that lasted resets the back-off: two bots sharing one token
                # end each other's streams, and must not do so every second.
                attempt = 0
            if was_logged_in:
                self._outage_since = time.monotonic()
                self._outage_alerted = False
                log.warning("lost the puppet service at %s: %s", self._endpoint, reason)
                self._lifecycle(EVENT_DISCONNECTED, reason)
            else:
                if self._outage_since is None:
                    self._outage_since = time.monotonic()
                log.info("cannot reach the puppet service at %s: %s", self._endpoint, reason)
            self._check_outage(reason)
            delay = self._backoff.delay(attempt)
            attempt += 1
            self._set_state("reconnecting")
            await asyncio.sleep(delay)

    async def _session(self) -> None:
        """One connection: Stop+Start the puppet, then read events until the stream ends."""
        await self._probe()
        puppet = self._bot.puppet
        self._last_activity = time.monotonic()
        watchdog = asyncio.create_task(self._watchdog(puppet), name="wechaty-watchdog")
        try:
            await puppet.start()
        finally:
            watchdog.cancel()
            self._close_channel(puppet)

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
            idle = time.monotonic() - self._last_activity
            if idle < self._watchdog_interval:
                await asyncio.sleep(self._watchdog_interval - idle)
                continue
            try:
                await asyncio.wait_for(puppet.ding("lianhu-watchdog"), self._watchdog_timeout)
            except Exception as error:  # noqa: BLE001 — any failure means the line is dead
                log.warning("puppet service silent for %.0f s and no answer to ding (%r): reconnecting", idle, error)
                self._close_channel(puppet)
                return
            self._last_activity = time.monotonic()

    @staticmethod
    def _close_channel(puppet: Any) -> None:
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

    def _give_up(self, reason: str) -> None:
        log.error("wechaty transport gave up: %s", reason)
        self._fatal = reason
        self._stream_open = False
        self._logged_in.clear()
        self._set_state("gave up")
        self._lifecycle(EVENT_GAVE_UP, reason)

    def _check_outage(self, reason: str) -> None:
        if self._outage_since is None or self._outage_alerted or not self._ever_logged_in:
            return
        away = time.monotonic() - self._outage_since
        if away >= self._alert_after.total_seconds():
            self._outage_alerted = True
            self._lifecycle(EVENT_UNREACHABLE, f"no connection for {away:.0f} s: {reason}")

    # -- events, in order ---------------------------------------------------------------

    def _lifecycle(self, kind: str, detail: str) -> None:
        self._queue.put_nowait(("lifecycle", (kind, detail)))

    async def _consume(self) -> None:
        while True:
            event, payload = await self._queue.get()
            try:
                await self._handle(event, payload)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("handling wechaty event %s failed", event)
            finally:
                self._queue.task_done()

    async def _handle(self, event: str, payload: Any) -> None:
        if event == "message":
            await self._deliver(payload.message_id)
        elif event == "login":
            await self._handle_login(payload.contact_id)
        elif event == "logout":
            self._logged_in.clear()
            self._logged_out = True
            self._set_state("logged out")
            log.warning("WeChat logged the account out: %s", payload.data or "")
            await self._notify(EVENT_LOGOUT, str(payload.data or "logged out"))
        elif event == "scan":
            self._set_state("waiting for QR scan")
            log.warning("WeChat login needs a QR scan (status %s): %s", payload.status, payload.qrcode or "")
        elif event == "room-topic":
            Room._pool.pop(payload.room_id, None)  # the cached payload holds the old topic
        elif event == "error":
            log.warning("puppet service error: %s", getattr(payload, "data", payload))
        elif event == "lifecycle":
            await self._notify(*payload)

    async def _handle_login(self, contact_id: str) -> None:
        if not self._stream_open:
            return  # from a stream that has ended since; the next one announces the login again
        user = self._bot.ContactSelf.load(contact_id)
        try:
            await user.ready()
            name = user.name
        except Exception as error:  # noqa: BLE001 — the account is usable without its name
            log.warning("could not load the account's own contact: %s", error)
            name = ""
        self._account = Account(contact_id, name)
        try:
            self._room_count = len(await self._bot.puppet.room_search())
        except Exception as error:  # noqa: BLE001 — only for /状态
            log.debug("cannot count rooms: %r", error)
        self._connected_since = self._clock.now()
        self._set_state("connected")
        self._logged_in.set()
        if self._logged_out or not self._ever_logged_in:
            self._logged_out = False
            log.info("logged in as %s (%s)", name, contact_id)
            await self._notify(EVENT_LOGIN, f"{name} ({contact_id})")
        elif self._outage_since is not None:
            away = time.monotonic() - self._outage_since
            self._reconnects += 1
            log.info("reconnected to the puppet service after %.1f s", away)
            await self._notify(EVENT_RECONNECTED, f"after {away:.0f} s")
        self._ever_logged_in = True
        self._outage_since = None
        while self._retry_ids:
            self._queue.put_nowait(("message", _MessageRef(self._retry_ids.popleft())))

    async def _deliver(self, message_id: str) -> None:
        if self._account is None or not self._logged_in.is_set():
            self._retry_ids.append(message_id)
            return
        try:
            msg = self._bot.Message.load(message_id)
            await msg.ready()
            incoming, reason = await to_incoming(
                msg, account=self._account, now=self._clock.now(), backlog_max_age=self._backlog_max_age
            )
        except Exception as error:  # noqa: BLE001
            if not self._logged_in.is_set():
                self._retry_ids.append(message_id)  # the connection dropped; try after reconnecting
            else:
                log.warning("message %s dropped: cannot load it: %r", message_id, error)
            return
        if incoming is None:
            log.debug("message %s ignored: %s", message_id, reason)
            return
        assert self._on_message is not None
        try:
            await self._on_message(incoming)
        except Exception:
            log.exception("the bot failed on message %s", message_id)

    async def _notify(self, kind: str, detail: str) -> None:
        self._last_event = (self._clock.now(), kind, detail)
        if self.on_event is None:
            return
        try:
            await self.on_event(kind, detail)
        except Exception:
            log.exception("on_event(%s) failed", kind)

    # -- helpers ------------------------------------------------------------------------

    def _connected_puppet(self) -> Any:
        if self._bot is None or not self._logged_in.is_set():
            raise ConnectionError(f"WeChat is not connected ({self._state})")
        return self._bot.puppet

    def _account_id(self) -> str | None:
        return self._account.contact_id if self._account else None

    async def _with_mentions(self, text: str, mention_ids: tuple[str, ...]) -> tuple[str, list[str] | None]:
        """Prefix `@name` for each mentioned contact, as `Room.say()` does, and keep the ids."""
        if not mention_ids:
            return text, None
        names = []
        for contact_id in mention_ids:
            contact = self._bot.Contact.load(contact_id)
            await contact.ready()
            names.append("@" + contact.name)
        return AT_SEPARATOR.join(names) + " " + text, list(mention_ids)

    @staticmethod
    async def _gather_limited(fetch: Callable[[str], Awaitable[Any]], ids: list[str]) -> list[Any]:
        limit = asyncio.Semaphore(_LOOKUP_CONCURRENCY)

        async def one(item: str) -> Any:
            async with limit:
                try:
                    return await fetch(item)
                except Exception as error:  # noqa: BLE001 — one bad payload must not hide the rest
                    log.warning("cannot load payload %s: %r", item, error)
                    return None

        return list(await asyncio.gather(*(one(item) for item in ids)))

    def _set_state(self, state: str) -> None:
        if state != self._state:
            log.debug("wechaty transport: %s -> %s", self._state, state)
            self._state = state


class _MessageRef:
    """A message id re-queued after a reconnect, shaped like `EventMessagePayload`."""

    __slots__ = ("message_id",)

    def __init__(self, message_id: str) -> None:
        self.message_id = message_id
