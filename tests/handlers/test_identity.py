"""People and groups are bound to WeChat ids on first sight, by 微信昵称, 群昵称 or topic."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from base.clock import TZ
from bot.demo import DEMO_ROSTER
from handlers.identity import resolve_group, resolve_person
from storage.models import InboxMessage, Person
from storage.roster import import_roster

AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def message(sender_name: str, alias: str | None = None, room: str | None = "李建国联户群") -> InboxMessage:
    return InboxMessage(
        message_id="m",
        received_at=AT,
        at=AT,
        room_id=f"r-{room}" if room else None,
        room_topic=room,
        sender_id="wx-1",
        sender_name=sender_name,
        sender_alias=alias,
        text="hi",
    )


def test_a_room_is_bound_by_topic_and_a_person_by_their_room_nickname(engine: Engine) -> None:
    import_roster(engine, DEMO_ROSTER, today=AT.date())
    with Session(engine) as session:
        msg = message("微信用户8848", alias="秀英🌸")
        group = resolve_group(session, msg)
        person = resolve_person(session, msg, group)
        assert group is not None and group.name == "李建国联户群" and group.room_id == "r-李建国联户群"
        assert person is not None and person.name == "王秀英" and person.wechat_id == "wx-1"
        session.commit()
    with Session(engine) as session:
        again = resolve_person(session, message("改了名字"), None)
        assert again is not None and again.name == "王秀英"


def test_an_unknown_name_binds_nobody(engine: Engine) -> None:
    import_roster(engine, DEMO_ROSTER, today=AT.date())
    with Session(engine) as session:
        assert resolve_person(session, message("路人甲"), None) is None
        assert session.exec(select(Person).where(Person.wechat_id == "wx-1")).first() is None
