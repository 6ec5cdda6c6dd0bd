"""Acting on a record from its page: the chat command's effect, audit event and messages; refusals in
the chat's words; a form from another site or from before the record moved on changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from sqlmodel import Session, col, select

from handlers.records.people import person_by_name
from storage.enums import Status
from storage.models import OutboxMessage, Person, Record, RecordEvent
from tests.bot.web.console_harness import SECRETARY, org_id, other_village_record, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

MEMBER, HUB, RESIDENT = SPEAKERS["member"], SPEAKERS["hub"], SPEAKERS["resident"]
HIDDEN = re.compile(r'<input type="hidden" name="(csrf|seen)" value="([^"]*)">')


def grievance(village: Village, text: str = "村口路灯坏了好几天了") -> int:
    """A resident's grievance in her tier-2 group, as intake opens it; returns its number."""
    village.clock.set(village.clock.now() + timedelta(hours=1))  # past the fold window: a matter of its own
    [receipt] = village.say(RESIDENT, text)
    match = re.match(r"已记录 #(\d+)", receipt)
    assert match is not None, receipt
    return int(match.group(1))


async def form_fields(client: TestClient, number: int, action: str) -> dict[str, str]:
    """The hidden fields of the record page's `action` form, as the browser would send them."""
    page = await (await client.get(f"/records/{number}")).text()
    start = page.index(f'action="/records/{number}/{action}"')
    return dict(HIDDEN.findall(page[start : page.index("</form>", start)]))


async def act(client: TestClient, number: int, action: str, **fields: str) -> ClientResponse:
    form = await form_fields(client, number, action)
    return await client.post(f"/records/{number}/{action}", data={**form, **fields}, allow_redirects=False)


def record(village: Village, number: int) -> Record:
    with Session(village.engine) as session:
        found = session.get(Record, number)
        assert found is not None
        return found


def events(village: Village, number: int) -> list[tuple[str, str | None, str | None, int | None]]:
    with Session(village.engine) as session:
        query = select(RecordEvent).where(RecordEvent.record_id == number).order_by(col(RecordEvent.id))
        return [(e.action, e.to_status, e.note, e.actor_id) for e in session.exec(query)]


def outbox_since(village: Village, last: int) -> list[OutboxMessage]:
    with Session(village.engine) as session:
        return list(session.exec(select(OutboxMessage).where(col(OutboxMessage.id) > last)))


def last_outbox_id(village: Village) -> int:
    with Session(village.engine) as session:
        return max((row for row in session.exec(select(OutboxMessage.id)) if row is not None), default=0)


def person_id(village: Village, name: str) -> int:
    with Session(village.engine) as session:
        person = person_by_name(session, org_id(village.engine), name, staff_only=True)
        assert person is not None and person.id is not None
        return person.id


async def test_accepting_on_the_page_is_the_chat_command(client: TestClient, village: Village) -> None:
    by_page, by_chat = grievance(village), grievance(village, "李德明家屋顶漏雨，请帮忙看看")
    await sign_in(client, village)
    before = last_outbox_id(village)
    response = await act(client, by_page, "accept")
    assert response.status == 303 and response.headers["Location"] == f"/records/{by_page}"
    assert outbox_since(village, before) == []  # the answer to the caller is the page's, not a WeChat message
    shown = await (await client.get(f"/records/{by_page}")).text()
    assert f"#{by_page} 已受理，承办人：{SECRETARY}。" in shown and "<dd>已受理</dd>" in shown
    assert "承办人" not in await (await client.get(f"/records/{by_page}")).text()  # the notice is shown once

    village.say(SECRETARY, f"/受理 #{by_chat}", room=None)
    assert events(village, by_page)[1:] == events(village, by_chat)[1:]
    assert events(village, by_page)[-1] == ("accept", Status.ACCEPTED, None, person_id(village, SECRETARY))


