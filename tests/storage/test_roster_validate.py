"""Every problem in a roster is reported with its sheet, row and column, all at once."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.demo import DEMO_ROSTER
from storage.roster import RosterError, RosterProblem, load_roster

TODAY = date(2026, 3, 1)
Rows = list[list[str]]


def edit(folder: Path, sheet: str, change: Callable[[Rows], object]) -> None:
    """Rewrite `sheet`.csv; rows[0] is the header, rows[n] is what Excel calls row n+1."""
    path = folder / f"{sheet}.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


def set_cell(rows: Rows, row: int, column: str, value: str) -> None:
    rows[row - 1][rows[0].index(column)] = value


def problems_of(folder: Path) -> list[RosterProblem]:
    with pytest.raises(RosterError) as caught:
        load_roster(folder, today=TODAY)
    return caught.value.problems


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO_ROSTER, tmp_path / "roster"))


def test_the_demo_roster_is_valid() -> None:
    data = load_roster(DEMO_ROSTER, today=TODAY)
    assert len(data.party) == 9 and len(data.households) == 40 and len(data.groups) == 7
    assert len(data.residents) == 40


CASES: list[tuple[str, str, Callable[[Rows], object], tuple[str, int | None, str | None], str]] = [
    ("unknown hub", "党员", lambda r: set_cell(r, 5, "中心户", "张三"), ("党员", 5, "中心户"), "找不到中心户长“张三”"),
    ("hub is not a hub", "党员", lambda r: set_cell(r, 5, "中心户", "孙立军"), ("党员", 5, "中心户"), "不是中心户长"),
    ("member without hub", "党员", lambda r: set_cell(r, 6, "中心户", ""), ("党员", 6, "中心户"), "所属的中心户长"),
    ("bad role", "党员", lambda r: set_cell(r, 4, "角色", "队长"), ("党员", 4, "角色"), "而不是“队长”"),
    ("duplicate name", "党员", lambda r: r.append(list(r[6])), ("党员", 11, "姓名"), "与第7行重复"),
    ("bad birth year", "党员", lambda r: set_cell(r, 7, "出生年份", "八零年"), ("党员", 7, "出生年份"), "出生年份"),
    ("no secretary", "党员", lambda r: set_cell(r, 2, "角色", "党员"), ("党员", None, "角色"), "没有书记"),
    (
        "household of a non-member",
        "联系户",
        lambda r: set_cell(r, 2, "联系党员", "王五"),
        ("联系户", 2, "联系党员"),
        "联系党员“王五”不在党员名单中",
    ),
    ("duplicate head", "联系户", lambda r: set_cell(r, 3, "户主", "王秀英"), ("联系户", 3, "户主"), "与第2行重复"),
    (
        "bad focus tag",
        "联系户",
        lambda r: set_cell(r, 4, "重点户", "困难家庭、五保户"),
        ("联系户", 4, "重点户"),
        "五保户",
    ),
    (
        "phone in scientific notation",
        "联系户",
        lambda r: set_cell(r, 5, "手机", "1.38001E+10"),
        ("联系户", 5, "手机"),
        "科学计数法",
    ),
    (
        "one nickname, two people",
        "联系户",
        lambda r: set_cell(r, 6, "微信昵称", "秀英🌸"),
        ("联系户", 6, "微信昵称"),
        "“秀英🌸”与联系户 第2行的“王秀英”相同",
    ),
    (
        "nickname of a party member",
        "联系户",
        lambda r: set_cell(r, 6, "微信昵称", "桂芳姐"),
        ("联系户", 6, "微信昵称"),
        "与党员 第4行的“陈桂芳”相同",
    ),
    (
        "tier-2 group without a member",
        "群",
        lambda r: set_cell(r, 3, "联系党员", ""),
        ("群", 3, "联系党员"),
        "二级群必须填写联系党员",
    ),
    (
        "tier-2 group of a stranger",
        "群",
        lambda r: set_cell(r, 4, "联系党员", "钱七"),
        ("群", 4, "联系党员"),
        "“钱七”不在党员名单中",
    ),
    ("bad tier", "群", lambda r: set_cell(r, 5, "层级", "三级"), ("群", 5, "层级"), "层级应为 一级 或 二级"),
    ("no tier-1 group", "群", lambda r: set_cell(r, 2, "层级", "二级"), ("群", None, "层级"), "缺少一级群"),
    (
        "two tier-1 groups",
        "群",
        lambda r: r.append(["幸福村支委群", "一级", ""]),
        ("群", 9, "层级"),
        "一级群只能有一个",
    ),
    ("duplicate group", "群", lambda r: set_cell(r, 4, "群名", "李建国联户群"), ("群", 4, "群名"), "与第3行重复"),
    (
        "two organisations",
        "组织",
        lambda r: r.append(["和谐社区党委", "青山镇"]),
        ("组织", 3, "名称"),
        "只能描述一个党组织",
    ),
    ("organisation without township", "组织", lambda r: set_cell(r, 2, "乡镇", ""), ("组织", 2, "乡镇"), "不能为空"),
    (
        "missing column",
        "联系户",
        lambda r: [row.pop(1) for row in r],
        ("联系户", 1, "联系党员"),
        "缺少必填列「联系党员」",
    ),
]


@pytest.mark.parametrize(("sheet", "change", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_roster_names_sheet_row_and_column(
    roster: Path, sheet: str, change: Callable[[Rows], object], where: tuple[str, int | None, str | None], words: str
) -> None:
    edit(roster, sheet, change)
    problems = problems_of(roster)
    located = [p for p in problems if (p.sheet, p.row, p.column) == where]
    assert located, f"no problem at {where}: {[str(p) for p in problems]}"
    assert words in located[0].message


def test_missing_sheet(roster: Path) -> None:
    (roster / "群.csv").unlink()
    problems = problems_of(roster)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("群", None, None)]
    assert "缺少工作表「群」" in str(problems[0])


def test_every_problem_is_reported_at_once_with_its_place(roster: Path) -> None:
    edit(roster, "党员", lambda r: set_cell(r, 5, "中心户", "张三"))
    edit(roster, "联系户", lambda r: set_cell(r, 2, "联系党员", "王五"))
    edit(roster, "群", lambda r: set_cell(r, 5, "层级", "三级"))
    with pytest.raises(RosterError) as caught:
        load_roster(roster, today=TODAY)
    message = str(caught.value)
    assert message.startswith("花名册有 3 处问题，未导入任何数据")
    assert "党员 第5行 （李建国） 「中心户」: 找不到中心户长“张三”" in message
    assert "联系户 第2行 （王秀英） 「联系党员」: 联系党员“王五”不在党员名单中" in message
    assert "群 第5行 （孙立军联户群） 「层级」" in message


def test_extra_columns_and_empty_rows_are_harmless(roster: Path) -> None:
    def add_grid_column(rows: Rows) -> None:
        rows[0].append("网格")
        for row in rows[1:]:
            row.append("网格一")

    edit(roster, "联系户", add_grid_column)
    edit(roster, "党员", lambda r: r.insert(3, ["", "", "", "", "", "", ""]))
    data = load_roster(roster, today=TODAY)
    assert data.households[0].extra == {"备注": "独居，子女在杭州", "网格": "网格一"}
    assert len(data.party) == 9


def test_defaults_for_nickname_and_representative() -> None:
    data = load_roster(DEMO_ROSTER, today=TODAY)
    households = {h.head_name: h for h in data.households}
    residents = {r.name: r for r in data.residents}
    assert households["张桂兰"].representative == "张桂兰" and residents["张桂兰"].wechat_name == "张桂兰"
    assert households["周福生"].representative == "周小燕" and residents["周小燕"].wechat_name == "小燕子"
    assert households["周福生"].focus_tags == ("危重病人", "困难家庭")
    party = {p.name: p for p in data.party}
    assert party["陈桂芳"].wechat_name == "桂芳姐" and party["李建国"].wechat_name == "李建国"
    assert party["李建国"].hub == "刘宏伟" and party["刘宏伟"].hub is None


def test_age_70_is_exempt_by_default(roster: Path) -> None:
    edit(roster, "党员", lambda r: set_cell(r, 5, "出生年份", "1956"))
    party = {p.name: p for p in load_roster(roster, today=TODAY).party}
    assert party["李建国"].exempt
    assert not party["赵春梅"].exempt
    assert not {p.name: p for p in load_roster(roster, today=date(2025, 12, 31)).party}["李建国"].exempt
