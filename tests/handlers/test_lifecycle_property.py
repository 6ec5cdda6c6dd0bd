"""Random command sequences never move a record along an edge the lifecycle forbids."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from storage.db import make_engine, migrate
from storage.models import Record, RecordEvent
from tests.handlers.pipeline_harness import SPEAKERS, Village

# The lifecycle of issue 4, written out independently of handlers.records.lifecycle.
EDGES = {
    ("new", "accepted"),
    ("new", "in_progress"),
    ("new", "resolved"),
    ("new", "withdrawn"),
    ("accepted", "in_progress"),
    ("accepted", "resolved"),
    ("accepted", "withdrawn"),
    ("accepted", "deliberated"),
    ("deliberated", "deliberated"),
    ("deliberated", "in_progress"),
    ("deliberated", "resolved"),
    ("deliberated", "withdrawn"),
    ("in_progress", "in_progress"),
    ("in_progress", "resolved"),
    ("in_progress", "withdrawn"),
    ("resolved", "closed"),
    ("resolved", "reopened"),
    ("closed", "reopened"),
    ("reopened", "accepted"),
    ("reopened", "in_progress"),
    ("reopened", "resolved"),
    ("reopened", "withdrawn"),
}
COMMANDS = [
    ("member", "/受理 #1"),
    ("hub", "/受理 1"),
    ("secretary", "/商议 #1 支部研究由村里统一更换"),
    ("member", "/进展 #1 正在协调"),
    ("member", "/办结 #1 已处理"),
    ("secretary", "/交办 #1 @李建国"),
    ("resident", "满意"),
    ("resident", "不满意"),
    ("resident", "/评价 #1 4"),
    ("resident", "/评价 #1 1"),
    ("resident", "基本满意"),
    ("secretary", "/撤销 #1 重复登记"),
    ("resident", "/撤销 #1 已自行解决"),
    ("member", "/查 #1"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=12))
def test_random_commands_only_follow_allowed_edges(steps: list[tuple[str, str]], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('prop')) / 'db.sqlite'}")
    migrate(engine)
    village = Village(engine)
    village.say(SPEAKERS["resident"], "村口路灯坏了好几天了，晚上看不见路")
    for role, line in steps:
        village.say(SPEAKERS[role], line)
    with Session(engine) as session:
        record = session.get(Record, 1)
        assert record is not None
        events = list(session.exec(select(RecordEvent).where(RecordEvent.record_id == 1).order_by(col(RecordEvent.id))))
    moves = [(e.from_status, e.to_status) for e in events if e.to_status and e.from_status]
    assert set(moves) <= EDGES, moves
    assert record.status == (moves[-1][1] if moves else "new")
    if record.status == "closed":
        assert record.rating is not None and record.rating >= 3
    engine.dispose()
