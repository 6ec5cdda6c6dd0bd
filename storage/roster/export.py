"""The organisation's current roster as a workbook in the import's own format: exporting and
importing it again changes nothing."""

from __future__ import annotations

import io
from typing import Any

from sqlmodel import Session, col, select

from storage.enums import Role
from storage.models import Group, Household, Organisation, Person, Township
from storage.roster.schema import GROUPS, HOUSEHOLDS, OPTIONAL_COLUMNS, ORG, PARTY, REQUIRED_COLUMNS, SHEETS
from storage.roster.sync import ROSTER_EXTRA
from storage.roster.workbook import fill_sheet

ROLE_CELLS = {Role.SECRETARY: "书记", Role.HUB: "中心户长", Role.MEMBER: "党员"}
TIER_CELLS = {1: "一级", 2: "二级"}
TAG_SEPARATOR = "、"

Row = dict[str, Any]


def _columns(sheet: str) -> list[str]:
    return list(REQUIRED_COLUMNS[sheet] + OPTIONAL_COLUMNS[sheet])


def _extra(row: Person | Household) -> dict[str, Any]:
    return dict((row.extra or {}).get(ROSTER_EXTRA, {}))


def roster_tables(session: Session, org_id: int) -> dict[str, list[list[str]]]:
    """Each sheet as a header row and its rows; active people, households and groups in import order."""
    org = session.get(Organisation, org_id)
    assert org is not None
    township = session.get(Township, org.township_id)
    people = list(session.exec(select(Person).where(Person.org_id == org_id).order_by(col(Person.id))))
    names = {p.id: p.name for p in people}
    wechat = {p.id: p.wechat_name for p in people}
    party = [p for p in people if p.active and Role(p.role) in ROLE_CELLS]
    households = session.exec(
        select(Household).where(Household.org_id == org_id, Household.active).order_by(col(Household.id))
    ).all()
    groups = session.exec(select(Group).where(Group.org_id == org_id, Group.active).order_by(col(Group.id))).all()
    rows: dict[str, list[Row]] = {
        ORG: [{"名称": org.name, "乡镇": township.name if township else ""}],
        PARTY: [
            {
                **_extra(p),
                "姓名": p.name,
                "角色": ROLE_CELLS[Role(p.role)],
                "中心户": names.get(p.hub_id, "") if p.hub_id else "",
                "微信昵称": p.wechat_name,
                "手机": p.phone or "",
                "出生年份": str(p.birth_year) if p.birth_year else "",
            }
            for p in party
        ],
        HOUSEHOLDS: [
            {
                **_extra(h),
                "户主": h.head_name,
                "联系党员": names.get(h.member_id, ""),
                "代表": names.get(h.representative_id, ""),
                "微信昵称": wechat.get(h.representative_id, ""),
                "住址": h.address or "",
                "重点户": TAG_SEPARATOR.join(h.focus_tags or []),
                "手机": h.phone or "",
            }
            for h in households
        ],
        GROUPS: [
            {"群名": g.name, "层级": TIER_CELLS[g.tier], "联系党员": names.get(g.member_id, "") if g.member_id else ""}
            for g in groups
        ],
    }
    return {sheet: _table(_columns(sheet), rows[sheet]) for sheet in SHEETS}


def _table(known: list[str], rows: list[Row]) -> list[list[str]]:
    """The known columns, then the roster's own extra columns (网格, 备注, …) in the order first met."""
    columns = known + [c for c in dict.fromkeys(c for row in rows for c in row) if c not in known]
    return [columns] + [[str(row.get(column, "")) for column in columns] for row in rows]


def roster_xlsx(session: Session, org_id: int) -> bytes:
    """The roster as .xlsx: text cells (phone numbers keep every digit), bold frozen header."""
    # openpyxl brings numpy and PIL (about 33 MB of the bot's memory): imported only to write a workbook
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, table in roster_tables(session, org_id).items():
        sheet = workbook.create_sheet(name)
        fill_sheet(sheet, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
