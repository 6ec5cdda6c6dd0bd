"""Moving a record along: 受理 → 商议 → 交办 → 进展 → 办结, or 撤销."""

from __future__ import annotations

from handlers.commands.args import split_args
from handlers.commands.lookup import record_in_scope, staff_member
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.commands.township import tell_village_of_assignment
from handlers.context import Context
from handlers.permissions import HUB, KNOWN, SECRETARY, STAFF, TOWNSHIP
from handlers.privacy import mask_pii, masked_excerpt
from handlers.records.describe import label
from handlers.records.feedback import announce_resolution
from handlers.records.lifecycle import OPEN, Action, TransitionError, apply, audit
from handlers.records.scope import in_scope
from storage.enums import Role
from storage.models import Person, Record


def _move(ctx: Context, record: Record, action: Action, note: str | None) -> None:
    try:
        apply(ctx.session, record, action, ctx.now, ctx.actor, note)
    except TransitionError as error:
        raise CommandError(ctx.say("record.refused", **error.fields())) from error


def _id_and_text(args: str) -> tuple[str, str]:
    parts = split_args(args, 1)
    if len(parts) < 2:
        raise UsageError(args)
    return parts[0], parts[1]


@COMMANDS.command("受理", "accept", permission=STAFF)
def accept(ctx: Context, args: str) -> None:
    parts = split_args(args)
    if len(parts) != 1:
        raise UsageError(args)
    accept_record(ctx, record_in_scope(ctx, parts[0]))


def accept_record(ctx: Context, record: Record) -> None:
    _move(ctx, record, Action.ACCEPT, None)
    ctx.reply(ctx.say("record.accepted", id=record.id, handler=ctx.actor.name if ctx.actor else ""))


@COMMANDS.command("商议", "deliberate", permission=STAFF)
def deliberate(ctx: Context, args: str) -> None:
    token, note = _id_and_text(args)
    record = record_in_scope(ctx, token)
    _move(ctx, record, Action.DELIBERATE, note)
    ctx.reply(ctx.say("record.deliberated", id=record.id, note=note, actor=ctx.actor.name if ctx.actor else ""))


@COMMANDS.command(
    "交办",
    "assign",
    permission=SECRETARY | HUB | TOWNSHIP,
)
def assign(ctx: Context, args: str) -> None:
    token, name = _id_and_text(args)
    record = record_in_scope(ctx, token)
    if record.status not in OPEN:
        raise CommandError(ctx.say("record.refused", **TransitionError(record, Action.PROGRESS).fields()))
    assign_record(ctx, record, staff_member(ctx, name, record.org_id))


def assign_record(ctx: Context, record: Record, handler: Person) -> None:
    """Make `handler` (a staff member of the record's organisation) responsible and tell them."""
    assert ctx.actor is not None
    if record.status not in OPEN:
        raise CommandError(ctx.say("record.refused", **TransitionError(record, Action.PROGRESS).fields()))
    if not in_scope(ctx.session, ctx.actor, record) or handler.org_id != record.org_id:
        raise CommandError(ctx.say("record.out_of_scope", id=record.id))
    record.responsible_id = handler.id
    record.updated_at = ctx.now
    audit(ctx.session, record, "assign", ctx.now, ctx.actor, ctx.say("record.note.assigned_to", name=handler.name))
    ctx.reply(ctx.say("record.assigned", id=record.id, handler=handler.name))
    if ctx.actor.role == Role.TOWNSHIP:
        tell_village_of_assignment(ctx, record, handler)
    if handler.id != ctx.actor.id:
        ctx.tell(
            handler,
            ctx.say("record.assigned_notice", id=record.id, label=label(record), text=masked_excerpt(record.text, 100)),
        )


@COMMANDS.command("进展", "progress", permission=STAFF)
def progress(ctx: Context, args: str) -> None:
    token, note = _id_and_text(args)
    progress_record(ctx, record_in_scope(ctx, token), note)


def progress_record(ctx: Context, record: Record, note: str) -> None:
    _move(ctx, record, Action.PROGRESS, note)
    ctx.reply(ctx.say("record.progress", id=record.id, note=mask_pii(note)))


@COMMANDS.command("办结", "resolve", permission=STAFF)
def resolve(ctx: Context, args: str) -> None:
    token, result = _id_and_text(args)
    resolve_record(ctx, record_in_scope(ctx, token), result)


def resolve_record(ctx: Context, record: Record, result: str) -> None:
    _move(ctx, record, Action.RESOLVE, result)
    if ctx.group is None or ctx.group.id != record.group_id:
        ctx.reply(ctx.say("record.resolved", id=record.id))
    announce_resolution(ctx, record, result)


@COMMANDS.command("撤销", "withdraw", permission=KNOWN)
def withdraw(ctx: Context, args: str) -> None:
    token, reason = _id_and_text(args)
    withdraw_record(ctx, record_in_scope(ctx, token), reason)


def withdraw_record(ctx: Context, record: Record, reason: str) -> None:
    _move(ctx, record, Action.WITHDRAW, reason)
    ctx.reply(ctx.say("record.withdrawn", id=record.id, reason=mask_pii(reason)))