async def test_assigning_picks_a_member_and_tells_them_privately(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    page = await (await client.get(f"/records/{number}")).text()
    assert f'<option value="{person_id(village, HUB)}"' in page and RESIDENT not in page.split('name="person"')[1]
    before = last_outbox_id(village)
    response = await act(client, number, "assign", person=str(person_id(village, HUB)))
    assert response.status == 303
    assert record(village, number).responsible_id == person_id(village, HUB)
    assert events(village, number)[-1] == ("assign", None, f"交办给{HUB}", person_id(village, SECRETARY))
    [notice] = outbox_since(village, before)
    assert notice.person_id == person_id(village, HUB) and f"#{number}" in notice.text
    assert f"#{number} 已交办给{HUB}。" in await (await client.get(f"/records/{number}")).text()


async def test_assigning_to_a_resident_is_refused_as_in_chat(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    with Session(village.engine) as session:
        resident = session.exec(select(Person).where(Person.wechat_name == RESIDENT)).one()
    response = await act(client, number, "assign", person=str(resident.id))
    [chat_says] = village.say(SECRETARY, f"/交办 #{number} @{resident.name}", room=None)
    assert response.status == 409 and chat_says == f"花名册中没有党员“{resident.name}”。"
    assert chat_says in await response.text()
    assert record(village, number).responsible_id == person_id(village, MEMBER)


async def test_progress_is_logged_with_its_note(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    assert (await act(client, number, "progress", text="已联系电工，明天上门")).status == 303
    assert record(village, number).status == Status.IN_PROGRESS
    assert events(village, number)[-1][:3] == ("progress", Status.IN_PROGRESS, "已联系电工，明天上门")


async def test_resolving_tells_the_group_and_asks_the_resident_to_rate(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    before = last_outbox_id(village)
    assert (await act(client, number, "resolve", text="已更换灯泡")).status == 303
    assert record(village, number).status == Status.RESOLVED
    assert events(village, number)[-1][:3] == ("resolve", Status.RESOLVED, "已更换灯泡")
    [feedback] = [row for row in outbox_since(village, before) if row.group_id is not None]
    with Session(village.engine) as session:
        resident = session.exec(select(Person).where(Person.wechat_name == RESIDENT)).one()
    assert "已更换灯泡" in feedback.text and feedback.mention_ids == [resident.id]
    village.say(RESIDENT, "满意")
    assert record(village, number).status == Status.CLOSED


async def test_withdrawing_needs_a_reason_and_logs_it(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    missing = await act(client, number, "withdraw", text="  ")
    assert missing.status == 400 and "请填写撤销原因后再提交" in await missing.text()
    assert record(village, number).status == Status.NEW
    assert (await act(client, number, "withdraw", text="重复登记")).status == 303
    assert record(village, number).status == Status.WITHDRAWN
    assert events(village, number)[-1][:3] == ("withdraw", Status.WITHDRAWN, "重复登记")
    page = await (await client.get(f"/records/{number}")).text()
    assert 'action="/records/' not in page  # nothing left to do on a withdrawn matter


async def test_an_invalid_transition_is_refused_in_the_chat_words(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    form = await form_fields(client, number, "accept")
    village.say(MEMBER, f"/办结 #{number} 已修好", room=None)
    with Session(village.engine) as session:
        moved = session.get(Record, number)
        assert moved is not None
        form["seen"] = f"{moved.status}@{moved.updated_at.isoformat()}"  # a fresh page, an action no longer allowed
    response = await client.post(f"/records/{number}/accept", data=form)
    assert response.status == 409
    assert f"#{number} 当前状态为“已办结”，不能进行此操作。" in await response.text()
    assert record(village, number).status == Status.RESOLVED


async def test_another_organisations_record_is_refused_as_in_chat(client: TestClient, village: Village) -> None:
    grievance(village)
    theirs = other_village_record(village.engine, START)
    await sign_in(client, village)
    form = await form_fields(client, 1, "accept")
    response = await client.post(f"/records/{theirs}/accept", data=form)
    assert response.status == 403 and f"没有找到 #{theirs}。" in await response.text()
    assert village.say(SECRETARY, f"/受理 #{theirs}", room=None) == [f"没有找到 #{theirs}。"]
    assert record(village, theirs).status == Status.NEW


async def test_a_form_without_the_session_token_changes_nothing(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    form = await form_fields(client, number, "accept")
    for token in (None, "0" * 64):
        sent = {"seen": form["seen"]} | ({"csrf": token} if token else {})
        response = await client.post(f"/records/{number}/accept", data=sent)
        assert response.status == 403 and "为安全起见本次操作未执行" in await response.text()
    assert record(village, number).status == Status.NEW and len(events(village, number)) == 1


async def test_a_token_from_an_earlier_session_is_refused(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    old = await form_fields(client, number, "accept")
    await sign_in(client, village)
    response = await client.post(f"/records/{number}/accept", data=old)
    assert response.status == 403
    assert record(village, number).status == Status.NEW


async def test_a_stale_form_is_refused_and_overwrites_nothing(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    form = await form_fields(client, number, "resolve")
    village.clock.set(village.clock.now() + timedelta(minutes=5))
    village.say(MEMBER, f"/进展 #{number} 正在联系电工", room=None)
    response = await client.post(f"/records/{number}/resolve", data={**form, "text": "已更换灯泡"})
    assert response.status == 409
    assert "该事项已被他人更新为“办理中”，请刷新后再操作" in await response.text()
    assert record(village, number).status == Status.IN_PROGRESS
    assert [e[0] for e in events(village, number)] == ["create", "progress"]


async def test_signed_out_a_form_is_sent_to_the_login_help(client: TestClient, village: Village) -> None:
    number = grievance(village)
    response = await client.post(f"/records/{number}/accept", data={"csrf": "x", "seen": "x"})
    assert response.status == 401 and "请先登录" in await response.text()
    assert record(village, number).status == Status.NEW


async def test_an_unknown_action_is_not_found(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    assert (await client.post(f"/records/{number}/rate", data={})).status == 404


async def test_changing_the_kind_on_the_page_is_the_chat_command(client: TestClient, village: Village) -> None:
    number = grievance(village, "隔壁两家为宅基地吵起来了，已经动手了")
    await sign_in(client, village)
    page = await (await client.get(f"/records/{number}")).text()
    kinds = page[page.index(f'action="/records/{number}/reclassify"') :]
    assert '<option value="突发">突发</option>' in kinds[: kinds.index("</form>")]
    response = await act(client, number, "reclassify", kind="突发")
    assert response.status == 303
    changed = record(village, number)
    assert changed.kind == "emergency"
    assert events(village, number)[-1][0] == "reclassify"
    assert "由 诉求 改为 突发" in (events(village, number)[-1][2] or "")
    assert f"#{number} 已由诉求改为突发。" in unquote(response.cookies["lianhu_notice"].value)


async def test_a_kind_not_offered_is_refused_and_nothing_changes(client: TestClient, village: Village) -> None:
    number = grievance(village)
    await sign_in(client, village)
    response = await act(client, number, "reclassify", kind="天气")
    assert response.status == 409
    assert "没有“天气”这一类型" in await response.text()
    assert record(village, number).kind == "grievance"
