"""One stored message in, its effects (ledger changes, outbox rows) out, in one transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from handlers.commands import COMMANDS, split_command
from handlers.commands.registry import CommandError, UsageError
from handlers.context import Context, Deps
from handlers.identity import resolve_group, resolve_person
from handlers.media import take_in_message
from storage.enums import InboxState
from storage.models import InboxMessage, Organisation

log = logging.getLogger(__name__)


def build_context(session: Session, deps: Deps, message: InboxMessage, now: datetime) -> Context:
    group = resolve_group(session, message)
    actor = resolve_person(session, message, group)
    owner = group or actor
    org = session.get(Organisation, owner.org_id) if owner else None
    return Context(session, deps, message, now, actor, group, org)


def process(session: Session, deps: Deps, message: InboxMessage, now: datetime) -> InboxState:
    ctx = build_context(session, deps, message, now)
    parsed = split_command(message.text)
    if parsed is not None:
        run_command(ctx, *parsed)
        return InboxState.PROCESSED
    if message.room_id is not None and ctx.group is None:
        return InboxState.IGNORED
    if ctx.actor is None and (ctx.group is None or ctx.group.tier != 2):
        return InboxState.IGNORED
    return InboxState.PROCESSED if take_in_message(ctx) else InboxState.IGNORED


def run_command(ctx: Context, word: str, args: str) -> None:
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
