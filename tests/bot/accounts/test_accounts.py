"""Several WeChat accounts in one deployment: each village's messages go through its own account."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, select

from base.clock import TZ, VirtualClock
from base.messages import Incoming
from bot.app import Application
from bot.builder import ApplicationBuilder
from bot.config import Settings
from bot.demo import DEMO_ROSTER
from bot.transport import Transport
from bot.transports.simulated import SimulatedTransport
from storage import outbox
from storage.db import session_scope
from storage.enums import OutboxState
from storage.models import Group, InboxMessage, OutboxMessage, Person, Record
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
HEPING = Path(__file__).parent / "heping"
# account a serves 青山镇 (the demo village 幸福村 is in it), b serves the village 和平村 by name
ACCOUNTS = json.dumps(
    [{"name": "a", "orgs": ["青山镇"]}, {"name": "b", "orgs": ["和平村党支部"]}],
)


def settings(db_url: str, **more: object) -> Settings:
    return Settings(database_url=db_url, accounts=ACCOUNTS, **more)  # type: ignore[arg-type]


def build(db_url: str, clock: VirtualClock, transports: dict[str, Transport], **more: object) -> Application:
    app = ApplicationBuilder().settings(settings(db_url, **more)).transports(transports).clock(clock, virtual=True)
    return app.build()


async def two_villages(
    db_url: str, clock: VirtualClock, **more: object
) -> tuple[Application, SimulatedTransport, SimulatedTransport]:
    a, b = SimulatedTransport(), SimulatedTransport()
    app = build(db_url, clock, {"a": a, "b": b}, **more)
    import_roster(app.engine, DEMO_ROSTER, today=START.date())
    import_roster(app.engine, HEPING, today=START.date())
    a.sync(app.engine)
    b.sync(app.engine)
    await app.start()
    return app, a, b


def from_xiuying(message_id: str, text: str = "村口的路灯坏了三天了，晚上走路看不见") -> Incoming:
    return Incoming(
        message_id=message_id,
        sender_id="sim-contact:秀英🌸",
        sender_name="秀英🌸",
        text=text,
        at=START,
        room_id="sim-room:李建国联户群",
        room_topic="李建国联户群",
    )


def from_yulan(message_id: str, text: str = "我家门口的水管漏水了，麻烦来看看") -> Incoming:
    return Incoming(
        message_id=message_id,
        sender_id="sim-contact:玉兰阿姨",
        sender_name="玉兰阿姨",
        text=text,
        at=START,
        room_id="sim-room:郑立新联户群",
        room_topic="郑立新联户群",
    )


async def test_each_village_is_answered_through_the_account_serving_it(db_url: str) -> None:
    app, a, b = await two_villages(db_url, VirtualClock(START))
    await a.deliver(from_xiuying("m-1"))
    await b.deliver(from_yulan("m-1"))

    assert [(m.room_id, m.text[:3]) for m in a.sent] == [("sim-room:李建国联户群", "已记录")]
    assert [(m.room_id, m.text[:3]) for m in b.sent] == [("sim-room:郑立新联户群", "已记录")]
    with Session(app.engine) as session:
        stored = {(row.account, row.message_id) for row in session.exec(select(InboxMessage))}
        routed = sorted(row.account or "" for row in session.exec(select(OutboxMessage)))
    assert stored == {("a", "a:m-1"), ("b", "b:m-1")}
    assert routed == ["a", "b"]
    await app.stop()


async def test_message_ids_are_deduplicated_per_account(db_url: str) -> None:
    app, a, b = await two_villages(db_url, VirtualClock(START))
    await a.deliver(from_xiuying("m-7"))
    await a.deliver(from_xiuying("m-7"))  # redelivered by account a: ignored
    await b.deliver(from_yulan("m-7"))  # the same id on account b is another message

    with Session(app.engine) as session:
        records = sorted(record.text for record in session.exec(select(Record)))
    assert records == sorted([from_xiuying("x").text, from_yulan("x").text])
    assert len(a.sent) == 1 and len(b.sent) == 1
    await app.stop()


async def test_an_unknown_room_is_answered_through_the_account_it_was_written_in(db_url: str) -> None:
    app, a, b = await two_villages(db_url, VirtualClock(START))
    stranger = Incoming(message_id="m-9", sender_id="sim-contact:路人甲", sender_name="路人甲", text="/帮助", at=START)
    b.add_contact("路人甲")
    await b.deliver(stranger)

    assert a.sent == []
    assert [m.to_id for m in b.sent] == ["sim-contact:路人甲"]
    await app.stop()


async def test_each_account_is_paced_on_its_own(db_url: str) -> None:
    clock = VirtualClock(START)
    app, a, b = await two_villages(db_url, clock, messages_per_minute=1, room_interval_seconds=0)
    sent_at = START
    await a.deliver(from_xiuying("m-1"))
    await b.deliver(from_yulan("m-1"))
    assert clock.now() == sent_at  # one message a minute per account: the other account did not wait

    await a.deliver(from_xiuying("m-2", "/帮助"))
    assert (clock.now() - sent_at).total_seconds() >= 60  # account a's second message waited its turn
    assert len(a.sent) == 2 and len(b.sent) == 1
    await app.stop()


async def test_a_process_sends_only_through_the_accounts_it_runs(db_url: str) -> None:
    clock = VirtualClock(START)
    only_a = SimulatedTransport()
    first = build(db_url, clock, {"a": only_a}, run_accounts=["a"])
    import_roster(first.engine, DEMO_ROSTER, today=START.date())
    import_roster(first.engine, HEPING, today=START.date())
    only_a.sync(first.engine)
    await first.start()
    await only_a.deliver(from_xiuying("m-1"))
    # a message for 和平村 decided by the process running account a waits for the one running b
    with session_scope(first.engine) as session:
        heping = session.exec(select(Group).where(Group.name == "郑立新联户群")).one()
        outbox.enqueue(session, clock.now(), "和平村的通知", group_id=heping.id)
    await first.dispatcher.flush()
    assert [m.text[:3] for m in only_a.sent] == ["已记录"]

    only_b = SimulatedTransport()
    second = build(db_url, clock, {"b": only_b}, run_accounts=["b"], instance_id="second")
    only_b.sync(second.engine)
    await second.start()
    assert [m.text for m in only_b.sent] == ["和平村的通知"]
    assert not any("已记录" in m.text for m in only_b.sent)
    await first.stop()
    await second.stop()


def test_accounts_come_from_json_or_a_toml_file(tmp_path: Path) -> None:
    file = tmp_path / "accounts.toml"
    file.write_text(
        '[[account]]\nname = "qingshan"\nendpoint = "10.0.0.5:8788"\ntoken = "t1"\norgs = ["青山镇"]\n'
        '[[account]]\nname = "rest"\nendpoint = "10.0.0.6:8788"\ntoken = "t2"\n',
        encoding="utf-8",
    )
    from_file = Settings(accounts_file=file).account_list()
    assert [(x.name, x.endpoint, x.orgs) for x in from_file] == [
        ("qingshan", "10.0.0.5:8788", ["青山镇"]),
        ("rest", "10.0.0.6:8788", []),
    ]
    assert [x.name for x in Settings(accounts=ACCOUNTS, run_accounts=["b"]).local_accounts()] == ["b"]
    single = Settings(wechaty_endpoint="10.0.0.7:8788", wechaty_token="t").account_list()
    assert [(x.name, x.endpoint, x.token) for x in single] == [("default", "10.0.0.7:8788", "t")]


@pytest.mark.parametrize(
    ("accounts", "more", "complaint"),
    [
        ('[{"name": "a"}, {"name": "a"}]', {}, "unique"),
        ('[{"name": "a", "orgs": ["青山镇"]}, {"name": "b", "orgs": ["青山镇"]}]', {}, "one account only"),
        (ACCOUNTS, {"wechaty_endpoint": "h:1", "wechaty_token": "t"}, "not both"),
        (ACCOUNTS, {"run_accounts": ["c"]}, "unknown accounts"),
    ],
)
def test_a_bad_account_list_is_refused(accounts: str, more: dict[str, object], complaint: str) -> None:
    with pytest.raises((ValueError, ValidationError), match=complaint):
        Settings(accounts=accounts, **more).local_accounts()  # type: ignore[arg-type]


async def test_the_status_shows_each_accounts_connection(db_url: str) -> None:
    app, a, b = await two_villages(db_url, VirtualClock(START))
    await a.deliver(
        Incoming(message_id="s-1", sender_id="sim-contact:王志强", sender_name="王志强", text="/状态", at=START)
    )
    [status] = [m.text for m in a.sent]
    assert "连接·a：已连接" in status and "连接·b：已连接" in status
    await app.stop()


async def test_a_write_by_another_account_while_a_reply_is_on_the_network_does_not_fail_the_send(
    tmp_path: Path,
) -> None:
    """Account b stores its message while a's reply is on the wire; a's dispatcher, still
    reading from before, could not mark the reply sent on SQLite (seen in CI, in
    test_two_gateways), which left it to be sent again once the row was abandoned."""
    app, a, b = await two_villages(f"sqlite:///{tmp_path / 'lianhu.db'}", VirtualClock(START))

    def another_account_writes(_message: object) -> None:
        with session_scope(app.engine) as session:
            session.exec(update(Person).values(name=Person.name))  # type: ignore[call-overload]

    a.on_sent(another_account_writes)
    await a.deliver(from_xiuying("m-1"))

    assert [m.text[:3] for m in a.sent] == ["已记录"]
    with Session(app.engine) as session:
        states = [row.state for row in session.exec(select(OutboxMessage))]
    assert states == [OutboxState.SENT]
    await app.stop()
