"""Every problem on a row of the 群 sheet names the group, not only the row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.storage.test_roster_validate import Rows, edit, problems_of, roster, set_cell

__all__ = ["roster"]

GROUP_CASES: list[tuple[str, Callable[[Rows], object], str]] = [
    (
        "tier-2 group without a member",
        lambda r: set_cell(r, 3, "联系党员", ""),
        "群 第3行 （李建国联户群） 「联系党员」: 二级群必须填写联系党员",
    ),
    (
        "tier-2 group of a stranger",
        lambda r: set_cell(r, 4, "联系党员", "钱七"),
        "群 第4行 （赵春梅联户群） 「联系党员」: 联系党员“钱七”不在党员名单中",
    ),
    (
        "bad tier",
        lambda r: set_cell(r, 5, "层级", "三级"),
        "群 第5行 （孙立军联户群） 「层级」: 层级应为 一级 或 二级，而不是“三级”",
    ),
    ("empty tier", lambda r: set_cell(r, 5, "层级", ""), "群 第5行 （孙立军联户群） 「层级」: 层级不能为空"),
    (
        "two tier-1 groups",
        lambda r: r.append(["幸福村支委群", "一级", ""]),
        "群 第9行 （幸福村支委群） 「层级」: 一级群只能有一个，第2行已经是一级群",
    ),
    (
        "duplicate group",
        lambda r: set_cell(r, 4, "群名", "李建国联户群"),
        "群 第4行 （李建国联户群） 「群名」: 群名“李建国联户群”与第3行重复",
    ),
]


@pytest.mark.parametrize(("change", "shown"), [c[1:] for c in GROUP_CASES], ids=[c[0] for c in GROUP_CASES])
def test_a_group_problem_names_the_group(roster: Path, change: Callable[[Rows], object], shown: str) -> None:
    edit(roster, "群", change)
    assert any(str(problem).startswith(shown) for problem in problems_of(roster)), [str(p) for p in problems_of(roster)]


def test_a_group_without_a_name_is_located_by_row(roster: Path) -> None:
    edit(roster, "群", lambda r: set_cell(r, 6, "群名", ""))
    assert [str(problem) for problem in problems_of(roster)] == ["群 第6行 「群名」: 群名不能为空"]


def test_a_missing_tier_one_group_is_a_sheet_problem(roster: Path) -> None:
    edit(roster, "群", lambda r: r.pop(1))
    shown = [str(problem) for problem in problems_of(roster)]
    assert shown == ["群 「层级」: 缺少一级群（全体党员所在的群），预警和上报消息要发到一级群"]
