"""An emergency the classifier raised on an ambiguous message is downgraded with one command,
kept in the record's trail and counted, so the rules can be tuned from real use (issue 13)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from handlers.records.reclassify import kind_change_counts
from storage.models import Record, RecordEvent
from tests.handlers.pipeline_harness import SPEAKERS, Village


def test_a_member_downgrades_an_emergency_to_a_grievance_in_the_trail_and_the_counts(engine: Engine) -> None:
    village = Village(engine)
    village.say(SPEAKERS["resident"], "快来人啊 王大爷家厨房着火了 烟好大")
    with Session(engine) as session:
        [record] = session.exec(select(Record)).all()
        assert record.kind == "emergency"
    answer = village.say(SPEAKERS["member"], f"/改为 #{record.id} 诉求")
    assert answer
    with Session(engine) as session:
        changed = session.get(Record, record.id)
        assert changed is not None and changed.kind == "grievance"
        trail = session.exec(select(RecordEvent).where(RecordEvent.record_id == changed.id)).all()
        assert [e.note for e in trail if e.action == "reclassify"] == ["由 突发 改为 诉求"]
        assert kind_change_counts(session, record.org_id) == {("emergency", "grievance"): 1}
