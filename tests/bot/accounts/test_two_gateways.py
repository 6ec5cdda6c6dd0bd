"""Two WeChat accounts over python-wechaty, each behind its own real puppet-service gateway."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from storage.models import Record
from storage.roster import import_roster
from tests.bot.wechaty_fixtures import PuppetPeer, ensure_peer_installed

pytestmark = pytest.mark.wechaty

HEPING = Path(__file__).parent / "heping"
XIUYING = {"id": "wxid_xiuying", "name": "秀英🌸"}
JIANGUO = {"id": "wxid_jianguo", "name": "李建国"}
YULAN = {"id": "wxid_yulan", "name": "玉兰阿姨"}
LIXIN = {"id": "wxid_lixin", "name": "郑立新"}
XINGFU_ROOM, HEPING_ROOM = "xingfu02@chatroom", "heping02@chatroom"


def _room(room_id: str, topic: str, *members: dict[str, str]) -> dict[str, Any]:
    return {"id": room_id, "topic": topic, "members": [member["id"] for member in members]}


def _peer(token: str, bot_id: str, contacts: list[dict[str, str]], room: dict[str, Any]) -> PuppetPeer:
    peer = PuppetPeer(token=token, bot_id=bot_id)
    peer.start()
    peer.add_contacts(list(contacts))
    peer.add_rooms([room])
    return peer


def _record_number(reply: str) -> int:
    found = re.search(r"已记录 #(\d+)", reply)
    assert found is not None, reply
    return int(found[1])


@pytest.fixture
def gateways() -> Iterator[tuple[PuppetPeer, PuppetPeer]]:
    ensure_peer_installed()
    xingfu = _peer(
        "token-qingshan", "wxid_bot_qingshan", [XIUYING, JIANGUO], _room(XINGFU_ROOM, "李建国联户群", JIANGUO, XIUYING)
    )
    try:
        heping = _peer(
            "token-heping", "wxid_bot_heping", [YULAN, LIXIN], _room(HEPING_ROOM, "郑立新联户群", LIXIN, YULAN)
        )
    except BaseException:
        xingfu.stop()
        raise
    try:
        yield xingfu, heping
    finally:
        heping.stop()
        xingfu.stop()


async def test_each_accounts_messages_go_through_its_own_gateway(
    gateways: tuple[PuppetPeer, PuppetPeer], tmp_path: Path
) -> None:
    xingfu, heping = gateways
    accounts = [
        {"name": "qingshan", "endpoint": xingfu.endpoint, "token": xingfu.token, "orgs": ["青山镇"]},
        {"name": "heping", "endpoint": heping.endpoint, "token": heping.token, "orgs": ["和平村党支部"]},
    ]
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'county.db'}", accounts=json.dumps(accounts))
    clock = VirtualClock(datetime.now(TZ))
    app = ApplicationBuilder().settings(settings).clock(clock, virtual=True).build()
    import_roster(app.engine, DEMO_ROSTER, today=clock.now().date())
    import_roster(app.engine, HEPING, today=clock.now().date())
    await app.start()
    try:
        # the same message id on both accounts: two different messages
        await xingfu.say(XIUYING["id"], "村口的路灯坏了三天了，晚上走路看不见", room=XINGFU_ROOM, message_id="42")
        await heping.say(YULAN["id"], "我家门口的水管漏水了，麻烦来看看", room=HEPING_ROOM, message_id="42")

        # The two arrive at once: which is numbered first is a race, that both are is not.
        xingfu_reply = await xingfu.wait_sent(lambda s: s.room_id == XINGFU_ROOM and "已记录 #" in s.text)
        heping_reply = await heping.wait_sent(lambda s: s.room_id == HEPING_ROOM and "已记录 #" in s.text)
        assert sorted([_record_number(xingfu_reply.text), _record_number(heping_reply.text)]) == [1, 2]
        heping_record = f"#{_record_number(heping_reply.text)}"
        await xingfu.redeliver("42")
        await heping.say(LIXIN["id"], f"/受理 {heping_record}", room=HEPING_ROOM)
        await heping.wait_sent(lambda s: s.room_id == HEPING_ROOM and heping_record in s.text and "受理" in s.text)

        assert all(s.room_id == XINGFU_ROOM for s in xingfu.sent if s.room_id)
        assert all(s.room_id == HEPING_ROOM for s in heping.sent if s.room_id)
        assert len([s for s in xingfu.sent if "已记录" in s.text]) == 1  # the redelivery was not answered again
        with Session(app.engine) as session:
            assert len(session.exec(select(Record)).all()) == 2
    finally:
        await app.stop()
