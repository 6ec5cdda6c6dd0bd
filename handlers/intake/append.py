"""Adding a message to a record it belongs to, with its audit event."""

from __future__ import annotations

from handlers.context import Context
from handlers.intake.matter import Matter
from handlers.records.lifecycle import audit
from storage.models import Record

EXCERPT = 300


def append_to(ctx: Context, record: Record, matter: Matter, action: str) -> None:
    record.text = f"{record.text}\n{matter.text}"
    record.keywords = sorted(set(record.keywords) | set(matter.found.keywords))
    record.must_visit = record.must_visit or matter.found.must_visit
    record.updated_at = ctx.now
    note = matter.text[:EXCERPT] if matter.reporter else f"{matter.unknown_name}：{matter.text[:EXCERPT]}"
    audit(ctx.session, record, action, ctx.now, matter.reporter, note)
