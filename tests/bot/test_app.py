"""The application's promises: store before acting, act once, send once, survive a crash."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from storage import inbox
from storage.db import session_scope
from storage.enums import InboxState, OutboxState
from storage.models import InboxMessage, OutboxMessage, Record
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def build(db_url: str, clock: VirtualClock) -> tuple[Application, SimulatedTransport]:
    transport = SimulatedTransport()
    app = (
        ApplicationBuilder()
        .settings(Settings(database_url=db_url))
        .transport(transport)
        .clock(clock, virtual=True)
        .build()
    )
    transport.sync(app.engine)
    return app, transport


def grievance(message_id: str = "m-1") -> Incoming:
    return Incoming(
        message_id=message_id,
        sender_id="sim-contact:秀英🌸",
        sender_name="秀英🌸",
        text="村口的路灯坏了三天了，晚上走路看不见",
        at=START,
        room_id="sim-room:李建国联户群",
        room_topic="李建国联户群",
    )


async def started(db_url: str, clock: VirtualClock) -> tuple[Application, SimulatedTransport]:
    app, transport = build(db_url, clock)
    import_roster(app.engine, DEMO_ROSTER)
    transport.sync(app.engine)
    await app.start()
    return app, transport


async def test_a_redelivered_message_is_acted_on_once(db_url: str) -> None:
    app, transport = await started(db_url, VirtualClock(START))
    await app.receive(grievance())
    await app.receive(grievance())
    with Session(app.engine) as session:
        assert len(session.exec(select(Record)).all()) == 1
    assert [m.text for m in transport.sent].count(transport.sent[0].text) == 1
    assert len(transport.sent) == 1
    await app.stop()


async def test_a_crash_after_storing_loses_nothing_and_the_restart_answers_once(db_url: str) -> None:
    clock = VirtualClock(START)
    app, _ = await started(db_url, clock)
    with session_scope(app.engine) as session:  # what receive() does first, then the process dies
        inbox.store(session, grievance(), clock.now())
    await app.stop()

    clock.set(START + timedelta(minutes=5))
    restarted, transport = await started(db_url, clock)
    assert [m.room_id for m in transport.sent] == ["sim-room:李建国联户群"]
    assert "已记录" in transport.sent[0].text
    await restarted.receive(grievance())
    assert len(transport.sent) == 1
    with Session(restarted.engine) as session:
        assert session.get(InboxMessage, "m-1").state == InboxState.PROCESSED  # type: ignore[union-attr]
        assert len(session.exec(select(Record)).all()) == 1
    await restarted.stop()


async def test_a_crash_after_acting_sends_the_pending_reply_on_restart(db_url: str) -> None:
    clock = VirtualClock(START)
    app, _ = await started(db_url, clock)
    with session_scope(app.engine) as session:
        inbox.store(session, grievance(), clock.now())
    app.act("m-1")  # acted on and committed; the process dies before the outbox is flushed
    await app.stop()

    restarted, transport = await started(db_url, clock)
    assert len(transport.sent) == 1
    with Session(restarted.engine) as session:
        states = [row.state for row in session.exec(select(OutboxMessage))]
    assert states == [OutboxState.SENT]
    await restarted.stop()


async def test_a_message_that_breaks_a_handler_is_parked_and_the_sender_gets_an_apology(db_url: str) -> None:
    app, transport = await started(db_url, VirtualClock(START))
    broken = grievance("m-2")
    object.__setattr__(app, "deps", app.deps.__class__(**{**app.deps.__dict__, "classify": _explode}))
    await app.receive(broken)
    with Session(app.engine) as session:
        row = session.get(InboxMessage, "m-2")
        assert row is not None and row.state == InboxState.FAILED and "boom" in (row.error or "")
    assert "出错" in transport.sent[-1].text
    await app.stop()


def _explode(text: str, sender_role: str | None) -> None:
    raise RuntimeError("boom")


async def test_an_unknown_sender_is_stored_and_ignored_politely(db_url: str) -> None:
    app, transport = await started(db_url, VirtualClock(START))
    stranger = Incoming(
        message_id="m-3",
        sender_id="wx-x",
        sender_name="路人甲",
        text="有人在吗",
        at=START,
        room_id="sim-room:李建国联户群",
        room_topic="李建国联户群",
    )
    await app.receive(stranger)
    with Session(app.engine) as session:
        assert session.get(InboxMessage, "m-3").state == InboxState.IGNORED  # type: ignore[union-attr]
    assert transport.sent == []
    await app.stop()
