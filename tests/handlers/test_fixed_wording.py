"""The data-file wording read without `Deps`: dates, durations and the command keywords, and the
rule for the steps of an unrated matter (`handlers.records.unrated`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from base.clock import TZ
from handlers.commands.keywords import KEYWORDS_FILE, LAST_MONTH, TIERS, KeywordsError, _words
from handlers.escalation.limits import Limits
from handlers.formats import day_label, weekday_label
from handlers.periods import Month, Quarter
from handlers.records.describe import age
from handlers.records.unrated import CLOSE, REMIND, step_now
from storage.enums import Kind, Status
from storage.models import Record

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=TZ)


def test_months_quarters_and_days_read_as_written() -> None:
    assert Month(2026, 3).label == "2026年3月" and Quarter(2026, 2).label == "2026年第2季度"
    assert day_label(date(2026, 3, 4)) == "3月4日" and weekday_label(date(2026, 3, 4)) == "周三"
    assert weekday_label(date(2026, 3, 8)) == "周日"


@pytest.mark.parametrize(
    "waited,shown",
    [
        (timedelta(days=3, hours=5), "3天5小时"),
        (timedelta(days=2), "2天"),
        (timedelta(hours=2, minutes=15), "2小时15分钟"),
        (timedelta(hours=1), "1小时"),
        (timedelta(minutes=7, seconds=40), "7分钟"),
    ],
)
def test_an_age_is_worded_from_the_largest_unit(waited: timedelta, shown: str) -> None:
    assert age(NOW - waited, NOW) == shown


def test_the_shipped_command_keywords() -> None:
    assert TIERS == {"一级": 1, "二级": 2} and "上个月" in LAST_MONTH


@pytest.mark.parametrize("words", [None, [], ["设置", " "], "设置"])
def test_a_broken_keyword_list_names_the_file_and_the_list(words: object) -> None:
    with pytest.raises(KeywordsError, match="theme_day_set must be a list of words") as raised:
        _words({"theme_day_set": words}, "theme_day_set")
    assert str(KEYWORDS_FILE) in str(raised.value)


def _resolved(kind: Kind, days_ago: float) -> Record:
    resolved_at = NOW - timedelta(days=days_ago)
    return Record(
        org_id=1, kind=kind, status=Status.RESOLVED, text="路灯坏了", created_at=resolved_at, resolved_at=resolved_at
    )


@pytest.mark.parametrize(
    "kind,days_ago,taken,step",
    [
        (Kind.GRIEVANCE, 2, set(), None),
        (Kind.GRIEVANCE, 3, set(), REMIND),
        (Kind.GRIEVANCE, 4, {REMIND}, None),
        (Kind.GRIEVANCE, 7, {REMIND}, CLOSE),
        (Kind.GRIEVANCE, 8, set(), CLOSE),  # after downtime: the close only, no late reminder
        (Kind.GRIEVANCE, 8, {CLOSE}, None),
        (Kind.VISIT, 5, set(), None),  # a visit never asked for a rating
        (Kind.VISIT, 7, set(), CLOSE),
    ],
)
def test_an_unrated_matter_is_reminded_once_then_closed(
    kind: Kind, days_ago: float, taken: set[str], step: str | None
) -> None:
    assert step_now(_resolved(kind, days_ago), Limits(), NOW, taken) == step
