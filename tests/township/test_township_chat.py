"""The township tier in chat: a 乡镇干部 sees every village's escalated and overdue matters,
hands them down with /交办 and marks them 已转办 with /转办 (tests/replays/township.jsonl)."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.db import make_engine
from storage.enums import TownshipState
from storage.models import Record, RecordEvent
from tests.replaying import REPLAYS, replay_file, texts

CADRE = "何建平"
TIER1 = "幸福村党员群"


async def test_a_township_cadre_sees_every_village_and_hands_matters_down(db_url: str) -> None:
    sent = await replay_file(REPLAYS / "township.jsonl", db_url)
    to_cadre = texts(sent, to=CADRE)
    todo, stats, assigned, wrong_village, transferred, shown = to_cadre[:6]

    # /待办: the matter of 幸福村 that climbed to its hub, with its village; 东风村's answered one is only counted
    assert todo.splitlines()[0] == "📋 青山镇 各村待办：升级或逾期 1 件（其余 1 件在村里正常办理中）"
    assert todo.splitlines()[1].startswith("#1 幸福村党总支｜诉求·城乡建设｜党员中心户｜新建")
    assert "#2" not in todo
    # /统计: one line per village of the township, and the township's total
    assert stats.splitlines() == [
        "📊 青山镇 2026年3月 各村统计（升级 1 件，逾期 0 件）",
        "东风村党支部：受理 1｜答复率 100%｜办结率 0%｜满意率 —｜走访覆盖率 0%｜逾期 0",
        "幸福村党总支：受理 1｜答复率 0%｜办结率 0%｜满意率 —｜走访覆盖率 0%｜逾期 0",
        "全镇合计：受理 2｜答复率 50%｜办结率 0%｜满意率 —｜走访覆盖率 0%",
    ]
    # /交办 down to a person of the record's own village, who is told, and the village's tier-1 group hears it
    assert assigned == "#1 已交办给王志强。"
    assert "乡镇干部何建平已将 #1（诉求·城乡建设）交办给王志强。" in texts(sent, room=TIER1)
    assert texts(sent, to="王志强")[0].startswith("您有新的交办事项 #1")
    assert wrong_village == "花名册中没有党员“王志强”。"  # #2 is 东风村's: 王志强 is not its member
    # /转办 with the reference: reply, tier-1 group and the person now responsible
    assert transferred == "#1 已标记为已转办，编号 QS-2026-031：已转县住建局路灯所"
    notice = "乡镇干部何建平已将 #1（诉求·城乡建设）转办，编号 QS-2026-031：已转县住建局路灯所"
    assert notice in texts(sent, room=TIER1) and notice in texts(sent, to="王志强")
    assert "何建平转办，编号 QS-2026-031" in shown and "何建平交办给王志强" in shown
    assert "党员中心户·已转办 QS-2026-031" in to_cadre[-1]

    # a village's secretary neither sees another village's record nor may /转办
    assert texts(sent, to="钱国栋") == ["没有找到 #1。", "权限不足：“/转办”不在您的权限范围内。"]
    with Session(make_engine(db_url)) as session:
        record = session.get(Record, 1)
        assert record is not None
        assert (record.township_state, record.township_ref) == (TownshipState.TRANSFERRED, "QS-2026-031")
        actions = [e.action for e in session.exec(select(RecordEvent).where(RecordEvent.record_id == 1))]
        assert actions[-2:] == ["assign", "transfer"]
