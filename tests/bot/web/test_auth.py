"""Signing in through WeChat: `/控制台` sends a one-time link privately; the link opens a 12-hour session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.web.auth import COOKIE
from bot.web.server import build_app
from handlers.records.people import person_by_name, tier1_group
from storage.console import digest
from storage.db import session_scope
from storage.models import ConsoleLogin, ConsoleSession, OutboxMessage
from tests.bot.web.console_harness import CONSOLE_URL, SECRETARY, csrf_of, login_token, org_id, redeem, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, Village

EXPIRED = "链接已失效，请在微信里重新发送 /控制台"


def count(engine: Engine, table: type[ConsoleLogin] | type[ConsoleSession]) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


@pytest.mark.parametrize("role", ["hub", "member", "resident"])
def test_the_console_command_is_refused_to_all_but_secretaries(village: Village, role: str) -> None:
    assert village.say(SPEAKERS[role], "/控制台", room=None) == ["权限不足：“/控制台”不在您的权限范围内。"]
    assert count(village.engine, ConsoleLogin) == 0


def test_asked_in_a_group_the_link_goes_privately_and_the_group_only_hears_so(village: Village) -> None:
    replies = village.say(SECRETARY, "/控制台", room="幸福村党员群")
    with Session(village.engine) as session:
        secretary = person_by_name(session, org_id(village.engine), SECRETARY)
        group = tier1_group(session, org_id(village.engine))
        assert secretary is not None and group is not None
        rows = list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))
        [private] = [row for row in rows if row.person_id == secretary.id]
        [public] = [row for row in rows if row.group_id == group.id]
        stored = session.exec(select(ConsoleLogin)).one()
    assert len(replies) == 2
    assert f"{CONSOLE_URL}/login?token=" in private.text and "10分钟" in private.text
    assert public.text == "网页控制台的登录链接已私信发给您。"
    token = private.text.rsplit("token=", 1)[1].strip()
    assert stored.token_hash == digest(token) and token not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=10)


def test_without_a_running_console_the_secretary_is_told_it_is_off(engine: Engine) -> None:
    village = Village(engine)
    assert village.say(SECRETARY, "/控制台", room=None) == ["网页控制台未开启，请联系管理员。"]
    assert count(engine, ConsoleLogin) == 0


async def test_a_valid_link_opens_a_session_and_redirects_to_the_ledger(client: TestClient, village: Village) -> None:
    response = await redeem(client, login_token(village))
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie["max-age"] == str(12 * 3600) and not cookie["secure"]
    with Session(village.engine) as session:
        stored = session.exec(select(ConsoleSession)).one()
    assert stored.id_hash == digest(cookie.value) and stored.expires_at - stored.created_at == timedelta(hours=12)

    ledger = await client.get("/")
    assert ledger.status == 200
    page = await ledger.text()
    assert "台账" in page and SECRETARY in page and "幸福村党总支" in page and "退出登录" in page


async def test_a_link_works_until_its_tenth_minute(client: TestClient, village: Village) -> None:
    token = login_token(village)
    village.clock.set(village.clock.now() + timedelta(minutes=9, seconds=59))
    response = await redeem(client, token)
    assert response.status == 303


async def test_an_expired_link_is_refused_and_opens_no_session(client: TestClient, village: Village) -> None:
    token = login_token(village)
    village.clock.set(village.clock.now() + timedelta(minutes=10))
    response = await redeem(client, token)
    assert response.status == 403 and EXPIRED in await response.text()
    assert COOKIE not in response.cookies and count(village.engine, ConsoleSession) == 0


async def test_a_link_opens_one_session_only(client: TestClient, village: Village, engine: Engine) -> None:
    token = login_token(village)
    assert (await redeem(client, token)).status == 303
    async with TestClient(TestServer(build_app(engine, village.clock))) as someone_else:
        again = await redeem(someone_else, token)
        assert again.status == 403 and EXPIRED in await again.text()
        assert COOKIE not in again.cookies
        assert (await someone_else.get("/")).status == 401
    assert count(engine, ConsoleSession) == 1


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43])
async def test_an_unknown_link_is_refused(client: TestClient, token: str) -> None:
    response = await redeem(client, token)
    assert response.status == 403 and EXPIRED in await response.text()
    assert COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/", "/stats", "/records/1", "/?kind=grievance&page=2", "/login"])
async def test_without_a_session_a_page_explains_how_to_get_a_link(client: TestClient, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    page = await response.text()
    assert response.status == 401
    assert "请先登录" in page and "/控制台" in page and "/logout" not in page


async def test_a_session_ends_after_twelve_hours(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    village.clock.set(village.clock.now() + timedelta(hours=11, minutes=59))
    assert (await client.get("/")).status == 200
    village.clock.set(village.clock.now() + timedelta(minutes=1))
    assert (await client.get("/")).status == 401


async def test_signing_out_ends_the_session_on_the_server_too(
    client: TestClient, village: Village, engine: Engine
) -> None:
    session_id = await sign_in(client, village)
    response = await client.post("/logout", data={"csrf": csrf_of(session_id)})
    assert response.status == 200 and "已退出登录" in await response.text()
    assert response.cookies[COOKIE].value == ""
    assert (await client.get("/")).status == 401
    async with TestClient(TestServer(build_app(engine, village.clock))) as replaying:
        replayed = await replaying.get("/", headers={"Cookie": f"{COOKIE}={session_id}"})
        assert replayed.status == 401


async def test_a_secretary_taken_off_the_roster_is_signed_out(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    with session_scope(village.engine) as session:
        secretary = person_by_name(session, org_id(village.engine), SECRETARY)
        assert secretary is not None
        secretary.active = False
    assert (await client.get("/")).status == 401


async def test_opening_the_link_shows_a_button_and_leaves_the_link_unspent(
    client: TestClient, village: Village, engine: Engine
) -> None:
    token = login_token(village)
    for _ in range(2):  # a chat app's link preview, then the secretary's browser
        shown = await client.get("/login", params={"token": token}, allow_redirects=False)
        page = await shown.text()
        assert shown.status == 200 and "进入控制台" in page
        assert f'name="token" value="{token}"' in page and 'method="post" action="/login"' in page
        assert COOKIE not in shown.cookies
    assert count(engine, ConsoleSession) == 0
    with Session(engine) as session:
        assert session.exec(select(ConsoleLogin)).one().used_at is None
    assert (await redeem(client, token)).status == 303
    assert (await client.get("/")).status == 200


async def test_a_post_without_a_token_opens_nothing(client: TestClient) -> None:
    response = await client.post("/login", data={}, allow_redirects=False)
    assert response.status == 401 and COOKIE not in response.cookies


async def test_signing_out_from_another_site_is_refused(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    for form in ({}, {"csrf": "forged"}):
        response = await client.post("/logout", data=form)
        assert response.status == 403 and "为安全起见本次操作未执行" in await response.text()
    assert (await client.get("/")).status == 200
