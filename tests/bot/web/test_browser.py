"""A secretary in a real browser (Debian's Chromium, headless): the link from WeChat, the ledger,
a filter, a record and its trail, 统计, signing out; acting on a record; the simulator page.

`LIANHU_SCREENSHOTS=1` also saves the pages these tests pass through to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, ViewportSize, async_playwright, expect

from bot.app import Application
from bot.transports.simulated import SimulatedTransport
from tests.bot.web.console_harness import ask_for_a_link, build_bot, free_port

CHROMIUM = Path("/usr/bin/chromium")
MEMBER = "李建国"
RESIDENT = "秀英🌸"
SCREENSHOTS = Path(__file__).parents[3] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 720}


async def snap(page: Page, name: str) -> None:
    """Save the page for the docs when asked to (LIANHU_SCREENSHOTS=1); a test never depends on it."""
    if os.environ.get("LIANHU_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


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
    await expect(trail.nth(2)).to_contain_text("办结：已更换灯泡")

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


async def sign_in_with_the_button(page: Page, app: Application, transport: SimulatedTransport, address: str) -> None:
    link = re.search(r"http://\S+/login\?token=[\w-]+", await ask_for_a_link(app, transport))
    assert link is not None
    await page.goto(link.group(0))
    await expect(page.get_by_role("heading", name="登录网页控制台")).to_be_visible()
    await snap(page, "login")
    await page.get_by_role("button", name="进入控制台").click()
    await page.wait_for_url(f"{address}/")


async def test_a_secretary_accepts_and_resolves_a_matter_on_its_page(sqlite_url: str, browser: Browser) -> None:
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    app, transport = build_bot(sqlite_url, web_port=port)
    await app.start()
    try:
        await transport.inject(
            RESIDENT, "村口路灯坏了好几天了，晚上出门很不方便", app.clock.now(), room=f"{MEMBER}联户群"
        )
        tabs = await browser.new_context()
        page = await tabs.new_page()
        await sign_in_with_the_button(page, app, transport, address)
        await page.get_by_role("link", name="#1", exact=True).click()
        facts = page.locator("dl.facts")
        trail = page.locator("ol.trail li")
        await expect(facts).to_contain_text("新建")
        await expect(trail).to_have_count(1)
        await snap(page, "record-actions")
        earlier = await tabs.new_page()  # a second tab, opened before the matter moves on
        await earlier.goto(f"{address}/records/1")

        await page.locator("form.act-accept").get_by_role("button", name="受理").click()
        await expect(page.locator(".flash")).to_contain_text("#1 已受理，承办人：王志强。")
        await expect(facts).to_contain_text("已受理")
        await expect(trail).to_have_count(2)
        await expect(trail.nth(1)).to_contain_text("王志强 受理")
        await expect(page.locator("form.act-accept")).to_have_count(0)
        await snap(page, "record-accepted")
        await page.set_viewport_size(PHONE)
        await snap(page, "record-actions-phone")
        await page.set_viewport_size(DESKTOP)

        await earlier.get_by_label("撤销原因").fill("重复登记")
        await earlier.locator("form.act-withdraw").get_by_role("button", name="撤销").click()
        await expect(earlier.get_by_text("该事项已被他人更新为“已受理”，请刷新后再操作。")).to_be_visible()
        await snap(earlier, "record-stale")
        await earlier.get_by_role("link", name="返回 #1").click()
        await expect(earlier.locator("dl.facts")).to_contain_text("已受理")

        await page.get_by_label("办理结果").fill("已更换灯泡")
        await page.locator("form.act-resolve").get_by_role("button", name="办结").click()
        await expect(facts).to_contain_text("已办结")
        await expect(trail.nth(2)).to_contain_text("王志强 办结：已更换灯泡")
        feedback = [sent for sent in transport.sent if sent.room_id == f"sim-room:{MEMBER}联户群"]
        assert "已更换灯泡" in feedback[-1].text

        refused = await browser.new_page()
        await refused.goto(f"{address}/records/1")  # another browser, signed out: not the record
        await expect(refused.get_by_role("heading", name="请先登录")).to_be_visible()
    finally:
        await app.stop()


async def test_a_newcomer_files_a_grievance_in_the_simulator(sqlite_url: str, browser: Browser) -> None:
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    app, _ = build_bot(sqlite_url, web_port=port)
    await app.start()
    try:
        page = await browser.new_page()
        await page.goto(f"{address}/simulator")
        await expect(page.get_by_role("heading", name="模拟微信")).to_be_visible()
        await page.get_by_label("发言人").select_option(value=RESIDENT)
        await page.get_by_label("在").select_option(value=f"{MEMBER}联户群")
        await page.get_by_label("消息").fill("村口路灯坏了好几天了")
        await page.get_by_role("button", name="发送").click()
        chat = page.locator("#chat li")
        await expect(chat.nth(0)).to_contain_text("村口路灯坏了好几天了")
        await expect(chat.nth(1)).to_contain_text("已记录 #1（诉求·城乡建设），联户党员李建国将跟进。")
        await expect(chat).to_have_count(2)
        assert page.url == f"{address}/simulator"  # the script sent it: no reload
        await expect(page.get_by_label("消息")).to_have_value("")
        await snap(page, "simulator")
        await page.set_viewport_size(PHONE)
        await snap(page, "simulator-phone")
    finally:
        await app.stop()
