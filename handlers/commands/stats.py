"""`/统计` and `/走访情况`: the organisation's figures for the caller's scope and a month."""

from __future__ import annotations

from sqlmodel import select

from handlers.commands.args import month, split_args
from handlers.commands.keywords import LAST_MONTH, THIS_MONTH
from handlers.commands.registry import COMMANDS, UsageError
from handlers.commands.township import township_stats
from handlers.context import Context
from handlers.periods import Month
from handlers.permissions import STAFF, TOWNSHIP
from handlers.records.describe import age, label
from handlers.stats import figures, households_due, percent, visited_ids
from storage.enums import Role
from storage.models import Person

OVERDUE_SHOWN = 10


def parse_month(ctx: Context, args: str) -> Month:
    parts = split_args(args)
    current = Month.of(ctx.now)
    if not parts or parts[0] in THIS_MONTH:
        return current
    if len(parts) == 1 and parts[0] in LAST_MONTH:
        return current.previous()
    if len(parts) == 1:
        return Month(*month(parts[0]))
    raise UsageError(args)


def scope_name(ctx: Context) -> str:
    assert ctx.actor is not None
    return ctx.org.name if ctx.actor.role == Role.SECRETARY and ctx.org else ctx.actor.name


@COMMANDS.command(
    "统计",
    "stats",
    permission=STAFF | TOWNSHIP,
)
def stats(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    period = parse_month(ctx, args)
    if ctx.actor.role == Role.TOWNSHIP:
        township_stats(ctx, period)
        return
    found = figures(ctx.session, ctx.actor.org_id, period.start, period.end, ctx.now, ctx.actor)
    lines = [
        ctx.say("stats.header", scope=scope_name(ctx), month=period.label),
        ctx.say(
            "stats.matters",
            received=found.received,
            response=percent(found.response_rate),
            resolution=percent(found.resolution_rate),
            satisfaction=percent(found.satisfaction_rate),
            rated=found.rated,
        ),
        ctx.say(
            "stats.coverage",
            rate=percent(found.coverage.rate),
            visited=found.coverage.visited,
            due=found.coverage.due,
            focus_rate=percent(found.coverage.focus_rate),
            focus_visited=found.coverage.focus_visited,
            focus_due=found.coverage.focus_due,
        ),
    ]
    if found.overdue:
        lines.append(ctx.say("stats.overdue_header", count=len(found.overdue)))
        lines += [
            ctx.say("stats.overdue_line", id=r.id, label=label(r), age=age(r.created_at, ctx.now))
            for r in found.overdue[:OVERDUE_SHOWN]
        ]
    ctx.reply("\n".join(lines))


@COMMANDS.command("走访情况", "visits", permission=STAFF)
def visit_coverage(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    period = parse_month(ctx, args)
    due = households_due(ctx.session, ctx.actor.org_id, ctx.actor)
    visited = visited_ids(ctx.session, [h.id for h in due if h.id], period.start, period.end)
    rate = percent(len(visited) / len(due) if due else None)
    lines = [
        ctx.say(
            "stats.visits_header",
            scope=scope_name(ctx),
            month=period.label,
            rate=rate,
            visited=len(visited),
            due=len(due),
        )
    ]
    members = {p.id: p for p in ctx.session.exec(select(Person).where(Person.org_id == ctx.actor.org_id))}
    for member_id in sorted({h.member_id for h in due}):
        mine = [h for h in due if h.member_id == member_id]
        missing = sorted((h for h in mine if h.id not in visited), key=lambda h: (not h.focus_tags, h.head_name))
        names = "、".join(
            f"{h.head_name}（{'、'.join(h.focus_tags)}）" if h.focus_tags else h.head_name for h in missing
        )
        lines.append(
            ctx.say(
                "stats.visits_member",
                member=members[member_id].name,
                visited=len(mine) - len(missing),
                due=len(mine),
                missing=names or ctx.say("stats.none_missing"),
            )
        )
    ctx.reply("\n".join(lines))
