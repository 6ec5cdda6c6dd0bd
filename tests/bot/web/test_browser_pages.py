"""The charts, a member's page and the roster upload in a real browser (Debian's Chromium, headless),
on a phone-sized screen. With LIANHU_SCREENSHOTS=folder set, each page is also saved there as a PNG
(`docs/screenshots/` holds the committed ones)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.bot.web.console_harness import BAD_ROSTER, build_bot, free_port, roster_file
from tests.bot.web.test_browser import browser, sign_in_with_the_button  # noqa: F401  (the fixture)

MEMBER = "李建国"
PHONE = {"width": 412, "height": 915}


async def snapshot(page: Page, name: str) -> None:
    folder = os.environ.get("LIANHU_SCREENSHOTS")
    if folder:
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


async def test_charts_a_member_and_a_bad_roster_on_a_phone(
    sqlite_url: str,
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    port = free_port()
    app, transport = build_bot(sqlite_url, web_port=port, var_dir=tmp_path / "var")
    await app.start()
    try:
        now = app.clock.now()
        await transport.inject(MEMBER, "/记录 王秀英反映村口路灯坏了", now)
        await transport.inject(MEMBER, "/记录 李德明反映屋顶漏雨", now)
        await transport.inject(MEMBER, "/受理 #1", now)
        await transport.inject(MEMBER, "/办结 #1 已更换灯泡", now)
        await transport.inject(MEMBER, "/走访 王秀英 身体不错", now)
        page = await browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
        await sign_in_with_the_button(page, app, transport, f"http://127.0.0.1:{port}")
        await walk(page, roster_file(tmp_path, BAD_ROSTER))
    finally:
        await app.stop()


async def walk(page: Page, bad_roster: Path) -> None:
    await page.get_by_role("link", name="统计").click()
    monthly = page.get_by_role("img", name="近12个月的答复率、办结率、满意率、走访覆盖率")
    await expect(monthly).to_be_visible()
    await expect(monthly.locator("circle title").last).to_have_text("走访覆盖率 · 2026-03：2%")
    await expect(page.get_by_role("img", name=re.compile("各党员"))).to_be_visible()
    await expect(page.get_by_role("img", name=re.compile("各类记录"))).to_be_visible()
    await snapshot(page, "figures")

    await page.get_by_role("link", name=MEMBER, exact=True).click()
    await expect(page.get_by_role("heading", name=re.compile(f"^{MEMBER}"))).to_be_visible()
    await expect(page.locator("table.households tbody tr")).to_have_count(7)
    await expect(page.locator("table.households tr.focus").first).to_contain_text("空巢老人")
    await expect(page.get_by_role("heading", name="已走访（1 户）")).to_be_visible()
    await expect(page.get_by_role("heading", name="在办事项（1 件）")).to_be_visible()
    await snapshot(page, "member")

    await page.get_by_role("link", name="党员", exact=True).click()
    await expect(page.get_by_role("heading", name=re.compile("^联户党员"))).to_be_visible()
    await snapshot(page, "members")

    await page.get_by_role("link", name="花名册", exact=True).click()
    await page.get_by_label(re.compile("花名册文件")).set_input_files(bad_roster)
    await page.get_by_role("button", name="检查").click()
    await expect(page.get_by_role("heading", name="“花名册.xlsx”有 2 处问题，未导入任何数据")).to_be_visible()
    problems = page.locator("table.problems tbody tr")
    await expect(problems).to_have_count(2)
    await expect(problems.nth(1)).to_contain_text("赵春梅联户群")
    await expect(problems.nth(1)).to_contain_text("联系党员“赵春花”不在党员名单中")
    await snapshot(page, "roster-problems")
