"""`/主题党日`: the secretary sets the rule; everyone on staff can look at it."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from storage.enums import OrgKind
from storage.models import Organisation
from tests.schedules.world import World, at

TIER1 = "幸福村党员群"


async def test_set_show_and_clear(tmp_path: Path) -> None:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-02T10:00")).boot(roster=True)
    await world.say("王志强", "/主题党日", TIER1)
    assert "尚未设置主题党日" in world.sent[-1].text

    await world.say("王志强", "/主题党日 设置 每月第一个周五 19:30 主题：学习党史", TIER1)
    assert world.sent[-1].text.startswith("已设置主题党日：每月第一个周五 19:30，主题：学习党史。")
    assert "下一次：3月6日（周五）" in world.sent[-1].text
    assert world.app is not None
    with Session(world.app.engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        assert (org.theme_day_rule, org.theme_day_time, org.theme_day_topic) == ("每月第一个周五", "19:30", "学习党史")

    await world.say("李建国", "/主题党日 设置 每月15日", TIER1)
    assert world.sent[-1].text == "权限不足：只有书记可以设置或取消主题党日。"
    await world.say("李建国", "/主题党日", TIER1)
    assert world.sent[-1].text.startswith("主题党日：每月第一个周五 19:30，主题：学习党史。下一次：3月6日")

    await world.say("王志强", "/主题党日 设置 每周五", TIER1)
    assert "无法识别“每周五”" in world.sent[-1].text
    await world.say("王志强", "/主题党日 取消", TIER1)
    assert world.sent[-1].text == "已取消主题党日设置。"
    await world.advance("2026-03-07T00:00")
    assert not world.containing("📅")
    await world.stop()


async def test_setting_late_in_the_month_sends_no_late_three_day_reminder(tmp_path: Path) -> None:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-14T10:00")).boot(roster=True)
    await world.say("王志强", "/主题党日 设置 每月15日 19:30", TIER1)
    await world.advance("2026-03-15T20:00")
    assert not world.containing("主题党日预告")
    assert [s.at for s in world.containing("今天 19:30 召开主题党日")] == [at("2026-03-15T08:00")]
    assert [s.at for s in world.containing("主题党日·民情办理进度")] == [at("2026-03-15T19:30")]
    await world.stop()
