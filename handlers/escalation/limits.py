"""Time limits, per kind and escalation level, with an organisation's overrides.

Defaults follow the issue's policy reading: an emergency must be acknowledged within 15
minutes; a grievance answered within 24 hours by the member, then 48 more hours at the
hub, 72 more at the village organisation before it goes to the township; resolution
within 7 days; a must-visit task visited within 3 days (reminder) and 7 days (to the hub);
a resolved matter the resident has not rated is reminded once 3 days after 办结 and closed
off (销号) 7 days after it.
An organisation overrides any of them in `Organisation.settings["limits"]`, in minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from handlers.records.lifecycle import OPEN
from storage.enums import Kind
from storage.models import Organisation, Record

MINUTE = timedelta(minutes=1)


class Level(IntEnum):
    """The rungs a record climbs while nobody answers it (`Record.level`)."""

    MEMBER = 0  # the liaising member, or the person made responsible
    HUB = 1  # the member's 党员中心户
    ORG = 2  # the village Party organisation: its secretaries
    TOWNSHIP = 3  # the township platform, the top: nothing climbs past it


@dataclass(frozen=True)
class Limits:
    emergency_ack: timedelta = timedelta(minutes=15)
    grievance_member: timedelta = timedelta(hours=24)
    grievance_hub: timedelta = timedelta(hours=48)
    grievance_org: timedelta = timedelta(hours=72)
    resolution: timedelta = timedelta(days=7)
    visit_reminder: timedelta = timedelta(days=3)
    visit_to_hub: timedelta = timedelta(days=7)
    rating_reminder: timedelta = timedelta(days=3)
    rating_close: timedelta = timedelta(days=7)

    def response(self, kind: str) -> timedelta:
        """How long the first responder has before the matter climbs a level."""
        return self.emergency_ack if kind == Kind.EMERGENCY else self.grievance_member

    def at_level(self, kind: str, level: int) -> timedelta | None:
        """How long a record may wait at `level` unanswered; None at the top of the ladder."""
        if level >= Level.TOWNSHIP:
            return None
        if kind == Kind.EMERGENCY:
            return self.emergency_ack
        return {Level.MEMBER: self.grievance_member, Level.HUB: self.grievance_hub, Level.ORG: self.grievance_org}[
            Level(level)
        ]


def limits_for(org: Organisation | None) -> Limits:
    return limits_in(org.settings if org else None)


def limits_in(settings: Mapping[str, Any] | None) -> Limits:
    """The limits an organisation's settings make: the defaults with its overrides."""
    overrides = (settings or {}).get("limits", {})
    known = {f.name for f in fields(Limits)}
    chosen = {name: int(minutes) * MINUTE for name, minutes in overrides.items() if name in known}
    return replace(Limits(), **chosen)


def is_overdue(record: Record, limits: Limits, now: datetime) -> bool:
    """A matter (not a visit) still open past the resolution limit: `/统计`, the digest, the console."""
    return record.kind != Kind.VISIT and record.status in OPEN and now - record.created_at > limits.resolution
