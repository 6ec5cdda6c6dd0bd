"""The township hand-off against a real HTTP server on 127.0.0.1 that fails the first N times."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlmodel import Session, col, select

from schedules import township
from storage.models import Record, RecordEvent
from tests.schedules.world import World, at

TIER1, TIER2 = "幸福村党员群", "李建国联户群"


class Platform:
    """A township platform that answers 503 to its first `failures` requests."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[dict[str, Any]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        if len(self.received) <= self.failures:
            return web.json_response({"error": "busy"}, status=503)
        return web.json_response([{"service_request_id": f"QS-{len(self.received):04d}"}], status=201)


@pytest.fixture
async def platform() -> AsyncIterator[Platform]:
    found = Platform(failures=0)
    app = web.Application()
    app.router.add_post("/requests.json", found.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    found.url = str(server.make_url("/requests.json"))
    yield found
    await server.close()


async def test_post_retries_with_exponential_back_off(platform: Platform) -> None:
    platform.failures = 2
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with aiohttp.ClientSession() as client:
        ref = await township.post(client, platform.url, {"service_request_id": "x"}, retries=3, sleep=sleep)
    assert ref == "QS-0003" and waits == [1.0, 2.0]


async def test_post_gives_up_after_its_retries(platform: Platform) -> None:
    platform.failures = 5

    async def sleep(seconds: float) -> None:
        return None

    async with aiohttp.ClientSession() as client:
        with pytest.raises(township.HandOffError, match="503"):
            await township.post(client, platform.url, {"service_request_id": "x"}, retries=3, sleep=sleep)
    assert len(platform.received) == 3


async def village(tmp_path: Path, platform: Platform) -> World:
    world = World(
        f"sqlite:///{tmp_path / 'lianhu.db'}",
        at("2026-03-02T10:00"),
        township_endpoint=platform.url,
        township_retries=2,
    )
    return await world.boot(roster=True)


def the_record(world: World) -> Record:
    assert world.app is not None
    with Session(world.app.engine) as session:
        found = session.get(Record, 1)
        assert found is not None
        return found


async def test_a_failed_hand_off_is_retried_across_sweeps_and_restarts(tmp_path: Path, platform: Platform) -> None:
    platform.failures = 4  # two attempts of two tries each
    world = await village(tmp_path, platform)
    await world.say("李建国", "/记录 王秀英反映村口路灯坏了好几天了，电话13812345678", TIER2)
    await world.advance("2026-03-08T10:02")
    assert "正在提交乡镇" in world.containing("升级至乡镇平台 #1")[0].text
    assert the_record(world).township_state == "pending" and the_record(world).township_attempts == 1
    await world.restart()
    await world.advance("2026-03-08T12:00")

    final = the_record(world)
    assert (final.township_state, final.township_ref, final.township_attempts) == ("sent", "QS-0005", 2)
    sent = world.containing("已提交乡镇平台")
    # tried at 10:00 (as it climbed) and 10:10 (5 minutes' back-off), then 10 minutes more
    assert [(s.room, s.at) for s in sent] == [(TIER1, at("2026-03-08T10:25"))]
    body = platform.received[-1]
    assert body["service_request_id"] == "lianhu-1-1" and body["status"] == "open"
    assert body["address"] == "幸福村1组3号" and body["requested_datetime"].startswith("2026-03-02T10:00")
    assert "138****5678" in body["description"] and "13812345678" not in body["description"]
    assert world.app is not None
    with Session(world.app.engine) as session:
        query = select(RecordEvent.note).where(RecordEvent.action == "township")
        notes = session.exec(query.order_by(col(RecordEvent.id)))
        assert [n.split("（")[0] if n else n for n in notes] == ["提交乡镇平台失败", "已提交乡镇平台，编号 QS-0005"]
    await world.advance("2026-03-09T12:00")
    assert len(platform.received) == 5  # nothing posted twice once it went through
    await world.stop()


async def test_a_platform_down_for_long_alerts_the_secretary_once(tmp_path: Path, platform: Platform) -> None:
    platform.failures = 1000
    world = await village(tmp_path, platform)
    await world.say("秀英🌸", "村口路灯坏了好几天了，晚上很黑", TIER2)
    await world.advance("2026-03-09T10:00")
    alerts = world.containing("提交乡镇平台已失败")
    assert [s.to for s in alerts] == ["王志强"]
    record = the_record(world)
    assert record.township_state == "pending" and record.township_attempts >= 6
    platform.failures = 0
    await world.advance("2026-03-09T18:00")
    assert the_record(world).township_state == "sent"
    await world.stop()
