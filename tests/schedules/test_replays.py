"""Replay scripts across a month: every reminder, digest and escalation arrives once, at its
time, to the right room or person, with restarts just before, at and after due times."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from base.clock import TZ
from tests.schedules.replays import Line, having, replay

TIER1 = "幸福村党员群"
MEMBERS = {"李建国", "赵春梅", "孙立军", "周海燕", "吴永刚", "郑丽娟"}


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def near(line: Line, when: str, slack: timedelta = timedelta(seconds=30)) -> bool:
    """Sent at `when`, allowing for the per-room pacing of a burst."""
    return t(when) <= line.at <= t(when) + slack


def once(lines: list[Line], fragment: str) -> Line:
    found = having(lines, fragment)
    assert len(found) == 1, f"{fragment!r} sent {len(found)} times"
    return found[0]


async def test_a_month_of_the_monthly_rhythm(db_url: str) -> None:
    started = time.perf_counter()
    lines = await replay("schedules_month.jsonl", db_url)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"a virtual month took {elapsed:.1f}s"

    duplicates = [key for key, n in Counter((line.room, line.to, line.text) for line in lines).items() if n > 1]
    assert not duplicates

    first = having(lines, "2026年3月走访提醒")
    assert {line.to for line in first} == MEMBERS and len(first) == 6
    assert all(line.room is None and near(line, "2026-03-01T09:00") for line in first)
    assert "⭐ 王秀英（空巢老人）" in next(line.text for line in first if line.to == "李建国")
    second = having(lines, "2026年3月走访二次提醒")
    assert {line.to for line in second} == MEMBERS and len(second) == 6
    assert all(near(line, "2026-03-20T09:00") for line in second)
    assert "王秀英" not in next(line.text for line in second if line.to == "李建国")  # visited on the 4th
    april = having(lines, "2026年4月走访提醒")
    assert {line.to for line in april} == MEMBERS and all(near(line, "2026-04-01T09:00") for line in april)

    summary = once(lines, "2026年3月走访覆盖")
    assert summary.room == TIER1 and near(summary, "2026-03-31T20:00")
    assert "李建国：2/7" in summary.text

    eve, morning = once(lines, "主题党日预告：3月15日"), once(lines, "今天 19:30 召开主题党日")
    assert eve.room == morning.room == TIER1
    assert near(eve, "2026-03-12T09:00") and near(morning, "2026-03-15T08:00")
    digest = once(lines, "2026年3月主题党日·民情办理进度")
    assert digest.room == TIER1 and near(digest, "2026-03-15T19:30")
    assert "本月受理 3 件" in digest.text and "#1 诉求·城乡建设" in digest.text

    reports = having(lines, "联户工作月报")
    assert [(line.to, line.at) for line in reports] == [
        ("王志强", t("2026-03-01T08:00")),
        ("王志强", t("2026-04-01T08:00")),
    ]
    assert "2026年3月联户工作月报" in reports[1].text and "受理：3 件（0 件）" in reports[1].text

    to_hub = once(lines, "⏰ 超时提醒 #1")
    assert (to_hub.to, to_hub.at) == ("刘宏伟", t("2026-03-03T10:00"))
    to_org = once(lines, "⏰ 升级至村党组织 #1")
    assert (to_org.room, to_org.at, to_org.mentions) == (TIER1, t("2026-03-05T10:00"), ["王志强"])
    township = once(lines, "🏛 升级至乡镇平台 #1")
    assert (township.room, township.at) == (TIER1, t("2026-03-08T10:00")) and "/待办" in township.text
    assert not having(lines, "#2（诉求·民政）\n已登记")  # accepted within the day: never escalated
    assert not having(lines, "突发情况 #6 已")  # acknowledged within 15 minutes

    overdue = having(lines, "超期未办结事项")
    days = [line.at.date() for line in overdue]
    assert days == sorted(set(days)) and len(days) == 23  # 03-10 … 04-01, once a day
    assert all(line.to == "王志强" and line.at.time().hour == 8 and line.at.minute == 30 for line in overdue)
    assert "#2" in overdue[0].text and "#2" not in overdue[-1].text  # resolved on the 11th


async def test_the_emergency_ladder_across_restarts(tmp_path: Path) -> None:
    lines = await replay("schedules_emergency.jsonl", tmp_path / "emergency.db")

    alert = once(lines, "🚨 突发情况 #1\n")
    assert (alert.room, alert.at) == (TIER1, t("2026-03-02T21:30"))
    hub = once(lines, "#1 已 15分钟 无人受理，升级至党员中心户")  # restarts at 21:44:59 and at 21:45
    assert (hub.room, hub.at, hub.mentions) == (TIER1, t("2026-03-02T21:45"), ["刘宏伟"])
    org = once(lines, "#1 已 30分钟 无人受理，升级至村党组织")  # restart at 22:00:30
    assert (org.room, org.at, org.mentions) == (TIER1, t("2026-03-02T22:00"), ["王志强"])
    assert not having(lines, "#1 已 45分钟")  # the hub accepted at 22:05

    reminder = once(lines, "⏰ 超时提醒 #2")
    assert (reminder.to, reminder.at) == ("刘宏伟", t("2026-03-03T22:10"))
    assert not having(lines, "升级至村党组织 #2")  # the hub's 进展 stopped the clock

    task = once(lines, "📌 必访提醒：李德明家")
    assert (task.to, task.at) == ("李建国", t("2026-03-05T21:30"))
    chase = once(lines, "📌 必访督办")
    assert (chase.to, chase.at) == ("刘宏伟", t("2026-03-09T21:30"))
    overdue = once(lines, "超期未办结事项（2 件")
    assert (overdue.to, overdue.at) == ("王志强", t("2026-03-10T08:30"))
