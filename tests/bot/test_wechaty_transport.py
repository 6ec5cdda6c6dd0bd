"""WechatyTransport against a real puppet-service gateway (Node peer over the mock puppet)."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from base.clock import TZ, SystemClock, VirtualClock
from base.messages import Attachment, Incoming, Outgoing
from bot.pacing import Pacer
from bot.transports.wechaty import (
    EVENT_DISCONNECTED,
    EVENT_GAVE_UP,
    EVENT_LOGIN,
    EVENT_LOGOUT,
    EVENT_RECONNECTED,
    EVENT_UNREACHABLE,
    WechatyStartError,
    WechatyTransport,
)
from bot.transports.wechaty_backoff import Backoff
from handlers.templates import Templates
from tests.bot.wechaty_fixtures import BOT_ID, BOT_NAME, PuppetPeer, eventually

pytestmark = pytest.mark.wechaty

WANG = {"id": "wxid_wang", "name": "王秀英"}
LI = {"id": "wxid_li", "name": "李建国"}
ZHAO = {"id": "wxid_zhao", "name": "赵德明"}
ROOM: dict[str, Any] = {"id": "room1@chatroom", "topic": "幸福村一组联户群", "members": [WANG["id"], LI["id"]]}
OTHER_ROOM: dict[str, Any] = {"id": "room2@chatroom", "topic": "幸福村党员群", "members": [LI["id"], ZHAO["id"]]}
WORDS = Templates.load()
FAST = Backoff(initial=0.1, factor=2.0, maximum=0.5)


class Recorder:
    """The application side: what the transport delivered and which lifecycle events it told."""

    def __init__(self) -> None:
        self.incoming: list[Incoming] = []
        self.events: list[tuple[str, str]] = []

    async def on_message(self, incoming: Incoming) -> None:
        self.incoming.append(incoming)

    async def on_event(self, kind: str, detail: str) -> None:
        self.events.append((kind, detail))

    async def message(self, text: str, timeout: float = 10.0) -> Incoming:
        return await eventually(lambda: next((m for m in self.incoming if m.text == text), None), timeout, repr(text))

    async def event(self, kind: str, timeout: float = 10.0) -> str:
        found = await eventually(lambda: next((d for k, d in self.events if k == kind), None), timeout, kind)
        return found

    def texts(self) -> list[str]:
        return [m.text for m in self.incoming]


def _populate(peer: PuppetPeer) -> PuppetPeer:
    peer.add_contacts([WANG, LI, ZHAO])
    peer.add_rooms([ROOM, OTHER_ROOM])
    return peer


@pytest.fixture(scope="module")
def shared_world(shared_puppet_peer: PuppetPeer) -> PuppetPeer:
    return _populate(shared_puppet_peer)


@pytest.fixture
def world(shared_world: PuppetPeer) -> PuppetPeer:
    """The module's gateway, for tests that leave it running."""
    shared_world.sent.clear()
    return shared_world


@pytest.fixture
def own_world(puppet_peer: PuppetPeer) -> PuppetPeer:
    """A gateway for this test alone, to kill, pause or log out."""
    return _populate(puppet_peer)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


TransportFactory = Callable[..., WechatyTransport]


@pytest.fixture
async def make_transport(recorder: Recorder) -> AsyncIterator[TransportFactory]:
    """`make(peer, **options)`: a transport to `peer`, stopped after the test."""
    made: list[WechatyTransport] = []

    def make(peer: PuppetPeer, **options: Any) -> WechatyTransport:
        options.setdefault("backoff", FAST)
        options.setdefault("login_timeout", 15.0)
        transport = WechatyTransport(
            options.pop("endpoint", peer.endpoint),
            options.pop("token", peer.token),
            clock=options.pop("clock", SystemClock()),
            on_event=recorder.on_event,
            **options,
        )
        made.append(transport)
        return transport

    yield make
    for transport in made:
        await transport.stop()


@pytest.fixture
async def transport(world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder) -> WechatyTransport:
    started = make_transport(world)
    await started.start(recorder.on_message)
    return started


