"""Filing by hand: `/记录` for something heard at the door, `/走访` for a visit done, `/评价` by a resident."""

from __future__ import annotations

from handlers.commands.args import split_args
from handlers.commands.lookup import record_in_scope
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.context import Context
from handlers.intake import file_by_hand
from handlers.permissions import RESIDENT, STAFF
from handlers.records.feedback import rate
from handlers.records.people import household_by_name
from handlers.records.visits import report_visit
from storage.enums import Role, Status
from storage.models import Person


@COMMANDS.command("记录", "file", permission=STAFF)
def file_record(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    text = args.strip()
    if not text:
        raise CommandError(ctx.say("record.nothing_to_file"))
    file_by_hand(ctx, text)


@COMMANDS.command("走访", "visit", permission=STAFF)
def visit(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    parts = split_args(args, 1)
    if not parts:
        raise UsageError(args)
    household = household_by_name(ctx.session, ctx.actor.org_id, parts[0])
    if household is None:
        raise CommandError(ctx.say("visit.unknown_household", name=parts[0]))
    if ctx.actor.role == Role.MEMBER and household.member_id != ctx.actor.id:
        member = ctx.session.get(Person, household.member_id)
        raise CommandError(
            ctx.say("visit.not_your_household", household=household.head_name, member=member.name if member else "—")
        )
    note = parts[1] if len(parts) > 1 else None
    found = ctx.deps.classify(note, "member") if note else None
    text = ctx.say("visit.filed_note" if note else "visit.filed", household=household.head_name, note=note)
    report_visit(ctx, household, text, note, found)


@COMMANDS.command("评价", "rate", permission=RESIDENT)
def rate_record(ctx: Context, args: str) -> None:
    parts = split_args(args)
    if len(parts) != 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 5:
        raise UsageError(args)
    record = record_in_scope(ctx, parts[0])
    if record.status != Status.RESOLVED:
        raise CommandError(ctx.say("record.not_awaiting_rating", id=record.id))
    rate(ctx, record, int(parts[1]))
