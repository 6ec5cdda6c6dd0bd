"""花名册 in the console: a checked upload lists every problem and imports nothing; a good one is imported
on confirmation; the download is the import's own format and imports as no change; secretaries only."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from aiohttp import FormData
from aiohttp.test_utils import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.web.auth import COOKIE
from bot.web.roster import MAX_BYTES
from handlers.records.people import person_by_name
from storage.console import open_session
from storage.db import session_scope
from storage.models import Group, Household, Person
from storage.roster import import_roster
from tests.bot.web.console_harness import BAD_ROSTER, org_id, roster_file, sign_in
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
UPLOAD = re.compile(r'name="upload" value="([\w-]+)"')


def counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Person).where(Person.active)).one(),
            session.exec(select(func.count()).select_from(Household).where(Household.active)).one(),
            session.exec(select(func.count()).select_from(Group).where(Group.active)).one(),
        )


async def token(client: TestClient) -> str:
    match = CSRF.search(await (await client.get("/roster")).text())
    assert match is not None
    return match.group(1)


async def upload(
    client: TestClient, content: bytes, name: str = "花名册.xlsx", csrf: str | None = None
) -> tuple[int, str]:
    form = FormData()
    form.add_field("csrf", csrf if csrf is not None else await token(client))
    form.add_field("file", content, filename=name, content_type="application/octet-stream")
    response = await client.post("/roster", data=form)
    return response.status, await response.text()


def cells(page: str) -> list[list[str]]:
    body = page[page.index('class="ledger problems"') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)[1:]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.DOTALL)]
        for r in rows
    ]


async def test_a_bad_roster_lists_every_problem_with_its_place_and_imports_nothing(
    client: TestClient, village: Village, tmp_path: Path
) -> None:
    bad = roster_file(tmp_path, BAD_ROSTER)
    before = counts(village.engine)
    await sign_in(client, village)
    status, page = await upload(client, bad.read_bytes())
    assert status == 422
    assert "“花名册.xlsx”有 2 处问题，未导入任何数据" in page
    assert cells(page) == [
        ["联系户", "5", "重点户", "—", "未知的重点户类型“独居”，可选：困难家庭、危重病人、空巢老人、留守儿童"],
        ["群", "4", "联系党员", "赵春梅联户群", "联系党员“赵春花”不在党员名单中"],
    ]
    assert 'name="upload"' not in page
    assert counts(village.engine) == before
    assert not any(tmp_path.joinpath("uploads").rglob("*.xlsx"))


async def test_a_file_that_is_no_workbook_or_too_large_is_refused(client: TestClient, village: Village) -> None:
    await sign_in(client, village)
    status, page = await upload(client, b"not a workbook", name="名单.xlsx")
    assert status == 422 and "无法打开 Excel 文件“名单.xlsx”" in page
    status, page = await upload(client, b"x" * (MAX_BYTES + 1))
    assert status == 413 and "文件超过 2 MB" in page


async def test_a_good_roster_is_imported_once_confirmed(client: TestClient, village: Village, tmp_path: Path) -> None:
    good = roster_file(
        tmp_path, {"联系户": ("刘玉珍,李建国,,", "钱阿大,李建国,,,幸福村4组8号,空巢老人,,\n刘玉珍,李建国,,")}
    )
    before = counts(village.engine)
    await sign_in(client, village)
    status, page = await upload(client, good.read_bytes())
    assert status == 200 and "检查通过：幸福村党总支" in page
    added = re.search(r'<td data-label="类别">联系户</td>\s*<td data-label="新增">(\d+)</td>', page)
    assert added is not None and added.group(1) == "1"
    assert counts(village.engine) == before  # checked, not imported yet

    upload_id = UPLOAD.search(page)
    assert upload_id is not None
    response = await client.post("/roster/confirm", data={"csrf": await token(client), "upload": upload_id.group(1)})
    page = await response.text()
    assert response.status == 200 and "花名册已导入：幸福村党总支" in page and "联系户：新增 1" in page
    people, households, groups = before
    assert counts(village.engine) == (people + 1, households + 1, groups)
    with Session(village.engine) as session:
        added_household = session.exec(select(Household).where(Household.head_name == "钱阿大")).one()
        assert added_household.focus_tags == ["空巢老人"]

    again = await client.post("/roster/confirm", data={"csrf": await token(client), "upload": upload_id.group(1)})
    assert again.status == 410 and "已经导入或已过期" in await again.text()


async def test_another_villages_roster_and_a_forged_form_are_refused(
    client: TestClient, village: Village, tmp_path: Path
) -> None:
    other = roster_file(tmp_path, {"组织": ("幸福村党总支", "和平村党支部")})
    before = counts(village.engine)
    await sign_in(client, village)
    status, page = await upload(client, other.read_bytes())
    assert status == 422 and "是“和平村党支部”的花名册" in page and 'name="upload"' not in page
    status, page = await upload(client, roster_file(tmp_path / "2").read_bytes(), csrf="0" * 64)
    assert status == 403
    assert counts(village.engine) == before


async def test_the_download_is_the_import_format_and_imports_as_no_change(
    client: TestClient, village: Village, tmp_path: Path
) -> None:
    await sign_in(client, village)
    response = await client.get("/roster.xlsx")
    assert response.status == 200
    assert response.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''%E8%8A%B1%E5%90%8D%E5%86%8C" in response.headers["Content-Disposition"]
    content = await response.read()
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["组织", "党员", "联系户", "群"]
    households = list(workbook["联系户"].values)
    assert households[0][:7] == ("户主", "联系党员", "代表", "微信昵称", "住址", "重点户", "手机")
    assert "备注" in households[0]
    first = dict(zip(households[0], households[1], strict=True))
    assert first["户主"] == "王秀英" and first["微信昵称"] == "秀英🌸" and first["手机"] == "13757100200"
    assert first["备注"] == "独居，子女在杭州"

    exported = tmp_path / "exported.xlsx"
    exported.write_bytes(content)
    report = import_roster(village.engine, exported, today=START.date())
    for kind, kind_counts in report.counts.items():
        assert (kind_counts.created, kind_counts.updated, kind_counts.deactivated) == (0, 0, 0), kind
    again = await (await client.get("/roster.xlsx")).read()
    assert [list(s.values) for s in load_workbook(io.BytesIO(again))] == [list(s.values) for s in workbook]


async def test_only_a_signed_in_secretary_reaches_the_roster(
    client: TestClient, village: Village, tmp_path: Path
) -> None:
    for method, path in (("GET", "/roster"), ("POST", "/roster"), ("POST", "/roster/confirm"), ("GET", "/roster.xlsx")):
        response = await client.request(method, path)
        assert response.status == 401, path
        assert "请先登录" in await response.text(), path
    with session_scope(village.engine) as session:
        hub = person_by_name(session, org_id(village.engine), SPEAKERS["hub"])
        assert hub is not None and hub.id is not None
        hub_session = open_session(session, hub.id, village.clock.now(), timedelta(hours=1))
    client.session.cookie_jar.update_cookies({COOKIE: hub_session})
    before = counts(village.engine)
    assert (await client.get("/roster")).status == 401
    assert (await client.get("/roster.xlsx")).status == 401
    form = FormData()
    form.add_field("file", roster_file(tmp_path).read_bytes(), filename="花名册.xlsx")
    assert (await client.post("/roster", data=form)).status == 401
    assert counts(village.engine) == before


async def test_an_upload_left_waiting_goes_when_its_session_ends(
    client: TestClient, village: Village, tmp_path: Path
) -> None:
    uploads = tmp_path / "uploads"
    await sign_in(client, village)
    status, _ = await upload(client, roster_file(tmp_path / "first").read_bytes())
    assert status == 200 and len(list(uploads.iterdir())) == 1
    left = next(uploads.iterdir())
    await client.post("/logout")
    await sign_in(client, village)
    status, _ = await upload(client, roster_file(tmp_path / "second").read_bytes())
    assert status == 200 and not left.exists() and len(list(uploads.iterdir())) == 1
