"""统计's charts: drawn from the ledger by handlers.trends, with the figures `/统计` reports."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy import event
from sqlmodel import Session

from handlers import trends
from handlers.periods import Month
from handlers.stats import figures
from storage.enums import Status
from tests.bot.web.console_harness import add_record, org_id, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

MEMBER, RESIDENT = SPEAKERS["member"], SPEAKERS["resident"]


def chart(page: str, chart_id: str) -> str:
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', page, re.DOTALL)
    assert match is not None, chart_id
    return match.group(0)


def points(svg: str) -> list[str]:
    """The hover texts of the chart's points and bars, in drawing order."""
    return re.findall(r"<title>([^<]*：[^<]*)</title>", svg)


async def test_the_charts_follow_the_records_created(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    before = await (await client.get("/stats")).text()
    assert not any(text.startswith("答复率") for text in points(chart(before, "chart-monthly")))  # nothing to rate
    assert "逾期未办结 · 2026-03：0" in points(chart(before, "chart-overdue"))

    village.say(MEMBER, "/记录 王秀英反映村口路灯不亮", room=None)
    village.say(MEMBER, "/记录 李德明反映屋顶漏雨", room=None)
    village.say(MEMBER, "/受理 #1", room=None)
    village.say(MEMBER, "/办结 #1 已修好", room=None)
    village.say(RESIDENT, "/评价 #1 5", room=None)
    village.say(MEMBER, "/走访 王秀英 身体不错", room=None)
    add_record(village.engine, START - timedelta(days=40), status=Status.ACCEPTED, category="社会保障")
    after = await (await client.get("/stats")).text()

    now = village.clock.now()
    month = Month.of(now)
    with Session(village.engine) as session:
        found = figures(session, org_id(village.engine), month.start, month.end, now)
    monthly = points(chart(after, "chart-monthly"))
    assert f"答复率 · 2026-03：{found.response_rate:.0%}" in monthly
    assert "办结率 · 2026-03：50%" in monthly and "满意率 · 2026-03：100%" in monthly
    assert f"走访覆盖率 · 2026-03：{found.coverage.rate:.0%}" in monthly
    assert "答复率 · 2026-01：0%" in monthly  # the record of 40 days before 2 March, still open
    assert "逾期未办结 · 2026-03：1" in points(chart(after, "chart-overdue"))
    overdue = points(chart(after, "chart-overdue"))
    assert {"逾期未办结 · 2025-12：0", "逾期未办结 · 2026-01：1", "逾期未办结 · 2026-02：1"} <= set(overdue)

    members = points(chart(after, "chart-members"))
    assert f"{MEMBER} · 办结率：50%" in members and f"{MEMBER} · 满意率：100%" in members
    kinds = points(chart(after, "chart-kinds"))
    assert any(text.startswith("诉求 · 记录：2") for text in kinds), kinds
    assert any(text.startswith("走访 · 记录：1") for text in kinds), kinds
    assert '<a href="/members/' in after and f">{MEMBER}</a>" in after


async def test_a_chart_says_its_values_in_words(client: TestClient, village: Village) -> None:
    village.say(MEMBER, "/记录 王秀英反映村口路灯不亮", room=None)
    await sign_in(client, village)
    page = await (await client.get("/stats")).text()
    svg = chart(page, "chart-monthly")
    assert 'role="img"' in svg and "aria-labelledby" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.DOTALL)
    assert desc is not None and "答复率：2025-04 —" in desc.group(1) and "2026-03 0%" in desc.group(1)
    assert "比率" in svg
    ticks = re.findall(r'font-size="13" fill="#444">([^<]+)</text>', chart(page, "chart-overdue"))
    assert ticks == ["0", "1", "2", "3", "4"]  # counts: whole-numbered steps


def _by_month_queries(village: Village, months: list[Month]) -> tuple[int, list[trends.Bucket]]:
    seen: list[object] = []

    def count(*args: object) -> None:
        seen.append(args[2])

    with Session(village.engine) as session:
        owner = org_id(village.engine)
        event.listen(village.engine, "before_cursor_execute", count)
        try:
            buckets = trends.by_month(session, owner, months)
        finally:
            event.remove(village.engine, "before_cursor_execute", count)
    return len(seen), buckets


def test_twelve_months_cost_the_queries_of_one(village: Village) -> None:
    add_record(village.engine, START - timedelta(days=100))
    twelve = trends.last_months(village.clock.now())
    one_month, _ = _by_month_queries(village, twelve[-1:])
    all_twelve, buckets = _by_month_queries(village, twelve)
    assert all_twelve == one_month
    assert [b.counts.received for b in buckets] == [0] * 7 + [1, 0, 0, 0, 0]  # 22 November 2025
