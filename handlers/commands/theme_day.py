"""`/主题党日`: show, set (书记) or clear the organisation's monthly theme Party day.

`/主题党日 设置 每月15日 19:30 主题：…`, also "每月第一个周五 19:30" or "每月最后一个周五".
The reminders and the digest follow from the stored rule (handlers/theme_day/calendar.py).
"""

from __future__ import annotations

from datetime import time

from handlers.commands.args import split_args
from handlers.commands.keywords import THEME_DAY_CLEAR, THEME_DAY_SET
from handlers.commands.registry import COMMANDS, CommandError, SubAction, UsageError
from handlers.context import Context
from handlers.formats import day_label, say, weekday_label
from handlers.permissions import SECRETARY, STAFF
from handlers.theme_day.calendar import next_theme_day, settle_past
from handlers.theme_day.rule import RuleError, format_time, parse_setting
from storage.models import Organisation

DEFAULT_TIME = time(9, 0)


def _org(ctx: Context) -> Organisation:
    assert ctx.actor is not None
    org = ctx.org or ctx.session.get(Organisation, ctx.actor.org_id)
    assert org is not None
    return org


def _describe(ctx: Context, org: Organisation, key: str) -> str:
    upcoming = next_theme_day(org, ctx.now)
    shown = say("units.date_weekday", date=day_label(upcoming), weekday=weekday_label(upcoming)) if upcoming else "—"
    topic = org.theme_day_topic or ctx.say("schedules.theme_day.no_topic")
    return ctx.say(key, rule=org.theme_day_rule, time=org.theme_day_time, topic=topic, next=shown)


SETTING = SubAction("themeday.set", SECRETARY)
CLEARING = SubAction("themeday.clear", SECRETARY)


def _require(ctx: Context, sub: SubAction) -> None:
    if not sub.permission(ctx):
        raise CommandError(ctx.say("schedules.theme_day.command.secretary_only"))


@COMMANDS.command(
    "主题党日",
    "themeday",
    permission=STAFF,
    subactions=(SETTING, CLEARING),
)
def theme_day(ctx: Context, args: str) -> None:
    org = _org(ctx)
    words = split_args(args, 1)
    if not words:
        ctx.reply(
            _describe(ctx, org, "schedules.theme_day.command.show")
            if org.theme_day_rule
            else ctx.say("schedules.theme_day.command.unset")
        )
        return
    verb = words[0]
    if verb in THEME_DAY_CLEAR:
        _require(ctx, CLEARING)
        org.theme_day_rule = org.theme_day_time = org.theme_day_topic = None
        ctx.reply(ctx.say("schedules.theme_day.command.cleared"))
        return
    if verb not in THEME_DAY_SET or len(words) < 2:
        raise UsageError(args)
    _require(ctx, SETTING)
    try:
        setting = parse_setting(words[1], DEFAULT_TIME)
    except RuleError as error:
        raise CommandError(ctx.say("schedules.theme_day.command.bad_rule", text=words[1])) from error
    org.theme_day_rule = str(setting.rule)
    org.theme_day_time = format_time(setting.at)
    org.theme_day_topic = setting.topic
    settle_past(ctx.session, org, ctx.now)
    ctx.reply(_describe(ctx, org, "schedules.theme_day.command.set"))
