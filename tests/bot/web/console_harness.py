"""The console on the demo village: login links through the real `/控制台`, records put straight in the ledger,
and the whole bot with its console on a free loopback port."""

from __future__ import annotations

import re
import shutil
import socket
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from base.clock import VirtualClock
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from bot.web import csrf
from bot.web.auth import COOKIE
from handlers.records.create import open_record
from handlers.records.people import household_by_name
from storage.db import session_scope
from storage.enums import Kind, OrgKind, Role, Status
from storage.models import Organisation, OutboxMessage, Person, Record
from storage.roster import import_roster
from storage.roster.workbook import csv_folder_to_xlsx
from tests.handlers.pipeline_harness import SPEAKERS, START, Village

CONSOLE_URL = "http://console.test"
LINK = re.compile(re.escape(CONSOLE_URL) + r"/login\?token=([A-Za-z0-9_-]+)")
ROW_IDS = re.compile(r'<a href="/records/(\d+)">#\1</a>')
SECRETARY = SPEAKERS["secretary"]


def console_village(engine: Engine) -> Village:
    village = Village(engine)
    village.deps = replace(village.deps, console_url=CONSOLE_URL)
    return village


def login_token(village: Village, room: str | None = None, speaker: str = SECRETARY) -> str:
    """What `speaker`'s `/控制台` sent them privately (the secretary's by default): the token in the link."""
    village.say(speaker, "/控制台", room=room)
    with Session(village.engine) as session:
        named = (col(Person.wechat_name) == speaker) | (col(Person.name) == speaker)
        person = session.exec(select(Person).where(named, Person.active, Person.role != Role.RESIDENT)).first()
        assert person is not None
        private = session.exec(
            select(OutboxMessage).where(OutboxMessage.person_id == person.id).order_by(col(OutboxMessage.id).desc())
        ).first()
    assert private is not None
    match = LINK.search(private.text)
    assert match is not None, private.text
    return match.group(1)


async def redeem(client: TestClient, token: str) -> ClientResponse:
    """Press 进入控制台 on the link's page: the POST that spends the link."""
    return await client.post("/login", data={"token": token}, allow_redirects=False)


async def sign_in(client: TestClient, village: Village) -> str:
    """Sign the test client in as the secretary; returns the session cookie's value."""
    token = login_token(village)
    shown = await client.get("/login", params={"token": token}, allow_redirects=False)
    assert shown.status == 200 and "进入控制台" in await shown.text()
    response = await redeem(client, token)
    assert response.status == 303, await response.text()
    return response.cookies[COOKIE].value


def csrf_of(session_id: str) -> str:
    return csrf.token_for(session_id)


def org_id(engine: Engine) -> int:
    with Session(engine) as session:
        query = select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)
        org = session.exec(query.order_by(col(Organisation.id))).first()
        assert org is not None and org.id is not None
        return org.id


def add_record(
    engine: Engine,
    created_at: datetime,
    *,
    kind: Kind = Kind.GRIEVANCE,
    status: Status = Status.NEW,
    text: str = "村口路灯坏了",
    category: str | None = "城乡建设",
    must_visit: str | None = None,
    household: str | None = "王秀英",
    org: int | None = None,
) -> int:
    """A record as intake would open it, at `created_at`, then moved to `status` without ceremony."""
    with session_scope(engine) as session:
        owner = org if org is not None else org_id(engine)
        home = household_by_name(session, owner, household) if household else None
        member = session.get(Person, home.member_id) if home else None
        record = open_record(
            session,
            org_id=owner,
            kind=kind,
            text=text,
            now=created_at,
            reporter=None,
            household=home,
            group=None,
            responsible=member,
        )
        record.category, record.must_visit, record.status = category, must_visit, status
        assert record.id is not None
        return record.id


def other_village_record(engine: Engine, created_at: datetime) -> int:
    """A second organisation (和平村) with its own secretary and one record."""
    with session_scope(engine) as session:
        ours = session.get(Organisation, org_id(engine))
        assert ours is not None
        other = Organisation(name="和平村党支部", township_id=ours.township_id)
        session.add(other)
        session.flush()
        assert other.id is not None
        session.add(Person(org_id=other.id, name="赵书记", role=Role.SECRETARY, wechat_name="赵书记"))
        record = Record(
            org_id=other.id,
            kind=Kind.GRIEVANCE,
            status=Status.NEW,
            text="和平村的水渠堵了",
            created_at=created_at,
            updated_at=created_at,
            level_since=created_at,
        )
        session.add(record)
        session.flush()
        assert record.id is not None
        return record.id


def listed_ids(html: str) -> list[int]:
    return [int(number) for number in ROW_IDS.findall(html)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_bot(url: str, *, console: bool = True, **settings: object) -> tuple[Application, SimulatedTransport]:
    """The whole bot as `lianhu run` builds it, on a virtual clock and the simulated WeChat."""
    transport = SimulatedTransport()
    builder = ApplicationBuilder().settings(Settings(database_url=url, **settings))  # type: ignore[arg-type]
    app = builder.transport(transport).clock(VirtualClock(START), virtual=True).web_console(console).build()
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    transport.sync(app.engine)
    return app, transport


async def ask_for_a_link(app: Application, transport: SimulatedTransport) -> str:
    """The secretary sends `/控制台` privately; returns the bot's private answer."""
    await transport.inject(SECRETARY, "/控制台", app.clock.now())
    answer = transport.sent[-1]
    assert answer.to_id == f"sim-contact:{SECRETARY}" and answer.room_id is None
    return answer.text


def roster_file(tmp_path: Path, edit: dict[str, tuple[str, str]] | None = None) -> Path:
    """The demo roster as .xlsx, with `edit`: sheet → (text to find, its replacement) in that CSV."""
    folder = tmp_path / "csv"
    shutil.copytree(DEMO_ROSTER, folder)
    for sheet, (old, new) in (edit or {}).items():
        csv = folder / f"{sheet}.csv"
        text = csv.read_text(encoding="utf-8")
        assert old in text, old
        csv.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "花名册.xlsx"
    csv_folder_to_xlsx(folder, out)
    return out


BAD_ROSTER = {
    "群": ("赵春梅联户群,二级,赵春梅", "赵春梅联户群,二级,赵春花"),
    "联系户": ("刘玉珍,李建国,,,幸福村4组6号,,", "刘玉珍,李建国,,,幸福村4组6号,独居,"),
}
"""Two mistakes: a tier-2 group's member who is not on the roster, a focus tag that does not exist."""
