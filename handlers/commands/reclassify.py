"""`/改为 #ID 诉求|走访|突发`: a member says what a record really is (a 待确认 photo, or a misread message)."""

from __future__ import annotations

from handlers.commands.args import split_args
from handlers.commands.lookup import record_in_scope
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.context import Context
from handlers.labels import KIND_LABELS
from handlers.permissions import STAFF
from handlers.records.lifecycle import OPEN
from handlers.records.notices import alert_tier1
from handlers.records.reclassify import change_kind
from storage.enums import Kind
from storage.models import Record

TARGETS = {KIND_LABELS[kind]: kind for kind in (Kind.GRIEVANCE, Kind.VISIT, Kind.EMERGENCY)}


@COMMANDS.command("改为", "reclassify", permission=STAFF)
def reclassify(ctx: Context, args: str) -> None:
    parts = split_args(args)
    if len(parts) != 2 or parts[1] not in TARGETS:
        raise UsageError(args)
    reclassify_record(ctx, record_in_scope(ctx, parts[0]), TARGETS[parts[1]])


def reclassify_record(ctx: Context, record: Record, target: Kind) -> None:
    """Make `record` a `target`, audited and counted; an open matter that becomes an emergency is alerted."""
    if record.kind == target:
        raise CommandError(ctx.say("record.kind_unchanged", id=record.id, kind=KIND_LABELS[target]))
    old = change_kind(ctx.session, ctx.deps, record, target, ctx.now, ctx.actor)
    ctx.reply(ctx.say("record.reclassified", id=record.id, old=KIND_LABELS[old], new=KIND_LABELS[target]))
    if target == Kind.EMERGENCY and record.status in OPEN:
        alert_tier1(ctx, record)
