"""An emergency unfolding: what anyone in its group adds within the window is a 补充, not a new alarm."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.intake.append import append_to
from handlers.intake.matter import Matter
from handlers.intake.places import agree, places_of_record
from handlers.records.similar import open_emergency
from storage.enums import Kind


def supplement_emergency(ctx: Context, matter: Matter) -> bool:
    """A witness's "我也看到了，在他家门口" goes into the open emergency: no second record, alert or escalation.

    Chit-chat counts only from the emergency's own reporter ("火越烧越大了"); an emergency elsewhere is its own.
    """
    if matter.kind not in (Kind.EMERGENCY, "none"):
        return False
    since = ctx.now - timedelta(minutes=ctx.deps.emergency_window_minutes)
    group_id = ctx.group.id if ctx.group else None
    reporter_id = matter.reporter.id if matter.reporter else None
    if group_id is None and reporter_id is None:
        return False
    record = open_emergency(ctx.session, group_id, reporter_id, since)
    if record is None:
        return False
    same_reporter = matter.reporter is not None and matter.reporter.id == record.reporter_id
    if matter.kind == "none" and not same_reporter:
        return False
    if not agree(matter.places, places_of_record(ctx.session, record)):
        return False
    append_to(ctx, record, matter, "append" if same_reporter else "supplement")
    if not same_reporter or matter.by_hand:
        ctx.reply(ctx.say("record.supplemented", id=record.id))
    return True
