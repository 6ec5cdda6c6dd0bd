"""The idle hints only let a virtual clock skip idle minutes: the output is the same without them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import schedules.jobs
from bot.config import Settings
from schedules.spec import JobSpec
from tests.schedules.replays import having, replay


async def test_the_same_days_with_and_without_idle_hints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hinted = await replay("schedules_hint.jsonl", tmp_path / "hinted.db")

    every_job = schedules.jobs.all_jobs

    def without_hints(settings: Settings) -> list[JobSpec]:
        return [dataclasses.replace(spec, idle_until=None) for spec in every_job(settings)]

    monkeypatch.setattr(schedules.jobs, "all_jobs", without_hints)
    plain = await replay("schedules_hint.jsonl", tmp_path / "plain.db")

    assert plain == hinted
    # the script exercises each kind of minute-grid job: emergency and grievance steps, a theme-day reminder
    assert having(hinted, "升级至党员中心户") and having(hinted, "⏰ 超时提醒 #2") and having(hinted, "主题党日预告")
