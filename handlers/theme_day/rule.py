"""The theme Party day (主题党日) rule: "每月15日", "每月第一个周五", "每月最后一个周五", and a time.

Pure calendar code, no database. The canonical text of a rule (`str(rule)`) is what
`Organisation.theme_day_rule` stores, and it parses back to the same rule.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from base.clock import TZ

DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAY_NAMES = "一二三四五六日"
_DAY = re.compile(r"^每月\s*(\d{1,2})\s*[日号]")
_NTH = re.compile(
    r"^每月\s*(?:的)?\s*(?:第\s*([1-5一二两三四五])|(最后)\s*一?)\s*个?\s*(?:周|星期|礼拜)([一二三四五六日天])"
)
_TIME = re.compile(r"^(?:(上午|早上|下午|晚上)\s*)?(\d{1,2})\s*(?:[:：]\s*(\d{2})|点\s*(半|(\d{1,2})\s*分?)?)")


class RuleError(ValueError):
    """The text is not a theme-day rule or time we understand."""


@dataclass(frozen=True)
class ThemeRule:
    """Either a day of the month (`day`), or the nth / last (`nth` = -1) weekday of the month."""

    day: int | None = None
    nth: int | None = None
    weekday: int | None = None

    def date_in(self, year: int, month: int) -> date:
        last = calendar.monthrange(year, month)[1]
        if self.day is not None:
            return date(year, month, min(self.day, last))  # 每月31日 is the 30th in April
        assert self.nth is not None and self.weekday is not None
        if self.nth == -1:
            end = date(year, month, last)
            return date(year, month, last - (end.weekday() - self.weekday) % 7)
        first = date(year, month, 1)
        day = 1 + (self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1)
        return date(year, month, min(day, last - (date(year, month, last).weekday() - self.weekday) % 7))

    def __str__(self) -> str:
        if self.day is not None:
            return f"每月{self.day}日"
        which = "最后一" if self.nth == -1 else f"第{'一二三四五'[(self.nth or 1) - 1]}"
        return f"每月{which}个周{WEEKDAY_NAMES[self.weekday or 0]}"


@dataclass(frozen=True)
class ThemeSetting:
    rule: ThemeRule
    at: time
    topic: str | None


def _fold(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one, so a match's end is also the original's.

    The rest after a match is taken from the original: a topic is kept as it was written.
    """
    return "".join(folded if len(folded := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def split_rule(text: str) -> tuple[ThemeRule, str]:
    """The rule at the start of `text`, and the rest."""
    text = text.strip()
    folded = _fold(text)
    if match := _DAY.match(folded):
        day = int(match.group(1))
        if not 1 <= day <= 31:
            raise RuleError(text)
        return ThemeRule(day=day), text[match.end() :]
    if match := _NTH.match(folded):
        nth = -1 if match.group(2) else DIGITS.get(match.group(1)) or int(match.group(1))
        return ThemeRule(nth=nth, weekday=WEEKDAYS[match.group(3)]), text[match.end() :]
    raise RuleError(text)


def split_time(text: str) -> tuple[time | None, str]:
    """A time at the start of `text` ("19:30", "19点半", "晚上7点"), and the rest."""
    text = text.strip()
    match = _TIME.match(_fold(text))
    if match is None:
        return None, text
    part, hour = match.group(1), int(match.group(2))
    minute = 30 if match.group(4) == "半" else int(match.group(3) or match.group(5) or 0)
    if part in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise RuleError(text)
    return time(hour, minute), text[match.end() :]


def parse_rule(text: str) -> ThemeRule:
    rule, rest = split_rule(text)
    if rest.strip():
        raise RuleError(text)
    return rule


def parse_time(text: str) -> time:
    at, rest = split_time(text)
    if at is None or rest.strip():
        raise RuleError(text)
    return at


def parse_setting(text: str, default_time: time) -> ThemeSetting:
    """`每月15日 19:30 主题：学习党章` → rule, time and topic (the time and topic are optional)."""
    rule, rest = split_rule(text)
    at, rest = split_time(rest)
    topic = re.sub(r"^[\s,，、;；]*(?:主题)?[\s:：,，]*", "", rest).strip()
    return ThemeSetting(rule, at or default_time, topic or None)


def format_time(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def theme_moment(rule: ThemeRule, at: time, year: int, month: int) -> datetime:
    """When the theme day of that month starts, in Asia/Shanghai."""
    return datetime.combine(rule.date_in(year, month), at, tzinfo=TZ)
