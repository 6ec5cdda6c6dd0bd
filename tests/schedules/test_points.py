"""Members' points through the year: judged on the year's pace, the 002 §9 warning at year end."""

from __future__ import annotations

from pathlib import Path

from tests.schedules.world import World, at

TIER2 = "李建国联户群"
LI_HOUSEHOLDS = ("王秀英", "张桂兰", "李德明", "刘玉珍", "陈国庆", "杨淑芬", "黄志刚")


async def village(tmp_path: Path, start: str) -> World:
    return await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at(start)).boot(roster=True)


def reports(world: World) -> list[str]:
    return [s.text for s in world.containing("联户工作月报")]


async def test_no_warning_in_the_villages_first_month_then_judged_on_the_years_pace(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T07:00")
    await world.advance("2026-03-04T15:00")
    await world.say("李建国", "/走访 王秀英 身体不错", TIER2)
    await world.say("春梅", "/走访 周福生 透析情况稳定", "赵春梅联户群")
    await world.advance("2026-05-01T09:00")
    _, march, april = reports(world)
    assert "李建国：1.1｜1.1｜13.2\n" in march + "\n"  # far below 60 a year, but one month is no verdict
    assert "⚠️" not in march
    assert "郑丽娟：0.0｜0.0｜0.0（⚠️落后全年进度：按进度应达 10.0 分）" in april
    assert "李建国：0.0｜1.1｜6.6（⚠️落后全年进度" in april
    await world.stop()


async def test_the_year_end_warning_under_60(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-11-02T07:00")
    for day in ("2026-11-03T10:00", "2026-12-02T10:00"):
        await world.advance(day)
        for head in LI_HOUSEHOLDS:
            await world.say("李建国", f"/走访 {head}", TIER2)
    await world.advance("2027-01-01T09:00")
    december = reports(world)[-1]
    assert "2026年12月联户工作月报" in december
    assert "李建国：8.0｜16.0｜96.0\n" in december + "\n"  # two months counted: 10 was due
    assert "郑丽娟：0.0｜0.0｜0.0（⚠️年终积分 0.0 分，不足 60 分，启动警示型党员帮扶整转程序）" in december
    await world.stop()
