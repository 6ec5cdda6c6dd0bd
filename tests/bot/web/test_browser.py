"""A secretary in a real browser (Debian's Chromium, headless): the link from WeChat, the ledger,
a filter, a record and its trail, 统计, signing out."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.bot.web.console_harness import ask_for_a_link, build_bot, free_port

CHROMIUM = Path("/usr/bin/chromium")
MEMBER = "李建国"


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {CHROMIUM} (apt-get install chromium): the browser test may not be skipped")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        await browser.close()


async def test_a_secretary_reads_the_ledger_in_a_browser_and_signs_out(sqlite_url: str, browser: Browser) -> None:
    port = free_port()
    app, transport = build_bot(sqlite_url, web_port=port)
    await app.start()
    try:
        now = app.clock.now()
        await transport.inject(MEMBER, "/记录 王秀英反映村口路灯坏了，电话13757100200", now)
        await transport.inject(MEMBER, "/记录 李德明反映屋顶漏雨", now)
        await transport.inject(MEMBER, "/受理 #1", now)
        await transport.inject(MEMBER, "/办结 #1 已更换灯泡", now)
        link = re.search(r"http://\S+/login\?token=[\w-]+", await ask_for_a_link(app, transport))
        assert link is not None
        page = await browser.new_page()
        await visit(page, link.group(0), f"http://127.0.0.1:{port}")
    finally:
        await app.stop()


async def visit(page: Page, link: str, address: str) -> None:
    await page.goto(link)
    await page.get_by_role("button", name="进入控制台").click()
    await page.wait_for_url(f"{address}/")
    await expect(page.get_by_role("heading", name="台账")).to_be_visible()
    rows = page.locator("table.ledger tbody tr")
    await expect(rows).to_have_count(2)

    await page.get_by_label("状态").select_option(label="已办结")
    await page.get_by_role("button", name="筛选").click()
    await expect(rows).to_have_count(1)
    assert "status=resolved" in page.url

    await page.get_by_role("link", name="#1", exact=True).click()
    await expect(page.get_by_role("heading", name=re.compile(r"^#1 "))).to_be_visible()
    await expect(page.get_by_text("王秀英反映村口路灯坏了，电话137****0200")).to_be_visible()
    trail = page.locator("ol.trail li")
    await expect(trail).to_have_count(3)
    await expect(trail.nth(0)).to_contain_text("李建国 登记")
    await expect(trail.nth(1)).to_contain_text("受理")
    await expect(trail.nth(2)).to_contain_text("办结（已办结）：已更换灯泡")

    await page.get_by_role("link", name="统计").click()
    await expect(page.get_by_role("heading", name="统计 · 2026年3月")).to_be_visible()
    await expect(page.locator(".figures")).to_contain_text("受理")

    await page.get_by_role("button", name="退出登录").click()
    await expect(page.get_by_role("heading", name="已退出登录")).to_be_visible()
    await page.goto(f"{address}/")
    await expect(page.get_by_role("heading", name="请先登录")).to_be_visible()
    await page.goto(link)
    await page.get_by_role("button", name="进入控制台").click()
    await expect(page.get_by_text("链接已失效，请在微信里重新发送 /控制台")).to_be_visible()
