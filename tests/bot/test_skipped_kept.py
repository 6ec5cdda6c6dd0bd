"""A message the transport says not to act on (a reconnect's backlog) is kept in the inbox as
ignored, with why, and logged; nothing answers it, and a redelivery is still a no-op."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from storage.enums import InboxState
from storage.models import InboxMessage, Record
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


async def test_a_skipped_message_is_stored_as_ignored_and_not_acted_on(
    sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    transport = SimulatedTransport()
    settings = Settings(database_url=sqlite_url, var_dir=tmp_path)
    app = ApplicationBuilder().settings(settings).transport(transport).clock(VirtualClock(START), virtual=True).build()
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    transport.sync(app.engine)
    await app.start()
    room_id = next(rid for rid, topic in transport.rooms.items() if topic == "李建国联户群")
    sender_id = next(cid for cid, name in transport.contacts.items() if name == "秀英🌸")
    old = Incoming(
        "m-old",
        sender_id,
        "秀英🌸",
        "村口的路灯坏了好几天了，晚上看不见路",
        START - timedelta(hours=2),
        room_id=room_id,
        room_topic="李建国联户群",
        skipped="backlog: sent two hours before the connection",
    )

    await app.receive(old)
    await app.receive(old)

    assert transport.sent == []
    assert "message m-old kept but not acted on: backlog" in caplog.text
    with Session(app.engine) as session:
        row = session.get(InboxMessage, "m-old")
        assert row is not None and row.state == InboxState.IGNORED
        assert row.error == "backlog: sent two hours before the connection"
        assert row.text.startswith("村口的路灯")
        assert session.exec(select(Record)).all() == []
    await app.stop()
