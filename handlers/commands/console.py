"""`/控制台`: a one-time login link to the web console, sent to the secretary privately."""

from __future__ import annotations

from datetime import timedelta

from handlers.commands.registry import COMMANDS
from handlers.context import Context
from handlers.permissions import SECRETARY, TOWNSHIP
from storage.console import issue_login

LINK_VALID_FOR = timedelta(minutes=10)


@COMMANDS.command(
    "控制台",
    "console",
    permission=SECRETARY | TOWNSHIP,
)
def console_link(ctx: Context, args: str) -> None:
    assert ctx.actor is not None and ctx.actor.id is not None
    if ctx.deps.console_url is None:
        ctx.reply(ctx.say("console.off"))
        return
    token = issue_login(ctx.session, ctx.actor.id, ctx.now, LINK_VALID_FOR)
    url = f"{ctx.deps.console_url}/login?token={token}"
    # Whoever holds the link is signed in as the secretary: it never goes to a group.
    ctx.tell(ctx.actor, ctx.say("console.link", url=url, minutes=int(LINK_VALID_FOR.total_seconds() // 60)))
    if ctx.message.room_id is not None:
        ctx.reply(ctx.say("console.sent_privately"))
