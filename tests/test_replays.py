"""End-to-end flows of issue 4 through the real pipeline, as replay scripts under tests/replays/."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from storage.db import make_engine
from storage.models import Record, RecordEvent, Visit, VisitTask
from tests.replaying import REPLAYS, replay_file, texts

TIER2 = "李建国联户群"
TIER1 = "幸福村党员群"


def records(db_url: str) -> list[Record]:
    with Session(make_engine(db_url)) as session:
        return list(session.exec(select(Record).order_by(col(Record.id))))


async def test_grievance_is_received_accepted_resolved_fed_back_and_rated(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "grievance_lifecycle.jsonl", db_url)
    room = texts(sent, room=TIER2)
    assert room[0].startswith("已记录 #1（诉求·城乡建设），联户党员李建国将跟进")
    assert not any("天气" in text for text in room)
    assert room[1] == "#1 已受理，承办人：李建国。"
    assert room[2].startswith("#1 进展：已联系电工")
    feedback = next(m for m in sent if m["text"].startswith("#1 已办结"))
    assert feedback["room"] == TIER2 and feedback["mentions"] == ["王秀英"]
    assert "满意" in feedback["text"] and "评价" in feedback["text"]
    assert room[-1] == "感谢评价！#1 评价为“满意”，已销号。"
    history = texts(sent, to="王志强")[0]
    for step in ("登记", "受理", "进展", "办结", "评价"):
        assert step in history
    [record] = records(db_url)
    assert record.status == "closed" and record.rating == 5
    assert record.responded_at is not None and record.closed_at is not None


async def test_unsatisfied_reopens_and_tells_the_member(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "unhappy_resident.jsonl", db_url)
    assert "重新办理" in texts(sent, room=TIER2)[-1]
    to_member = texts(sent, to="李建国")
    assert any("不满意" in text and "#1" in text for text in to_member)
    assert "重办" in to_member[-1]
    [record] = records(db_url)
    assert record.status == "reopened" and record.rating == 1


async def test_emergency_alerts_tier1_at_once_with_mentions_and_folds_the_burst(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "emergency.jsonl", db_url)
    alerts = [m for m in sent if m["room"] == TIER1 and "🚨" in m["text"]]
    assert len(alerts) == 1
    assert alerts[0]["at"].startswith("2026-03-02T21:30")
    assert alerts[0]["mentions"] == ["李建国", "刘宏伟", "王志强"]
    assert "着火" in alerts[0]["text"] and TIER2 in alerts[0]["text"]
    assert len([t for t in texts(sent, room=TIER2) if t.startswith("已记录")]) == 1
    [record] = records(db_url)
    assert record.kind == "emergency" and "119" in record.text and record.status == "accepted"


async def test_same_problem_from_two_households_is_linked_to_the_first(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "duplicates.jsonl", db_url)
    first, second = records(db_url)
    assert second.merged_into_id == first.id and second.status == "merged"
    assert "#1" in texts(sent, room=TIER2)[1] and "并入" in texts(sent, room=TIER2)[1]
    assert "路灯坏了好几天" in first.text  # the burst was folded into the first record
    assert any("#2" in text and "已办结" in text for text in texts(sent, to="张桂兰"))


async def test_visit_report_closes_the_must_visit_task_and_counts_for_coverage(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "visits.jsonl", db_url)
    assert "上门看望" in texts(sent, room=TIER2)[0]
    assert "已完成必访任务 #1" in texts(sent, room=TIER2)[1]
    engine = make_engine(db_url)
    with Session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == 2
        assert all(task.closed_at is not None for task in session.exec(select(VisitTask)))
    coverage = texts(sent, to="李建国")[0]
    assert "2/7" in coverage and "王秀英" not in coverage.split("未走访")[1]
    assert "走访覆盖率 5%（2/40 户）" in texts(sent, to="王志强")[0]


@pytest.mark.parametrize("script", sorted(p.name for p in REPLAYS.glob("*.jsonl")))
async def test_the_audit_trail_retells_every_status_change(script: str, sqlite_url: str) -> None:
    await replay_file(REPLAYS / script, sqlite_url)
    with Session(make_engine(sqlite_url)) as session:
        for record in session.exec(select(Record)):
            events = session.exec(
                select(RecordEvent).where(RecordEvent.record_id == record.id).order_by(col(RecordEvent.id))
            )
            status = None
            for event in events:
                if event.to_status is not None:
                    assert event.from_status == status, (script, record.id, event.action)
                    status = event.to_status
            assert status == record.status, (script, record.id)
