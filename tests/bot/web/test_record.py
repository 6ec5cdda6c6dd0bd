"""A record's page: the full text with numbers masked, who follows it, the rating and every audit event."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient

from handlers.records.lifecycle import audit
from storage.db import session_scope
from storage.enums import Kind
from storage.models import Record
from tests.bot.web.console_harness import add_record, other_village_record, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

MEMBER, RESIDENT = SPEAKERS["member"], SPEAKERS["resident"]
TEXT = "王秀英反映村口路灯坏了，联系电话13812345678，身份证110105194912310021"


def handled_grievance(village: Village) -> None:
    """#1 filed by the member, accepted, progressed, resolved, and rated by the resident."""
    assert village.say(MEMBER, f"/记录 {TEXT}", room=None)[0].startswith("已登记 #1")
    village.say(MEMBER, "/受理 #1", room=None)
    village.say(MEMBER, "/进展 #1 已联系电工电话13912345678", room=None)
    village.say(MEMBER, "/办结 #1 已更换灯泡", room=None)
    village.say(RESIDENT, "/评价 #1 5", room=None)


def trail(page: str) -> list[str]:
    items = re.findall(r"<li>(.*?)</li>", page[page.index('class="trail"') :], re.DOTALL)
    return [re.sub(r"<[^>]+>", "", item) for item in items]


async def test_the_page_shows_the_masked_text_the_people_the_rating_and_the_whole_trail(
    client: TestClient, village: Village
) -> None:
    handled_grievance(village)
    await sign_in(client, village)
    response = await client.get("/records/1")
    page = await response.text()
    assert response.status == 200
    assert "138****5678" in page and "110105********0021" in page
    assert "13812345678" not in page and "110105194912310021" not in page and "13912345678" not in page
    for shown in ("已销号", "联户党员李建国", "王秀英", "满意（5分）"):
        assert shown in page, shown
    assert trail(page) == [
        "2026-03-02 09:00 李建国 登记",
        "2026-03-02 09:00 李建国 受理",
        "2026-03-02 09:00 李建国 反馈进展：已联系电工电话139****5678",
        "2026-03-02 09:00 李建国 办结：已更换灯泡",
        "2026-03-02 09:00 王秀英 评价：满意（5分）",
    ]


async def test_the_must_visit_reason_is_shown(client: TestClient, village: Village) -> None:
    number = add_record(village.engine, START, kind=Kind.VISIT, category=None, must_visit="illness")
    await sign_in(client, village)
    page = await (await client.get(f"/records/{number}")).text()
    assert "必访情形</dt><dd>生病住院" in page


async def test_a_step_the_scheduler_took_is_shown_as_the_systems_and_an_overdue_record_is_marked(
    client: TestClient, village: Village
) -> None:
    village.say(MEMBER, f"/记录 {TEXT}", room=None)
    with session_scope(village.engine) as session:
        record = session.get(Record, 1)
        assert record is not None
        audit(session, record, "escalate", START + timedelta(days=1), None, "超过1天无人答复，升级至党员中心户")
    village.clock.set(START + timedelta(days=8))
    await sign_in(client, village)
    page = await (await client.get("/records/1")).text()
    assert trail(page)[-1] == "2026-03-03 09:00 系统 督办：超过1天无人答复，升级至党员中心户"
    assert 'class="badge">逾期' in page


async def test_another_organisations_record_is_not_found(client: TestClient, village: Village) -> None:
    theirs = other_village_record(village.engine, START)
    await sign_in(client, village)
    response = await client.get(f"/records/{theirs}")
    page = await response.text()
    assert response.status == 404 and "没有找到" in page and "和平村" not in page


async def test_an_unknown_record_or_path_is_not_found(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    for path in ("/records/999", "/records/abc", "/records/99999999999", "/nowhere"):
        response = await client.get(path)
        assert response.status == 404 and "没有找到" in await response.text(), path


async def test_what_residents_wrote_is_shown_as_text_never_as_markup(client: TestClient, village: Village) -> None:
    number = add_record(village.engine, START, text='<script>alert("x")</script>路灯')
    await sign_in(client, village)
    page = await (await client.get(f"/records/{number}")).text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;路灯" in page and "<script>" not in page
