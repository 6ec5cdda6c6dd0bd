"""乡镇: a township cadre signs in with `/控制台` and sees every village of the township."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.web.auth import COOKIE
from storage.db import session_scope
from storage.enums import OrgKind, Status
from storage.models import Organisation, Record
from storage.roster import import_roster
from tests.bot.web.console_harness import add_record, login_token, redeem, sign_in
from tests.handlers.pipeline_harness import START, Village
from tests.township.rosters import DONGFENG

CADRE = "何干部"


def _org(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        org = session.exec(select(Organisation).where(Organisation.name == name)).one()
        assert org.id is not None
        return org.id


async def _sign_in_as_cadre(client: TestClient, village: Village) -> None:
    response = await redeem(client, login_token(village, room=None, speaker=CADRE))
    assert response.status == 303 and response.headers["Location"] == "/township"
    assert response.cookies[COOKIE].value


def _cells(page: str, village: str) -> list[str]:
    figures = page[page.index("各村三率") :]
    row = re.search(rf"<td data-label=\"村\(社\)\">{village}</td>(.*?)</tr>", figures, re.DOTALL)
    assert row is not None, village
    return [re.sub(r"<[^>]+>", " ", cell).split()[0] for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


async def test_the_township_page_lists_every_villages_escalated_and_overdue_matters_and_figures(
    engine: Engine, village: Village, client: TestClient
) -> None:
    import_roster(engine, DONGFENG, today=START.date())
    village.deps = replace(village.deps, console_url="http://console.test")
    dongfeng = _org(engine, "东风村党支部")
    overdue = add_record(engine, START - timedelta(days=10), org=dongfeng, household="褚德福", status=Status.ACCEPTED)
    escalated = add_record(engine, START - timedelta(hours=30))
    quiet = add_record(engine, START - timedelta(hours=1))
    resolved = add_record(engine, START - timedelta(hours=2), org=dongfeng, household="褚德福")
    with session_scope(engine) as session:
        for number, change in ((escalated, {"level": 1}), (resolved, {"status": Status.RESOLVED})):
            record = session.get(Record, number)
            assert record is not None
            for name, value in change.items():
                setattr(record, name, value)
            if number == resolved:
                record.responded_at = record.resolved_at = START - timedelta(hours=1)

    await _sign_in_as_cadre(client, village)
    page = await (await client.get("/township")).text()

    listed = [int(n) for n in re.findall(r'<a href="/records/(\d+)">#\d+</a>', page)]
    assert listed == [escalated, overdue]  # the escalated one first; the quiet and the resolved ones are not listed
    assert quiet not in listed and "其余 1 件在村里正常办理中" in page
    assert _cells(page, "东风村党支部") == [
        "1",
        "100%",
        "100%",
        "—",
        "0%",
        "0%",
        "1",
    ]  # its overdue one is from February
    assert _cells(page, "幸福村党总支")[:4] == ["2", "0%", "0%", "—"]
    # a record of a village of the township opens; the secretaries' pages are not the cadre's
    assert (await client.get(f"/records/{overdue}")).status == 200
    assert '<a href="/township" aria-current="page">各村</a>' in page and 'href="/stats"' not in page


async def test_a_village_secretary_has_no_township_page(engine: Engine, village: Village, client: TestClient) -> None:
    await sign_in(client, village)
    response = await client.get("/township")
    assert response.status == 404
    with Session(engine) as session:
        assert session.exec(select(Organisation).where(Organisation.kind == OrgKind.TOWNSHIP)).one().name == "青山镇"
