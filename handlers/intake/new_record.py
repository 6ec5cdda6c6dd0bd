"""A new matter for the ledger: opened, linked to the same problem raised elsewhere, alerted, receipted."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.intake.append import EXCERPT
from handlers.intake.matter import Matter
from handlers.intake.places import places_of_record, same_place
from handlers.privacy import masked_excerpt
from handlers.records.create import open_record
from handlers.records.describe import label
from handlers.records.lifecycle import Action, apply, audit
from handlers.records.notices import alert_tier1, follower, receipt
from handlers.records.people import responsible_for
from handlers.records.similar import same_problem_elsewhere
from handlers.records.visits import open_visit_task
from storage.enums import Kind
from storage.models import Person, Record


def new_record(ctx: Context, matter: Matter) -> bool:
    if matter.kind == "none":
        return False
    assert ctx.org is not None and ctx.org.id is not None
    responsible = responsible_for(ctx.session, matter.household, ctx.group, matter.reporter)
    record = open_record(
        ctx.session,
        org_id=ctx.org.id,
        kind=Kind(matter.kind),
        text=matter.text,
        now=ctx.now,
        reporter=matter.reporter,
        household=matter.household,
        group=ctx.group,
        responsible=responsible,
        found=matter.found,
        source_message_id=ctx.message.message_id,
        reporter_name=matter.unknown_name,
    )
    primary = _merge_duplicate(ctx, record, matter)
    if primary is not None:
        text: str | None = ctx.say("record.duplicate", id=record.id, primary=primary.id)
    else:
        if record.must_visit and matter.household is not None:
            open_visit_task(ctx.session, matter.household, record.must_visit, record, ctx.now)
        alerted_here = record.kind == Kind.EMERGENCY and alert_tier1(ctx, record)
        text = None if alerted_here else _receipt(ctx, record, matter)
    if matter.reporter is None:
        _unknown_writer(ctx, record, matter, responsible, text)
    elif text is not None:
        ctx.reply(text)
    return True


def _receipt(ctx: Context, record: Record, matter: Matter) -> str:
    if matter.by_hand and record.kind != Kind.EMERGENCY:
        return ctx.say("record.filed", id=record.id, label=label(record), follower=follower(ctx.session, record))
    return receipt(ctx, record)


def _unknown_writer(ctx: Context, record: Record, matter: Matter, responsible: Person | None, text: str | None) -> None:
    """A writer not on the roster: the receipt asks them to claim their name; their member hears of it."""
    claim = ctx.say("record.unknown_reporter_claim", wechat_name=matter.unknown_name)
    ctx.reply(f"{text}\n{claim}" if text else claim)
    if responsible is not None:
        notice = ctx.say(
            "record.unknown_reporter_member",
            id=record.id,
            label=label(record),
            group=ctx.group.name if ctx.group else "",
            wechat_name=matter.unknown_name,
            text=masked_excerpt(matter.text, EXCERPT),
        )
        ctx.tell(responsible, notice)


def _merge_duplicate(ctx: Context, record: Record, matter: Matter) -> Record | None:
    first = same_problem_elsewhere(
        ctx.session,
        record.org_id,
        record.kind,
        record.category,
        set(record.keywords),
        record.household_id,
        ctx.now,
        timedelta(days=ctx.deps.duplicate_window_days),
        same_place=lambda other: same_place(matter.places, places_of_record(ctx.session, other)),
    )
    if first is None or first.id == record.id:
        return None
    record.merged_into_id = first.id
    apply(ctx.session, record, Action.MERGE, ctx.now, None, ctx.say("record.note.same_matter", id=first.id))
    audit(ctx.session, first, "linked", ctx.now, matter.reporter, ctx.say("record.note.also_reported", id=record.id))
    return first
