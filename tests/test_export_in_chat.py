"""`/导出` answers with the spreadsheet itself, sent into the chat, not a path on the server."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.replaying import replay_steps

STEPS: list[dict | str] = [
    {"at": "2026-03-02T09:00:00+08:00"},
    "DEMO",
    {"say": "村口的路灯坏了好几天了，晚上黑漆漆的走路都看不见", "from": "秀英🌸", "room": "李建国联户群"},
    {"say": "/导出 2026-03", "from": "王志强"},
]


async def test_the_secretary_receives_the_month_ledger_as_a_file(sqlite_url: str, tmp_path: Path) -> None:
    sent = await replay_steps(STEPS, sqlite_url, tmp_path)  # type: ignore[arg-type]
    [answer] = [m for m in sent if m["to"] == "王志强"]
    assert answer["text"] == "已导出2026年3月台账 1 条，文件“台账-幸福村党总支-2026-03.xlsx”随后发出。"
    assert answer["file"] == "台账-幸福村党总支-2026-03.xlsx"
    assert str(tmp_path) not in answer["text"] and "/" not in answer["text"]
    sheet = load_workbook(tmp_path / "exports" / answer["file"]).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and [row[0] for row in rows[1:]] == [1]
