"""Issue 14's wording: who is told what, where, and how the audit trail and /帮助 read."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.handlers.pipeline_harness import SPEAKERS, Village
from tests.replaying import REPLAYS, replay_file, texts

TIER1 = "幸福村党员群"
TIER2 = "李建国联户群"


async def test_a_sender_missing_from_the_roster_is_answered_privately_not_in_the_group(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "wording.jsonl", db_url)
    assert texts(sent, room=TIER1) == []
    [unknown] = texts(sent, to="建国哥")
    assert "暂未在花名册中找到您" in unknown and "/认领" in unknown


async def test_free_text_is_echoed_as_written(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "wording.jsonl", db_url)
    assert "#1 进展：已联系，明天来修" in texts(sent, room=TIER2)


async def test_every_audit_line_says_its_action_once(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "wording.jsonl", db_url)
    shown = texts(sent, to="王志强")[-2]
    trail = [line.split(" ", 3)[3] for line in shown.splitlines() if line.startswith("· ")]
    assert trail == [
        "王秀英登记",
        "李建国受理",
        "李建国反馈进展：已联系，明天来修",
        "王志强交办给赵春梅",
        "赵春梅办结：灯泡已换，晚上亮了",
        "王秀英退回重办：不满意（1分）",
    ]


async def test_help_lists_only_the_sub_actions_the_caller_may_use(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "wording.jsonl", db_url)
    member_help, secretary_help = texts(sent, to="李建国")[-1], texts(sent, to="王志强")[-1]
    assert "/主题党日　" in member_help and "/主题党日 设置" not in member_help and "/主题党日 取消" not in member_help
    assert "/主题党日 设置" in secretary_help and "/主题党日 取消" in secretary_help


def test_a_visit_to_another_members_household_is_refused_with_the_reason(engine: Engine) -> None:
    village = Village(engine)
    assert village.say("春梅", "/走访 王秀英 身体好", room=None) == [
        "王秀英不是您的联系户（联系党员：李建国），请由李建国登记这次走访。"
    ]


def test_a_resident_is_told_a_record_is_not_their_households(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    assert village.say("张桂兰", "/查 #1") == ["#1 不是您家反映的事项，您只能查看和评价自家的事项。"]


def test_a_member_using_a_secretarys_sub_action_gets_its_own_usage(engine: Engine) -> None:
    village = Village(engine)
    assert village.say(SPEAKERS["member"], "/主题党日 改一下") == ["用法：/主题党日"]
    secretary = village.say(SPEAKERS["secretary"], "/主题党日 改一下", room=None)
    assert secretary == ["用法：/主题党日\n/主题党日 设置 每月15日 19:30 主题…\n/主题党日 取消"]


def test_a_theme_day_topic_is_echoed_as_written(engine: Engine) -> None:
    village = Village(engine)
    [answer] = village.say(
        SPEAKERS["secretary"], "/主题党日 设置 每月１５日 １９：３０ 主题：学习村规民约，议一议路灯", room=None
    )
    assert "学习村规民约，议一议路灯" in answer and "19:30" in answer
