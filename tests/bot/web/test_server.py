"""The console runs with the bot: started and stopped with it, never taking the bot down with a busy port."""

from __future__ import annotations

import logging
import re
import socket

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from pydantic import ValidationError

from bot.config import Settings
from tests.bot.web.console_harness import ask_for_a_link, build_bot, free_port


async def test_the_console_starts_and_stops_with_the_bot_and_keeps_tokens_out_of_the_log(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    app, transport = build_bot(sqlite_url, web_port=port)
    await app.start()
    address = f"http://127.0.0.1:{port}"
    assert app.deps.console_url == address
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{address}/") as response:
            assert response.status == 401 and "/控制台" in await response.text()
        text = await ask_for_a_link(app, transport)
        match = re.search(re.escape(address) + r"/login\?token=([\w-]+)", text)
        assert match is not None, text
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            async with http.get(match.group(0), allow_redirects=False) as response:
                assert response.status == 200
            async with http.post(f"{address}/login", data={"token": match.group(1)}, allow_redirects=False) as response:
                assert response.status == 303
        assert "GET /login 200" in caplog.text and "POST /login 303" in caplog.text
        assert match.group(1) not in caplog.text
        await app.stop()
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(f"{address}/")


async def test_a_taken_port_is_logged_and_the_bot_runs_on_without_the_console(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app, transport = build_bot(sqlite_url, web_port=port)
        with caplog.at_level(logging.ERROR, logger="bot.web.server"):
            await app.start()
        assert f"web console not started: cannot listen on 127.0.0.1:{port}" in caplog.text
        assert app.deps.console_url is None
        assert await ask_for_a_link(app, transport) == "网页控制台未开启，请联系管理员。"
        await app.stop()


def test_port_zero_turns_the_console_off_and_only_lianhu_run_asks_for_it(sqlite_url: str) -> None:
    assert build_bot(sqlite_url, web_port=0)[0].web is None
    assert build_bot(sqlite_url, console=False)[0].web is None
    assert build_bot(sqlite_url)[0].web is not None


def test_the_links_address_defaults_to_loopback_and_must_be_http() -> None:
    assert Settings(web_port=8099).console_url == "http://127.0.0.1:8099"
    assert Settings(web_public_url="https://lianhu.example.cn/").console_url == "https://lianhu.example.cn"
    with pytest.raises(ValidationError):
        Settings(web_public_url="lianhu.example.cn")
    with pytest.raises(ValidationError):
        Settings(web_port=70000)


async def test_pages_forbid_scripts_and_caching_and_the_stylesheet_is_served(client: TestClient) -> None:
    page = await client.get("/")
    assert "script-src" not in page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    css = await client.get("/static/console.css")
    assert css.status == 200 and css.content_type == "text/css" and "@media" in await css.text()
    assert (await client.get("/logout")).status == 405
