"""`/积分` through the real pipeline: a member's own points and their sources, a hub's stars,
the secretary's ranking, and who may look at whose points."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.handlers.pipeline_harness import SPEAKERS, Village

RESIDENT, MEMBER, HUB, SECRETARY = (SPEAKERS[r] for r in ("resident", "member", "hub", "secretary"))


def a_month_of_work(village: Village) -> None:
    """李建国 answers a grievance in time, the resident is satisfied, one household visited."""
    village.say(RESIDENT, "村口路灯坏了好几天了，晚上看不见路")
    village.say(MEMBER, "/受理 #1")
    village.say(MEMBER, "/办结 #1 已修好")
    village.say(RESIDENT, "满意")
    village.say(MEMBER, "/走访 王秀英 身体好")


def test_a_member_sees_their_points_this_year_and_how_they_were_earned(engine: Engine) -> None:
    village = Village(engine)
    a_month_of_work(village)
    [answer] = village.say(MEMBER, "/积分", room=None)
    assert answer.splitlines() == [
        "📈 李建国 2026年联户积分（截至3月）：3.1 分｜至本月底按进度应达 5.0 分｜预计全年 37.2 分",
        "来源：走访 1.1｜按时答复 +1｜群众评价 +1",  # 1 of 7 households × 8
        "按月：3月 3.1",
    ]
    [refused] = village.say(MEMBER, "/积分 赵春梅", room=None)
    assert refused == "权限不足：您只能查看自己（中心户长：所联系党员）的积分。"


def test_a_hub_sees_its_stars_and_its_members_points(engine: Engine) -> None:
    village = Village(engine)
    a_month_of_work(village)
    [answer] = village.say(HUB, "/积分", room=None)
    lines = answer.splitlines()
    assert lines[0] == "刘宏伟没有联系户，不计联户积分。"
    assert lines[1] == "党员中心户十星级（2026年至今）："
    assert lines[2] == "⭐ 刘宏伟：7/10 星｜管理区级示范户｜满意率 100%"
    assert lines[3].startswith("已达：按时答复90%、办结80%、满意率90%、无超期未办结")
    assert lines[4] == "未达：每月走访覆盖90%、重点户每月必访、每户都走访到"
    assert village.say(HUB, "/积分 李建国", room=None)[0].startswith("📈 李建国 2026年联户积分（截至3月）：3.1 分")
    assert village.say(HUB, "/积分 周海燕", room=None)[0].startswith("权限不足")  # 陈桂芳's member


def test_the_secretary_ranks_every_member_and_looks_up_one(engine: Engine) -> None:
    village = Village(engine)
    a_month_of_work(village)
    village.say("周海燕", "/走访 宋凤兰", room=None)
    [ranking] = village.say(SECRETARY, "/积分", room=None)
    lines = ranking.splitlines()
    assert lines[0] == "📈 幸福村党总支 2026年党员联户积分排名（截至3月）："
    assert lines[1:3] == ["1. 李建国 3.1 分（应达 5.0）", "2. 周海燕 1.1 分（应达 5.0）"]
    assert len([line for line in lines if "分（应达" in line]) == 6
    assert lines[-3:] == [
        "党员中心户十星级（2026年至今）：",
        "⭐ 刘宏伟：7/10 星｜管理区级示范户｜满意率 100%",
        "⭐ 陈桂芳：6/10 星｜普通党员中心户｜满意率 —",
    ]
    assert village.say(SECRETARY, "/积分 李建国", room=None)[0].startswith("📈 李建国 2026年联户积分")
    assert village.say(SECRETARY, "/积分 王志强", room=None) == ["王志强不是联户党员或中心户长，没有联户积分。"]
    assert village.say(SECRETARY, "/积分 张三", room=None) == ["花名册中没有党员“张三”。"]


def test_points_before_the_ledger_holds_anything(engine: Engine) -> None:
    village = Village(engine)
    assert village.say(MEMBER, "/积分", room=None) == ["今年的台账尚无记录，暂不计算积分。"]


def test_help_lists_points_for_staff_only(engine: Engine) -> None:
    village = Village(engine)
    assert "/积分" in village.say(MEMBER, "/帮助", room=None)[0]
    assert "/积分" not in village.say(RESIDENT, "/帮助")[0]
