"""The simulated WeChat's rooms and contacts: the ledger's active roster, read when asked, and who spoke."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from base.clock import TZ
from base.messages import Outgoing
from bot.demo import DEMO_ROSTER
from bot.transports.simulated import SimulatedTransport
from storage.models import Group, Person
from storage.roster import import_roster

START = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def transport(engine: Engine) -> SimulatedTransport:
    import_roster(engine, DEMO_ROSTER, today=START.date())
    return SimulatedTransport.from_database(engine)


async def test_the_roster_s_groups_and_people_are_there_without_being_copied(transport: SimulatedTransport) -> None:
    assert await transport.find_room("李建国联户群") == "sim-room:李建国联户群"
    assert await transport.find_contact("秀英🌸") == "sim-contact:秀英🌸"
    assert transport.rooms["sim-room:李建国联户群"] == "李建国联户群"
    assert "sim-contact:秀英🌸" in transport.contacts
    assert "李建国联户群" in transport.rooms.values()
    assert len(transport.contacts) == len(set(transport.contacts.values())) > 10
    await transport.say(Outgoing(key="k1", text="好的", room_id="sim-room:李建国联户群"))
    assert [m.text for m in transport.sent] == ["好的"]


async def test_nobody_the_roster_does_not_list_and_who_left_it(transport: SimulatedTransport, engine: Engine) -> None:
    assert await transport.find_room("别的村的群") is None
    assert await transport.find_contact("陌生人") is None
    assert transport.contacts.get("sim-contact:陌生人") is None
    assert transport.rooms.get("青桃村党员群") is None  # a name is not an id
    with pytest.raises(LookupError, match="no such room or contact"):
        await transport.say(Outgoing(key="k1", text="好的", room_id="sim-room:别的村的群"))
    with Session(engine) as session:
        session.execute(update(Group).where(Group.name == "李建国联户群").values(active=False))  # type: ignore[arg-type]
        session.execute(update(Person).where(Person.wechat_name == "秀英🌸").values(active=False))  # type: ignore[arg-type]
        session.commit()
    assert await transport.find_room("李建国联户群") is None
    assert await transport.find_contact("秀英🌸") is None


async def test_who_speaks_is_a_contact_from_then_on_even_off_the_roster(transport: SimulatedTransport) -> None:
    contact_id = transport.add_contact("陌生人")
    assert contact_id == "sim-contact:陌生人" == await transport.find_contact("陌生人")
    assert transport.contacts[contact_id] == "陌生人"
    await transport.say(Outgoing(key="k1", text="您好", to_id=contact_id))
    assert transport.sent[-1].to_id == contact_id


async def test_without_a_ledger_only_who_was_added_is_known() -> None:
    transport = SimulatedTransport()
    assert await transport.find_contact("秀英🌸") is None and len(transport.rooms) == 0
    room = transport.add_room("测试群")
    assert list(transport.rooms) == [room] and await transport.find_room("测试群") == room
