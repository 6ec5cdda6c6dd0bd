"""The simulator page on the simulated WeChat: a message typed in the browser goes through the bot's
real path (transport, inbox, pipeline, outbox, sends) and the bot's answers come back on the page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app import Application
from bot.transports.simulated import SimulatedTransport
from bot.web.server import build_app
from storage.models import InboxMessage, Record
from tests.bot.web.console_harness import build_bot, free_port
from tests.handlers.pipeline_harness import SPEAKERS, TIER2, Village

RESIDENT = SPEAKERS["resident"]
TOKEN = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)">')


@pytest.fixture
async def running(db_url: str) -> AsyncIterator[tuple[Application, SimulatedTransport, str]]:
    port = free_port()
    app, transport = build_bot(db_url, web_port=port)
    await app.start()
    try:
        yield app, transport, f"http://127.0.0.1:{port}"
    finally:
        await app.stop()


async def open_simulator(http: aiohttp.ClientSession, address: str) -> tuple[str, str]:
    async with http.get(f"{address}/simulator") as response:
        assert response.status == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        page = await response.text()
    match = TOKEN.search(page)
    assert match is not None
    return page, match.group(1)


async def test_a_grievance_typed_in_the_browser_is_recorded_and_its_receipt_shown(
    running: tuple[Application, SimulatedTransport, str],
) -> None:
    app, transport, address = running
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        page, token = await open_simulator(http, address)
        assert f'<option value="{RESIDENT}"' in page and f'<option value="{TIER2}"' in page
        assert '<script src="/static/simulator.js"></script>' in page
        form = {"csrf": token, "speaker": RESIDENT, "chat": TIER2, "text": "村口路灯坏了好几天了"}
        async with http.post(f"{address}/simulator/say", data=form, headers={"Accept": "application/json"}) as sent:
            assert sent.status == 200 and await sent.json() == {"ok": True}
        async with http.get(f"{address}/simulator/messages", params={"after": "0"}) as polled:
            answer = await polled.json()
        assert answer["last"] == 2
        assert "村口路灯坏了好几天了" in answer["html"] and "已记录 #1（诉求·城乡建设）" in answer["html"]
        async with http.get(f"{address}/simulator/messages", params={"after": "2"}) as again:
            assert await again.json() == {"last": 2, "html": ""}
        async with http.get(f"{address}/simulator") as reloaded:
            assert "已记录 #1" in await reloaded.text()  # without a script, the page itself shows the conversation
    assert transport.sent[-1].room_id == f"sim-room:{TIER2}" and transport.sent[-1].text.startswith("已记录 #1")
    with Session(app.engine) as session:
        [stored] = session.exec(select(InboxMessage)).all()
        assert stored.text == "村口路灯坏了好几天了" and stored.state == "processed"
        assert session.exec(select(Record)).one().text == "村口路灯坏了好几天了"


async def test_without_a_script_the_form_posts_and_comes_back(
    running: tuple[Application, SimulatedTransport, str],
) -> None:
    _, transport, address = running
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        _, token = await open_simulator(http, address)
        form = {"csrf": token, "speaker": RESIDENT, "chat": "", "text": "/帮助"}
        async with http.post(f"{address}/simulator/say", data=form, allow_redirects=False) as sent:
            assert sent.status == 303 and sent.headers["Location"].startswith("/simulator?")
    assert transport.sent[-1].to_id == f"sim-contact:{RESIDENT}"


async def test_a_message_without_the_pages_token_is_not_sent(
    running: tuple[Application, SimulatedTransport, str],
) -> None:
    app, transport, address = running
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        await open_simulator(http, address)
        form = {"csrf": "forged", "speaker": RESIDENT, "chat": TIER2, "text": "村口路灯坏了"}
        async with http.post(f"{address}/simulator/say", data=form) as sent:
            assert sent.status == 403 and "为安全起见本次操作未执行" in await sent.text()
    assert transport.sent == []
    with Session(app.engine) as session:
        assert session.exec(select(InboxMessage)).all() == []


async def test_without_the_simulated_wechat_there_is_no_simulator(engine: Engine, village: Village) -> None:
    async with TestClient(TestServer(build_app(engine, village.clock, domain=lambda: village.deps))) as client:
        assert (await client.get("/simulator")).status == 404
        assert (await client.post("/simulator/say", data={})).status == 404
