"""The runner's promises: catch-up finds the latest missed fire fast, a crash loses nothing,
a job that fails leaves nothing half-done, and a lost database is caught up once it is back."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from base.clock import TZ
from schedules.spec import JobContext, JobSpec
from schedules.triggers import daily, every, monthly
from storage.models import OutboxMessage, SendClaim
from tests.schedules.world import World, at


def walk(spec: JobSpec, after: datetime, until: datetime) -> datetime | None:
    latest, cursor = None, spec.next_fire(after)
    while cursor is not None and cursor <= until:
        latest, cursor = cursor, spec.next_fire(cursor)
    return latest


@pytest.mark.parametrize("trigger", [every(1), every(5), daily("08:30"), monthly(1, "09:00"), monthly("last", "20:00")])
@pytest.mark.parametrize(
    ("after", "until"),
    [
        ("2026-03-01T08:59", "2026-03-01T09:00"),
        ("2026-01-15T00:00", "2026-03-31T20:00"),
        ("2026-03-31T19:59:30", "2026-03-31T20:00:30"),
        ("2026-03-01T09:00", "2026-03-01T09:00:59"),
    ],
)
def test_latest_fire_matches_a_walk_over_every_fire(trigger, after: str, until: str) -> None:  # type: ignore[no-untyped-def]
    spec = JobSpec("x", trigger, None, grace=timedelta(hours=1))
    assert spec.latest_fire(at(after), at(until)) == walk(spec, at(after), at(until))


def test_interval_grids_do_not_move_across_restarts() -> None:
    assert every(5).get_next_fire_time(None, datetime(2026, 3, 1, 10, 2, 30, tzinfo=TZ)) == at("2026-03-01T10:05")


async def village(tmp_path: Path, start: str) -> World:
    return await World(f"sqlite:///{tmp_path / 'lianhu.db'}", at(start)).boot(roster=True)


def wrap(world: World, job_id: str, around: Callable[[Callable[[JobContext], None], JobContext], None]) -> None:
    runner = world.scheduler.runner
    runner.specs = [
        dataclasses.replace(s, run=lambda ctx, run=s.run: around(run, ctx)) if s.id == job_id else s  # type: ignore[misc]
        for s in runner.specs
    ]


async def test_a_crash_between_commit_and_sending_sends_once_after_restart(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T08:00")
    assert world.app is not None

    async def dies_before_sending() -> int:
        return 0

    world.app.dispatcher.flush = dies_before_sending  # type: ignore[method-assign]
    await world.advance("2026-03-01T09:00:30")
    assert not world.containing("走访提醒")
    await world.restart()  # what was claimed and stored is sent at start, once
    await world.advance("2026-03-01T12:00")
    assert len(world.containing("2026年3月走访提醒")) == 6
    await world.stop()


async def test_a_job_that_fails_half_way_leaves_no_claim_and_no_message(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T08:00")

    def fails_after_claiming(run: Callable[[JobContext], None], ctx: JobContext) -> None:
        run(ctx)
        raise RuntimeError("bug after the claims")

    wrap(world, "visit-reminder-first", fails_after_claiming)
    await world.advance("2026-03-01T10:00")
    assert world.app is not None
    with Session(world.app.engine) as session:
        assert not session.exec(select(SendClaim).where(SendClaim.job == "visit-reminder-first")).all()
        assert not [m for m in session.exec(select(OutboxMessage)) if "走访提醒" in m.text]
    await world.stop()


async def test_a_lost_database_is_caught_up_when_it_comes_back(tmp_path: Path) -> None:
    world = await village(tmp_path, "2026-03-01T08:00")
    down = {"now": True}

    def database_away(run: Callable[[JobContext], None], ctx: JobContext) -> None:
        if down["now"]:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        run(ctx)

    wrap(world, "visit-reminder-first", database_away)
    with pytest.raises(OperationalError):
        await world.advance("2026-03-01T10:00")
    assert not world.containing("走访提醒")
    down["now"] = False
    await world.advance("2026-03-01T10:01")  # the first heartbeat that reaches the database catches up
    await world.advance("2026-03-01T12:00")
    reminders = world.containing("2026年3月走访提醒")
    assert len(reminders) == 6 and all(s.at >= at("2026-03-01T09:00") for s in reminders)
    await world.stop()
