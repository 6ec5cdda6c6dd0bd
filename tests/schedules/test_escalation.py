"""The escalation ladder: each step one message to the right place, audited; a response stops it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from storage.enums import OrgKind
from storage.models import Organisation, Person, Record, RecordEvent, SendClaim
from tests.schedules.world import World, at

TIER1, TIER2 = "幸福村党员群", "李建国联户群"
LAMP = "村口路灯坏了好几天了，晚上很黑"


async def village(tmp_path: Path, start: str = "2026-03-02T10:00", **settings: object) -> World:
    return await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at(start), **settings).boot(roster=True)


def record(world: World, record_id: int = 1) -> Record:
    assert world.app is not None
    with Session(world.app.engine) as session:
        found = session.get(Record, record_id)
        assert found is not None
        return found


def events(world: World, record_id: int = 1) -> list[RecordEvent]:
    assert world.app is not None
    with Session(world.app.engine) as session:
        query = select(RecordEvent).where(RecordEvent.record_id == record_id, RecordEvent.action == "escalate")
        return list(session.exec(query.order_by(col(RecordEvent.id))))


async def test_each_step_is_one_message_and_one_audit_event(tmp_path: Path) -> None:
    world = await village(tmp_path)
    await world.say("秀英🌸", LAMP, TIER2)
    await world.advance("2026-03-10T12:00")
    steps = [(s.at, s.room, s.to) for s in world.sent if "#1（诉求" in s.text and "已登记" in s.text]
    assert steps == [
        (at("2026-03-03T10:00"), None, "刘宏伟"),
        (at("2026-03-05T10:00"), TIER1, None),
        (at("2026-03-08T10:00"), TIER1, None),
    ]
    assert [e.note for e in events(world)] == [
        "超过1天无人答复，升级至党员中心户",
        "超过2天无人答复，升级至村党组织",
        "超过3天无人答复，升级至乡镇平台",
    ]
    final = record(world)
    assert (final.level, final.level_since, final.township_state) == (3, at("2026-03-08T10:00"), "pending")
    await world.stop()


async def test_a_response_stops_the_clock_and_a_reopening_restarts_it(tmp_path: Path) -> None:
    world = await village(tmp_path)
    await world.say("秀英🌸", LAMP, TIER2)
    await world.advance("2026-03-02T20:00")
    await world.say("李建国", "/受理 #1", TIER2)
    await world.advance("2026-03-05T12:00")
    assert not world.containing("⏰")
    await world.say("李建国", "/办结 #1 已更换灯泡", TIER2)
    await world.say("秀英🌸", "不满意", TIER2)  # 重办: the clock starts again at level 0
    reopened = world.clock.now()
    await world.advance("2026-03-07T12:00")
    reminder = world.containing("⏰ 超时提醒 #1")
    assert len(reminder) == 1 and reminder[0].to == "刘宏伟"
    assert reminder[0].at - reopened >= timedelta(hours=24) - timedelta(seconds=1)
    await world.stop()


async def test_organisation_limits_override_the_defaults(tmp_path: Path) -> None:
    world = await village(tmp_path)
    assert world.app is not None
    with Session(world.app.engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        org.settings = {"limits": {"grievance_member": 60}}
        session.add(org)
        session.commit()
    await world.say("秀英🌸", LAMP, TIER2)
    await world.advance("2026-03-02T12:00")
    assert [s.at for s in world.containing("⏰ 超时提醒 #1")] == [at("2026-03-02T11:00")]
    await world.stop()


async def test_a_member_without_a_hub_goes_straight_to_the_secretary(tmp_path: Path) -> None:
    world = await village(tmp_path)
    assert world.app is not None
    with Session(world.app.engine) as session:
        member = session.exec(select(Person).where(Person.name == "李建国")).one()
        member.hub_id = None
        session.add(member)
        session.commit()
    await world.say("秀英🌸", LAMP, TIER2)
    await world.advance("2026-03-03T12:00")
    step = world.containing("升级至村党组织 #1")
    assert [(s.at, s.room, s.mentions) for s in step] == [(at("2026-03-03T10:00"), TIER1, ("王志强",))]
    assert record(world).level == 2
    await world.stop()


async def test_without_a_township_endpoint_the_secretary_sees_it_in_todo(tmp_path: Path) -> None:
    world = await village(tmp_path)
    await world.say("秀英🌸", LAMP, TIER2)
    await world.advance("2026-03-08T12:00")
    await world.say("王志强", "/待办", TIER1)
    assert "另有 1 件待转乡镇平台：#1" in world.sent[-1].text
    assert world.app is not None
    with Session(world.app.engine) as session:
        claims = session.exec(select(SendClaim).where(SendClaim.job == "escalate")).all()
        assert sorted(c.period for c in claims) == ["level:1", "level:2", "level:3"]
    await world.stop()


async def test_a_must_visit_task_is_chased_until_the_visit(tmp_path: Path) -> None:
    world = await village(tmp_path)
    await world.say("秀英🌸", "我这两天住院了，腿摔伤了", TIER2)
    await world.advance("2026-03-05T12:00")
    assert [s.to for s in world.containing("📌 必访提醒：王秀英家")] == ["李建国"]
    await world.say("李建国", "/走访 王秀英 伤势好转", TIER2)
    await world.advance("2026-03-12T12:00")
    assert not world.containing("📌 必访督办")
    assert not world.containing("⏰ 超时提醒")  # the visit record is chased as a task, not climbed
    await world.stop()
