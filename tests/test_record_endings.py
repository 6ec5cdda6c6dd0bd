"""A record's endings (issue 14): 撤销 stops everything it set going, 商议 is a step of its own,
and a resolved matter is closed off (销号) by the rating or, unrated, by the schedule."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from storage.db import make_engine
from storage.enums import OrgKind
from storage.models import Organisation, RecordEvent, VisitTask
from tests.replaying import REPLAYS, replay_file, texts
from tests.schedules.world import World, at
from tests.test_replays import TIER1, TIER2, records


def events(db_url: str, record_id: int) -> list[RecordEvent]:
    with Session(make_engine(db_url)) as session:
        query = select(RecordEvent).where(RecordEvent.record_id == record_id).order_by(col(RecordEvent.id))
        return list(session.exec(query))


async def test_a_withdrawn_record_sets_off_no_reminder_escalation_or_digest(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "withdrawn_visit.jsonl", db_url)
    assert "上门看望" in texts(sent, room=TIER2)[0]
    assert [m["text"] for m in sent if m["text"].startswith("#1 已撤销")] == ["#1 已撤销：误报"]
    later = [m for m in sent if m["at"] > "2026-03-02T09:31"]
    assert [m["to"] for m in later] == ["王志强"], later  # only the /查 answer, nothing scheduled
    assert "取消必访：生病住院" in later[0]["text"]
    assert not any(m["room"] == TIER1 for m in sent)
    with Session(make_engine(db_url)) as session:
        [task] = session.exec(select(VisitTask)).all()
    assert task.closed_at is not None and task.level == 0
    assert [r.status for r in records(db_url)] == ["withdrawn", "withdrawn"]
    cancelled = [e for e in events(db_url, 1) if e.action == "cancel_task"]
    assert len(cancelled) == 1 and cancelled[0].actor_id is not None


async def test_a_visit_still_owed_through_another_record_passes_to_it(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "withdrawn_duplicate_visit.jsonl", db_url)
    reminders = [m for m in sent if m["text"].startswith("📌 必访提醒")]
    assert [(m["to"], m["at"][:10]) for m in reminders] == [("李建国", "2026-03-05")]
    assert "#2" in reminders[0]["text"]
    with Session(make_engine(db_url)) as session:
        [task] = session.exec(select(VisitTask)).all()
    assert task.record_id == 2 and task.closed_at is None
    assert not [e for e in events(db_url, 1) if e.action == "cancel_task"]


async def test_deliberation_is_a_step_and_an_unrated_matter_is_reminded_once_then_closed_off(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "deliberate_and_close.jsonl", db_url)
    to_secretary = texts(sent, to="王志强")
    assert "当前状态为“新建”" in to_secretary[0]
    assert to_secretary[1] == "#1 已商议（王志强）：支部会议研究决定由村里统一更换村口三盏路灯"

    reminders = [m for m in sent if m["text"].startswith("⏰ #1 已办结")]
    assert [(m["at"][:16], m["room"], m["mentions"]) for m in reminders] == [("2026-03-07T10:00", TIER2, ["王秀英"])]
    closing = [m for m in sent if m["text"].startswith("#1 办结后逾期未收到评价")]
    assert [(m["at"][:16], m["room"]) for m in closing] == [("2026-03-11T10:00", TIER2)]

    [record] = records(db_url)
    assert record.status == "closed" and record.rating is None and record.closed_at is not None
    trail = [(e.action, e.from_status, e.to_status, e.note) for e in events(db_url, 1)]
    assert ("deliberate", "accepted", "deliberated", "支部会议研究决定由村里统一更换村口三盏路灯") in trail
    assert trail[-1] == ("close", "resolved", "closed", "逾期未评价，自动销号")
    assert [e.action for e in events(db_url, 1)].count("rating_reminder") == 1

    view = to_secretary[-1]
    assert view.startswith("#1（诉求·城乡建设）已销号")
    for line in ("王志强商议：支部会议研究", "催评：办结后未评价", "系统销号：逾期未评价，自动销号"):
        assert line in view, view
    # Closed off, the late 满意 is no rating of an open matter: nothing asks for or takes it.
    assert not any("感谢评价" in text for text in texts(sent, room=TIER2))


async def test_after_downtime_an_overdue_close_goes_out_without_the_reminder_it_overtook(tmp_path: Path) -> None:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-02T09:00")).boot(roster=True)
    await world.say("秀英🌸", "村口的路灯坏了好几天了，晚上黑漆漆的走路都看不见", TIER2)
    await world.say("李建国", "/办结 #1 路灯已更换", TIER2)
    await world.advance("2026-03-04T09:00")
    await world.down_until("2026-03-12T09:00")  # both the reminder (03-05) and the close (03-09) fell due
    await world.advance("2026-03-12T10:00")
    await world.restart()
    assert not world.containing("⏰ #1 已办结")
    closing = world.containing("逾期未收到评价")
    assert [(s.room, s.at) for s in closing] == [(TIER2, at("2026-03-12T09:00"))]
    await world.stop()
    assert [r.status for r in records(f"sqlite:///{tmp_path / 'lianhu.db'}")] == ["closed"]


async def test_an_organisation_sets_its_own_rating_limits(tmp_path: Path) -> None:
    world = await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at("2026-03-02T09:00")).boot(roster=True)
    assert world.app is not None
    with Session(world.app.engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        org.settings = {"limits": {"rating_reminder": 60, "rating_close": 24 * 60}}
        session.add(org)
        session.commit()
    await world.say("秀英🌸", "村口的路灯坏了好几天了，晚上黑漆漆的走路都看不见", TIER2)
    await world.say("李建国", "/办结 #1 路灯已更换", TIER2)
    await world.advance("2026-03-04T09:00")
    assert [s.at for s in world.containing("⏰ #1 已办结")] == [at("2026-03-02T10:00")]
    assert [s.at for s in world.containing("逾期未收到评价")] == [at("2026-03-03T09:00")]
    await world.stop()
