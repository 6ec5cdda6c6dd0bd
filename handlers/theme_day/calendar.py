"""The moments of each month's theme Party day: a reminder three days before (09:00) and on
the morning (08:00) to the tier-1 group, and at the day's time the digest of residents' matters.

Each moment is stale once a later one has come (the morning reminder supersedes the one three
days before; the day's start supersedes the morning one) and the digest once the day is over:
a stale moment is dropped and logged, never sent late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from base.clock import TZ
from handlers.periods import Month
from handlers.theme_day.rule import RuleError, ThemeRule, parse_rule, parse_time, theme_moment
from storage import sends
from storage.models import Organisation
from storage.sends import SendKey

EVE_DAYS, EVE_AT, MORNING_AT = 3, time(9, 0), time(8, 0)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Moment:
    kind: str  # "eve", "morning" or "digest"
    at: datetime
    stale_at: datetime
    day: date

    @property
    def job(self) -> str:
        return f"theme-day-{self.kind}"

    def key(self, org_id: int | None) -> SendKey:
        return SendKey(self.job, f"org:{org_id}", self.day.isoformat())


def rule_of(org: Organisation) -> tuple[ThemeRule, time] | None:
    if not org.theme_day_rule:
        return None
    try:
        return parse_rule(org.theme_day_rule), parse_time(org.theme_day_time or "09:00")
    except RuleError:
        log.error("organisation %s has an unreadable theme-day rule %r", org.id, org.theme_day_rule)
        return None


def moments_in(rule: ThemeRule, at: time, month: Month) -> list[Moment]:
    start = theme_moment(rule, at, month.year, month.month)
    day = start.date()
    morning = datetime.combine(day, MORNING_AT, tzinfo=TZ)
    eve = datetime.combine(day - timedelta(days=EVE_DAYS), EVE_AT, tzinfo=TZ)
    over = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=TZ)
    found = [Moment("eve", eve, min(morning, start), day)]
    if morning < start:
        found.append(Moment("morning", morning, start, day))
    return [*found, Moment("digest", start, over, day)]


def moments_around(org: Organisation, now: datetime) -> list[Moment]:
    """Last month's, this month's and next month's moments (next month's eve may fall in this one)."""
    setting = rule_of(org)
    if setting is None:
        return []
    month = Month.of(now)
    return [m for each in (month.previous(), month, month.next()) for m in moments_in(*setting, each)]


def next_theme_day(org: Organisation, now: datetime) -> datetime | None:
    setting = rule_of(org)
    if setting is None:
        return None
    month = Month.of(now)
    starts = [theme_moment(setting[0], setting[1], m.year, m.month) for m in (month, month.next())]
    return next((start for start in starts if start >= now), None)


def settle_past(session: Session, org: Organisation, now: datetime) -> None:
    """When a rule is set, its moments already past were never due: claim them, unsent and
    unlogged, so the job neither sends a late "three days before" nor reports them as missed."""
    for moment in moments_around(org, now):
        if moment.at <= now:
            key = moment.key(org.id)
            sends.claim(session, key.job, key.target, key.period, now)
