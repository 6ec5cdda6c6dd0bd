"""The 群 sheet: exactly one tier-1 group, and a liaising member for every tier-2 group."""

from __future__ import annotations

from storage.roster import fields
from storage.roster.checks import Problems, parsed, required
from storage.roster.data import GroupEntry
from storage.roster.read import RawRow, RawSheet
from storage.roster.schema import GROUPS, TIER_BY_LABEL


def check_groups(sheet: RawSheet, problems: Problems, party_names: set[str]) -> tuple[GroupEntry, ...]:
    groups: list[GroupEntry] = []
    first_row: dict[str, int] = {}
    tier_one_row: int | None = None
    for raw in sheet.rows:
        entry = _group(raw, problems, party_names)
        if entry is None:
            continue
        if entry.name in first_row:
            problems.add(GROUPS, raw, "群名", f"群名“{entry.name}”与第{first_row[entry.name]}行重复")
            continue
        if entry.tier == 1 and tier_one_row is not None:
            problems.add(GROUPS, raw, "层级", f"一级群只能有一个，第{tier_one_row}行已经是一级群")
            continue
        first_row[entry.name] = raw.number
        tier_one_row = raw.number if entry.tier == 1 else tier_one_row
        groups.append(entry)
    if not any(TIER_BY_LABEL.get(raw.cells.get("层级", "")) == 1 for raw in sheet.rows):
        problems.add(GROUPS, None, "层级", "缺少一级群（全体党员所在的群），预警和上报消息要发到一级群")
    return tuple(groups)


def _group(raw: RawRow, problems: Problems, party_names: set[str]) -> GroupEntry | None:
    name = required(problems, GROUPS, raw, "群名")
    tier = parsed(problems, GROUPS, raw, "层级", fields.tier, 0)
    member = raw.cells.get("联系党员", "")
    if tier == 2 and not member:
        problems.add(GROUPS, raw, "联系党员", "二级群必须填写联系党员")
    elif tier == 2 and member not in party_names:
        problems.add(GROUPS, raw, "联系党员", f"联系党员“{member}”不在党员名单中")
    if not name or not tier or (tier == 2 and member not in party_names):
        return None
    return GroupEntry(name=name, tier=tier, member=member if tier == 2 else None)
