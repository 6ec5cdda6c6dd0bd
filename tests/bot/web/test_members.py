"""党员: the members' list and a member's page (households with focus tags, this month's visits, open
matters, points as handlers.points counts them), for the organisation's secretary only."""

from __future__ import annotations

import re
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlmodel import Session, select

from handlers.escalation.limits import limits_for
from handlers.periods import Month
from handlers.points import months_counted, year_points
from handlers.records.people import person_by_name
from storage.models import Organisation, Person
from tests.bot.web.console_harness import add_record, org_id, other_village_record, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

MEMBER, RESIDENT, HUB = SPEAKERS["member"], SPEAKERS["resident"], SPEAKERS["hub"]


def person_id(village: Village, name: str) -> int:
    with Session(village.engine) as session:
        person = person_by_name(session, org_id(village.engine), name)
        assert person is not None and person.id is not None
        return person.id


def section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("<h2>", start + 1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : end if end > 0 else None]))


async def test_a_members_page_shows_households_visits_open_matters_and_points(
    client: TestClient, village: Village
) -> None:
    village.say(MEMBER, "/记录 王秀英反映村口路灯不亮", room=None)
    village.say(MEMBER, "/受理 #1", room=None)
    village.say(MEMBER, "/走访 王秀英 身体不错", room=None)
    late = add_record(village.engine, START - timedelta(days=10), household="张桂兰")
    await sign_in(client, village)
    member = person_id(village, MEMBER)

    listing = await client.get("/members")
    assert listing.status == 200
    assert f'<a href="/members/{member}">{MEMBER}</a>' in await listing.text()

    response = await client.get(f"/members/{member}")
    page = await response.text()
    assert response.status == 200 and f"<h1>{MEMBER} " in page
    assert f'<a href="/members/{person_id(village, HUB)}">{HUB}</a>' in page

    households = section(page, "<h2>联系户")
    assert "联系户（7 户）" in households
    assert "王秀英 空巢老人" in households and "李德明 困难家庭" in households
    visits = section(page, "<h2>2026年3月走访")
    assert "2026年3月走访（1/7 户）" in visits
    assert "已走访（1 户） 王秀英 3月2日" in visits
    waiting = visits[visits.index("尚未走访") : visits.index("已走访")]
    assert waiting.index("李德明") < waiting.index("张桂兰")  # focus households first
    assert "王秀英" not in waiting

    matters = section(page, "<h2>在办事项")
    assert "在办事项（2 件）" in matters and f"#{late} " in matters and "逾期" in matters and "#1 " in matters

    now = village.clock.now()
    with Session(village.engine) as session:
        person = session.get(Person, member)
        org = session.get(Organisation, org_id(village.engine))
        assert person is not None and org is not None
        points = year_points(session, person, months_counted(session, org.id or 0, Month.of(now)), limits_for(org))
    assert points.total.total > 0
    assert f"<dd>{points.total.total} 分" in page and f"应达进度 {points.expected} 分" in page


async def test_the_members_list_and_figures_link_to_the_pages(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    stats = await (await client.get("/stats")).text()
    assert f'<a href="/members/{person_id(village, MEMBER)}">{MEMBER}</a>' in stats
    village.say(MEMBER, "/记录 王秀英反映村口路灯不亮", room=None)
    ledger = await (await client.get("/")).text()
    assert '<a href="/members">党员</a>' in ledger
    assert f'<a href="/members/{person_id(village, MEMBER)}">联户党员{MEMBER}</a>' in ledger


async def test_residents_other_villages_and_strangers_get_no_member_page(client: TestClient, village: Village) -> None:
    other_village_record(village.engine, START)
    resident = person_id(village, "王秀英")
    anonymous = await client.get(f"/members/{person_id(village, MEMBER)}")
    assert anonymous.status == 401 and MEMBER not in await anonymous.text()
    await sign_in(client, village)
    assert (await client.get(f"/members/{resident}")).status == 404
    with Session(village.engine) as session:
        stranger = session.exec(select(Person).where(Person.name == "赵书记")).one()
    assert (await client.get(f"/members/{stranger.id}")).status == 404
    assert (await client.get("/members/999999")).status == 404
