"""After downtime: what fell due is sent once on start, what is stale is dropped and logged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlmodel import Session, select

from handlers.theme_day.calendar import settle_past
from storage.enums import OrgKind
from storage.models import Organisation, SendClaim
from tests.schedules.world import World, at

TIER1 = "幸福村党员群"


async def village(tmp_path: Path, start: str) -> World:
    return await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at(start)).boot(roster=True)


def set_theme_day(world: World, rule: str = "每月15日", time: str = "19:30") -> None:
    assert world.app is not None
    with Session(world.app.engine) as session:
        org = session.exec(select(Organisation).where(Organisation.kind == OrgKind.VILLAGE)).one()
        org.theme_day_rule, org.theme_day_time, org.theme_day_topic = rule, time, "学习党章"
        settle_past(session, org, world.clock.now())  # as /主题党日 设置 does
        session.add(org)
        session.commit()


async def test_a_reminder_due_while_down_is_sent_once_on_start(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-02-28T18:00")
    await world.advance("2026-03-01T08:50")
    assert not world.containing("走访提醒")
    await world.down_until("2026-03-01T20:00")  # missed 09:00; within the 48-hour grace
    reminders = world.containing("2026年3月走访提醒")
    assert len(reminders) == 6 and all(s.at >= at("2026-03-01T20:00") for s in reminders)
    await world.restart()
    await world.advance("2026-03-02T12:00")
    await world.restart()
    assert len(world.containing("2026年3月走访提醒")) == 6
    await world.stop()


async def test_a_reminder_past_its_grace_is_dropped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = await village(tmp_path, "2026-02-27T12:00")
    await world.advance("2026-02-28T12:00")
    with caplog.at_level(logging.WARNING):
        await world.down_until("2026-03-04T10:00")
    assert not world.containing("走访提醒") and not world.containing("联户工作月报")
    assert any("visit-reminder-first" in r.message and "stale" in r.message for r in caplog.records)
    assert any("monthly-report" in r.message and "stale" in r.message for r in caplog.records)
    await world.stop()


async def test_a_theme_day_reminder_for_a_day_now_past_is_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    world = await village(tmp_path, "2026-03-10T12:00")
    set_theme_day(world)
    await world.advance("2026-03-11T12:00")
    with caplog.at_level(logging.WARNING):
        await world.down_until("2026-03-16T10:00")  # the 15th came and went while down
    await world.advance("2026-03-17T12:00")
    assert not world.containing("主题党日")
    dropped = [r.message for r in caplog.records if "dropped theme-day" in r.message]
    assert len(dropped) == 3 and all("2026-03-15" in m for m in dropped)
    assert world.app is not None
    with Session(world.app.engine) as session:  # claimed as dropped: never reconsidered
        claims = session.exec(select(SendClaim).where(SendClaim.period == "2026-03-15")).all()
        assert {c.job for c in claims} == {"theme-day-eve", "theme-day-morning", "theme-day-digest"}
        assert all(c.outbox_id is None for c in claims)
    await world.stop()


async def test_a_superseded_reminder_is_dropped_but_the_current_one_is_sent(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-10T12:00")
    set_theme_day(world)
    await world.advance("2026-03-11T12:00")
    await world.down_until("2026-03-15T09:00")  # eve (12th) superseded by the morning reminder
    await world.advance("2026-03-15T21:00")
    assert not world.containing("主题党日预告")
    morning = world.containing("今天 19:30 召开主题党日")
    assert len(morning) == 1 and morning[0].at == at("2026-03-15T09:00") and morning[0].room == TIER1
    digest = world.containing("主题党日·民情办理进度")
    assert len(digest) == 1 and digest[0].at == at("2026-03-15T19:30")
    await world.stop()


async def test_downtime_climbs_a_record_one_level_not_all_at_once(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-02T10:00")
    await world.say("秀英🌸", "村口路灯坏了好几天了，晚上很黑", "李建国联户群")
    await world.advance("2026-03-02T12:00")
    await world.down_until("2026-03-09T12:00")  # every limit of the ladder has passed meanwhile
    assert len(world.containing("⏰ 超时提醒 #1")) == 1
    assert not world.containing("升级至村党组织 #1")
    await world.advance("2026-03-11T12:00")
    assert [s.at for s in world.containing("升级至村党组织 #1")] == [at("2026-03-11T12:00")]
    await world.stop()
