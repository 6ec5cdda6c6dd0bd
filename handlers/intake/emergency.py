"""An emergency unfolding: what anyone in its group adds within the window is a 补充, not a new alarm."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.context import Context
from handlers.intake.append import append_to
from handlers.intake.matter import Matter
from handlers.intake.places import agree, places_of_record
from handlers.intake.registry import INTAKE, Priority
from handlers.records.similar import open_emergencies, similarity
from storage.enums import Kind
from storage.models import Record

# the must-visit reason the classifier gives what an emergency leaves behind
INCIDENT = "incident"


@INTAKE.handler(Priority.EMERGENCY_FOLLOW_UP)
def supplement_emergency(ctx: Context, matter: Matter) -> bool:
    """A witness's "我也看到了，在他家门口" goes into the open emergency: no second record, alert or escalation.

    So does news of the incident ("消防车到了，火已经灭了"). Chit-chat counts only from the emergency's own
    reporter ("快打119"); an emergency at another place is its own.
    """
    about_incident = matter.kind == Kind.EMERGENCY or matter.found.must_visit == INCIDENT
    if not about_incident and matter.found.kind != "none":
        return False
    since = ctx.now - timedelta(minutes=ctx.deps.emergency_window_minutes)
    record = _the_emergency(ctx, matter, about_incident, since)
    if record is None:
        return False
    own = matter.reporter is not None and record.reporter_id == matter.reporter.id
    append_to(ctx, record, matter, "append" if own else "supplement")
    if not own or matter.by_hand:
        ctx.reply(ctx.say("record.supplemented", id=record.id))
    return True


def _the_emergency(ctx: Context, matter: Matter, about_incident: bool, since: datetime) -> Record | None:
    """Of the open emergencies here at an agreeing place: the writer's own, else the likest, else the latest."""
    reporter_id = matter.reporter.id if matter.reporter else None
    group_id = ctx.group.id if ctx.group else None
    if group_id is None and reporter_id is None:
        return None

    def own(record: Record) -> bool:
        return reporter_id is not None and record.reporter_id == reporter_id

    matching = [
        record
        for record in open_emergencies(ctx.session, group_id, reporter_id, since)
        if (about_incident or own(record)) and agree(matter.places, places_of_record(ctx.session, record))
    ]
    words = set(matter.found.keywords)
    return max(matching, key=lambda r: (own(r), similarity(words, set(r.keywords))), default=None)
