"""The 党员 sheet: secretaries, hubs, members and township cadres, and which hub each member belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from storage.enums import Role
from storage.roster import fields
from storage.roster.checks import Problems, parsed, required
from storage.roster.data import PartyEntry
from storage.roster.read import RawRow, RawSheet
from storage.roster.schema import EXEMPT_AGE, PARTY, ROLE_BY_LABEL, ROLE_CHOICES
from storage.roster.wording import say


@dataclass(frozen=True)
class _Row:
    raw: RawRow
    name: str
    role: Role | None


def check_party(sheet: RawSheet, problems: Problems, today: date) -> tuple[PartyEntry, ...]:
    rows = _named_rows(sheet, problems)
    hubs = {row.name for row in rows if row.role is Role.HUB}
    everyone = {row.name for row in rows}
    if not any(row.role is Role.SECRETARY for row in rows):
        problems.add(PARTY, None, "角色", say("roster.check.no_secretary"))
    entries = []
    for row in rows:
        hub = _hub(row, hubs, everyone, problems)
        entry = _entry(row, hub, problems, today)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _named_rows(sheet: RawSheet, problems: Problems) -> list[_Row]:
    rows: list[_Row] = []
    first_row: dict[str, int] = {}
    for raw in sheet.rows:
        name = required(problems, PARTY, raw, "姓名")
        role = _role(raw, problems)
        if not name:
            continue
        if name in first_row:
            problems.add(PARTY, raw, "姓名", say("roster.check.duplicate_name", name=name, row=first_row[name]))
            continue
        first_row[name] = raw.number
        rows.append(_Row(raw, name, role))
    return rows


def _role(raw: RawRow, problems: Problems) -> Role | None:
    label = raw.cells.get("角色", "")
    if label in ROLE_BY_LABEL:
        return ROLE_BY_LABEL[label]
    problems.add(
        PARTY,
        raw,
        "角色",
        say("roster.check.unknown_role", choices=ROLE_CHOICES, label=label)
        if label
        else say("roster.check.required", column="角色"),
    )
    return None


def _hub(row: _Row, hubs: set[str], everyone: set[str], problems: Problems) -> str | None:
    hub = row.raw.cells.get("中心户", "")
    if row.role in (Role.SECRETARY, Role.HUB) and hub:
        problems.add(PARTY, row.raw, "中心户", say("roster.check.hub_not_for_leaders"))
    elif row.role is Role.TOWNSHIP and hub:
        problems.add(PARTY, row.raw, "中心户", say("roster.check.hub_not_for_township"))
    elif row.role is Role.MEMBER and not hub and hubs:
        problems.add(PARTY, row.raw, "中心户", say("roster.check.hub_missing"))
    elif row.role is Role.MEMBER and hub and hub not in hubs:
        reason = (
            say("roster.check.hub_not_a_hub", hub=hub) if hub in everyone else say("roster.check.hub_unknown", hub=hub)
        )
        problems.add(PARTY, row.raw, "中心户", reason)
    return hub if row.role is Role.MEMBER and hub in hubs else None


def _entry(row: _Row, hub: str | None, problems: Problems, today: date) -> PartyEntry | None:
    cells = row.raw.cells
    birth_year = parsed(problems, PARTY, row.raw, "出生年份", partial(fields.birth_year, today=today), None)
    phone = parsed(problems, PARTY, row.raw, "手机", fields.phone, None)
    if row.role is None:
        return None
    return PartyEntry(
        name=row.name,
        role=row.role,
        hub=hub,
        wechat_name=cells.get("微信昵称") or row.name,
        phone=phone,
        birth_year=birth_year,
        exempt=birth_year is not None and today.year - birth_year >= EXEMPT_AGE,
        extra=fields.extra_cells(PARTY, row.raw),
        row=row.raw.number,
    )
