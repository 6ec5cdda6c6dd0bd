"""The 台账 page offers the selected month's ledger as the `.xlsx` that `/导出` sends."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import quote

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from bot.web.download import XLSX
from tests.bot.web.console_harness import other_village_record, sign_in
from tests.bot.web.test_ledger import mixed_ledger
from tests.handlers.pipeline_harness import START, Village


def download_link(page: str) -> str:
    found = re.findall(r'<a class="download" href="([^"]+)"', page)
    assert len(found) == 1, found
    return found[0]


async def workbook_ids(client: TestClient, link: str) -> tuple[list[int], str]:
    response = await client.get(link)
    assert response.status == 200
    assert response.content_type == XLSX
    sheet = load_workbook(io.BytesIO(await response.read())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号"
    return sorted(int(row[0]) for row in rows[1:]), response.headers["Content-Disposition"]  # type: ignore[arg-type]


async def test_the_selected_month_downloads_as_the_chat_export_does(client: TestClient, village: Village) -> None:
    made = mixed_ledger(village)
    other_village_record(village.engine, START - timedelta(days=8))
    await sign_in(client, village)
    page = await (await client.get("/?month=2026-02")).text()
    link = download_link(page)
    assert link == "/export.xlsx?month=2026-02" and "下载2026年2月台账" in page
    ids, disposition = await workbook_ids(client, link)
    february = [made[name] for name in ("old_open", "old_resolved", "old_visit", "old_emergency", "fresh_open")]
    assert ids == sorted(february)
    assert disposition.startswith("attachment;") and quote("台账-幸福村党总支-2026-02.xlsx") in disposition


async def test_without_a_month_the_current_month_is_offered(client: TestClient, village: Village) -> None:
    made = mixed_ledger(village)
    await sign_in(client, village)
    link = download_link(await (await client.get("/")).text())
    assert link == "/export.xlsx?month=2026-03"
    assert (await workbook_ids(client, link))[0] == [made["march"]]
    assert (await workbook_ids(client, "/export.xlsx"))[0] == [made["march"]]


async def test_nobody_signed_out_downloads_the_ledger(client: TestClient, village: Village) -> None:
    mixed_ledger(village)
    response = await client.get("/export.xlsx?month=2026-02")
    assert response.status == 401 and response.content_type == "text/html"
