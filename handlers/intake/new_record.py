"""A new matter for the ledger: opened, its visit task set, alerted, receipted."""

from __future__ import annotations

from handlers.context import Context
from handlers.intake.matter import Matter
from handlers.intake.opening import answer, open_matter
from handlers.intake.registry import INTAKE, Priority
from handlers.records.describe import label
from handlers.records.notices import alert_tier1, follower, receipt
from handlers.records.visits import open_visit_task
from storage.enums import Kind
from storage.models import Record


@INTAKE.handler(Priority.NEW_RECORD)
def new_record(ctx: Context, matter: Matter) -> bool:
    if matter.kind == "none":
        return False
    record, responsible = open_matter(ctx, matter)
    if record.must_visit and matter.household is not None:
        open_visit_task(ctx.session, matter.household, record.must_visit, record, ctx.now)
    alerted_here = record.kind == Kind.EMERGENCY and alert_tier1(ctx, record)
    answer(ctx, record, matter, responsible, None if alerted_here else _receipt(ctx, record, matter))
    return True


def _receipt(ctx: Context, record: Record, matter: Matter) -> str:
    if matter.by_hand and record.kind != Kind.EMERGENCY:
        return ctx.say("record.filed", id=record.id, label=label(record), follower=follower(ctx.session, record))
    return receipt(ctx, record)
