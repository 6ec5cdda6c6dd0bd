"""Exponential back-off between reconnection attempts to the puppet service."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Delays `initial`, `initial*factor`, ... capped at `maximum` (seconds, wall clock).

    Wall-clock on purpose: the bot's `Clock` may be virtual (tests, replays), and a virtual
    `sleep` returns at once, which would turn reconnection into a busy loop.
    """

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0

    def __post_init__(self) -> None:
        if self.initial <= 0 or self.factor < 1 or self.maximum < self.initial:
            raise ValueError(f"invalid back-off {self}")

    def delay(self, attempt: int) -> float:
        """The wait before retry number `attempt` (0 for the first retry)."""
        if attempt <= 0:
            return self.initial
        # Avoid float overflow for very long outages: stop multiplying once capped.
        delay = self.initial
        for _ in range(attempt):
            delay *= self.factor
            if delay >= self.maximum:
                return self.maximum
        return delay
