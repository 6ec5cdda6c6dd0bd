"""The ledger (台账) as a file: jsonl for machines, csv and xlsx with Chinese headers for Excel.

Texts are masked with `mask_pii`: an export leaves the tier-2 group it was written in.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, BinaryIO

from sqlmodel import Session, col, select

from base.clock import TZ
from handlers.formats import say
from handlers.labels import (
    EXPORT_COLUMNS,
    KIND_LABELS,
    LEVEL_LABELS,
    MUST_VISIT_LABELS,
    STATUS_LABELS,
    URGENCY_LABELS,
)
from handlers.privacy import mask_pii
from storage.models import Group, Household, Organisation, Person, Record

FORMATS = ("jsonl", "csv", "xlsx")
COLUMNS: tuple[tuple[str, str], ...] = tuple(EXPORT_COLUMNS.items())
_LABELS: dict[str, dict[Any, str]] = {
    "kind": dict(KIND_LABELS),
    "must_visit": MUST_VISIT_LABELS,
    "urgency": URGENCY_LABELS,
    "status": dict(STATUS_LABELS),
    "level": LEVEL_LABELS,
}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_TIME = "yyyy-mm-dd hh:mm:ss"
_XLSX_WIDTHS = {
    "id": 8,
    "org": 16,
    "created_at": 20,
    "responded_at": 20,
    "resolved_at": 20,
    "closed_at": 20,
    "text": 60,
}

Row = dict[str, Any]


def file_name(org_name: str, month: str) -> str:
    """The spreadsheet's name, in the chat and in the console's download alike."""
    return say("export.file", org=org_name, month=month)


def export_ledger(
    session: Session, fmt: str, out: BinaryIO, *, month: str | None = None, org_id: int | None = None
) -> int:
    """Write the records (of `org_id`, created in `month` YYYY-MM, Asia/Shanghai) to `out`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(say("export.unknown_format", fmt=fmt, formats="、".join(FORMATS)))
    rows = ledger_rows(session, month=month, org_id=org_id)
    {"jsonl": _write_jsonl, "csv": _write_csv, "xlsx": _write_xlsx}[fmt](rows, out)
    return len(rows)


def month_range(month: str) -> tuple[datetime, datetime]:
    """The first instant of `month` and of the month after, in Asia/Shanghai."""
    match = _MONTH.match(month.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(say("export.bad_month", month=month))
    year, number = int(match[1]), int(match[2])
    start = datetime(year, number, 1, tzinfo=TZ)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=TZ)
    return start, end


def ledger_rows(session: Session, *, month: str | None = None, org_id: int | None = None) -> list[Row]:
    """One dict per record with the English keys of `COLUMNS`; values are stored codes, texts masked."""
    query = select(Record).order_by(col(Record.created_at), col(Record.id))
    if month is not None:
        start, end = month_range(month)
        query = query.where(col(Record.created_at) >= start, col(Record.created_at) < end)
    if org_id is not None:
        query = query.where(Record.org_id == org_id)
    records = session.exec(query).all()
    orgs = _names(session, Organisation.id, Organisation.name, (r.org_id for r in records))
    people = _names(session, Person.id, Person.name, (i for r in records for i in (r.reporter_id, r.responsible_id)))
    households = _names(session, Household.id, Household.head_name, (r.household_id for r in records))
    groups = _names(session, Group.id, Group.name, (r.group_id for r in records))
    return [
        {
            "id": r.id,
            "org": orgs.get(r.org_id),
            "kind": r.kind,
            "category": r.category,
            "must_visit": r.must_visit,
            "urgency": r.urgency,
            "status": r.status,
            "level": r.level,
            "household": households.get(r.household_id),
            "reporter": people.get(r.reporter_id),
            "responsible": people.get(r.responsible_id),
            "room": groups.get(r.group_id),
            "created_at": r.created_at,
            "responded_at": r.responded_at,
            "resolved_at": r.resolved_at,
            "closed_at": r.closed_at,
            "rating": r.rating,
            "text": mask_pii(r.text),
        }
        for r in records
    ]


def _names(session: Session, id_field: Any, name_field: Any, ids: Iterable[int | None]) -> dict[int | None, str]:
    """Names for the given ids in one query, e.g. household heads by household id."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(col(id_field), col(name_field)).where(col(id_field).in_(wanted))).all()
    return dict(rows)


def _iso(value: Any) -> Any:
    return value.astimezone(TZ).isoformat(timespec="seconds") if isinstance(value, datetime) else value


def _labelled(key: str, value: Any) -> Any:
    return _LABELS[key].get(value, value) if key in _LABELS and value is not None else value


def _write_jsonl(rows: list[Row], out: BinaryIO) -> None:
    for row in rows:
        line = json.dumps({key: _iso(value) for key, value in row.items()}, ensure_ascii=False)
        out.write(line.encode("utf-8") + b"\n")


def _write_csv(rows: list[Row], out: BinaryIO) -> None:
    """UTF-8 with a BOM, so Excel on Chinese Windows opens it without mojibake."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([header for _, header in COLUMNS])
    for row in rows:
        writer.writerow([_csv_safe(_iso(_labelled(key, row[key]))) for key, _ in COLUMNS])
    text.flush()
    text.detach()


def _csv_safe(value: Any) -> Any:
    """Residents write the texts: a leading = + - @ must not become an Excel formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_xlsx(rows: list[Row], out: BinaryIO) -> None:
    # openpyxl brings numpy and PIL (about 33 MB of the bot's memory): imported only to write a workbook
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = say("export.sheet")
    sheet.append([header for _, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(_labelled(key, row[key])) for key, _ in COLUMNS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = _XLSX_TIME
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, (key, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _XLSX_WIDTHS.get(key, 12)
    workbook.save(out)


def _xlsx_value(value: Any) -> Any:
    """Excel has no time zones: times are written as Shanghai wall-clock time."""
    return value.astimezone(TZ).replace(tzinfo=None) if isinstance(value, datetime) else value
