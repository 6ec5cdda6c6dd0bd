"""The 群 sheet: exactly one tier-1 group, and a liaising member for every tier-2 group."""

from __future__ import annotations

from storage.roster import fields
from storage.roster.checks import Problems, parsed, required
from storage.roster.data import GroupEntry
from storage.roster.read import RawRow, RawSheet
from storage.roster.schema import GROUPS, TIER_BY_LABEL
from storage.roster.wording import say


def check_groups(sheet: RawSheet, problems: Problems, party_names: set[str]) -> tuple[GroupEntry, ...]:
    groups: list[GroupEntry] = []
    first_row: dict[str, int] = {}
    tier_one_row: int | None = None
    for raw in sheet.rows:
        entry = _group(raw, problems, party_names)
        if entry is None:
            continue
        if entry.name in first_row:
            problems.add(
                GROUPS, raw, "群名", say("roster.check.duplicate_group", name=entry.name, row=first_row[entry.name])
            )
            continue
        if entry.tier == 1 and tier_one_row is not None:
            problems.add(GROUPS, raw, "层级", say("roster.check.second_tier_one", row=tier_one_row))
            continue
        first_row[entry.name] = raw.number
        tier_one_row = raw.number if entry.tier == 1 else tier_one_row
        groups.append(entry)
    if not any(TIER_BY_LABEL.get(raw.cells.get("层级", "")) == 1 for raw in sheet.rows):
        problems.add(GROUPS, None, "层级", say("roster.check.no_tier_one"))
    return tuple(groups)


def _group(raw: RawRow, problems: Problems, party_names: set[str]) -> GroupEntry | None:
    name = required(problems, GROUPS, raw, "群名")
    tier = parsed(problems, GROUPS, raw, "层级", fields.tier, 0)
    member = raw.cells.get("联系党员", "")
    if tier == 2 and not member:
        problems.add(GROUPS, raw, "联系党员", say("roster.check.tier_two_needs_member"))
    elif tier == 2 and member not in party_names:
        problems.add(GROUPS, raw, "联系党员", say("roster.check.unknown_member", member=member))
    if not name or not tier or (tier == 2 and member not in party_names):
        return None
    return GroupEntry(name=name, tier=tier, member=member if tier == 2 else None)
