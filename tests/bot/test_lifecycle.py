"""Connection events: the secretary is told, queued replies go out on return, a bad token stops the bot."""

from __future__ import annotations

from datetime import datetime

from base.clock import TZ, VirtualClock
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


async def test_a_logout_is_told_to_the_secretary_once_the_bot_is_back(sqlite_url: str) -> None:
    transport = SimulatedTransport()
    app = (
        ApplicationBuilder()
        .settings(Settings(database_url=sqlite_url))
        .transport(transport)
        .clock(VirtualClock(START), virtual=True)
        .build()
    )
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    transport.sync(app.engine)
    await app.start()
    assert transport.on_event is not None

    await transport.on_event("logout", "扫码已过期")
    await transport.on_event("login", "联户助手")
    [told] = transport.sent
    assert told.to_id == "sim-contact:王志强" and "退出登录" in told.text and "扫码已过期" in told.text
    assert app.failure is None

    await transport.on_event("gave_up", "token rejected")
    assert app.failure is not None and app.stopped.is_set()
    await app.stop()
