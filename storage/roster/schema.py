"""The roster's vocabulary: sheet names, column headers and the words allowed in cells."""

from __future__ import annotations

from storage.enums import FOCUS_TAGS, Role

ORG = "组织"
PARTY = "党员"
HOUSEHOLDS = "联系户"
GROUPS = "群"
SHEETS = (ORG, PARTY, HOUSEHOLDS, GROUPS)

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    ORG: ("名称", "乡镇"),
    PARTY: ("姓名", "角色", "中心户"),
    HOUSEHOLDS: ("户主", "联系党员"),
    GROUPS: ("群名", "层级", "联系党员"),
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    ORG: (),
    PARTY: ("微信昵称", "手机", "出生年份"),
    HOUSEHOLDS: ("代表", "微信昵称", "住址", "重点户", "手机"),
    GROUPS: (),
}
SUBJECT_COLUMNS: dict[str, str] = {ORG: "名称", PARTY: "姓名", HOUSEHOLDS: "户主", GROUPS: "群名"}
"""The column naming whose row it is, shown with every problem on that row."""
NAME_COLUMNS = frozenset({"姓名", "中心户", "户主", "联系党员", "代表"})
"""Columns holding a person's name; padding inside a name (张　三) is removed too."""

ROLE_BY_LABEL: dict[str, Role] = {
    "书记": Role.SECRETARY,
    "中心户长": Role.HUB,
    "中心户": Role.HUB,
    "党员中心户": Role.HUB,
    "党员": Role.MEMBER,
    "乡镇干部": Role.TOWNSHIP,
}
ROLE_CHOICES = "书记、中心户长、党员 或 乡镇干部"

TIER_BY_LABEL: dict[str, int] = {"一级": 1, "一级群": 1, "1": 1, "二级": 2, "二级群": 2, "2": 2}

FOCUS_TAG_SET = frozenset(FOCUS_TAGS)
EXEMPT_AGE = 70


def known_columns(sheet: str) -> frozenset[str]:
    return frozenset(REQUIRED_COLUMNS[sheet] + OPTIONAL_COLUMNS[sheet])
