"""The same problem raised by another household at the same place within days: linked to the first report.

The record is kept (its writer is answered with both numbers) but merged into the first: no second alert,
visit task or escalation.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.intake.matter import Matter
from handlers.intake.opening import answer, open_matter
from handlers.intake.places import places_of_record, same_place
from handlers.intake.registry import INTAKE, Priority
from handlers.records.lifecycle import Action, apply, audit
from handlers.records.similar import same_problem_elsewhere
from storage.models import Record


@INTAKE.handler(Priority.DUPLICATE)
def link_duplicate(ctx: Context, matter: Matter) -> bool:
    if matter.kind == "none":
        return False
    first = _first_report(ctx, matter)
    if first is None:
        return False
    record, responsible = open_matter(ctx, matter)
    record.merged_into_id = first.id
    apply(ctx.session, record, Action.MERGE, ctx.now, None, ctx.say("record.note.same_matter", id=first.id))
    audit(ctx.session, first, "linked", ctx.now, matter.reporter, ctx.say("record.note.also_reported", id=record.id))
    answer(ctx, record, matter, responsible, ctx.say("record.duplicate", id=record.id, primary=first.id))
    return True


def _first_report(ctx: Context, matter: Matter) -> Record | None:
    assert ctx.org is not None and ctx.org.id is not None
    return same_problem_elsewhere(
        ctx.session,
        ctx.org.id,
        matter.kind,
        matter.found.category,
        set(matter.found.keywords),
        matter.household.id if matter.household else None,
        ctx.now,
        timedelta(days=ctx.deps.duplicate_window_days),
        same_place=lambda other: same_place(matter.places, places_of_record(ctx.session, other)),
    )
