"""`/积分`: a member's points this year and how they were earned; a hub's also its stars; the
secretary's ranking of every member, or one person's by name."""

from __future__ import annotations

from handlers.commands.args import split_args
from handlers.commands.lookup import staff_member
from handlers.commands.registry import COMMANDS, CommandError, UsageError
from handlers.context import Context
from handlers.escalation.limits import limits_for
from handlers.liaison import households_of, liaising_members
from handlers.periods import Month
from handlers.permissions import STAFF
from handlers.points import YearPoints, months_counted, year_points
from handlers.stars import grade_hub, hubs, star_lines
from storage.enums import Role
from storage.models import Person


def _months(ctx: Context) -> list[Month]:
    assert ctx.actor is not None
    return months_counted(ctx.session, ctx.actor.org_id, Month.of(ctx.now))


def _year(ctx: Context, member: Person, months: list[Month]) -> YearPoints:
    return year_points(ctx.session, member, months, limits_for(ctx.org))


def _points_lines(ctx: Context, person: Person, months: list[Month]) -> list[str]:
    if person.exempt:
        return [ctx.say("points.exempt", name=person.name)]
    if not households_of(ctx.session, person):
        return [ctx.say("points.no_households", name=person.name)]
    year = _year(ctx, person, months)
    total = year.total
    return [
        ctx.say(
            "points.header",
            name=person.name,
            year=months[-1].year,
            month=months[-1].month,
            total=total.total,
            expected=year.expected,
            projected=year.projected,
        ),
        ctx.say("points.breakdown", visits=total.visits, answers=total.answers, ratings=total.ratings),
        ctx.say(
            "points.by_month",
            months="、".join(ctx.say("points.month", month=m.month, points=p.total) for m, p in year.by_month),
        ),
    ]


def _stars_lines(ctx: Context, hub: Person, months: list[Month]) -> list[str]:
    graded = grade_hub(ctx.session, hub, months[0].start, ctx.now, ctx.now)
    return [ctx.say("points.stars_header", year=months[-1].year), *star_lines(ctx.deps.templates, graded)]


def _one(ctx: Context, person: Person, months: list[Month]) -> str:
    if person.role not in (Role.MEMBER, Role.HUB):
        raise CommandError(ctx.say("points.not_scored", name=person.name))
    lines = _points_lines(ctx, person, months)
    if person.role == Role.HUB:
        lines += _stars_lines(ctx, person, months)
    return "\n".join(lines)


def _ranking(ctx: Context, months: list[Month]) -> str:
    assert ctx.org is not None
    scored = [(member, _year(ctx, member, months)) for member in liaising_members(ctx.session, ctx.org.id)]  # type: ignore[arg-type]
    scored.sort(key=lambda pair: -pair[1].total.total)
    lines = [ctx.say("points.ranking_header", org=ctx.org.name, year=months[-1].year, month=months[-1].month)]
    lines += [
        ctx.say("points.ranking_line", rank=rank, name=member.name, total=year.total.total, expected=year.expected)
        for rank, (member, year) in enumerate(scored, start=1)
    ]
    graded = [grade_hub(ctx.session, hub, months[0].start, ctx.now, ctx.now) for hub in hubs(ctx.session, ctx.org.id)]  # type: ignore[arg-type]
    if graded:
        lines.append(ctx.say("points.stars_header", year=months[-1].year))
        for hub in graded:
            lines += star_lines(ctx.deps.templates, hub, details=False)
    return "\n".join(lines)


def _may_see(viewer: Person, person: Person) -> bool:
    if viewer.role == Role.SECRETARY or viewer.id == person.id:
        return True
    return viewer.role == Role.HUB and person.hub_id == viewer.id


@COMMANDS.command(
    "积分",
    "points",
    permission=STAFF,
)
def points(ctx: Context, args: str) -> None:
    assert ctx.actor is not None
    parts = split_args(args)
    if len(parts) > 1:
        raise UsageError(args)
    months = _months(ctx)
    if not months:
        raise CommandError(ctx.say("points.none_yet"))
    if not parts:
        ctx.reply(_ranking(ctx, months) if ctx.actor.role == Role.SECRETARY else _one(ctx, ctx.actor, months))
        return
    person = staff_member(ctx, parts[0])
    if not _may_see(ctx.actor, person):
        raise CommandError(ctx.say("points.out_of_scope", name=person.name))
    ctx.reply(_one(ctx, person, months))
