"""The intake path (issue 14, items 3-6; issue 10's one path for `/记录`), as replay scripts under tests/replays/."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.db import make_engine
from storage.models import Household, Record, RecordEvent, Visit, VisitTask
from tests.replaying import REPLAYS, replay_file, texts

TIER2 = "李建国联户群"
TIER1 = "幸福村党员群"


def records(db_url: str) -> list[Record]:
    with Session(make_engine(db_url)) as session:
        return list(session.exec(select(Record).order_by(col(Record.id))))


def visited(db_url: str) -> set[str]:
    with Session(make_engine(db_url)) as session:
        query = select(Household.head_name).join(Visit, Visit.household_id == Household.id)  # type: ignore[arg-type]
        return set(session.exec(query))


def actions(db_url: str, record_id: int) -> list[tuple[str, str | None]]:
    with Session(make_engine(db_url)) as session:
        query = select(RecordEvent).where(RecordEvent.record_id == record_id).order_by(RecordEvent.id)  # type: ignore[arg-type]
        return [(event.action, event.note) for event in session.exec(query)]


async def test_a_members_own_visit_report_records_the_visit_not_a_task_against_him(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "visit_reports.jsonl", db_url)
    room = texts(sent, room=TIER2)
    assert room[1] == "已记录走访 #2：李德明户，03月02日。"
    assert room[2] == "已记录走访 #3：王秀英户，03月02日。已完成必访任务 #1。"  # by her given name
    assert room[3] == "已记录走访 #4：张桂兰户，03月02日。"  # "帮张桂兰把医保卡激活了"
    assert not any("将上门看望" in text and "#2" in text for text in room)
    # not the planned visit, not the resident's call, and 周福生 only when his member's hub went
    assert visited(db_url) == {"李德明", "王秀英", "张桂兰", "周福生"}
    assert room[-1].startswith("周福生户由赵春梅联系，这次走访未计入。")
    assert texts(sent, room=TIER1) == ["已记录走访 #6：周福生户，03月06日。"]
    to_member = texts(sent, to="李建国")
    assert not any("必访提醒" in text and ("李德明" in text or "王秀英" in text) for text in to_member)
    assert "覆盖率 43%（3/7 户）" in to_member[-1]
    assert "覆盖率 14%（1/7 户）" in texts(sent, to="赵春梅")[-1]
    with Session(make_engine(db_url)) as session:
        task = session.exec(select(VisitTask).where(VisitTask.record_id == 1)).one()
        assert task.closed_at is not None
        assert [r.status for r in session.exec(select(Record).where(Record.id.in_([2, 3, 4])))] == ["closed"] * 3  # type: ignore[union-attr]


async def test_an_unknown_writer_in_a_tier2_group_is_recorded_answered_and_asked_to_claim(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "unknown_writer.jsonl", db_url)
    receipt, resolved = texts(sent, room=TIER2)  # the chit-chat between stays silent
    assert receipt.startswith("已记录 #1（诉求·城乡建设），联户党员李建国将跟进。")
    assert "路人甲" in receipt and "私聊" in receipt and "/认领 姓名" in receipt
    notice = texts(sent, to="李建国")[0]
    assert "路人甲" in notice and "#1" in notice and "村口的路灯坏了" in notice
    [record] = records(db_url)
    assert record.reporter_id is None and record.responsible_id is not None and record.group_id is not None
    assert actions(db_url, 1)[0] == ("create", "路人甲")
    assert "反映人：路人甲（未登记）" in texts(sent, to="李建国")[1]  # /查 shows who wrote it
    assert resolved == "#1 已办结：已更换灯泡"  # nobody on the roster to ask for a rating


async def test_a_second_witness_supplements_the_open_emergency(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "emergency_witnesses.jsonl", db_url)
    alerts = [text for text in texts(sent, room=TIER1) if text.startswith("🚨 突发情况 #")]
    assert [text.split("\n")[0] for text in alerts if "\n来源：" in text] == ["🚨 突发情况 #1", "🚨 突发情况 #2"]
    assert len([text for text in alerts if text.startswith("🚨 突发情况 #1")]) == 4  # the alert and one ladder
    room = texts(sent, room=TIER2)
    assert room[1].startswith("已补充到突发情况 #1")
    assert len(room) == 3 and room[2].startswith("已记录 #2（突发）")  # the reporter's follow-up folds silently
    fire, elsewhere = records(db_url)
    assert "我也看到了" in fire.text and "119" in fire.text and "晕倒" not in fire.text
    assert "火已经灭了" in fire.text and "火已经灭了" not in elsewhere.text  # the reporter's news, not the latest's
    trail = [action for action, _ in actions(db_url, 1)]
    assert trail.count("supplement") == 1 and trail.count("append") == 2


async def test_same_matter_merges_only_where_places_agree(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "duplicate_places.jsonl", db_url)
    village_gate, second_group, same_gate, second_group_again, bridge, nowhere = records(db_url)
    assert second_group.merged_into_id is None and second_group.status == "new"  # "二组" is not "村口"
    assert same_gate.merged_into_id == village_gate.id
    assert second_group_again.merged_into_id == second_group.id  # "2组" is "二组"
    assert bridge.merged_into_id is None
    assert nowhere.merged_into_id is None  # names no place: not known to be 村口's or 二组's light
    assert "二组" not in village_gate.text
    assert texts(sent, room=TIER2)[1].startswith("已记录 #2（诉求·城乡建设）")


async def test_filing_by_hand_links_duplicates_and_alerts_emergencies(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "file_by_hand.jsonl", db_url)
    street_light, by_hand, fire, roof = records(db_url)
    assert by_hand.merged_into_id == street_light.id and by_hand.reporter_id == street_light.responsible_id
    to_member = texts(sent, to="李建国")
    assert "并入" in to_member[0] and "#1" in to_member[0]
    [alert] = [text for text in texts(sent, room=TIER1) if text.startswith("🚨")]
    assert alert.startswith(f"🚨 突发情况 #{fire.id}") and "刘玉珍家着火了" in alert
    assert fire.kind == "emergency" and fire.level == 0 and "消防车到了" in fire.text
    assert to_member[-2] == f"已补充到突发情况 #{fire.id}，相关人员正在处置。如有生命危险请立即拨打 110/119/120！"
    assert roof.category == "城乡建设"  # a leaking roof is housing: the learnt topic model names it
    assert to_member[-1] == f"已登记 #{roof.id}（诉求·城乡建设），联户党员李建国将跟进。"
