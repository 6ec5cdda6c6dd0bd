"""Every command refused to each role that may not use it: `权限不足`, and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from storage.models import IdentityClaim, Record, RecordEvent, Visit
from tests.handlers.pipeline_harness import SPEAKERS, Village

ALL = {"secretary", "hub", "member", "resident"}
STAFF = {"secretary", "hub", "member"}
# command line → roles allowed (written out here, independently of the registry)
ALLOWED = {
    "/待办": STAFF,
    "/受理 #1": STAFF,
    "/商议 #1 支部研究": STAFF,
    "/交办 #1 @赵春梅": {"secretary", "hub"},
    "/进展 #1 已联系电工": STAFF,
    "/办结 #1 已修好": STAFF,
    "/评价 #1 5": {"resident"},
    "/记录 李德明反映屋顶漏雨": STAFF,
    "/走访 王秀英 身体好": STAFF,
    "/统计": STAFF,
    "/走访情况": STAFF,
    "/积分": STAFF,
    "/绑定 二级 李建国": {"secretary"},
    "/导出": {"secretary"},
    "/确认 李建国": {"secretary"},
    "/状态": {"secretary"},
    "/控制台": {"secretary"},
    "/认领 李建国": set(),
    "/主题党日 设置 每月15日 19:30 学习村规民约": {"secretary"},
}


def counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(table)).one()
            for table in (Record, RecordEvent, Visit, IdentityClaim)
        )


@pytest.mark.parametrize("command", sorted(ALLOWED))
def test_a_command_refused_to_a_role_answers_forbidden_and_changes_nothing(command: str, engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    for role in sorted(ALL - ALLOWED[command]):
        before = counts(engine)
        replies = village.say(SPEAKERS[role], command)
        assert len(replies) == 1 and replies[0].startswith("权限不足"), (role, replies)
        assert counts(engine) == before, role


def test_help_lists_only_what_the_caller_may_use(engine: Engine) -> None:
    village = Village(engine)
    resident = village.say(SPEAKERS["resident"], "/帮助")[0]
    secretary = village.say(SPEAKERS["secretary"], "/帮助", room=None)[0]
    assert "/评价" in resident and "/受理" not in resident and "/导出" not in resident
    assert "/导出" in secretary and "/评价" not in secretary


def test_a_member_may_not_touch_another_members_record(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    assert village.say("春梅", "/受理 #1", room=None) == [
        "#1 是王秀英家的事项：王秀英不是您的联系户（联系党员：李建国），请由李建国办理。"
    ]
    assert village.say("桂芳姐", "/办结 #1 已修", room=None) == ["#1 由李建国负责：李建国不在您联系的党员中。"]
    assert village.say("刘宏伟", "/受理 #1", room=None) == ["#1 已受理，承办人：刘宏伟。"]


def test_an_unknown_person_is_told_how_to_register(engine: Engine) -> None:
    village = Village(engine)
    assert "花名册" in village.say(SPEAKERS["unknown"], "/待办")[0]
    receipt, to_member = village.say(SPEAKERS["unknown"], "路灯坏了好几天了")
    assert receipt.startswith("已记录 #1（诉求·城乡建设），联户党员李建国将跟进。") and "/认领 姓名" in receipt
    assert "#1" in to_member and "路灯坏了好几天了" in to_member
    assert village.say(SPEAKERS["unknown"], "哈哈好的") == []
