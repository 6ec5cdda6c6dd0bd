"""The ledger export in jsonl, csv and xlsx, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from base.clock import TZ
from handlers.export import COLUMNS, export_ledger, month_range
from handlers.privacy import mask_pii
from storage.enums import Kind, Role, Status
from storage.models import Group, Household, Organisation, Person, Record, Township

FEB_LAST_EVENING = datetime(2026, 2, 28, 23, 30, tzinfo=TZ)
MARCH_FIRST_NIGHT = datetime(2026, 3, 1, 0, 10, tzinfo=TZ)
"""16:10 UTC on 28 February: March in Shanghai, where the month filter must count it."""


@pytest.fixture
def ledger(engine: Engine) -> dict[str, int]:
    with Session(engine, expire_on_commit=False) as session:
        township = Township(name="青山镇")
        session.add(township)
        session.flush()
        orgs = [Organisation(name=name, township_id=key(township)) for name in ("幸福村党总支", "和谐社区党委")]
        session.add_all(orgs)
        session.flush()
        village, community = key(orgs[0]), key(orgs[1])
        member = Person(org_id=village, name="李建国", role=Role.MEMBER, wechat_name="李建国")
        resident = Person(org_id=village, name="王秀英", role=Role.RESIDENT, wechat_name="秀英🌸")
        session.add_all([member, resident])
        session.flush()
        home = Household(org_id=village, head_name="王秀英", member_id=key(member), representative_id=key(resident))
        room = Group(org_id=village, name="李建国联户群", tier=2, member_id=key(member))
        session.add_all([home, room])
        session.flush()
        common = {"reporter_id": resident.id, "household_id": home.id, "group_id": room.id}
        session.add_all(
            [
                _record(
                    village,
                    Kind.GRIEVANCE,
                    Status.CLOSED,
                    FEB_LAST_EVENING,
                    "路灯坏了，电话13800138000，身份证110105199001011234",
                    category="民意诉求",
                    rating=5,
                    responsible_id=member.id,
                    responded_at=FEB_LAST_EVENING + timedelta(minutes=20),
                    resolved_at=FEB_LAST_EVENING + timedelta(days=1),
                    closed_at=FEB_LAST_EVENING + timedelta(days=2),
                    **common,
                ),
                _record(
                    village,
                    Kind.VISIT,
                    Status.NEW,
                    MARCH_FIRST_NIGHT,
                    "走访了王秀英家",
                    must_visit="illness",
                    **common,
                ),
                _record(
                    village,
                    Kind.EMERGENCY,
                    Status.IN_PROGRESS,
                    MARCH_FIRST_NIGHT + timedelta(hours=8),
                    '=HYPERLINK("http://evil","点我")',
                    level=2,
                ),
                _record(community, Kind.GRIEVANCE, Status.NEW, MARCH_FIRST_NIGHT, "别的社区的事"),
            ]
        )
        session.commit()
        return {"village": village, "community": community}


def key(row: Township | Organisation | Person) -> int:
    """The id of a flushed row."""
    assert row.id is not None
    return row.id


def _record(org_id: int, kind: Kind, status: Status, at: datetime, text: str, **fields: Any) -> Record:
    return Record(
        org_id=org_id, kind=kind, status=status, text=text, created_at=at, updated_at=at, level_since=at, **fields
    )


def _export(engine: Engine, fmt: str, **filters: object) -> tuple[int, bytes]:
    out = io.BytesIO()
    with Session(engine) as session:
        count = export_ledger(session, fmt, out, **filters)  # type: ignore[arg-type]
    return count, out.getvalue()


def test_jsonl_has_english_keys_raw_codes_and_shanghai_times(engine: Engine, ledger: dict[str, int]) -> None:
    count, data = _export(engine, "jsonl", month="2026-02")
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert count == len(lines) == 1
    row = lines[0]
    assert set(row) >= {
        "id",
        "kind",
        "category",
        "must_visit",
        "status",
        "level",
        "household",
        "reporter",
        "room",
        "created_at",
        "responded_at",
        "closed_at",
        "rating",
        "text",
        "org",
        "urgency",
    }
    assert (row["kind"], row["status"], row["level"], row["rating"]) == ("grievance", "closed", 0, 5)
    assert (row["household"], row["reporter"], row["room"], row["org"]) == (
        "王秀英",
        "王秀英",
        "李建国联户群",
        "幸福村党总支",
    )
    assert row["responsible"] == "李建国"
    assert row["created_at"] == "2026-02-28T23:30:00+08:00"
    assert row["closed_at"] == "2026-03-02T23:30:00+08:00"
    assert row["text"] == "路灯坏了，电话138****8000，身份证110105********1234"


def test_csv_opens_in_excel_with_chinese_headers_and_labels(engine: Engine, ledger: dict[str, int]) -> None:
    count, data = _export(engine, "csv", org_id=ledger["village"])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert count == 3 and len(rows) == 4
    header = rows[0]
    assert header[:3] == ["编号", "党组织", "类型"] and header[-1] == "内容"
    assert {
        "必访情形",
        "状态",
        "层级",
        "联系户",
        "反映人",
        "群",
        "创建时间",
        "首次响应时间",
        "办结时间",
        "评价",
    } <= set(header)
    first, visit, emergency = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert (first["类型"], first["状态"], first["评价"]) == ("诉求", "已销号", "5")
    assert first["内容"].endswith("138****8000，身份证110105********1234")
    assert first["首次响应时间"] == "2026-02-28T23:50:00+08:00"
    assert (visit["类型"], visit["状态"], visit["必访情形"]) == ("走访", "新建", "生病住院")
    assert (emergency["类型"], emergency["状态"], emergency["层级"]) == ("突发", "办理中", "村党组织")
    assert emergency["内容"].startswith("'=")


def test_xlsx_has_a_chinese_header_row_and_plain_text_cells(engine: Engine, ledger: dict[str, int]) -> None:
    count, data = _export(engine, "xlsx", month="2026-03", org_id=ledger["village"])
    assert count == 2
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == [header for _, header in COLUMNS]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    by_header = [dict(zip((h for _, h in COLUMNS), row, strict=True)) for row in values]
    assert [row["类型"] for row in by_header] == ["走访", "突发"]
    assert by_header[0]["创建时间"] == datetime(2026, 3, 1, 0, 10)
    assert by_header[1]["内容"] == '=HYPERLINK("http://evil","点我")'
    assert sheet.cell(row=3, column=len(COLUMNS)).data_type == "s"


def test_the_month_is_a_shanghai_month(engine: Engine, ledger: dict[str, int]) -> None:
    assert _export(engine, "jsonl", month="2026-02")[0] == 1
    assert _export(engine, "jsonl", month="2026-03")[0] == 3
    assert _export(engine, "jsonl", month="2026-04")[0] == 0
    assert _export(engine, "jsonl")[0] == 4
    assert _export(engine, "jsonl", month="2026-03", org_id=ledger["community"])[0] == 1


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "202603", "2026/03", "三月", ""])
def test_a_bad_month_is_refused_in_chinese(month: str) -> None:
    with pytest.raises(ValueError, match="应为 YYYY-MM"):
        month_range(month)


def test_december_runs_to_january() -> None:
    assert month_range("2025-12") == (datetime(2025, 12, 1, tzinfo=TZ), datetime(2026, 1, 1, tzinfo=TZ))


def test_an_unknown_format_is_refused(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="不支持的导出格式"):
        export_ledger(session, "pdf", io.BytesIO(), month=None)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13800138000", "电话138****8000"),
        ("138-0013-8000 或 +86 139 0013 9000", "138-****-8000 或 +86 139 **** 9000"),
        ("身份证号11010519900101123X。", "身份证号110105********123X。"),
        ("身份证 110105199001011234 电话 13800138000", "身份证 110105********1234 电话 138****8000"),
        ("订单号 2026030112345678901 不是手机", "订单号 2026030112345678901 不是手机"),
        ("座机 0571-88886666", "座机 0571-88886666"),
    ],
)
def test_mask_pii(text: str, masked: str) -> None:
    assert mask_pii(text) == masked
