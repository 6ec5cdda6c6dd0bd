"""The quarterly report (四个一: each hub reports to its branch every quarter): posted once to the
tier-1 group on the first day of the quarter, with each hub's figures and stars, and the monthly
report shows the hubs' stars too."""

from __future__ import annotations

from pathlib import Path

from tests.schedules.world import World, at

TIER1 = "幸福村党员群"
TIER2 = "李建国联户群"


async def a_quarter(tmp_path: Path) -> World:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-01T07:00")).boot(roster=True)
    await world.advance("2026-03-02T10:00")
    await world.say("秀英🌸", "村口路灯坏了好几天了，晚上很黑", TIER2)
    await world.advance("2026-03-02T11:00")
    await world.say("李建国", "/受理 #1", TIER2)
    await world.say("李建国", "/走访 王秀英 路灯的事已记下", TIER2)
    await world.advance("2026-03-03T11:00")
    await world.say("李建国", "/办结 #1 已更换灯泡", TIER2)
    await world.say("秀英🌸", "满意", TIER2)
    return world


async def test_the_quarterly_report_goes_once_to_the_tier1_group(tmp_path: Path) -> None:
    world = await a_quarter(tmp_path)
    await world.advance("2026-04-01T07:59")
    await world.restart()
    await world.advance("2026-04-01T08:00")
    await world.restart()
    await world.advance("2026-05-02T09:00")
    reports = world.containing("党员中心户工作报告")
    assert [(s.room, s.at) for s in reports] == [(TIER1, at("2026-04-01T08:00"))]
    text = reports[0].text
    lines = text.splitlines()
    assert lines[0] == "📋 幸福村党总支2026年第1季度党员中心户工作报告"
    assert lines[1] == "🏠 刘宏伟：走访 1/21 户｜受理 1 件，办结 1 件｜满意率 100%（已评价 1 件）"
    assert lines[2] == "⭐ 刘宏伟：7/10 星｜管理区级示范户｜满意率 100%"  # March only: the ledger began then
    assert lines[4] == "未达：每月走访覆盖90%、重点户每月必访、每户都走访到"
    assert "🏠 陈桂芳：走访 0/19 户｜受理 0 件，办结 0 件｜满意率 —（已评价 0 件）" in lines
    assert "⭐ 陈桂芳：6/10 星｜普通党员中心户｜满意率 —" in lines
    assert "李建国：3.1｜3.1｜37.2" in lines  # 每季评定公示: the members' points so far
    await world.stop()


async def test_the_monthly_report_shows_the_hubs_stars(tmp_path: Path) -> None:
    world = await a_quarter(tmp_path)
    await world.advance("2026-04-01T09:00")
    [march] = [s.text for s in world.containing("2026年3月联户工作月报")]
    assert (
        "党员中心户十星级（2026年3月）：\n⭐ 刘宏伟：7/10 星｜管理区级示范户｜满意率 100%\n⭐ 陈桂芳：6/10 星" in march
    )
    await world.stop()


async def test_no_quarterly_report_before_the_ledger_holds_anything(tmp_path: Path) -> None:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-30T07:00")).boot(roster=True)
    await world.advance("2026-04-01T09:00")
    assert not world.containing("党员中心户工作报告")
    await world.stop()
