"""A database that is down: incoming messages are spooled, nothing is lost, and recovery acts on
them, at a restart or, without one, as soon as the database answers again."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from schedules.virtual import VirtualScheduler
from storage.enums import InboxState
from storage.models import InboxMessage, Record
from storage.roster import import_roster
from tests.conftest import PG_ADMIN_URL

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def allow_connections(db_url: str, allowed: bool) -> None:
    name = db_url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL or "", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    admin.dispose()


@pytest.mark.postgres
async def test_messages_during_an_outage_are_spooled_and_acted_on_after(postgres_url: str, tmp_path: Path) -> None:
    db_url = postgres_url
    transport = SimulatedTransport()
    settings = Settings(database_url=db_url, var_dir=tmp_path)
    app = ApplicationBuilder().settings(settings).transport(transport).clock(VirtualClock(START), virtual=True).build()
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    transport.sync(app.engine)
    await app.start()

    allow_connections(db_url, False)
    try:
        await transport.inject("秀英🌸", "村口的路灯坏了好几天了，晚上看不见路", START, "李建国联户群")
    finally:
        allow_connections(db_url, True)
    assert transport.sent == []
    assert (tmp_path / "spool.jsonl").exists()

    await app.recover()
    assert [m.text for m in transport.sent] == ["已记录 #1（诉求·城乡建设），联户党员李建国将跟进。"]
    with Session(app.engine) as session:
        assert len(session.exec(select(Record)).all()) == 1
    assert not (tmp_path / "spool.jsonl").exists()
    await app.stop()


async def _village(db_url: str, tmp_path: Path) -> tuple[Application, SimulatedTransport, VirtualClock]:
    transport, clock = SimulatedTransport(), VirtualClock(START)
    settings = Settings(database_url=db_url, var_dir=tmp_path)
    app = ApplicationBuilder().settings(settings).transport(transport).clock(clock, virtual=True).build()
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    transport.sync(app.engine)
    await app.start()
    return app, transport, clock


OUTAGE = ["村口的路灯坏了好几天了，晚上看不见路", "/受理 #1", "我家的低保补助这个月还没到账"]


@pytest.mark.postgres
@pytest.mark.parametrize("back_by", ["heartbeat", "next message"])
async def test_a_thirty_second_outage_mid_stream_recovers_without_restart(
    postgres_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, back_by: str
) -> None:
    app, transport, clock = await _village(postgres_url, tmp_path)
    scheduler = app.scheduler
    assert isinstance(scheduler, VirtualScheduler)
    await transport.inject("秀英🌸", "谢谢李书记", clock.now(), "李建国联户群")
    allow_connections(postgres_url, False)
    try:
        for seconds, text in zip((5, 15, 25), OUTAGE, strict=True):
            await scheduler.advance(START + timedelta(seconds=seconds))
            sender = "李建国" if text.startswith("/") else "秀英🌸"
            await transport.inject(sender, text, clock.now(), "李建国联户群")
        await scheduler.advance(START + timedelta(seconds=30))
    finally:
        allow_connections(postgres_url, True)
    assert transport.sent == []
    assert "database unavailable, spooling message" in caplog.text

    if back_by == "heartbeat":
        await scheduler.advance(START + timedelta(seconds=60))
    else:
        await transport.inject("王志强", "/统计", clock.now(), "幸福村党员群")
    assert "database reachable again" in caplog.text
    texts = [m.text for m in transport.sent]
    assert texts[:3] == [
        "已记录 #1（诉求·城乡建设），联户党员李建国将跟进。",
        "#1 已受理，承办人：李建国。",
        texts[2],
    ] and texts[2].startswith("已记录 #2")
    with Session(app.engine) as session:
        assert {row.state for row in session.exec(select(InboxMessage))} == {InboxState.PROCESSED, InboxState.IGNORED}
        assert len(session.exec(select(Record)).all()) == 2
    assert not (tmp_path / "spool.jsonl").exists()
    await app.stop()
