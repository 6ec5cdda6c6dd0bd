"""统计: the page shows what handlers.stats computes, the figures `/统计` answers with in WeChat."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlmodel import Session

from handlers.periods import Month
from handlers.records.people import person_by_name
from handlers.stats import figures, percent
from storage.enums import Status
from tests.bot.web.console_harness import SECRETARY, add_record, org_id, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

MEMBER, RESIDENT = SPEAKERS["member"], SPEAKERS["resident"]


def a_month_of_work(village: Village) -> list[int]:
    """Two matters this month (one resolved and rated), a visit, and two left open since February."""
    village.say(MEMBER, "/记录 王秀英反映村口路灯不亮", room=None)
    village.say(MEMBER, "/记录 李德明反映屋顶漏雨", room=None)
    village.say(MEMBER, "/受理 #1", room=None)
    village.say(MEMBER, "/办结 #1 已修好", room=None)
    village.say(RESIDENT, "/评价 #1 5", room=None)
    village.say(MEMBER, "/走访 王秀英 身体不错", room=None)
    return [
        add_record(village.engine, START - timedelta(days=20), status=Status.ACCEPTED),
        add_record(village.engine, START - timedelta(days=10), household="张桂兰"),
    ]


def figure(page: str, name: str) -> str:
    match = re.search(rf"<dt>{name}</dt><dd>(.*?)</dd>", page, re.DOTALL)
    assert match is not None, name
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0]


async def test_the_page_shows_the_figures_handlers_stats_computes(client: TestClient, village: Village) -> None:
    late = a_month_of_work(village)
    await sign_in(client, village)
    now = village.clock.now()
    month = Month.of(now)
    with Session(village.engine) as session:
        secretary = person_by_name(session, org_id(village.engine), SECRETARY)
        found = figures(session, org_id(village.engine), month.start, month.end, now, secretary)

    response = await client.get("/stats")
    page = await response.text()
    assert response.status == 200 and "统计 · 2026年3月" in page
    assert found.received > 0 and found.rated > 0 and found.coverage.visited > 0  # nothing trivially "—"
    assert figure(page, "受理") == str(found.received)
    assert figure(page, "答复率") == percent(found.response_rate)
    assert figure(page, "办结率") == percent(found.resolution_rate)
    assert figure(page, "满意率") == percent(found.satisfaction_rate)
    assert figure(page, "走访覆盖率") == percent(found.coverage.rate)
    assert f"{found.coverage.visited}/{found.coverage.due} 户" in page
    assert figure(page, "重点户走访率") == percent(found.coverage.focus_rate)
    listed = re.findall(r'<tr class="overdue">\s*<td data-label="编号"><a href="/records/(\d+)"', page)
    overdue = [int(number) for number in listed]
    assert overdue == [r.id for r in found.overdue] == late
    assert "目前逾期未办结（2 件）" in page

    reply = village.say(SECRETARY, "/统计", room=None)[0]
    for value in (percent(found.response_rate), percent(found.resolution_rate), f"逾期未办结 {len(late)} 件"):
        assert value in reply


async def test_another_month_can_be_chosen(client: TestClient, village: Village) -> None:
    a_month_of_work(village)
    await sign_in(client, village)
    page = await (await client.get("/stats?month=2026-02")).text()
    assert "统计 · 2026年2月" in page and figure(page, "受理") == "2"
    assert 'href="/stats">本月' in page
