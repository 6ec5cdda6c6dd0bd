"""Bad arguments get the command's usage or a clear answer, never a stack trace."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from tests.handlers.pipeline_harness import SPEAKERS, Village

CASES = {
    "/受理": "用法：/受理 #编号",
    "/受理 #abc": "用法：/受理 #编号",
    "/受理 #1 #2": "用法：/受理 #编号",
    "/办结 #1": "用法：/办结 #编号 办理结果",
    "/进展": "用法：/进展 #编号 说明",
    "/交办 #1": "用法：/交办 #编号 @姓名",
    "/交办 #1 @不存在的人": "花名册中没有党员“不存在的人”。",
    "/查 #999": "没有找到 #999。",
    "/统计 2026-13": "用法：/统计 [本月|上月|YYYY-MM]",
    "/走访": "用法：/走访 户主姓名 [情况]",
    "/走访 查无此人": "花名册中没有户主“查无此人”。",
    "/记录": "请在命令后写明内容，例如：/记录 王秀英反映村口路灯不亮",
    "/不存在": "没有“/不存在”这个命令。发送 /帮助 查看您可以使用的命令。",
    "/": None,
}


@pytest.mark.parametrize("line", sorted(CASES))
def test_malformed_command_answers_clearly(line: str, engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    replies = village.say(SPEAKERS["secretary"], line, room=None)
    expected = CASES[line]
    assert replies == ([expected] if expected else []), replies


@pytest.mark.parametrize("line", ["/受理 ＃1", "/受理 1", "/受理#1", "／受理 #１", "/accept #1", "/ACCEPT 1"])
def test_forgiving_forms_of_the_same_command(line: str, engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    assert village.say(SPEAKERS["member"], line) == ["#1 已受理，承办人：李建国。"]


def test_a_state_the_table_forbids_is_refused_in_chinese(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    village.say(SPEAKERS["member"], "/办结 #1 已修好")
    assert village.say(SPEAKERS["member"], "/受理 #1") == ["#1 当前状态为“已办结”，不能进行此操作。"]


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "路灯坏了" * 1500, "/查 " + "9" * 40])
def test_odd_messages_never_break_the_pipeline(text: str, engine: Engine) -> None:
    village = Village(engine)
    replies = village.say(SPEAKERS["resident"], text)
    assert all("出错" not in reply for reply in replies)
