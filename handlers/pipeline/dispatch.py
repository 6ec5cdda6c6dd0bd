"""The endpoint of the chain: a command goes to its registered command, anything else to intake."""

from __future__ import annotations

from handlers.commands import COMMANDS, split_command
from handlers.commands.registry import CommandError, UsageError
from handlers.context import Context
from handlers.media import take_in_message
from handlers.pipeline.chain import Turn
from storage.enums import InboxState


def dispatch(turn: Turn) -> InboxState:
    ctx = turn.context
    parsed = split_command(ctx.message.text)
    if parsed is not None:
        run_command(ctx, *parsed)
        return InboxState.PROCESSED
    if ctx.message.room_id is not None and ctx.group is None:
        return InboxState.IGNORED
    if ctx.actor is None and (ctx.group is None or ctx.group.tier != 2):
        return InboxState.IGNORED
    return InboxState.PROCESSED if take_in_message(ctx) else InboxState.IGNORED


def run_command(ctx: Context, word: str, args: str) -> None:
    """A command runs in a savepoint: what it wrote before a usage or command error is undone, the answer kept."""
    command = COMMANDS.find(word)
    if ctx.actor is None and (command is None or not command.permission(ctx)):
        ctx.reply_privately(ctx.say("common.unknown_person", wechat_name=ctx.message.sender_name))
        return
    if command is None:
        ctx.reply(ctx.say("common.unknown_command", word=word))
        return
    if not command.permission(ctx):
        ctx.reply(ctx.say("common.forbidden", command=command.name))
        return
    savepoint = ctx.session.begin_nested()
    try:
        command.run(ctx, args)
    except UsageError:
        savepoint.rollback()
        usages = "\n".join(usage for usage, _ in command.usages(ctx))
        ctx.reply(ctx.say("common.usage", usage=usages))
    except CommandError as error:
        savepoint.rollback()
        ctx.reply(str(error))
    else:
        savepoint.commit()
