"""A database that is down: incoming messages are spooled, nothing is lost, and recovery acts on them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from bot.builder import ApplicationBuilder
from bot.clock import TZ, VirtualClock
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from storage.models import Record
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
