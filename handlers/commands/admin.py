"""The secretary's tools: bind a group, export the ledger, show the bot's state."""

from __future__ import annotations

from sqlmodel import select

from handlers.commands.args import split_args
from handlers.commands.keywords import TIERS
from handlers.commands.lookup import staff_member
from handlers.commands.registry import COMMANDS, UsageError
from handlers.commands.stats import parse_month
from handlers.context import Context
from handlers.export import export_ledger, file_name
from handlers.permissions import IN_GROUP, SECRETARY
from storage.enums import GroupOrigin
from storage.models import Group


@COMMANDS.command(
    "绑定",
    "bind",
    permission=SECRETARY & IN_GROUP,
)
def bind(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    parts = split_args(args)
    if not parts or parts[0] not in TIERS or (TIERS[parts[0]] == 2) != (len(parts) == 2) or len(parts) > 2:
        raise UsageError(args)
    tier = TIERS[parts[0]]
    member = staff_member(ctx, parts[1]) if tier == 2 else None
    topic = ctx.message.room_topic or ctx.message.room_id or ""
    named = select(Group).where(Group.org_id == ctx.actor.org_id, Group.name == topic)
    group = ctx.group or ctx.session.exec(named).first() or Group(org_id=ctx.actor.org_id, name=topic, tier=tier)
    if group.id is None or not group.active:
        group.origin = GroupOrigin.COMMAND
    for other in ctx.session.exec(select(Group).where(Group.room_id == ctx.message.room_id)):
        if other is not group:
            other.room_id = None
    group.room_id, group.tier, group.active = ctx.message.room_id, tier, True
    group.member_id = member.id if member else None
    ctx.session.add(group)
    ctx.reply(
        ctx.say(
            "admin.bound",
            group=group.name,
            tier=parts[0],
            member=ctx.say("admin.bound_member", name=member.name) if member else "",
        )
    )


@COMMANDS.command("导出", "export", permission=SECRETARY)
def export(ctx: Context, args: str) -> None:
    assert ctx.actor is not None and ctx.org is not None
    period = parse_month(ctx, args)
    ctx.deps.export_dir.mkdir(parents=True, exist_ok=True)
    path = (ctx.deps.export_dir / file_name(ctx.org.name, str(period))).resolve()
    with path.open("wb") as out:
        count = export_ledger(ctx.session, "xlsx", out, month=str(period), org_id=ctx.org.id)
    ctx.reply(ctx.say("admin.exported", count=count, month=period.label, file=path.name), file=path)


@COMMANDS.command("状态", "status", permission=SECRETARY)
def status(ctx: Context, args: str) -> None:
    lines = [ctx.say("admin.status_header")]
    lines += [ctx.say("admin.status_line", name=name, value=value) for name, value in ctx.deps.runtime_status()]
    ctx.reply("\n".join(lines))
