"""Every scheduled job, registered in code with a stable id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schedules.spec import JobSpec

if TYPE_CHECKING:
    from bot.config import Settings


def all_jobs(settings: Settings) -> list[JobSpec]:
    return []
