"""The 联系户 sheet: each household, its liaising member and the representative who speaks for it."""

from __future__ import annotations

from storage.roster import fields
from storage.roster.checks import Problems, parsed, required
from storage.roster.data import HouseholdEntry, ResidentEntry
from storage.roster.read import RawRow, RawSheet
from storage.roster.schema import HOUSEHOLDS
from storage.roster.wording import say

_NO_TAGS: tuple[str, ...] = ()


def check_households(
    sheet: RawSheet, problems: Problems, party_names: set[str]
) -> tuple[tuple[HouseholdEntry, ...], tuple[ResidentEntry, ...]]:
    households: list[HouseholdEntry] = []
    residents: dict[str, tuple[ResidentEntry, int]] = {}
    first_row: dict[str, int] = {}
    for raw in sheet.rows:
        entry = _household(raw, problems, party_names)
        if entry is None:
            continue
        if entry.head_name in first_row:
            problems.add(
                HOUSEHOLDS,
                raw,
                "户主",
                say("roster.check.duplicate_household", name=entry.head_name, row=first_row[entry.head_name]),
            )
            continue
        first_row[entry.head_name] = raw.number
        households.append(entry)
        _add_resident(residents, raw, entry, problems)
    return tuple(households), tuple(resident for resident, _ in residents.values())


def _household(raw: RawRow, problems: Problems, party_names: set[str]) -> HouseholdEntry | None:
    head = required(problems, HOUSEHOLDS, raw, "户主")
    member = required(problems, HOUSEHOLDS, raw, "联系党员")
    if member and member not in party_names:
        problems.add(HOUSEHOLDS, raw, "联系党员", say("roster.check.unknown_member", member=member))
    tags = parsed(problems, HOUSEHOLDS, raw, "重点户", fields.focus_tags, _NO_TAGS)
    phone = parsed(problems, HOUSEHOLDS, raw, "手机", fields.phone, None)
    if not head or member not in party_names:
        return None
    return HouseholdEntry(
        head_name=head,
        member=member,
        representative=raw.cells.get("代表") or head,
        address=raw.cells.get("住址") or None,
        phone=phone,
        focus_tags=tags,
        extra=fields.extra_cells(HOUSEHOLDS, raw),
        row=raw.number,
    )


def _add_resident(
    residents: dict[str, tuple[ResidentEntry, int]], raw: RawRow, entry: HouseholdEntry, problems: Problems
) -> None:
    wechat_name = raw.cells.get("微信昵称") or entry.representative
    known = residents.get(entry.representative)
    if known is None:
        resident = ResidentEntry(entry.representative, wechat_name, entry.phone, raw.number)
        residents[entry.representative] = (resident, raw.number)
    elif known[0].wechat_name != wechat_name:
        problems.add(
            HOUSEHOLDS,
            raw,
            "微信昵称",
            say(
                "roster.check.representative_wechat_differs",
                name=entry.representative,
                row=known[1],
                known=known[0].wechat_name,
                wechat_name=wechat_name,
            ),
        )
