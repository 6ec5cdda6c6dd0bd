"""A burst about the same matter from the same person goes into one record."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.intake.append import append_to
from handlers.intake.matter import Matter
from handlers.intake.places import agree, places_of_record
from handlers.intake.registry import INTAKE, Priority
from handlers.records.similar import recent_from_same_reporter


@INTAKE.handler(Priority.FOLD)
def fold_burst(ctx: Context, matter: Matter) -> bool:
    """Silently for a group message ("路灯坏了好几天了都没人修"); `/记录` is told where it went."""
    if matter.reporter is None or matter.reporter.id is None or matter.kind == "none":
        return False
    since = ctx.now - timedelta(minutes=ctx.deps.fold_window_minutes)
    record = recent_from_same_reporter(ctx.session, matter.reporter.id, matter.kind, matter.found.category, since)
    if record is None or not agree(matter.places, places_of_record(ctx.session, record)):
        return False
    if matter.household is not None and record.household_id not in (None, matter.household.id):
        return False
    append_to(ctx, record, matter, "append")
    if matter.by_hand:
        ctx.reply(ctx.say("record.appended", id=record.id))
    return True
