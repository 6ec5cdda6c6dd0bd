"""The record side of the figures (三率), as counts: what `handlers.stats` and `handlers.tally` both produce."""

from __future__ import annotations

from dataclasses import dataclass


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class MatterCounts:
    """The record side of the figures, for any set of records (a month, a member, a chart's bucket)."""

    received: int
    responded_in_time: int
    resolved: int
    rated: int
    satisfied: int

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responded_in_time, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.rated)
