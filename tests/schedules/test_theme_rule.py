"""Theme-day rules: parsing what secretaries type, and the date each month."""

from __future__ import annotations

from datetime import date, time

import pytest

from handlers.theme_day.rule import RuleError, ThemeRule, parse_rule, parse_setting, parse_time


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("每月15日", ThemeRule(day=15)),
        ("每月１５号", ThemeRule(day=15)),
        ("每月第一个周五", ThemeRule(nth=1, weekday=4)),
        ("每月第2个星期三", ThemeRule(nth=2, weekday=2)),
        ("每月的第三个礼拜天", ThemeRule(nth=3, weekday=6)),
        ("每月最后一个周五", ThemeRule(nth=-1, weekday=4)),
        ("每月最后一个星期日", ThemeRule(nth=-1, weekday=6)),
    ],
)
def test_rules_parse_and_round_trip(text: str, rule: ThemeRule) -> None:
    assert parse_rule(text) == rule
    assert parse_rule(str(rule)) == rule


@pytest.mark.parametrize("text", ["每月32日", "每月0日", "每周五", "15日", "每月第六个周五", "每月15日 下午"])
def test_nonsense_is_refused(text: str) -> None:
    with pytest.raises(RuleError):
        parse_rule(text)


@pytest.mark.parametrize(
    ("rule", "year", "month", "expected"),
    [
        (ThemeRule(day=15), 2026, 3, date(2026, 3, 15)),
        (ThemeRule(day=31), 2026, 4, date(2026, 4, 30)),  # no 31st: the month's last day
        (ThemeRule(day=30), 2026, 2, date(2026, 2, 28)),
        (ThemeRule(nth=1, weekday=4), 2026, 3, date(2026, 3, 6)),  # 2026-03-01 is a Sunday
        (ThemeRule(nth=1, weekday=6), 2026, 3, date(2026, 3, 1)),
        (ThemeRule(nth=-1, weekday=4), 2026, 3, date(2026, 3, 27)),
        (ThemeRule(nth=-1, weekday=1), 2026, 3, date(2026, 3, 31)),
        (ThemeRule(nth=5, weekday=4), 2026, 2, date(2026, 2, 27)),  # no fifth Friday: the last one
        (ThemeRule(nth=1, weekday=4), 2026, 5, date(2026, 5, 1)),
    ],
)
def test_dates(rule: ThemeRule, year: int, month: int, expected: date) -> None:
    assert rule.date_in(year, month) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:30", time(19, 30)),
        ("19：30", time(19, 30)),
        ("19点半", time(19, 30)),
        ("晚上7点", time(19, 0)),
        ("下午3点15分", time(15, 15)),
        ("8点", time(8, 0)),
    ],
)
def test_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


def test_a_full_setting_with_topic() -> None:
    setting = parse_setting("每月15日 19:30 主题：学习新修订的村规民约", time(9, 0))
    assert (setting.rule, setting.at, setting.topic) == (ThemeRule(day=15), time(19, 30), "学习新修订的村规民约")
    bare = parse_setting("每月第一个周五", time(9, 0))
    assert (bare.rule, bare.at, bare.topic) == (ThemeRule(nth=1, weekday=4), time(9, 0), None)
    assert parse_setting("每月最后一个周五19:30 党史学习", time(9, 0)).topic == "党史学习"