@pytest.fixture
async def own_transport(
    own_world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> WechatyTransport:
    started = make_transport(own_world)
    await started.start(recorder.on_message)
    return started


async def test_room_message_arrives_with_ids_topic_and_mentions(
    world: PuppetPeer, transport: WechatyTransport, recorder: Recorder
) -> None:
    before = SystemClock().now()
    text = f"@{BOT_NAME}\u2005@{LI['name']} 村口路灯坏了三天了"
    message_id = await world.say(WANG["id"], text, room=ROOM["id"], mentions=[BOT_ID, LI["id"]])

    got = await recorder.message(text)

    assert got.message_id == message_id
    assert (got.sender_id, got.sender_name) == (WANG["id"], WANG["name"])
    assert (got.room_id, got.room_topic) == (ROOM["id"], ROOM["topic"])
    assert got.mentions == (BOT_ID, LI["id"])
    assert got.mentions_self is True
    assert got.at.tzinfo is not None and got.at.utcoffset() == timedelta(hours=8)
    assert before - timedelta(seconds=2) <= got.at <= SystemClock().now() + timedelta(seconds=2)


async def test_private_message_and_mentions_of_others(
    world: PuppetPeer, transport: WechatyTransport, recorder: Recorder
) -> None:
    await world.say(LI["id"], "/待办")
    await world.say(ZHAO["id"], f"@{LI['name']} 明天开会", room=OTHER_ROOM["id"], mentions=[LI["id"]])

    private = await recorder.message("/待办")
    in_room = await recorder.message(f"@{LI['name']} 明天开会")

    assert (private.room_id, private.room_topic, private.mentions, private.mentions_self) == (None, None, (), False)
    assert (private.sender_id, private.sender_name) == (LI["id"], LI["name"])
    assert (in_room.mentions, in_room.mentions_self, in_room.room_topic) == ((LI["id"],), False, OTHER_ROOM["topic"])


async def test_redelivered_message_keeps_its_id(
    world: PuppetPeer, transport: WechatyTransport, recorder: Recorder
) -> None:
    message_id = await world.say(WANG["id"], "家里水管爆了", room=ROOM["id"])
    await recorder.message("家里水管爆了")
    await world.redeliver(message_id)

    await eventually(lambda: len(recorder.incoming) == 2, what="the redelivery")
    assert [m.message_id for m in recorder.incoming] == [message_id, message_id]


async def test_say_in_room_with_real_mentions_and_ignore_own_echo(
    world: PuppetPeer, transport: WechatyTransport, recorder: Recorder
) -> None:
    await transport.say(Outgoing("请尽快处理", room_id=ROOM["id"], mentions=(WANG["id"], LI["id"])))

    sent = await world.wait_sent(lambda s: s.room_id == ROOM["id"])
    assert sent.mentions == (WANG["id"], LI["id"])
    assert sent.text == f"@{WANG['name']}\u2005@{LI['name']} 请尽快处理"
    # The account's own message comes back as a message event; the bot must not see it.
    await world.say(WANG["id"], "marker", room=ROOM["id"])
    await recorder.message("marker")
    assert recorder.texts() == ["marker"]


async def test_say_privately(world: PuppetPeer, transport: WechatyTransport, recorder: Recorder) -> None:
    await transport.say(Outgoing("您有 2 条待办", to_id=LI["id"]))

    sent = await world.wait_sent(lambda s: s.to_id == LI["id"])
    assert (sent.text, sent.room_id, sent.mentions) == ("您有 2 条待办", None, ())


async def test_a_file_reaches_the_chat_after_its_text(
    world: PuppetPeer, transport: WechatyTransport, tmp_path: Path
) -> None:
    content = bytes(range(256)) * 40  # binary, as an .xlsx is
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(content)
    attachment = Attachment(str(path), "台账-幸福村-2026-03.xlsx")
    await transport.say(Outgoing("已导出台账", to_id=LI["id"], attachment=attachment))

    file = await world.wait_sent(lambda s: s.file is not None)
    assert (file.to_id, file.room_id, file.text) == (LI["id"], None, "")
    assert file.file == {
        "name": "台账-幸福村-2026-03.xlsx",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert [s.text for s in world.sent] == ["已导出台账", ""]


async def test_a_missing_file_sends_nothing_and_raises(world: PuppetPeer, transport: WechatyTransport) -> None:
    with pytest.raises(FileNotFoundError):
        await transport.say(
            Outgoing("已导出台账", room_id=ROOM["id"], attachment=Attachment("/nonexistent.xlsx", "x.xlsx"))
        )
    await transport.say(Outgoing("marker", room_id=ROOM["id"]))
    await world.wait_sent(lambda s: s.text == "marker")
    assert [s.text for s in world.sent] == ["marker"]


async def test_say_to_unknown_room_raises(world: PuppetPeer, transport: WechatyTransport) -> None:
    with pytest.raises(Exception, match="no such conversation"):
        await transport.say(Outgoing("hello", room_id="nobody@chatroom"))


async def test_backlog_older_than_max_age_is_handed_over_as_skipped(
    world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    transport = make_transport(world, backlog_max_age=timedelta(minutes=5))
    await transport.start(recorder.on_message)
    ten_minutes_ago = int((time.time() - 600) * 1000)
    four_minutes_ago = int((time.time() - 240) * 1000)

    await world.say(WANG["id"], "old news", room=ROOM["id"], timestamp_ms=ten_minutes_ago)
    await world.say(WANG["id"], "recent enough", room=ROOM["id"], timestamp_ms=four_minutes_ago)
    await world.say(WANG["id"], "marker", room=ROOM["id"])

    await recorder.message("marker")
    assert recorder.texts() == ["old news", "recent enough", "marker"]
    skipped = [m.skipped for m in recorder.incoming]
    assert skipped[0] is not None and skipped[0].startswith("backlog:") and skipped[1:] == [None, None]


async def test_messages_waiting_behind_a_long_paced_burst_are_not_backlog(
    world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    """The bot answers the first message with 50 sends paced at one a second (on a virtual clock,
    so 50 s pass without waiting); a message that arrives meanwhile queues behind the burst and
    is handled 50 s later than it was sent, past the 30 s backlog age, yet it is live, not backlog."""
    clock = VirtualClock(datetime.now(TZ))
    pacer = Pacer(clock, room_interval=1.0, per_minute=60)
    transport = make_transport(world, backlog_max_age=timedelta(seconds=30), clock=clock)

    async def on_message(incoming: Incoming) -> None:
        await recorder.on_message(incoming)
        if incoming.text != "burst":
            return
        await world.say(WANG["id"], "during the burst", room=ROOM["id"])
        for n in range(50):
            await pacer.wait_turn(ROOM["id"])
            await transport.say(Outgoing(f"提醒 {n + 1}", room_id=ROOM["id"]))
            pacer.record(ROOM["id"])

    await transport.start(on_message)
    await world.say(WANG["id"], "burst", room=ROOM["id"])
    late = await recorder.message("during the burst", timeout=30)
    assert clock.now() - late.at > timedelta(seconds=30)
    assert late.skipped is None
    assert sum(s.text.startswith("提醒") for s in world.sent) == 50


async def test_messages_keep_their_order(world: PuppetPeer, transport: WechatyTransport, recorder: Recorder) -> None:
    texts = [f"第{i}条" for i in range(20)]
    for text in texts:
        await world.say(WANG["id"], text, room=ROOM["id"])

    await recorder.message(texts[-1])
    assert recorder.texts() == texts


async def test_find_room_and_contact(world: PuppetPeer, transport: WechatyTransport) -> None:
    if not any(c["id"] == "wxid_dup1" for c in world._contacts):
        world.add_contacts([{"id": "wxid_dup1", "name": "张伟"}, {"id": "wxid_dup2", "name": "张伟"}])

    assert await transport.find_room(ROOM["topic"]) == ROOM["id"]
    assert await transport.find_room("幸福村") is None  # a substring is not a match
    assert await transport.find_contact(WANG["name"]) == WANG["id"]
    assert await transport.find_contact("张伟") is None  # ambiguous
    assert await transport.find_contact("nobody") is None


async def test_status_reports_account_connection_rooms_and_last_event(
    world: PuppetPeer, transport: WechatyTransport, recorder: Recorder
) -> None:
    status = transport.status(WORDS)

    assert transport.name == "wechaty" and transport.state == "connected"
    assert set(status) == {"account", "connection", "rooms", "last_event"}
    assert status["account"] == f"{BOT_NAME}（{BOT_ID}）"
    assert status["connection"].startswith("已连接（自 ")
    assert status["rooms"] == "2"
    assert status["last_event"].endswith(f"登录（{BOT_NAME} ({BOT_ID})）")
    assert recorder.events == [(EVENT_LOGIN, f"{BOT_NAME} ({BOT_ID})")]


async def test_reconnects_after_the_gateway_is_killed_and_restarted(
    own_world: PuppetPeer, own_transport: WechatyTransport, recorder: Recorder
) -> None:
    own_world.kill()
    await recorder.event(EVENT_DISCONNECTED)
    assert own_transport.state == "reconnecting"
    with pytest.raises(ConnectionError):
        await own_transport.say(Outgoing("lost", room_id=ROOM["id"]))

    own_world.restart()
    listening = time.monotonic()
    await recorder.event(EVENT_RECONNECTED)
    reconnect_seconds = time.monotonic() - listening
    assert own_transport.state == "connected"
    assert own_transport.status(WORDS)["connection"].endswith("已重连 1 次")
    assert "重新连接" in own_transport.status(WORDS)["last_event"]

    await own_world.say(WANG["id"], "重启以后", room=ROOM["id"])
    assert (await recorder.message("重启以后")).room_topic == ROOM["topic"]
    await own_transport.say(Outgoing("收到", room_id=ROOM["id"]))
    await own_world.wait_sent(lambda s: s.text == "收到")
    assert reconnect_seconds < 3, reconnect_seconds
    print(f"reconnected {reconnect_seconds:.2f} s after the restarted gateway listened")


async def test_a_long_outage_is_reported_while_retrying_continues(
    own_world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    transport = make_transport(own_world, alert_after=timedelta(seconds=0.5))
    await transport.start(recorder.on_message)
    own_world.kill()

    detail = await recorder.event(EVENT_UNREACHABLE, timeout=5)
    assert detail.startswith("no connection for ") and transport.state == "reconnecting"
    own_world.restart()
    await recorder.event(EVENT_RECONNECTED)
    assert [k for k, _ in recorder.events] == [EVENT_LOGIN, EVENT_DISCONNECTED, EVENT_UNREACHABLE, EVENT_RECONNECTED]


async def test_messages_held_during_the_gap_arrive_once_reconnected(
    own_world: PuppetPeer, own_transport: WechatyTransport, recorder: Recorder
) -> None:
    first = await own_world.say(WANG["id"], "断线前", room=ROOM["id"])
    await recorder.message("断线前")
    own_world.kill()
    await recorder.event(EVENT_DISCONNECTED)
    own_world.restart()
    # Said while the bot is away: the gateway holds these and delivers them on reconnection,
    # together with a redelivery of what the bot had already seen.
    gap = await own_world.say(LI["id"], "断线期间", room=ROOM["id"])
    await own_world.redeliver(first)

    await recorder.message("断线期间")
    await eventually(lambda: len(recorder.incoming) == 3, what="the redelivered message")
    assert [m.message_id for m in recorder.incoming] == [first, gap, first]


async def test_logout_and_login_are_reported(
    own_world: PuppetPeer, own_transport: WechatyTransport, recorder: Recorder
) -> None:
    await own_world.command("logout")
    await recorder.event(EVENT_LOGOUT)
    assert own_transport.state == "logged out"
    assert own_transport.status(WORDS)["connection"] == "微信已退出登录，需扫码"
    with pytest.raises(ConnectionError):
        await own_transport.say(Outgoing("x", to_id=LI["id"]))

    await own_world.command("login")
    await eventually(lambda: [k for k, _ in recorder.events] == [EVENT_LOGIN, EVENT_LOGOUT, EVENT_LOGIN])
    await own_transport.say(Outgoing("我回来了", to_id=LI["id"]))
    await own_world.wait_sent(lambda s: s.text == "我回来了")


async def test_silent_connection_is_detected_by_the_watchdog(
    own_world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    transport = make_transport(own_world, watchdog_interval=0.3, watchdog_timeout=0.3)
    await transport.start(recorder.on_message)
    own_world.pause()
    try:
        await recorder.event(EVENT_DISCONNECTED, timeout=5)
    finally:
        own_world.resume()
    await recorder.event(EVENT_RECONNECTED, timeout=10)
    await own_world.say(WANG["id"], "恢复了", room=ROOM["id"])
    await recorder.message("恢复了")


async def test_stop_is_quick_and_idempotent(
    world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    transport = make_transport(world)
    await transport.start(recorder.on_message)
    await eventually(lambda: world.client_connected, what="the gateway to see the bot")

    began = time.monotonic()
    await transport.stop()
    await transport.stop()
    assert time.monotonic() - began < 1.0
    await eventually(lambda: not world.client_connected, what="the gateway to see the bot leave")
    assert transport.state == "stopped"


async def test_stop_while_the_gateway_is_down_is_quick(
    own_world: PuppetPeer, own_transport: WechatyTransport, recorder: Recorder
) -> None:
    own_world.kill()
    await recorder.event(EVENT_DISCONNECTED)
    began = time.monotonic()
    await own_transport.stop()
    assert time.monotonic() - began < 1.0


async def test_wrong_token_fails_start_at_once(
    world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder
) -> None:
    transport = make_transport(world, token="not-the-token")
    began = time.monotonic()
    with pytest.raises(WechatyStartError, match="rejected the token"):
        await transport.start(recorder.on_message)
    assert time.monotonic() - began < 5
    assert [k for k, _ in recorder.events] == [EVENT_GAVE_UP]


async def test_unreachable_gateway_fails_start_after_login_timeout(
    make_transport: TransportFactory, recorder: Recorder
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    transport = make_transport(PuppetPeer(), endpoint=f"127.0.0.1:{closed_port}", login_timeout=1.0)
    with pytest.raises(WechatyStartError, match="no login"):
        await transport.start(recorder.on_message)


async def test_wechaty_scheduler_and_plugin_server_never_run(
    world: PuppetPeer, make_transport: TransportFactory, recorder: Recorder, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    ours = AsyncIOScheduler()
    transport = make_transport(world, scheduler=ours)
    await transport.start(recorder.on_message)
    await world.say(WANG["id"], "hello", room=ROOM["id"])
    await recorder.message("hello")

    options = transport._bot._options
    manager = transport._bot._plugin_manager
    assert manager.scheduler is ours and not ours.running
    assert (options.host, manager.endpoint[0]) == ("127.0.0.1", "127.0.0.1")
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", options.port)) != 0, "something listens on the plugin port"
    assert not (tmp_path / ".wechaty").exists()
    await asyncio.sleep(0)
